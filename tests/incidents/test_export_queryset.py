"""The incidents' GeoJSON and CSV PostgreSQL writes from the view's export queryset.

Each says what its declaration's Python derivation says for the same records.
"""

import datetime
import json
from decimal import Decimal

import pytest

from core.api import exports
from core.api.exports import csv_chunks, geojson_chunks
from incidents.api.views import INCIDENT_CSV_LAYOUT, INCIDENT_GEOJSON, IncidentViewSet
from incidents.models import Incident
from overview import synthetic
from tests.exports import python_derived_incident_csv

pytestmark = pytest.mark.django_db


def test_the_geojson_postgresql_writes_is_the_python_writers(settings, monkeypatch):
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=41, load_test_database=True)
    Incident.objects.create(
        title='Quotes " and \\ a backslash, ñ, tildes and a line\nbreak',
        incident_type="armed_attack",
        date_start=datetime.date(2024, 5, 1),
        date_end=datetime.date(2024, 5, 31),
        date_precision="month",
        region_id="17",
        latitude=Decimal("-12.593611"),
        longitude=Decimal("-69.189444"),
        killed_low=1,
        killed_best=2,
        killed_high=4,
        missing_best=None,
        status="published",
    )
    monkeypatch.setattr(exports, "CHUNK_SIZE", 7)  # several batches, each joined to the last
    full = Incident.objects.for_api().order_by("-date_start", "-pk")
    written = "".join(geojson_chunks(IncidentViewSet().for_export(full, "geojson"), INCIDENT_GEOJSON))
    reference = "".join(
        geojson_chunks(full.select_related("region", "province", "district"), INCIDENT_GEOJSON, by_python=True)
    )
    assert json.loads(written) == json.loads(reference)
    metadata = json.loads(written)["metadata"]
    # Every incident is drawn: at its own point or at its place's.
    assert metadata["features"] == full.count() > 7 and metadata["without_coordinates"] == 0
    areas = [feature for feature in json.loads(written)["features"] if feature["properties"]["point_is_area"]]
    assert areas and all(
        feature["properties"]["point_place"] in ("district", "province", "region") for feature in areas
    )
    assert "line\\nbreak" in written  # JSON's escape, as PostgreSQL writes it


def test_the_csv_export_of_the_views_queryset_is_the_python_writers(settings):
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=42, load_test_database=True)
    full = Incident.objects.for_api().order_by("-date_start", "-pk")
    exported = b"".join(csv_chunks(IncidentViewSet().for_export(full, "csv"), INCIDENT_CSV_LAYOUT))
    assert exported == python_derived_incident_csv(full)
    assert exported.count(b"\r\n") == Incident.objects.count() + 1
