"""The public corrections log: what changed in an incident after it was first published."""

import datetime

import pghistory
import pytest
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from core.choices import DatePrecision, ModerationStatus, PlacePrecision, Wording
from incidents import services
from incidents.choices import CasualtyOutcome, ClaimGrade, IncidentType
from incidents.corrections import Correction, public_corrections
from incidents.models import Casualty, Claim, Incident, Source

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)


def next_transaction() -> None:
    """Let what follows happen in a later transaction than what came before.

    An event carries the start time of its transaction, and the log treats one
    transaction as one change. A test runs in a single transaction; moving the events
    recorded so far an hour back makes them look committed earlier.
    """
    for model in (Incident, Claim):
        model.pgh_event_model.objects.update(pgh_created_at=F("pgh_created_at") - datetime.timedelta(hours=1))


def make_incident(**fields) -> Incident:
    return Incident.objects.create(
        **{
            "title": "Ataque a mineros en Pataz",
            "incident_type": IncidentType.ARMED_ATTACK,
            "date_start": DAY,
            "date_end": DAY,
            "date_precision": DatePrecision.DAY,
            "region_id": "13",
            "province_id": "1308",
            "place_precision": PlacePrecision.PROVINCE,
            **fields,
        }
    )


def publish(incident: Incident) -> None:
    incident.status = ModerationStatus.PUBLISHED
    incident.published_at = timezone.now()
    incident.save()


def add_claim(incident: Incident, source: Source, **fields) -> Claim:
    return services.add_claim(Claim(incident=incident, source=source, claimed_on=DAY, **fields))


@pytest.fixture
def source() -> Source:
    return Source.objects.create(outlet="La República", title="Ataque en Pataz")


@pytest.fixture
def published(source) -> Incident:
    """An incident drafted with a claim, then published; all of it in earlier transactions."""
    incident = make_incident()
    add_claim(incident, source, killed=3, wording=Wording.AT_LEAST, grade=ClaimGrade.RELIABLE)
    next_transaction()
    publish(incident)
    next_transaction()
    return incident


def as_rows(corrections: list[Correction]) -> list[tuple[str, str, str]]:
    return [(correction.field, correction.old, correction.new) for correction in corrections]


def test_an_incident_never_published_has_no_corrections(source):
    incident = make_incident()
    next_transaction()
    incident.title = "Ataque armado en Pataz"
    incident.save()

    assert public_corrections(incident) == []


def test_edits_made_while_a_draft_are_not_corrections(published):
    assert public_corrections(published) == []


def test_a_published_change_lists_the_field_with_its_old_and_new_display_values(published):
    published.title = "Ataque armado a mineros en Pataz"
    published.incident_type = IncidentType.MASSACRE
    published.save()

    corrections = public_corrections(published)

    assert as_rows(corrections) == [
        ("title in English", "Ataque a mineros en Pataz", "Ataque armado a mineros en Pataz"),
        ("type", "armed attack", "massacre (4 or more killed)"),
    ]
    assert all(isinstance(correction.date, datetime.datetime) for correction in corrections)


def test_places_are_named_and_dates_written_as_the_site_writes_them(published):
    published.district_id = "130801"
    published.place_precision = PlacePrecision.DISTRICT
    published.date_precision = DatePrecision.MONTH
    published.date_start, published.date_end = datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)
    published.save()

    assert as_rows(public_corrections(published)) == [
        ("date", "14 May 2025", "May 2025"),
        ("place precision", "province", "district"),
        ("district", "—", "Tayabamba"),
    ]


def test_a_new_claim_and_the_figures_it_changes_are_corrections(published, source):
    later = Source.objects.create(outlet="Andina", title="Suben a siete los muertos")
    add_claim(published, later, killed=7, grade=ClaimGrade.CONFIRMED)

    rows = as_rows(public_corrections(published))

    assert ("killed (best)", "3", "7") in rows
    assert ("killed (high)", "3", "7") in rows
    assert ("claim", "—", "Andina: Suben a siete los muertos, 14 May 2025: killed 7 (confirmed)") in rows
    assert ("killed (low)", "3", "3") not in rows  # unchanged figures are not listed


