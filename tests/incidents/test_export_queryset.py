"""The GeoJSON export loads less than the list and writes exactly the same file; Veta's CSV is PostgreSQL's."""

import pytest

from incidents.api.views import INCIDENT_CSV_LAYOUT, IncidentViewSet, incident_geojson_properties
from incidents.models import Incident
from tests.exports import reference_incident_csv
from veta import synthetic
from veta.api.exports import csv_chunks, geojson_chunks

pytestmark = pytest.mark.django_db


def test_the_slim_geojson_queryset_writes_the_same_file(settings):
    settings.SHOW_SYNTHETIC = True
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=41)
    full = Incident.objects.for_api().order_by("-date_start", "-pk")
    view = IncidentViewSet()
    assert "".join(geojson_chunks(view.for_export(full, "geojson"), incident_geojson_properties)) == "".join(
        geojson_chunks(full, incident_geojson_properties)
    )


def test_the_csv_export_of_the_views_queryset_is_the_python_writers(settings):
    settings.SHOW_SYNTHETIC = True
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=42)
    full = Incident.objects.for_api().order_by("-date_start", "-pk")
    exported = b"".join(csv_chunks(IncidentViewSet().for_export(full, "csv"), INCIDENT_CSV_LAYOUT))
    assert exported == reference_incident_csv(full)
    assert exported.count(b"\r\n") == Incident.objects.count() + 1
