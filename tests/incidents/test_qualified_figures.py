"""Qualified figures: a claim's wording shapes the derived figures, and every place says how sure they are.

"At least 3" gives low 3 and an open high unless another source bounds it; "about 200" is
approximate; "up to 10" gives high 10 and no floor. The incident stores the qualifier beside
low, best and high, the database checks it fits them, and pages, feeds, totals and exports
say it in English and Spanish. The seed attack in La Libertad reads "at least 3 killed, at
least 7 missing" everywhere.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass, field

import feedparser
import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from core.choices import DatePrecision, FigureQualifier, ModerationStatus, PlacePrecision, Wording
from core.figures import qualified_number, total_qualifier
from incidents import measures, rollup
from incidents.choices import ClaimGrade, IncidentType
from incidents.models import Claim, Incident, Source
from incidents.services import Figures, add_claim, change_claim, derive_figures, withdraw_claim
from incidents.tolls import Totals, toll_text

SEED_ATTACK = "incident-2026-la-libertad-new-year-attack"
SEED_RESCUE = "incident-2011-10-madre-de-dios-trafficking-rescue"
DAY_1 = datetime.date(2026, 1, 1)
DAY_2 = datetime.date(2026, 1, 2)


@dataclass
class FakeClaim:
    """What derive_figures reads of a claim."""

    source_id: int
    killed: int | None
    wording: str = Wording.EXACT
    grade: str = ClaimGrade.SINGLE_SOURCE
    claimed_on: datetime.date = DAY_1
    chosen_as_best: bool = False
    pk: int = field(default=0)

    def figure(self, outcome: str) -> int | None:
        return getattr(self, outcome, None)


def derived(*claims: tuple) -> Figures:
    """The killed figures of claims given as (figure, wording[, grade]), one source each."""
    fakes = [FakeClaim(number, value, *rest, pk=number) for number, (value, *rest) in enumerate(claims, 1)]
    return derive_figures(fakes, "killed")


# Derivation, wording by wording ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        # One claim of each wording.
        ([(3, Wording.EXACT)], Figures(3, 3, 3, "exact")),
        ([(3, Wording.AT_LEAST)], Figures(3, 3, 3, "at_least")),
        ([(200, Wording.ABOUT)], Figures(200, 200, 200, "about")),
        ([(10, Wording.UP_TO)], Figures(0, 10, 10, "up_to")),
        ([(50, Wording.MORE_THAN)], Figures(51, 51, 51, "at_least")),
        # Another source bounds an "at least" from above with a figure as high or higher.
        ([(3, Wording.AT_LEAST), (5, Wording.EXACT)], Figures(3, 5, 5, "range")),
        ([(3, Wording.AT_LEAST), (3, Wording.EXACT)], Figures(3, 3, 3, "exact")),
        ([(3, Wording.AT_LEAST), (10, Wording.UP_TO)], Figures(3, 10, 10, "range")),
        ([(200, Wording.AT_LEAST), (200, Wording.ABOUT)], Figures(200, 200, 200, "about")),
        # A lower exact figure does not bound it: the sources disagree and it stays open.
        ([(7, Wording.AT_LEAST), (5, Wording.EXACT)], Figures(5, 5, 7, "at_least")),
        ([(3, Wording.AT_LEAST), (7, Wording.AT_LEAST)], Figures(3, 7, 7, "at_least")),
        # Approximate and exact figures together.
        ([(200, Wording.ABOUT), (200, Wording.EXACT)], Figures(200, 200, 200, "exact")),
        ([(180, Wording.ABOUT), (200, Wording.ABOUT)], Figures(180, 200, 200, "range")),
        ([(3, Wording.EXACT), (7, Wording.EXACT)], Figures(3, 7, 7, "range")),
        # A discounted "at least" counts for nothing.
        ([(9, Wording.AT_LEAST, ClaimGrade.DISCOUNTED), (2, Wording.EXACT)], Figures(2, 2, 2, "exact")),
        ([(0, Wording.EXACT)], Figures(0, 0, 0, "exact")),
    ],
)
def test_every_wording_shapes_the_derived_figures_and_their_qualifier(claims: list, expected: Figures) -> None:
    assert derived(*claims) == expected


def test_no_claim_gives_no_figure_and_no_qualifier() -> None:
    assert derived() == Figures(None, None, None, "")


# Stored by the claim services, checked by the database ------------------------------------------


@pytest.fixture
def incident(db) -> Incident:
    return Incident.objects.create(
        title="Attack at a tunnel entrance",
        incident_type=IncidentType.ARMED_ATTACK,
        region_id="13",
        place_precision=PlacePrecision.REGION,
        date_start=DAY_1,
        date_end=DAY_1,
        date_precision=DatePrecision.DAY,
    )


@pytest.fixture
def sources(db) -> list[Source]:
    return [Source.objects.create(title=f"Report {n}", url=f"https://example.org/veta-qualified/{n}") for n in range(2)]


def stored(incident: Incident) -> tuple:
    incident.refresh_from_db()
    return (*incident.figures("killed"), incident.qualifier("killed"))


def test_the_services_store_the_qualifier_and_refresh_it_on_every_claim_change(
    incident: Incident, sources: list[Source]
) -> None:
    first = add_claim(Claim(incident=incident, source=sources[0], claimed_on=DAY_1, killed=3, wording=Wording.AT_LEAST))
    assert stored(incident) == (3, 3, 3, "at_least")

    second = add_claim(Claim(incident=incident, source=sources[1], claimed_on=DAY_2, killed=7))
    assert stored(incident) == (3, 7, 7, "range")

    change_claim(second, killed=3)
    assert stored(incident) == (3, 3, 3, "exact")

    change_claim(first, wording=Wording.ABOUT)
    assert stored(incident) == (3, 3, 3, "exact")

    withdraw_claim(second)
    assert stored(incident) == (3, 3, 3, "about")

    withdraw_claim(first)
    assert stored(incident) == (None, None, None, "")


@pytest.mark.parametrize(
    "row",
    [
        {"killed_low": 3, "killed_best": 3, "killed_high": 3, "killed_qualifier": ""},
        {"killed_qualifier": "exact"},
        {"killed_low": 3, "killed_best": 4, "killed_high": 5, "killed_qualifier": "exact"},
        {"killed_low": 3, "killed_best": 4, "killed_high": 5, "killed_qualifier": "about"},
        {"killed_low": 3, "killed_best": 3, "killed_high": 3, "killed_qualifier": "range"},
        {"killed_low": 2, "killed_best": 5, "killed_high": 5, "killed_qualifier": "up_to"},
        {"killed_low": 3, "killed_best": 3, "killed_high": 3, "killed_qualifier": "certain"},
    ],
)
def test_the_database_refuses_a_qualifier_that_does_not_fit_the_figures(incident: Incident, row: dict) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(**row)


def test_the_database_takes_an_open_figure_with_a_spread(incident: Incident) -> None:
    Incident.objects.filter(pk=incident.pk).update(
        killed_low=5, killed_best=7, killed_high=7, killed_qualifier=FigureQualifier.AT_LEAST
    )
    assert stored(incident) == (5, 7, 7, "at_least")


# Said in words, in both languages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("figures", "english", "spanish"),
    [
        ((3, 3, 3, "exact"), "3", "3"),
        ((3, 3, 3, "at_least"), "at least 3", "al menos 3"),
        ((5, 7, 7, "at_least"), "at least 5", "al menos 5"),
        ((200, 200, 200, "about"), "about 200", "alrededor de 200"),
        ((0, 10, 10, "up_to"), "up to 10", "hasta 10"),
        ((3, 5, 7, "range"), "3–7", "3–7"),
        ((1200, 1200, 1200, "exact"), "1,200", "1.200"),
        ((None, None, None, ""), "—", "—"),
    ],
)
def test_a_figure_is_said_with_its_qualifier_in_both_languages(figures: tuple, english: str, spanish: str) -> None:
    with translation.override("en"):
        assert qualified_number(*figures) == english
    with translation.override("es"):
        assert qualified_number(*figures) == spanish


def test_a_toll_names_every_outcome_the_incident_has_with_its_plural(incident: Incident) -> None:
    incident.killed_low, incident.killed_best, incident.killed_high, incident.killed_qualifier = 1, 1, 1, "exact"
    incident.injured_low, incident.injured_best, incident.injured_high, incident.injured_qualifier = 3, 5, 7, "range"
    incident.rescued_low, incident.rescued_best, incident.rescued_high = 200, 200, 200
    incident.rescued_qualifier = "about"
    incident.kidnapped_low, incident.kidnapped_best, incident.kidnapped_high = 0, 4, 4
    incident.kidnapped_qualifier = "up_to"
    with translation.override("en"):
        assert toll_text(incident) == "1 killed, 3–7 injured, up to 4 kidnapped, about 200 rescued"
    with translation.override("es"):
        assert toll_text(incident) == "1 muerto, 3–7 heridos, hasta 4 secuestrados, alrededor de 200 rescatados"


@pytest.mark.parametrize(
    ("sums", "qualifier", "english", "spanish"),
    [
        ({"killed_low": 20, "killed_best": 20, "killed_high": 20, "killed_open": 1}, "at_least", "at least 20 killed",
         "al menos 20 muertos"),
        ({"killed_low": 20, "killed_best": 23, "killed_high": 27, "killed_open": 0}, "range", "20–27 killed",
         "20–27 muertos"),
        ({"killed_low": 20, "killed_best": 20, "killed_high": 20, "killed_open": 0}, "exact", "20 killed",
         "20 muertos"),
        ({"killed_low": 0, "killed_best": 4, "killed_high": 4, "killed_open": 0}, "up_to", "up to 4 killed",
         "hasta 4 muertos"),
    ],
)  # fmt: skip
def test_a_total_with_an_open_part_says_at_least_and_a_sum_of_ranges_is_a_range(
    sums: dict, qualifier: str, english: str, spanish: str
) -> None:
    totals = Totals(sums)
    assert totals.qualifier("killed") == qualifier
    assert total_qualifier(sums["killed_low"], sums["killed_high"], sums["killed_open"]) == qualifier
    with translation.override("en"):
        assert totals.phrase("killed") == english
    with translation.override("es"):
        assert totals.phrase("killed") == spanish


# The seed attack, everywhere ------------------------------------------------------------------

SEED_ENGLISH = "at least 3 killed, at least 7 missing"
SEED_SPANISH = "al menos 3 muertos, al menos 7 desaparecidos"


@pytest.fixture
def seed_attack(db) -> Incident:
    return Incident.objects.get(import_key=SEED_ATTACK)


def test_the_seed_attack_is_stored_as_at_least_3_killed_and_7_missing(seed_attack: Incident) -> None:
    assert (*seed_attack.figures("killed"), seed_attack.qualifier("killed")) == (3, 3, 3, "at_least")
    assert (*seed_attack.figures("missing"), seed_attack.qualifier("missing")) == (7, 7, 7, "at_least")
    rescue = Incident.objects.get(import_key=SEED_RESCUE)
    assert (*rescue.figures("rescued"), rescue.qualifier("rescued")) == (200, 200, 200, "about")


@pytest.mark.parametrize(("language", "toll"), [("en", SEED_ENGLISH), ("es", SEED_SPANISH)])
def test_the_seed_attack_page_card_dashboard_and_feed_say_at_least(
    seed_attack: Incident, language: str, toll: str
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    page = client.get(f"/incidents/{seed_attack.pk}/").content.decode()
    assert f'<p class="incident-toll" id="incident-toll">{toll[0].upper()}{toll[1:]}</p>' in page

    dashboard = client.get("/").content.decode()
    card = dashboard[dashboard.index(f'href="/incidents/{seed_attack.pk}/"') :]
    card = card[: card.index("</ul>")]
    for phrase in toll.split(", "):
        assert f">{phrase}</li>" in card
    killed_total = "at least 20 killed" if language == "en" else "al menos 20 muertos"
    assert f'<span class="headline__total">{killed_total}</span>' in dashboard

    feed = feedparser.parse(client.get("/feeds/incidents/").content)
    entry = next(entry for entry in feed.entries if entry.link.endswith(f"/incidents/{seed_attack.pk}/"))
    assert toll in entry.summary


def test_the_seed_attack_citation_and_toll_evolution_say_at_least(seed_attack: Incident) -> None:
    page = Client().get(f"/incidents/{seed_attack.pk}/").content.decode()
    # The "Cite this" block gives the toll as a note after the title, in APA and in BibTeX alike.
    citation = page[page.index('<div id="citation">') :]
    apa = citation[citation.index('<blockquote class="citation-apa">') :]
    assert f"({SEED_ENGLISH})" in apa[: apa.index("</blockquote>")]
    bibtex = citation[citation.index('<pre class="citation-bibtex"') :]
    assert f"({SEED_ENGLISH})" in bibtex[: bibtex.index("</pre>")]
    assert f"Veta's figures now, from each source's latest counted claim: {SEED_ENGLISH}." in page


def test_the_region_page_sums_an_open_part_as_at_least(db) -> None:
    page = Client().get("/regions/13/").content.decode()
    # The seed attack (at least 3) and the May attack (13) in La Libertad.
    assert '<span class="place-figures__total">at least 16 killed</span>' in page


# Outputs --------------------------------------------------------------------------------------


def test_the_api_csv_and_geojson_carry_the_qualifier(seed_attack: Incident) -> None:
    client = Client()
    figures = client.get(f"/api/v1/incidents/{seed_attack.pk}/").json()["figures"]
    assert figures["killed"] == {"low": 3, "best": 3, "high": 3, "qualifier": "at_least"}
    assert figures["missing"] == {"low": 7, "best": 7, "high": 7, "qualifier": "at_least"}
    assert figures["injured"] == {"low": None, "best": None, "high": None, "qualifier": ""}

    listed = client.get("/api/v1/incidents/?region=13").json()["results"]
    assert next(row for row in listed if row["id"] == seed_attack.pk)["figures"] == figures

    response = client.get("/api/v1/incidents/?format=csv&region=13")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(row for row in rows if row["id"] == str(seed_attack.pk))
    assert (row["killed_low"], row["killed_high"], row["killed_qualifier"]) == ("3", "3", "at_least")
    assert row["missing_qualifier"] == "at_least"


def test_the_geojson_properties_carry_the_qualifier(seed_attack: Incident) -> None:
    Incident.objects.filter(pk=seed_attack.pk).update(latitude="-7.9", longitude="-77.6")
    response = Client().get("/api/v1/incidents/?format=geojson&region=13")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    feature = next(f for f in json.loads(body)["features"] if f["id"] == seed_attack.pk)
    assert feature["properties"]["killed"] == {"low": 3, "best": 3, "high": 3, "qualifier": "at_least"}


def export_rows(format_: str) -> list[dict]:
    response = Client().get(f"/api/v1/incidents/?format={format_}&region=13")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_acled_export_codes_the_lowest_reported_figure_and_says_so(seed_attack: Incident, sources) -> None:
    # A second source says 5 killed: ACLED keeps the lowest figure reported, 3.
    add_claim(Claim(incident=seed_attack, source=sources[0], claimed_on=DAY_2, killed=5))
    row = next(row for row in export_rows("acled") if row["event_id_cnty"].endswith(f"{seed_attack.pk}"))
    assert row["fatalities"] == "3"
    assert "veta_fatalities=range:3/3/5" in row["tags"]


def test_the_ucdp_export_carries_low_best_high_and_the_qualifier(seed_attack: Incident) -> None:
    row = next(row for row in export_rows("ucdp") if row["id"] == str(seed_attack.pk))
    assert (row["low"], row["best"], row["high"], row["veta_qualifier"]) == ("3", "3", "3", "at_least")


# Rollups and statistics stay consistent with the incidents -------------------------------------


def test_the_rollup_counts_open_figures_as_a_group_by_over_incidents_does(incident: Incident, sources) -> None:
    Incident.objects.filter(pk=incident.pk).update(status=ModerationStatus.PUBLISHED)
    add_claim(Claim(incident=incident, source=sources[0], claimed_on=DAY_1, killed=2, wording=Wording.MORE_THAN))
    from_rollup = rollup.totals({}, sees_drafts=False)
    from_incidents = Incident.objects.published().aggregate(**measures.aggregates())
    assert from_rollup == from_incidents
    assert from_rollup["killed_open"] >= 2  # the seed attack and this one

    # La Libertad: the seed attack (at least 3), the May attack (13) and this one (more than 2: at least 3).
    stats = Client().get("/api/v1/stats/incidents/?group_by=region&region=13").json()
    assert stats["totals"]["killed"] == {"low": 19, "best": 19, "high": 19, "open": 2}
    assert Totals({f"killed_{k}": v for k, v in stats["totals"]["killed"].items()}).phrase("killed") == (
        "at least 19 killed"
    )
