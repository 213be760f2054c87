"""Streaming CSV and GeoJSON of a whole filtered result, in constant memory."""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import StreamingHttpResponse

from core.api.copy_csv import copy_csv_chunks
from core.api.csv_layout import CsvLayout, neutralized
from core.sql import quote_name

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class RowLayout:
    """A CSV layout whose row is computed whole in Python for each record, e.g. the ACLED and UCDP exports.

    `row` returns a dict holding at least every name in `fields`; the columns follow `fields`.
    """

    fields: list[str]
    row: Callable[[object], dict]

    @property
    def names(self) -> list[str]:
        return list(self.fields)

    def values(self, obj: object) -> list[object]:
        row = self.row(obj)
        return [neutralized(_cell(row[name])) for name in self.fields]


Layout = CsvLayout | RowLayout


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


def csv_rows(queryset: QuerySet, layout: Layout) -> Iterator[str]:
    """The CSV of a whole queryset written row by row by Python's csv module."""
    writer = csv.writer(_Echo())
    yield writer.writerow(layout.names)
    batch: list[str] = []
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        batch.append(writer.writerow(layout.values(obj)))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_chunks(queryset: QuerySet, layout: Layout) -> Iterator[str] | Iterator[bytes]:
    """The CSV of a whole queryset: by PostgreSQL when it can write every column, by Python's csv otherwise."""
    if isinstance(layout, CsvLayout) and layout.copyable:
        return copy_csv_chunks(queryset, layout)
    return csv_rows(queryset, layout)


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


@dataclass(frozen=True)
class SqlGeoJSON:
    """GeoJSON features that PostgreSQL writes, one per row, from the columns of the model's table.

    `properties` maps each property to a column, or to a dict of columns (a JSON object),
    e.g. {"title": "title", "killed": {"low": "killed_low", ...}}. `python` reads the same
    properties from a model instance, for comparison and for callers that hold instances.
    """

    properties: dict[str, str | dict[str, str]]

    def python(self, obj: object) -> dict:
        return {
            name: {key: getattr(obj, column) for key, column in source.items()}
            if isinstance(source, dict)
            else getattr(obj, source)
            for name, source in self.properties.items()
        }

    def feature_sql(self, table: str) -> str:
        """SQL for a row's feature as JSON text, or NULL for a row without coordinates."""

        def json_object(pairs: dict) -> str:
            parts = [
                f"'{name}', " + (json_object(source) if isinstance(source, dict) else f"{table}.{quote_name(source)}")
                for name, source in pairs.items()
            ]
            return f"json_build_object({', '.join(parts)})"

        latitude, longitude = f"{table}.{quote_name('latitude')}", f"{table}.{quote_name('longitude')}"
        return (
            f"CASE WHEN {latitude} IS NULL OR {longitude} IS NULL THEN NULL ELSE json_build_object("
            f"'type', 'Feature', 'id', {table}.{quote_name('id')}, 'geometry', json_build_object('type', 'Point', "
            f"'coordinates', json_build_array({longitude}::float8, {latitude}::float8)), "
            f"'properties', {json_object(self.properties)})::text END"
        )


def sql_features(queryset: QuerySet, layout: SqlGeoJSON) -> Iterator[str | None]:
    """Each row's feature as JSON text written by PostgreSQL, or None for a row without coordinates."""
    table = quote_name(queryset.model._meta.db_table)
    features = queryset.annotate(geojson_feature=RawSQL(layout.feature_sql(table), [])).values_list(
        "geojson_feature", flat=True
    )
    return features.iterator(chunk_size=CHUNK_SIZE)


def python_features(queryset: QuerySet, properties: Callable[[object], dict]) -> Iterator[str | None]:
    """Each row's feature as JSON text written by Python, or None for a row without coordinates."""
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        if obj.latitude is None or obj.longitude is None:
            yield None
            continue
        feature = {
            "type": "Feature",
            "id": obj.pk,
            "geometry": {"type": "Point", "coordinates": [float(obj.longitude), float(obj.latitude)]},
            "properties": properties(obj),
        }
        yield json.dumps(feature, default=_json_default, ensure_ascii=False)


def geojson_chunks(queryset: QuerySet, properties: Callable[[object], dict] | SqlGeoJSON) -> Iterator[str]:
    """A FeatureCollection; rows without coordinates are counted in `metadata`, not drawn.

    Each feature is written by PostgreSQL for an SqlGeoJSON, by Python's json for a function
    of the instance; they are joined in batches.
    """
    if isinstance(properties, SqlGeoJSON):
        features = sql_features(queryset, properties)
    else:
        features = python_features(queryset, properties)
    yield '{"type": "FeatureCollection", "features": ['
    drawn = missing = 0
    batch: list[str] = []
    for feature in features:
        if feature is None:
            missing += 1
            continue
        batch.append(feature)
        if len(batch) >= CHUNK_SIZE:
            yield ("," if drawn else "") + ",".join(batch)
            drawn += len(batch)
            batch = []
    if batch:
        yield ("," if drawn else "") + ",".join(batch)
        drawn += len(batch)
    yield '], "metadata": ' + json.dumps({"features": drawn, "without_coordinates": missing}) + "}"


def geojson_response(queryset: QuerySet, properties: Callable[[object], dict] | SqlGeoJSON) -> StreamingHttpResponse:
    return StreamingHttpResponse(geojson_chunks(queryset, properties), content_type="application/geo+json")