def test_a_claim_changed_or_removed_after_publication_is_a_correction(published):
    claim = published.claims.get()
    claim.killed = 4
    claim.notes = "Internal: check with the prosecutor."
    claim.save()
    next_transaction()
    claim.delete()

    claim_rows = [row for row in as_rows(public_corrections(published)) if row[0] == "claim"]

    before = "La República: Ataque en Pataz, 14 May 2025: killed 3 (at least; reliable sources)"
    after = "La República: Ataque en Pataz, 14 May 2025: killed 4 (at least; reliable sources)"
    assert claim_rows == [("claim", before, after), ("claim", after, "—")]


def test_a_retraction_is_a_correction(published):
    published.status = ModerationStatus.RETRACTED
    published.retraction_reason = "Two reports described the same attack."
    published.save()

    assert as_rows(public_corrections(published)) == [
        ("status", "published", "retracted"),
        ("retraction reason", "—", "Two reports described the same attack."),
    ]


def test_edits_while_withdrawn_count_once_published_again_against_what_the_public_saw(published):
    published.status = ModerationStatus.IN_REVIEW
    published.save()
    next_transaction()
    published.title = "Primer título corregido"
    published.save()
    next_transaction()
    published.title = "Segundo título corregido"
    published.save()
    next_transaction()
    publish(published)

    expected = [("title in English", "Ataque a mineros en Pataz", "Segundo título corregido")]
    assert as_rows(public_corrections(published)) == expected


def test_private_and_internal_fields_never_appear(published):
    published.import_key = "incident-2025-pataz"
    published.save()
    Casualty.objects.create(incident=published, outcome=CasualtyOutcome.KILLED, count=1, name="Juan Quispe", age=34)
    claim = published.claims.get()
    claim.notes = "Internal note"
    claim.save()

    corrections = public_corrections(published)

    assert corrections == []


def test_changes_in_the_same_transaction_as_the_first_publication_are_not_corrections(source):
    incident = make_incident(status=ModerationStatus.PUBLISHED)  # created published, as an import does
    add_claim(incident, source, killed=3)  # its figures follow in the same transaction

    assert public_corrections(incident) == []


def test_corrections_take_two_queries_however_many_changes(published, source, django_assert_num_queries):
    for number in range(5):
        published.title = f"Título {number}"
        published.save()
        add_claim(published, source, killed=number + 4)
        next_transaction()

    # Expect 2 queries: the incident's events with place names, its claims' events with source names.
    with django_assert_num_queries(2):
        corrections = public_corrections(published)
    assert len(corrections) > 10


def test_values_are_written_in_the_reader_s_language(published):
    published.date_precision = DatePrecision.MONTH
    published.date_start, published.date_end = datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)
    published.save()

    with translation.override("es"):
        (correction,) = public_corrections(published)

    assert (correction.old.lower(), correction.new.lower()) == ("14 de mayo de 2025", "mayo de 2025")


def test_the_log_renders_as_a_table_with_a_caption():
    corrections = [
        Correction(datetime.datetime(2026, 1, 5, 15, tzinfo=datetime.UTC), "killed (best)", "3", "7"),
        Correction(datetime.datetime(2026, 1, 6, 15, tzinfo=datetime.UTC), "title", "<b>Old</b>", "New"),
    ]

    html = render_to_string("incidents/_corrections.html", {"corrections": corrections})

    assert "<caption" in html
    assert '<th scope="col">Was</th>' in html and '<th scope="col">Now</th>' in html
    assert "Killed (best)" in html
    assert formats.date_format(timezone.localtime(corrections[0].date), "DATE_FORMAT") in html
    assert "&lt;b&gt;Old&lt;/b&gt;" in html  # escaped
    assert "No corrections" not in html


def test_an_empty_log_says_there_are_no_corrections():
    html = render_to_string("incidents/_corrections.html", {"corrections": []})

    assert "No corrections since publication." in html
    assert "<table" not in html


def test_pghistory_context_separates_changes_made_by_different_requests(published):
    """Two requests in one transaction (as in a test) are still two changes: their contexts differ."""
    with pghistory.context(url="/admin/first/"):
        published.title = "Uno"
        published.save()
    with pghistory.context(url="/admin/second/"):
        published.title = "Dos"
        published.save()

    assert as_rows(public_corrections(published)) == [
        ("title in English", "Ataque a mineros en Pataz", "Uno"),
        ("title in English", "Uno", "Dos"),
    ]
