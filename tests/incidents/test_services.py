"""Low, best and high figures derived from what each source claimed."""

import datetime

import pytest

from core.choices import DatePrecision, PlacePrecision, Wording
from incidents.choices import ClaimGrade, IncidentType
from incidents.models import Claim, Incident, Source
from incidents.services import Figures, derive_figures, refresh_incident_figures

pytestmark = pytest.mark.django_db

DAY_1 = datetime.date(2026, 1, 1)
DAY_2 = datetime.date(2026, 1, 2)
DAY_3 = datetime.date(2026, 1, 3)
UNKNOWN = Figures(None, None, None)


def create_incident() -> Incident:
    return Incident.objects.create(
        title="Attack on a tunnel entrance",
        incident_type=IncidentType.ARMED_ATTACK,
        region_id="13",
        place_precision=PlacePrecision.REGION,
        date_start=DAY_1,
        date_end=DAY_1,
        date_precision=DatePrecision.DAY,
    )


def create_source(name: str) -> Source:
    return Source.objects.create(title=f"Report by {name}", url=f"https://example.org/veta-services-test/{name}")


@pytest.fixture
def incident() -> Incident:
    return create_incident()


@pytest.fixture
def source_a() -> Source:
    return create_source("a")


@pytest.fixture
def source_b() -> Source:
    return create_source("b")


def claim(incident: Incident, source: Source, claimed_on: datetime.date = DAY_1, **fields: object) -> Claim:
    return Claim.objects.create(incident=incident, source=source, claimed_on=claimed_on, **fields)


def claims_of(incident: Incident) -> list[Claim]:
    return list(incident.claims.all())


def test_an_incident_without_claims_has_no_figures(incident: Incident) -> None:
    for outcome in ("killed", "injured", "missing", "kidnapped", "rescued"):
        assert derive_figures(claims_of(incident), outcome) == UNKNOWN


def test_one_claim_of_at_least_3_killed_and_7_missing_gives_those_figures_and_nothing_else(
    incident: Incident, source_a: Source
) -> None:
    claim(incident, source_a, killed=3, missing=7, wording=Wording.AT_LEAST)
    claims = claims_of(incident)

    assert derive_figures(claims, "killed") == Figures(3, 3, 3)
    assert derive_figures(claims, "missing") == Figures(7, 7, 7)
    assert derive_figures(claims, "injured") == UNKNOWN


def test_two_sources_disagreeing_give_the_range_between_them(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_1, killed=3)
    claim(incident, source_b, DAY_2, killed=5)

    figures = derive_figures(claims_of(incident), "killed")

    assert (figures.low, figures.high) == (3, 5)


def test_a_confirmed_claim_sets_the_best_figure_even_when_older(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_1, killed=3, grade=ClaimGrade.CONFIRMED)
    claim(incident, source_b, DAY_3, killed=5, grade=ClaimGrade.SINGLE_SOURCE)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 3, 5)


def test_a_reliable_claim_beats_a_contested_one_for_the_best_figure(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_3, killed=3, grade=ClaimGrade.CONTESTED)
    claim(incident, source_b, DAY_1, killed=5, grade=ClaimGrade.RELIABLE)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 5, 5)


def test_between_equally_graded_claims_the_most_recent_sets_the_best_figure(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_3, killed=5)
    claim(incident, source_b, DAY_1, killed=3)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 5, 5)


def test_a_discounted_claim_counts_for_nothing(incident: Incident, source_a: Source, source_b: Source) -> None:
    claim(incident, source_a, DAY_1, killed=3)
    claim(incident, source_b, DAY_3, killed=40, grade=ClaimGrade.DISCOUNTED)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 3, 3)


def test_an_incident_whose_only_claim_is_discounted_has_no_figures(incident: Incident, source_a: Source) -> None:
    claim(incident, source_a, killed=40, grade=ClaimGrade.DISCOUNTED)

    assert derive_figures(claims_of(incident), "killed") == UNKNOWN


def test_a_source_later_claim_supersedes_its_own_earlier_one(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_1, missing=7)
    claim(incident, source_a, DAY_3, missing=4)

    assert derive_figures(claims_of(incident), "missing") == Figures(4, 4, 4)


def test_a_source_earlier_claim_is_superseded_even_when_entered_after_its_later_one(
    incident: Incident, source_a: Source
) -> None:
    claim(incident, source_a, DAY_3, missing=4)
    claim(incident, source_a, DAY_1, missing=7)

    assert derive_figures(claims_of(incident), "missing") == Figures(4, 4, 4)


