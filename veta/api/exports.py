"""Streaming CSV and GeoJSON of a whole filtered result, in constant memory."""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, QuerySet
from django.http import StreamingHttpResponse

from veta.api.copy_csv import CopyColumn, CopyLayout, copy_csv_chunks, text

CHUNK_SIZE = 2000

Column = tuple[str, Callable[[object], object]]


@dataclass(frozen=True)
class RowLayout:
    """A CSV layout whose row is built whole for each record, e.g. the ACLED and UCDP exports.

    `row` returns a dict holding at least every name in `fields`; the columns follow `fields`.
    """

    fields: list[str]
    row: Callable[[object], dict]

    def values(self, obj: object) -> list[object]:
        row = self.row(obj)
        return [row[name] for name in self.fields]


Layout = list[Column] | RowLayout | CopyLayout


def header(layout: Layout) -> list[str]:
    """The column names of a layout."""
    if isinstance(layout, CopyLayout):
        return layout.names
    return list(layout.fields) if isinstance(layout, RowLayout) else [name for name, _ in layout]


def values(layout: Layout, obj: object) -> list[object]:
    """One record's cells in a layout, ready for csv.writer."""
    if isinstance(layout, RowLayout):
        return [_cell(value) for value in layout.values(obj)]
    return [_cell(accessor(obj)) for _, accessor in layout]


class _Echo:
    """A file-like object whose write returns the text, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return value


def csv_rows(queryset: QuerySet, columns: Layout) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header(columns))
    batch: list[str] = []
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        batch.append(writer.writerow(values(columns, obj)))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_chunks(queryset: QuerySet, columns: Layout) -> Iterator[str] | Iterator[bytes]:
    """The CSV of a whole queryset: written by PostgreSQL for a CopyLayout, by Python's csv otherwise."""
    if isinstance(columns, CopyLayout):
        return copy_csv_chunks(queryset, columns)
    return csv_rows(queryset, columns)


def csv_response(queryset: QuerySet, columns: Layout, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_chunks(queryset, columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def geojson_chunks(queryset: QuerySet, properties: Callable[[object], dict]) -> Iterator[str]:
    """A FeatureCollection; rows without coordinates are counted in `metadata`, not drawn."""
    yield '{"type": "FeatureCollection", "features": ['
    drawn = missing = 0
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        if obj.latitude is None or obj.longitude is None:
            missing += 1
            continue
        feature = {
            "type": "Feature",
            "id": obj.pk,
            "geometry": {"type": "Point", "coordinates": [float(obj.longitude), float(obj.latitude)]},
            "properties": properties(obj),
        }
        yield ("," if drawn else "") + json.dumps(feature, default=_json_default, ensure_ascii=False)
        drawn += 1
    metadata = {"features": drawn, "without_coordinates": missing}
    yield '], "metadata": ' + json.dumps(metadata) + "}"


def geojson_response(queryset: QuerySet, properties: Callable[[object], dict]) -> StreamingHttpResponse:
    return StreamingHttpResponse(geojson_chunks(queryset, properties), content_type="application/geo+json")


def join_names(objects: Iterable) -> str:
    return ";".join(str(obj) for obj in objects)


def attribute_columns(*names: str) -> list[Column]:
    """Columns that are plain attributes, named as the attribute."""
    return [(name, lambda obj, name=name: getattr(obj, name)) for name in names]


def _code(place) -> str:
    return place.code if place else ""


def _name(place) -> str:
    return place.display_name if place else ""


# Region, province and district as codes and names, then the precision and the point.
PLACE_COLUMNS: list[Column] = [
    ("region_code", lambda obj: obj.region_id),
    ("region", lambda obj: _name(obj.region)),
    ("province_code", lambda obj: _code(obj.province)),
    ("province", lambda obj: _name(obj.province)),
    ("district_code", lambda obj: _code(obj.district)),
    ("district", lambda obj: _name(obj.district)),
    *attribute_columns("place_precision", "location_name", "latitude", "longitude"),
]

# The same columns, written by PostgreSQL (see veta.api.copy_csv).
PLACE_COPY_COLUMNS: list[CopyColumn] = [
    ("region_code", text("region_id")),
    ("region", text("region__display_name")),
    ("province_code", text("province_id")),
    ("province", text("province__display_name")),
    ("district_code", text("district_id")),
    ("district", text("district__display_name")),
    ("place_precision", text("place_precision")),
    ("location_name", text("location_name")),
    ("latitude", F("latitude")),
    ("longitude", F("longitude")),
]

UPDATED_AT_COLUMN: Column = ("updated_at", lambda obj: obj.updated_at.isoformat())
