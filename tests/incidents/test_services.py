"""Low, best and high figures derived from what each source claimed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.choices import DatePrecision, PlacePrecision, Wording
from incidents.choices import ClaimGrade, IncidentType
from incidents.models import Claim, Incident, Source
from incidents.services import (
    Figures,
    add_claim,
    change_claim,
    choose_best_claim,
    derive_figures,
    withdraw_claim,
    withdraw_claims,
)

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

    assert derive_figures(claims, "killed") == Figures(3, 3, 3, "at_least")
    assert derive_figures(claims, "missing") == Figures(7, 7, 7, "at_least")
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

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 3, 5, "range")


def test_a_reliable_claim_beats_a_contested_one_for_the_best_figure(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_3, killed=3, grade=ClaimGrade.CONTESTED)
    claim(incident, source_b, DAY_1, killed=5, grade=ClaimGrade.RELIABLE)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 5, 5, "range")


def test_between_equally_graded_claims_the_most_recent_sets_the_best_figure(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_3, killed=5)
    claim(incident, source_b, DAY_1, killed=3)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 5, 5, "range")


def test_a_discounted_claim_counts_for_nothing(incident: Incident, source_a: Source, source_b: Source) -> None:
    claim(incident, source_a, DAY_1, killed=3)
    claim(incident, source_b, DAY_3, killed=40, grade=ClaimGrade.DISCOUNTED)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 3, 3, "exact")


def test_an_incident_whose_only_claim_is_discounted_has_no_figures(incident: Incident, source_a: Source) -> None:
    claim(incident, source_a, killed=40, grade=ClaimGrade.DISCOUNTED)

    assert derive_figures(claims_of(incident), "killed") == UNKNOWN


def test_a_source_later_claim_supersedes_its_own_earlier_one(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    claim(incident, source_a, DAY_1, missing=7)
    claim(incident, source_a, DAY_3, missing=4)

    assert derive_figures(claims_of(incident), "missing") == Figures(4, 4, 4, "exact")


def test_a_source_earlier_claim_is_superseded_even_when_entered_after_its_later_one(
    incident: Incident, source_a: Source
) -> None:
    claim(incident, source_a, DAY_3, missing=4)
    claim(incident, source_a, DAY_1, missing=7)

    assert derive_figures(claims_of(incident), "missing") == Figures(4, 4, 4, "exact")


def test_a_superseded_claim_still_counts_for_the_outcomes_the_later_one_is_silent_on(
    incident: Incident, source_a: Source
) -> None:
    claim(incident, source_a, DAY_1, killed=3, missing=7)
    claim(incident, source_a, DAY_3, missing=4)
    claims = claims_of(incident)

    assert derive_figures(claims, "missing") == Figures(4, 4, 4, "exact")
    assert derive_figures(claims, "killed") == Figures(3, 3, 3, "exact")


def test_an_up_to_claim_alone_gives_a_low_of_zero_and_its_figure_as_high(incident: Incident, source_a: Source) -> None:
    claim(incident, source_a, killed=10, wording=Wording.UP_TO)

    figures = derive_figures(claims_of(incident), "killed")

    assert (figures.low, figures.high) == (0, 10)
    assert figures.best == 10
    assert figures.qualifier == "up_to"


def test_an_up_to_claim_raises_the_high_but_not_the_low(incident: Incident, source_a: Source, source_b: Source) -> None:
    claim(incident, source_a, DAY_3, killed=3, wording=Wording.AT_LEAST, grade=ClaimGrade.CONFIRMED)
    claim(incident, source_b, DAY_1, killed=10, wording=Wording.UP_TO)

    assert derive_figures(claims_of(incident), "killed") == Figures(3, 3, 10, "range")


# Writing claims: every service derives the incident's figures again -----------------------------


def stored(incident: Incident) -> Incident:
    return Incident.objects.get(pk=incident.pk)


def added(incident: Incident, source: Source, claimed_on: datetime.date = DAY_1, **fields: object) -> Claim:
    return add_claim(Claim(incident=incident, source=source, claimed_on=claimed_on, **fields))


def test_adding_a_claim_stores_the_derived_figures_on_the_incident_row(incident: Incident, source_a: Source) -> None:
    added(incident, source_a, killed=3, missing=7, wording=Wording.AT_LEAST)

    assert stored(incident).figures("killed") == (3, 3, 3)
    assert stored(incident).figures("missing") == (7, 7, 7)
    for outcome in ("injured", "kidnapped", "rescued"):
        assert stored(incident).figures(outcome) == (None, None, None)


def test_adding_a_claim_keeps_every_disagreeing_claim(incident: Incident, source_a: Source, source_b: Source) -> None:
    kept = {
        added(incident, source_a, DAY_1, missing=7).pk,
        added(incident, source_a, DAY_3, missing=4).pk,
        added(incident, source_b, DAY_2, missing=9).pk,
        added(incident, source_b, DAY_3, missing=1, grade=ClaimGrade.DISCOUNTED).pk,
    }

    assert set(Claim.objects.filter(incident=incident).values_list("pk", flat=True)) == kept
    assert stored(incident).figures("missing") == (4, 4, 9)


def test_a_claim_that_breaks_the_models_rules_is_refused_and_leaves_the_figures_alone(
    incident: Incident, source_a: Source
) -> None:
    added(incident, source_a, killed=3)

    with pytest.raises(ValidationError) as error:
        added(incident, source_a, DAY_2, killed=-1)

    assert "killed" in error.value.message_dict
    assert Claim.objects.filter(incident=incident).count() == 1
    assert stored(incident).figures("killed") == (3, 3, 3)


def test_add_claim_refuses_a_claim_already_saved(incident: Incident, source_a: Source) -> None:
    claim = added(incident, source_a, killed=3)

    with pytest.raises(ValueError, match="change_claim"):
        add_claim(claim)


def test_changing_a_claim_derives_the_figures_again(incident: Incident, source_a: Source, source_b: Source) -> None:
    added(incident, source_a, DAY_1, killed=3)
    wild = added(incident, source_b, DAY_3, killed=12)
    assert stored(incident).figures("killed") == (3, 12, 12)

    change_claim(Claim.objects.get(pk=wild.pk), grade=ClaimGrade.DISCOUNTED)

    assert stored(incident).figures("killed") == (3, 3, 3)


def test_changes_made_to_a_claim_before_the_call_are_saved_and_counted(incident: Incident, source_a: Source) -> None:
    only = added(incident, source_a, killed=3)

    only.grade = ClaimGrade.DISCOUNTED
    change_claim(only)

    assert Claim.objects.get(pk=only.pk).grade == ClaimGrade.DISCOUNTED
    assert stored(incident).figures("killed") == (None, None, None)


def test_moving_a_claim_to_another_incident_derives_the_figures_of_both(incident: Incident, source_a: Source) -> None:
    other = create_incident()
    moving = added(incident, source_a, killed=4)

    change_claim(moving, incident=other)

    assert stored(incident).figures("killed") == (None, None, None)
    assert stored(other).figures("killed") == (4, 4, 4)


def test_a_change_that_leaves_the_figures_as_they_were_does_not_touch_the_incident_row(
    incident: Incident, source_a: Source
) -> None:
    claim = added(incident, source_a, killed=3)
    updated_at = stored(incident).updated_at

    change_claim(claim, notes="Checked against the police report.")

    assert stored(incident).updated_at == updated_at


def test_withdrawing_a_claim_derives_the_figures_from_the_claims_left(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    added(incident, source_a, DAY_1, killed=3)
    wild = added(incident, source_b, DAY_3, killed=12)

    withdraw_claim(wild)

    assert not Claim.objects.filter(pk=wild.pk).exists()
    assert stored(incident).figures("killed") == (3, 3, 3)


def test_withdrawing_claims_in_bulk_derives_the_figures_of_each_incident_they_belonged_to(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    other = create_incident()
    added(incident, source_a, killed=3)
    added(incident, source_b, killed=5)
    added(other, source_a, injured=2)

    withdrawn = withdraw_claims(Claim.objects.filter(source=source_a))

    assert withdrawn == 2
    assert stored(incident).figures("killed") == (5, 5, 5)
    assert stored(other).figures("injured") == (None, None, None)


def test_choosing_a_claim_as_best_makes_its_figure_the_best_and_none_undoes_it(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    added(incident, source_a, DAY_1, killed=3, grade=ClaimGrade.RELIABLE)
    higher = added(incident, source_b, DAY_2, killed=5)
    assert stored(incident).figures("killed") == (3, 3, 5)

    choose_best_claim(incident, higher)
    assert stored(incident).figures("killed") == (3, 5, 5)
    assert list(Claim.objects.filter(incident=incident, chosen_as_best=True)) == [higher]

    choose_best_claim(incident, None)
    assert stored(incident).figures("killed") == (3, 3, 5)
    assert not Claim.objects.filter(incident=incident, chosen_as_best=True).exists()


def test_a_claim_added_as_chosen_takes_the_choice_from_the_one_chosen_before(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    first = added(incident, source_a, DAY_1, killed=3, chosen_as_best=True)

    second = added(incident, source_b, DAY_2, killed=6, chosen_as_best=True)

    assert list(Claim.objects.filter(incident=incident, chosen_as_best=True)) == [second]
    assert not Claim.objects.get(pk=first.pk).chosen_as_best
    assert stored(incident).figures("killed") == (3, 6, 6)


def test_choosing_another_incidents_claim_or_a_discounted_one_is_refused(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    other = create_incident()
    foreign = added(other, source_a, killed=1)
    discounted = added(incident, source_b, killed=50, grade=ClaimGrade.DISCOUNTED)

    for claim in (foreign, discounted):
        with pytest.raises(ValidationError):
            choose_best_claim(incident, claim)

    assert not Claim.objects.filter(chosen_as_best=True).exists()


def test_the_figures_are_derived_from_the_stored_claims_not_from_a_prefetched_list(
    incident: Incident, source_a: Source, source_b: Source
) -> None:
    added(incident, source_a, killed=3)
    prefetched = Incident.objects.prefetch_related("claims").get(pk=incident.pk)
    assert len(prefetched.claims.all()) == 1

    added(prefetched, source_b, DAY_2, killed=7)

    assert stored(incident).figures("killed") == (3, 7, 7)
