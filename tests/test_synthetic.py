"""generate_synthetic: reproducible, flagged, hidden from the public, removed cleanly."""

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from core.choices import ModerationStatus
from core.models import Tombstone
from enforcement.models import EnforcementOperation, ReinfoRecord, ReinfoSnapshot, ReinfoStatusChange
from incidents.choices import FIGURE_OUTCOMES
from incidents.models import Casualty, Claim, Incident, Source
from incidents.services import derive_figures
from overview import synthetic
from regions.models import MiningSite

pytestmark = pytest.mark.django_db

SIZE = 200


def fingerprint() -> list[tuple]:
    """Everything about the synthetic incidents but their ids and timestamps."""
    rows = []
    for incident in Incident.all_objects.filter(is_synthetic=True).order_by("id"):
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


def real_counts() -> dict[str, int]:
    return {
        "incidents": Incident.all_objects.filter(is_synthetic=False).count(),
        "sources": Source.all_objects.filter(is_synthetic=False).count(),
        "claims": Claim.objects.filter(incident__is_synthetic=False).count(),
        "sites": MiningSite.all_objects.filter(is_synthetic=False).count(),
        "operations": EnforcementOperation.all_objects.filter(is_synthetic=False).count(),
    }


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=7)
    first = fingerprint()
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=7)
    assert fingerprint() == first
    assert len(first) == SIZE
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=8)
    assert fingerprint() != first


def test_it_covers_ten_years_all_precisions_types_and_statuses_over_real_districts():
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=1)
    incidents = Incident.all_objects.filter(is_synthetic=True)
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
    assert Casualty.objects.filter(incident__is_synthetic=True).exists()
    assert ReinfoStatusChange.objects.filter(record__is_synthetic=True).count() >= SIZE // 10


def test_stored_figures_are_those_the_claims_give():
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=2)
    for incident in Incident.all_objects.filter(is_synthetic=True).prefetch_related("claims"):
        claims = list(incident.claims.all())
        assert claims
        for outcome in FIGURE_OUTCOMES:
            figures = derive_figures(claims, outcome)
            assert incident.figures(outcome) == (figures.low, figures.best, figures.high)


def test_every_row_is_flagged():
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=3)
    sizes = synthetic.Sizes.for_incidents(SIZE)
    assert Incident.all_objects.filter(is_synthetic=True).count() == SIZE
    assert Source.all_objects.filter(is_synthetic=True).count() == sizes.sources
    assert MiningSite.all_objects.filter(is_synthetic=True).count() == sizes.sites
    assert EnforcementOperation.all_objects.filter(is_synthetic=True).count() == sizes.operations
    assert ReinfoRecord.all_objects.filter(is_synthetic=True).count() == sizes.reinfo_records
    assert ReinfoSnapshot.all_objects.filter(is_synthetic=True).count() == sizes.snapshots
    # Claims and casualties belong to synthetic incidents only and cite synthetic sources only.
    synthetic_claims = Claim.objects.filter(incident__is_synthetic=True)
    assert not synthetic_claims.filter(source__is_synthetic=False).exists()


def test_synthetic_rows_are_hidden_from_pages_and_api_unless_shown(settings):
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=4)
    published = Incident.all_objects.filter(is_synthetic=True, status=ModerationStatus.PUBLISHED).first()
    real = Incident.objects.published().count()
    api = APIClient()
    listed = api.get("/api/v1/incidents/", {"page_size": 1000}).json()["results"]
    assert len(listed) == real
    assert api.get(f"/api/v1/incidents/{published.pk}/").status_code == 404
    assert Client().get(f"/incidents/{published.pk}/").status_code == 404
    assert published.title not in Client().get("/incidents/").content.decode()

    # The setting is read when a queryset is made: the API's viewsets make theirs at start-up, so a
    # server started with SHOW_SYNTHETIC on shows them (the benchmarks do); pages make theirs per request.
    settings.SHOW_SYNTHETIC = True
    assert Client().get(f"/incidents/{published.pk}/").status_code == 200
    assert Incident.objects.published().count() > real


def test_remove_deletes_every_synthetic_row_and_nothing_else():
    before = real_counts()
    tombstones = Tombstone.objects.count()
    events = Incident.pgh_event_model.objects.count()
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=5)
    call_command("generate_synthetic", "--remove", verbosity=0)
    assert real_counts() == before
    for model in (Incident, Source, MiningSite, EnforcementOperation, ReinfoRecord, ReinfoSnapshot):
        assert not model.all_objects.filter(is_synthetic=True).exists()
    assert not Casualty.objects.exclude(incident__in=Incident.all_objects.all()).exists()
    # Synthetic rows were never Veta's record: no history events, no tombstones for partners.
    assert Tombstone.objects.count() == tombstones
    assert Incident.pgh_event_model.objects.count() == events


def test_the_command_reports_what_it_wrote(capsys):
    call_command("generate_synthetic", "--incidents", "50", "--seed", "9", verbosity=0)
    assert "50 incidents" in capsys.readouterr().out
    assert Incident.all_objects.filter(is_synthetic=True).count() == 50
