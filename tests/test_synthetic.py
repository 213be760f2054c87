"""generate_synthetic: reproducible, written only into a load-test database, removed cleanly."""

import pytest
from django.core.management import CommandError, call_command

from core.choices import ModerationStatus
from core.models import Tombstone
from enforcement.models import EnforcementOperation, ReinfoRecord, ReinfoSnapshot, ReinfoStatusChange
from incidents.choices import FIGURE_OUTCOMES
from incidents.models import Casualty, Claim, Incident, Source
from incidents.services import derive_figures
from overview import synthetic
from regions.models import MiningSite

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SIZE = 200


def fingerprint() -> list[tuple]:
    """Everything about the synthetic incidents but their ids and timestamps."""
    rows = []
    for incident in Incident.objects.order_by("id"):
        claims = sorted(
            (claim.source.url, claim.claimed_on, claim.killed, claim.injured, claim.grade, claim.wording)
            for claim in incident.claims.select_related("source")
        )
        casualties = sorted(incident.casualties.values_list("outcome", "role", "count"))
        rows.append(
            (
                incident.title,
                incident.description,
                incident.incident_type,
                incident.date_start,
                incident.date_end,
                incident.date_precision,
                incident.region_id,
                incident.province_id,
                incident.district_id,
                incident.place_precision,
                incident.latitude,
                incident.status,
                incident.killed_low,
                incident.killed_best,
                incident.killed_high,
                tuple(claims),
                tuple(casualties),
            )
        )
    return rows


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    """Each run replaces the load-test database's records (Veta's real records, loaded for tests, first)."""
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=7, load_test_database=True)
    first = fingerprint()
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=7, load_test_database=True)
    assert fingerprint() == first
    assert len(first) == SIZE
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=8, load_test_database=True)
    assert fingerprint() != first


def test_it_covers_ten_years_all_precisions_types_and_statuses_over_real_districts():
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=1, load_test_database=True)
    incidents = Incident.objects.all()
    years = {date.year for date in incidents.values_list("date_start", flat=True)}
    assert len(years) >= 9
    precisions = {"exact", "near", "district", "province", "region"}
    assert set(incidents.values_list("place_precision", flat=True)) == precisions
    assert set(incidents.values_list("date_precision", flat=True)) == {"day", "days", "week", "month", "year"}
    assert set(incidents.values_list("status", flat=True)) >= {ModerationStatus.PUBLISHED, ModerationStatus.DRAFT}
    assert len(set(incidents.values_list("incident_type", flat=True))) >= 7
    # The region with the most incidents is Madre de Dios, as in reality.
    regions = list(incidents.values_list("region_id", flat=True))
    assert max(set(regions), key=regions.count) == "17"
    assert Casualty.objects.exists()
    assert ReinfoStatusChange.objects.count() >= SIZE // 10


def test_stored_figures_are_those_the_claims_give():
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=2, load_test_database=True)
    for incident in Incident.objects.prefetch_related("claims"):
        claims = list(incident.claims.all())
        assert claims
        for outcome in FIGURE_OUTCOMES:
            figures = derive_figures(claims, outcome)
            assert incident.figures(outcome) == (figures.low, figures.best, figures.high)


def test_it_writes_the_sizes_asked_for_and_marks_the_database():
    assert not synthetic.is_load_test_database()
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=3, load_test_database=True)
    sizes = synthetic.Sizes.for_incidents(SIZE)
    assert Incident.objects.count() == SIZE
    assert Source.objects.count() == sizes.sources
    assert MiningSite.objects.count() == sizes.sites
    assert EnforcementOperation.objects.count() == sizes.operations
    assert ReinfoRecord.objects.count() == sizes.reinfo_records
    assert ReinfoSnapshot.objects.count() == sizes.snapshots
    assert synthetic.is_load_test_database()


def test_it_refuses_a_database_holding_records_unless_declared_a_load_test_one():
    real = Source.objects.create(title="A real report", url="https://example.org/real")
    incidents = Incident.objects.count()  # Veta's real records, loaded for every test
    assert incidents
    with pytest.raises(synthetic.NotALoadTestDatabase, match=f"{incidents} incidents"):
        synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=6)
    with pytest.raises(CommandError, match="--load-test-database"):
        call_command("generate_synthetic", "--incidents", "50", verbosity=0)
    with pytest.raises(CommandError, match="not a load-test database"):
        call_command("generate_synthetic", "--remove", verbosity=0)
    assert Source.objects.filter(pk=real.pk).exists() and Incident.objects.count() == incidents
    assert not synthetic.is_load_test_database()

    call_command("generate_synthetic", "--incidents", "50", "--load-test-database", verbosity=0)
    assert not Source.objects.filter(pk=real.pk).exists()
    assert Incident.objects.count() == 50
    assert synthetic.is_load_test_database()


def test_remove_empties_the_load_test_database_without_tombstones_or_history():
    tombstones = Tombstone.objects.count()
    events = Incident.pgh_event_model.objects.count()
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=5, load_test_database=True)
    call_command("generate_synthetic", "--remove", verbosity=0)
    for model in (Incident, Source, MiningSite, EnforcementOperation, ReinfoRecord, ReinfoSnapshot, Casualty, Claim):
        assert not model.objects.exists()
    assert not synthetic.is_load_test_database()
    # Synthetic rows were never Veta's record: no history events, no tombstones for partners.
    assert Tombstone.objects.count() == tombstones
    assert Incident.pgh_event_model.objects.count() == events


def test_the_command_reports_what_it_wrote(capsys):
    call_command("generate_synthetic", "--incidents", "50", "--seed", "9", "--load-test-database", verbosity=0)
    assert "50 incidents" in capsys.readouterr().out
    assert Incident.objects.count() == 50
