"""The database refuses incidents, casualties, claims and sources that do not hold together."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from core.models import period_bounds
from incidents.choices import CasualtyOutcome, IncidentType
from incidents.models import Casualty, CasualtyOutcomeChange, Claim, Incident, Source

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 17)


@contextmanager
def refused_by(constraint: str) -> Iterator[None]:
    """The block must fail with an IntegrityError naming the constraint; the test's transaction survives."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    assert constraint in str(caught.value)


def new_incident(**fields: object) -> Incident:
    """An unsaved one-day armed attack in La Libertad, known at region level."""
    return Incident(
        **{
            "title": "Test attack",
            "incident_type": IncidentType.ARMED_ATTACK,
            "region_id": "13",
            "place_precision": PlacePrecision.REGION,
            "date_start": DAY,
            "date_end": DAY,
            "date_precision": DatePrecision.DAY,
            **fields,
        }
    )


def create_incident(**fields: object) -> Incident:
    incident = new_incident(**fields)
    incident.save()
    return incident


def create_source(title: str = "Test report", url: str = "") -> Source:
    return Source.objects.create(title=title, url=url)


# Incidents: dates


def test_an_incident_cannot_end_before_it_starts() -> None:
    with refused_by("incident_date_end_not_before_start"):
        create_incident(date_precision=DatePrecision.DAYS, date_end=DAY - datetime.timedelta(days=2))


def test_an_incident_known_to_the_day_starts_and_ends_on_the_same_day() -> None:
    with refused_by("incident_day_precision_is_one_day"):
        create_incident(date_end=DAY + datetime.timedelta(days=1))


def test_an_incident_over_a_few_days_may_span_them() -> None:
    incident = create_incident(date_precision=DatePrecision.DAYS, date_end=DAY + datetime.timedelta(days=2))
    incident.refresh_from_db()
    assert (incident.date_end - incident.date_start).days == 2


# Incidents: retraction


def test_a_retracted_incident_needs_a_public_reason() -> None:
    with refused_by("incident_retraction_has_reason"):
        create_incident(status=ModerationStatus.RETRACTED)


def test_a_retracted_incident_with_a_reason_is_accepted() -> None:
    incident = create_incident(status=ModerationStatus.RETRACTED, retraction_reason="The sources were wrong.")
    assert Incident.objects.get(pk=incident.pk).status == ModerationStatus.RETRACTED


def test_cleaning_a_retracted_incident_without_a_reason_names_the_reason() -> None:
    incident = new_incident(status=ModerationStatus.RETRACTED, retraction_reason="   ")

    with pytest.raises(ValidationError) as caught:
        incident.full_clean()

    assert caught.value.message_dict["retraction_reason"] == ["A retracted incident needs a public reason."]


# Incidents: derived figures


def test_derived_figures_out_of_order_are_refused_through_an_update() -> None:
    incident = create_incident()
    with refused_by("incident_killed_low_best_high_ordered"):
        Incident.objects.filter(pk=incident.pk).update(killed_low=5, killed_best=3, killed_high=6)


def test_derived_figures_with_high_below_best_are_refused_through_save() -> None:
    with refused_by("incident_missing_low_best_high_ordered"):
        create_incident(missing_low=1, missing_best=4, missing_high=2)


def test_derived_figures_in_order_are_accepted() -> None:
    incident = create_incident(killed_low=3, killed_best=4, killed_high=6)
    assert Incident.objects.get(pk=incident.pk).figures("killed") == (3, 4, 6)


@pytest.mark.parametrize(
    "figures",
    [
        {"killed_low": 3},
        {"killed_best": 3},
        {"killed_high": 3},
        {"killed_low": 3, "killed_best": 3},
        {"killed_best": 3, "killed_high": 3},
    ],
    ids=["low only", "best only", "high only", "low and best", "best and high"],
)
def test_derived_figures_are_all_three_known_or_all_three_unknown(figures: dict[str, int]) -> None:
    incident = create_incident()
    with refused_by("incident_killed_low_best_high_ordered"):
        Incident.objects.filter(pk=incident.pk).update(**figures)


# Casualties


def test_a_casualty_must_count_at_least_one_person() -> None:
    incident = create_incident()
    with refused_by("casualty_count_positive"):
        Casualty.objects.create(incident=incident, outcome=CasualtyOutcome.KILLED, count=0)


def test_a_casualty_cannot_be_130_years_old() -> None:
    incident = create_incident()
    with refused_by("casualty_age_plausible"):
        Casualty.objects.create(incident=incident, outcome=CasualtyOutcome.KILLED, age=130)


def test_a_named_casualty_counts_exactly_one_person() -> None:
    incident = create_incident()
    with refused_by("casualty_named_person_counts_one"):
        Casualty.objects.create(incident=incident, outcome=CasualtyOutcome.KILLED, name="Juan Pérez", count=2)


def test_an_unnamed_group_of_casualties_may_count_several_people() -> None:
    incident = create_incident()
    group = Casualty.objects.create(incident=incident, outcome=CasualtyOutcome.MISSING, count=7)
    assert Casualty.objects.get(pk=group.pk).count == 7


