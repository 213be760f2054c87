"""The CSV and GeoJSON exports load less than the list, and write exactly the same files."""

import pytest

from incidents.api.views import INCIDENT_CSV_COLUMNS, IncidentViewSet, incident_geojson_properties
from incidents.models import Incident
from veta import synthetic
from veta.api.exports import csv_rows, geojson_chunks

pytestmark = pytest.mark.django_db


def test_the_slim_export_querysets_write_the_same_files(settings):
    settings.SHOW_SYNTHETIC = True
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=41)
    full = Incident.objects.for_api().order_by("-date_start", "-pk")
    view = IncidentViewSet()
    assert "".join(csv_rows(view.for_export(full, "csv"), INCIDENT_CSV_COLUMNS)) == "".join(
        csv_rows(full, INCIDENT_CSV_COLUMNS)
    )
    assert "".join(geojson_chunks(view.for_export(full, "geojson"), incident_geojson_properties)) == "".join(
        geojson_chunks(full, incident_geojson_properties)
    )
    assert "".join(csv_rows(full, INCIDENT_CSV_COLUMNS)).count("\n") == Incident.objects.count() + 1


def test_the_csv_export_runs_two_queries_per_batch(django_assert_max_num_queries, settings):
    settings.SHOW_SYNTHETIC = True
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=42)
    queryset = IncidentViewSet().for_export(Incident.objects.for_api().order_by("-pk"), "csv")
    # Expect: the incidents with their places and site (one server-side cursor), their sources.
    with django_assert_max_num_queries(4):
        "".join(csv_rows(queryset, INCIDENT_CSV_COLUMNS))
