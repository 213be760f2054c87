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
from core.licences import DATA_LICENCE
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
    # Where a row without its own coordinates is drawn: the point of the finest place it is known
    # to, as (the row's column naming the place, the place's table), finest first. Such a feature
    # says so: `point_is_area` is true and `point_place` names the place's level.
    area_points: tuple[tuple[str, str, str], ...] = ()

    def python(self, obj: object) -> dict:
        return {
            name: {key: getattr(obj, column) for key, column in source.items()}
            if isinstance(source, dict)
            else getattr(obj, source)
            for name, source in self.properties.items()
        }

    def python_point(self, obj: object) -> tuple[float, float, str | None] | None:
        """(longitude, latitude, the level of the place whose point it is, or None for the row's own)."""
        if obj.latitude is not None and obj.longitude is not None:
            return float(obj.longitude), float(obj.latitude), None
        for column, _table, level in self.area_points:
            place = getattr(obj, column.removesuffix("_id"))
            if place is not None and place.latitude is not None and place.longitude is not None:
                return float(place.longitude), float(place.latitude), level
        return None

    def feature_sql(self, table: str) -> str:
        """SQL for a row's feature as JSON text, or NULL for a row that cannot be drawn."""

        def json_object(pairs: dict) -> str:
            parts = [
                f"'{name}', " + (json_object(source) if isinstance(source, dict) else f"{table}.{quote_name(source)}")
                for name, source in pairs.items()
            ]
            return f"json_build_object({', '.join(parts)})"

        latitude, longitude = f"{table}.{quote_name('latitude')}", f"{table}.{quote_name('longitude')}"
        own = f"{latitude} IS NOT NULL AND {longitude} IS NOT NULL"
        if not self.area_points:
            return (
                f"CASE WHEN NOT ({own}) THEN NULL ELSE json_build_object("
                f"'type', 'Feature', 'id', {table}.{quote_name('id')}, 'geometry', json_build_object('type', 'Point', "
                f"'coordinates', json_build_array({longitude}::float8, {latitude}::float8)), "
                f"'properties', {json_object(self.properties)})::text END"
            )
        # The finest place with a point: [longitude, latitude, level], NULL when none has one.
        places = ", ".join(
            f"(SELECT json_build_array(place.longitude::float8, place.latitude::float8, '{level}') "
            f"FROM {quote_name(place_table)} place WHERE place.code = {table}.{quote_name(column)} "
            "AND place.latitude IS NOT NULL AND place.longitude IS NOT NULL)"
            for column, place_table, level in self.area_points
        )
        point = (
            f"CASE WHEN {own} THEN json_build_array({longitude}::float8, {latitude}::float8) "
            f"ELSE COALESCE({places}) END"
        )
        return (
            "(SELECT CASE WHEN drawn.point IS NULL THEN NULL ELSE json_build_object("
            f"'type', 'Feature', 'id', {table}.{quote_name('id')}, 'geometry', json_build_object('type', 'Point', "
            "'coordinates', json_build_array(drawn.point->0, drawn.point->1)), "
            f"'properties', ({json_object(self.properties)}::jsonb || jsonb_build_object("
            f"'point_is_area', NOT ({own}), 'point_place', drawn.point->>2))::json)::text END "
            f"FROM (SELECT {point} AS point) drawn)"
        )


def sql_features(queryset: QuerySet, layout: SqlGeoJSON) -> Iterator[str | None]:
    """Each row's feature as JSON text written by PostgreSQL, or None for a row without coordinates."""
    table = quote_name(queryset.model._meta.db_table)
    features = queryset.annotate(geojson_feature=RawSQL(layout.feature_sql(table), [])).values_list(
        "geojson_feature", flat=True
    )
    return features.iterator(chunk_size=CHUNK_SIZE)


def python_features(queryset: QuerySet, properties: Callable[[object], dict] | SqlGeoJSON) -> Iterator[str | None]:
    """Each row's feature as JSON text written by Python, or None for a row that cannot be drawn.

    Given an SqlGeoJSON, Python writes what PostgreSQL writes for it, area points included
    (the rows' places must be loaded with them, e.g. by select_related)."""
    layout = properties if isinstance(properties, SqlGeoJSON) else None
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        point = layout.python_point(obj) if layout else None
        if layout is None and obj.latitude is not None and obj.longitude is not None:
            point = (float(obj.longitude), float(obj.latitude), None)
        if point is None:
            yield None
            continue
        values = layout.python(obj) if layout else properties(obj)
        if layout and layout.area_points:
            values = {**values, "point_is_area": point[2] is not None, "point_place": point[2]}
        feature = {
            "type": "Feature",
            "id": obj.pk,
            "geometry": {"type": "Point", "coordinates": [point[0], point[1]]},
            "properties": values,
        }
        yield json.dumps(feature, default=_json_default, ensure_ascii=False)


def geojson_chunks(
    queryset: QuerySet, properties: Callable[[object], dict] | SqlGeoJSON, *, by_python: bool = False
) -> Iterator[str]:
    """A FeatureCollection; rows that cannot be drawn are counted in `metadata`.

    Each feature is written by PostgreSQL for an SqlGeoJSON (by Python's json with
    `by_python`), by Python's json for a function of the instance; they are joined in batches.
    """
    if isinstance(properties, SqlGeoJSON) and not by_python:
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
    metadata = {"features": drawn, "without_coordinates": missing, "license": DATA_LICENCE.as_dict()}
    yield '], "metadata": ' + json.dumps(metadata) + "}"


def geojson_response(queryset: QuerySet, properties: Callable[[object], dict] | SqlGeoJSON) -> StreamingHttpResponse:
    return StreamingHttpResponse(geojson_chunks(queryset, properties), content_type="application/geo+json")
