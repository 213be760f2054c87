"""Readers for the API's streamed exports, shared by the API tests, and the reference incident CSV."""

import csv
import io
import json

from django.db.models import Prefetch

from core.api.exports import PLACE_COLUMNS, csv_rows
from incidents.choices import FIGURE_OUTCOMES
from incidents.models import Source


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


def _sources(incident) -> list:
    return list(incident.sources.all())


# Veta's incident CSV as Python wrote it row by row before PostgreSQL wrote it with COPY: the
# reference `incidents.api.views.INCIDENT_CSV_LAYOUT` must match byte for byte.
REFERENCE_INCIDENT_CSV_COLUMNS = [
    ("id", lambda incident: incident.pk),
    ("title", lambda incident: incident.title),
    ("type", lambda incident: incident.incident_type),
    ("status", lambda incident: incident.status),
    ("date_start", lambda incident: incident.date_start),
    ("date_end", lambda incident: incident.date_end),
    ("date_precision", lambda incident: incident.date_precision),
    *PLACE_COLUMNS,
    ("site_id", lambda incident: incident.site_id),
    ("site", lambda incident: incident.site.name if incident.site else ""),
    *(
        (f"{outcome}_{bound}", lambda incident, field=f"{outcome}_{bound}": getattr(incident, field))
        for outcome in FIGURE_OUTCOMES
        for bound in ("low", "best", "high")
    ),
    ("source_ids", lambda incident: [source.pk for source in _sources(incident)]),
    ("source_links", lambda incident: [source.url for source in _sources(incident) if source.url]),
    ("updated_at", lambda incident: incident.updated_at.isoformat()),
]


def reference_incident_csv(queryset) -> bytes:
    """The incidents of `queryset`, in its order, as the Python writer wrote Veta's CSV.

    Sources come in their default order, then by id: the old prefetch left the order of two
    sources of the same date and title to chance, as synthetic data has them; COPY does not.
    """
    sources = Prefetch("sources", queryset=Source.objects.order_by(*Source._meta.ordering, "pk"))
    return "".join(
        csv_rows(queryset.prefetch_related(None).prefetch_related(sources), REFERENCE_INCIDENT_CSV_COLUMNS)
    ).encode("utf-8")