def test_a_superseded_claim_still_counts_for_the_outcomes_the_later_one_is_silent_on(
    incident: Incident, source_a: Source
) -> None:
    claim(incident, source_a, DAY_1, killed=3, missing=7)
    claim(incident, source_a, DAY_3, missing=4)
    claims = claims_of(incident)

    assert derive_figures(claims, "missing") == Figures(4, 4, 4)
    assert derive_figures(claims, "killed") == Figures(3, 3, 3)


def test_an_up_to_claim_alone_gives_a_low_of_zero_and_its_figure_as_high(incident: Incident, source_a: Source) -> None:
    claim(incident, source_a, killed=10, wording=Wording.UP_TO)

    figures = derive_figures(claims_of(incident), "killed")

    assert (figures.low, figures.high) == (0, 10)
    assert figures.best == 10


def test_an_up_to_claim_raises_the_high_but_not_the_low(incident: Incident, source_a: Source, source_b: Source) -> None:
    claim(incident, source_a, DAY_3, killed=3, wording=Wording.AT_LEAST, grade=ClaimGrade.CONFIRMED)
    claim(incident, source_b, DAY_1, killed=10, wording=Wording.UP_TO)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 3, 10)


def test_refreshing_stores_the_figures_on_the_incident_row(incident: Incident, source_a: Source) -> None:
    claim(incident, source_a, killed=3, missing=7, wording=Wording.AT_LEAST)

    refresh_incident_figures(incident)

    stored = Incident.objects.get(pk=incident.pk)
    assert stored.figures("killed") == (3, 3, 3)
    assert stored.figures("missing") == (7, 7, 7)
    assert stored.figures("injured") == (None, None, None)
    assert stored.figures("kidnapped") == (None, None, None)
    assert stored.figures("rescued") == (None, None, None)


def test_discounting_a_claim_and_refreshing_changes_the_stored_figures(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_1, killed=3)
    wild = claim(incident, source_b, DAY_3, killed=12)
    refresh_incident_figures(incident)
    assert Incident.objects.get(pk=incident.pk).figures("killed") == (3, 12, 12)

    Claim.objects.filter(pk=wild.pk).update(grade=ClaimGrade.DISCOUNTED)
    refresh_incident_figures(Incident.objects.get(pk=incident.pk))

    assert Incident.objects.get(pk=incident.pk).figures("killed") == (3, 3, 3)


def test_discounting_the_only_claim_and_refreshing_clears_the_stored_figures(
    incident: Incident, source_a: Source
) -> None:
    only = claim(incident, source_a, killed=3)
    refresh_incident_figures(incident)
    assert Incident.objects.get(pk=incident.pk).figures("killed") == (3, 3, 3)

    only.grade = ClaimGrade.DISCOUNTED
    only.save()
    refresh_incident_figures(incident)

    assert Incident.objects.get(pk=incident.pk).figures("killed") == (None, None, None)


def test_refreshing_keeps_every_disagreeing_claim(incident: Incident, source_a: Source, source_b: Source) -> None:
    kept = {
        claim(incident, source_a, DAY_1, missing=7).pk,
        claim(incident, source_a, DAY_3, missing=4).pk,
        claim(incident, source_b, DAY_2, missing=9).pk,
        claim(incident, source_b, DAY_3, missing=1, grade=ClaimGrade.DISCOUNTED).pk,
    }

    refresh_incident_figures(incident)

    assert set(Claim.objects.filter(incident=incident).values_list("pk", flat=True)) == kept
    assert Incident.objects.get(pk=incident.pk).figures("missing") == (4, 4, 9)


def test_refreshing_one_incident_leaves_another_alone(incident: Incident, source_a: Source) -> None:
    other = create_incident()
    claim(other, source_a, killed=2)
    claim(incident, source_a, killed=5)

    refresh_incident_figures(incident)

    assert Incident.objects.get(pk=incident.pk).figures("killed") == (5, 5, 5)
    assert Incident.objects.get(pk=other.pk).figures("killed") == (None, None, None)


def test_refreshing_an_incident_whose_figures_are_current_does_not_touch_its_row(
    incident: Incident, source_a: Source
) -> None:
    claim(incident, source_a, killed=3)
    refresh_incident_figures(incident)
    updated_at = Incident.objects.get(pk=incident.pk).updated_at

    refresh_incident_figures(Incident.objects.get(pk=incident.pk))

    assert Incident.objects.get(pk=incident.pk).updated_at == updated_at
