"""Readers for the API's streamed exports, shared by the API tests."""

import csv
import io
import json

from django.db.models import Prefetch

from core.api.exports import csv_rows
from incidents.api.views import INCIDENT_CSV_LAYOUT
from incidents.models import Source

# The data licence every GeoJSON download names in its metadata, written out as a partner reads it.
CC_BY_METADATA = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def streamed(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def csv_records(response) -> tuple[list[str], list[dict]]:
    rows = list(csv.reader(io.StringIO(streamed(response))))
    header, body = rows[0], rows[1:]
    return header, [dict(zip(header, row, strict=True)) for row in body]


def geojson(response) -> dict:
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(streamed(response))


def python_derived_incident_csv(queryset) -> bytes:
    """Veta's incident CSV as the declaration's Python side gives it, sources prefetched in COPY's order."""
    sources = Prefetch("sources", queryset=Source.objects.order_by(*Source._meta.ordering, "pk"))
    rows = csv_rows(queryset.prefetch_related(None).prefetch_related(sources), INCIDENT_CSV_LAYOUT)
    return "".join(rows).encode("utf-8")