def test_a_casualty_outcome_change_must_change_the_outcome() -> None:
    incident = create_incident()
    casualty = Casualty.objects.create(incident=incident, outcome=CasualtyOutcome.MISSING)
    with refused_by("casualty_outcome_change_changes"):
        CasualtyOutcomeChange.objects.create(
            casualty=casualty,
            from_outcome=CasualtyOutcome.MISSING,
            to_outcome=CasualtyOutcome.MISSING,
            changed_on=DAY,
        )


def test_a_missing_person_may_be_found_dead() -> None:
    incident = create_incident()
    casualty = Casualty.objects.create(incident=incident, outcome=CasualtyOutcome.MISSING)
    CasualtyOutcomeChange.objects.create(
        casualty=casualty, from_outcome=CasualtyOutcome.MISSING, to_outcome=CasualtyOutcome.KILLED, changed_on=DAY
    )
    assert [change.to_outcome for change in casualty.outcome_changes.all()] == [CasualtyOutcome.KILLED]


# Claims and sources


def test_a_claim_must_give_at_least_one_figure() -> None:
    incident = create_incident()
    source = create_source()
    with refused_by("claim_gives_a_figure"):
        Claim.objects.create(incident=incident, source=source, claimed_on=DAY)


def test_a_claim_of_zero_killed_gives_a_figure() -> None:
    incident = create_incident()
    claim = Claim.objects.create(incident=incident, source=create_source(), claimed_on=DAY, killed=0)
    assert Claim.objects.get(pk=claim.pk).killed == 0


def test_two_sources_cannot_share_a_url() -> None:
    create_source("First report", url="https://example.org/veta-test/report")
    with refused_by("source_url_unique"):
        create_source("Second report", url="https://example.org/veta-test/report")


def test_several_sources_may_have_no_url() -> None:
    first = create_source("Radio report without a link")
    second = create_source("Printed report without a link")
    assert Source.objects.filter(pk__in=[first.pk, second.pk], url="").count() == 2


# Dates before saving


def test_a_date_known_to_the_month_covers_the_whole_month() -> None:
    incident = new_incident(date_precision=DatePrecision.MONTH, date_start=DAY, date_end=DAY)

    incident.full_clean()

    assert (incident.date_start, incident.date_end) == (datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))
    assert incident.date_label == "May 2025"


def test_a_date_known_to_the_year_covers_the_whole_year() -> None:
    incident = new_incident(date_precision=DatePrecision.YEAR, date_start=DAY, date_end=DAY)

    incident.full_clean()

    assert (incident.date_start, incident.date_end) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert incident.date_label == "2025"


def test_a_date_known_to_the_day_gets_its_end_from_the_start_when_cleaned() -> None:
    incident = new_incident(date_end=None)

    incident.clean()

    assert incident.date_end == DAY


def test_a_range_of_a_few_days_cannot_span_ten_days() -> None:
    incident = new_incident(date_precision=DatePrecision.DAYS, date_end=DAY + datetime.timedelta(days=10))

    with pytest.raises(ValidationError) as caught:
        incident.full_clean()

    assert caught.value.message_dict["date_end"] == ["A range of a few days spans 2 to 6 days."]


def test_a_week_cannot_span_more_than_seven_days() -> None:
    incident = new_incident(date_precision=DatePrecision.WEEK, date_end=DAY + datetime.timedelta(days=7))

    with pytest.raises(ValidationError) as caught:
        incident.full_clean()

    assert caught.value.message_dict["date_end"] == ["A week spans at most 7 days."]


def test_cleaning_a_range_that_ends_before_it_starts_names_the_end_date() -> None:
    incident = new_incident(date_precision=DatePrecision.DAYS, date_end=DAY - datetime.timedelta(days=3))

    with pytest.raises(ValidationError) as caught:
        incident.full_clean()

    assert caught.value.message_dict["date_end"] == ["The end date is before the start date."]


def test_february_of_a_leap_year_ends_on_the_29th() -> None:
    assert period_bounds(DatePrecision.MONTH, datetime.date(2024, 2, 10)) == (
        datetime.date(2024, 2, 1),
        datetime.date(2024, 2, 29),
    )


def test_february_of_a_common_year_ends_on_the_28th() -> None:
    assert period_bounds(DatePrecision.MONTH, datetime.date(2025, 2, 28))[1] == datetime.date(2025, 2, 28)


def test_december_ends_on_the_31st_of_the_same_year() -> None:
    assert period_bounds(DatePrecision.MONTH, datetime.date(2025, 12, 31)) == (
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
    )


def test_a_week_without_an_end_spans_seven_days_from_its_start() -> None:
    assert period_bounds(DatePrecision.WEEK, DAY) == (DAY, DAY + datetime.timedelta(days=6))


def test_a_day_is_its_own_period_whatever_end_is_given() -> None:
    assert period_bounds(DatePrecision.DAY, DAY, DAY + datetime.timedelta(days=3)) == (DAY, DAY)
