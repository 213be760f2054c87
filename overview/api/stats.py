"""/api/v1/stats/: counts and sums of incidents, enforcement operations and REINFO records.

Each endpoint takes `group_by` (one key, or two separated by a comma) and the same
filters as the matching list endpoint, and answers with one row per group plus the
totals. The groups come from a single SQL query; filters that name places first check
that the codes exist.

Dates: a record is counted in the month (or year) of its start date. A record known
only to the month counts in that month; one known only to the year is never put in a
month: with `group_by=month` it goes in a group whose `month` is null, carrying its
`year` and `"precision": "year"`. Places: a record known only at region level goes in
the group whose `province` is null; no province is guessed for it.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import orjson
from django import forms
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Left, TruncMonth
from django.http import Http404, HttpResponse, HttpResponseBase
from django.urls import path
from django.utils import timezone
from django_filters import BaseCSVFilter
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.csv_layout import neutralized
from core.api.filters import filter_errors, published_or_visible, refuse_non_ascii_numbers
from core.api.renderers import BrowsableRenderer
from core.choices import DatePrecision
from enforcement.choices import Agency, OperationKind, ReinfoStatus
from enforcement.filtersets import EnforcementOperationFilterSet, ReinfoRecordFilterSet
from enforcement.models import EnforcementOperation, ReinfoRecord
from incidents import measures, rollup
from incidents.choices import FIGURE_BOUNDS as BOUNDS
from incidents.choices import IncidentType
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident
from incidents.models import sees_drafts as reader_sees_drafts

OUTCOMES = list(measures.OUTCOMES)


# ---------------------------------------------------------------------------
# Dimensions: what a group is keyed on.


@dataclass(frozen=True)
class Dimension:
    """One way to group rows.

    `columns` builds the SQL expressions selected and grouped by (aliases start with
    `g_`), `represent` turns a result row into the group's keys for the response and
    `sort_key` orders groups. `overlaps` marks dimensions under which one row may fall
    in several groups (an operation by two agencies), so totals cannot be summed from
    the groups.
    """

    columns: Callable[[], dict[str, Expression]]
    represent: Callable[[dict], dict]
    sort_key: Callable[[dict], tuple]
    overlaps: bool = False
    schema: dict = field(default_factory=dict)


def _nulls_last(value) -> tuple:
    return (value is None, value if value is not None else "")


def _place(code: str | None, name: str | None) -> dict | None:
    return {"code": code, "name": name} if code is not None else None


PLACE_SCHEMA = {
    "type": "object",
    "nullable": True,
    "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
}


def month_dimension() -> Dimension:
    """Month of the start date; year-precision records in a month-less group per year."""
    year_only = Q(date_precision=DatePrecision.YEAR)

    def columns() -> dict[str, Expression]:
        return {
            "g_month": Case(
                When(year_only, then=Value(None, output_field=DateField())),
                default=TruncMonth("date_start", output_field=DateField()),
                output_field=DateField(),
            ),
            "g_year_only": Case(
                When(year_only, then=ExtractYear("date_start")),
                default=Value(None, output_field=IntegerField()),
                output_field=IntegerField(),
            ),
        }

    def represent(row: dict) -> dict:
        month: datetime.date | None = row["g_month"]
        if month is not None:
            return {"month": month.strftime("%Y-%m")}
        return {"month": None, "year": row["g_year_only"], "precision": DatePrecision.YEAR.value}

    def sort_key(row: dict) -> tuple:
        # "2012" sorts just before "2012-01": a year's month-less group leads its months.
        month = row["g_month"]
        return (month.strftime("%Y-%m") if month is not None else f"{row['g_year_only']:04d}",)

    return Dimension(
        columns,
        represent,
        sort_key,
        schema={
            "month": {"type": "string", "nullable": True, "example": "2025-05", "description": "YYYY-MM"},
            "year": {"type": "integer", "description": "Only in the group of records known to the year."},
            "precision": {"type": "string", "enum": ["year"], "description": "Only with `year`, as above."},
        },
    )


def year_dimension() -> Dimension:
    return Dimension(
        lambda: {"g_year": ExtractYear("date_start")},
        lambda row: {"year": row["g_year"]},
        lambda row: (row["g_year"],),
        schema={"year": {"type": "integer"}},
    )


def place_dimension(level: str, code: Callable[[], Expression], name: str) -> Dimension:
    return Dimension(
        lambda: {f"g_{level}": code(), f"g_{level}_name": F(name)},
        lambda row: {level: _place(row[f"g_{level}"], row[f"g_{level}_name"])},
        lambda row: _nulls_last(row[f"g_{level}"]),
        schema={level: PLACE_SCHEMA},
    )


def code_dimension(key: str, field_name: str, choices: list[str] | None = None) -> Dimension:
    return Dimension(
        lambda: {f"g_{key}": F(field_name)},
        lambda row: {key: row[f"g_{key}"]},
        lambda row: _nulls_last(row[f"g_{key}"]),
        schema={key: {"type": "string", **({"enum": choices} if choices else {})}},
    )


class DistinctAgencies(Func):
    """One row per agency of an operation (each agency once); a null row when none is named.

    A set-returning function: PostgreSQL groups by it, so an operation by two agencies
    counts in both groups.
    """

    template = (
        "unnest(CASE WHEN cardinality(%(expressions)s) > 0 "
        "THEN ARRAY(SELECT DISTINCT veta_agency FROM unnest(%(expressions)s) AS veta_agency) "
        "ELSE ARRAY[NULL]::varchar[] END)"
    )
    output_field = CharField()


def agency_dimension(choices: list[str]) -> Dimension:
    return Dimension(
        lambda: {"g_agency": DistinctAgencies(F("agencies"))},
        lambda row: {"agency": row["g_agency"]},
        lambda row: _nulls_last(row["g_agency"]),
        overlaps=True,
        schema={
            "agency": {
                "type": "string",
                "nullable": True,
                "enum": [*choices, None],
                "description": "An operation counts once under each agency it names; null: no agency named.",
            }
        },
    )


# ---------------------------------------------------------------------------
# Query parameters


def parse_group_by(raw: list[str], dimensions: dict[str, Dimension], default: tuple[str, ...]) -> list[str]:
    known = ", ".join(dimensions)
    if not raw:
        return list(default)
    if len(raw) > 1:
        raise exceptions.ValidationError({"group_by": ["Give group_by once, with keys separated by a comma."]})
    keys = [key.strip() for key in raw[0].split(",")]
    unknown = [key for key in keys if key not in dimensions]
    if unknown:
        shown = ", ".join(repr(key) for key in unknown)
        raise exceptions.ValidationError({"group_by": [f"Unknown key {shown}; use one or two of: {known}."]})
    if len(keys) > 2:
        raise exceptions.ValidationError({"group_by": [f"Group by at most two keys; got {len(keys)}."]})
    if len(set(keys)) != len(keys):
        raise exceptions.ValidationError({"group_by": ["Give each key once."]})
    if set(keys) == {"month", "year"}:
        raise exceptions.ValidationError({"group_by": ["month already gives the year; use one of them."]})
    return keys


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """OpenAPI query parameters for a FilterSet's filters (APIViews get none from drf-spectacular)."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        field_class = getattr(filter_, "field_class", None)
        if isinstance(filter_, BaseCSVFilter) or field_class is None:
            kind = OpenApiTypes.STR
        elif issubclass(field_class, forms.DateTimeField):
            kind = OpenApiTypes.DATETIME
        elif issubclass(field_class, forms.DateField):
            kind = OpenApiTypes.DATE
        elif issubclass(field_class, forms.IntegerField):
            kind = OpenApiTypes.INT
        elif issubclass(field_class, forms.DecimalField):
            kind = OpenApiTypes.NUMBER
        else:
            kind = OpenApiTypes.STR
        description = filter_.extra.get("help_text") or filter_.label or ""
        parameters.append(OpenApiParameter(name, kind, description=str(description)))
    return parameters


class StatsSchema(AutoSchema):
    """Adds the view's filters to the documented parameters, looked up when the schema is built."""

    def get_override_parameters(self) -> list:
        parameters = super().get_override_parameters()
        try:
            filterset_class = self.view.get_filterset_class()
        except ImportError:
            return parameters
        return [*filter_parameters(filterset_class), *parameters]


# ---------------------------------------------------------------------------
# The views


def flat_cells(value, prefix: str = "") -> dict:
    """A group's JSON as flat CSV cells: {"killed": {"low": 3}} → {"killed_low": 3};
    {"region": {"code": "13", "name": "La Libertad"}} → region_code, region_name."""
    if isinstance(value, dict):
        cells: dict = {}
        for key, item in value.items():
            cells.update(flat_cells(item, f"{prefix}_{key}" if prefix else key))
        return cells
    return {prefix: value}


class StatsCSVRenderer(BaseRenderer):
    """`?format=csv`: one row per group, its keys then its figures (low, best and high per outcome, and
    `open`, the incidents whose figure is open above), in the order of the JSON; no totals row, so
    the columns sum to the totals. An error is answered as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        response = (renderer_context or {}).get("response")
        if not isinstance(data, dict) or "groups" not in data:
            if response is not None:
                response["Content-Type"] = "application/json"
            return orjson.dumps(data, default=str)
        rows = [flat_cells(group) for group in data["groups"]]
        names: list[str] = []
        for row in rows:
            names += [name for name in row if name not in names]
        if not rows:
            names = list(flat_cells(data["totals"]))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({name: neutralized(row.get(name)) for name in names} for row in rows)
        if response is not None:
            view = (renderer_context or {}).get("view")
            what = getattr(view, "csv_name", "stats")
            keys = "-".join(data.get("group_by", []))
            response["Content-Disposition"] = (
                f'attachment; filename="veta-{what}-by-{keys}-{timezone.localdate().isoformat()}.csv"'
            )
        return buffer.getvalue().encode("utf-8")


class StatsView(APIView):
    """Groups rows of `model` visible to the user, after the FilterSet's filters, by `group_by`."""

    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer, BrowsableRenderer, StatsCSVRenderer]
    csv_name = "stats"

    def perform_content_negotiation(self, request, force=False):
        """An unknown `format` is a refused parameter (400 naming it), not a missing page."""
        try:
            return super().perform_content_negotiation(request, force)
        except (exceptions.NotFound, Http404) as refused:
            raise exceptions.ValidationError({"format": ["Choose json or csv."]}) from refused

    schema = StatsSchema()
    model = None
    default_group_by: tuple[str, ...] = ("year",)
    non_filter_parameters = {"group_by", "format"}

    def get_filterset_class(self):
        raise NotImplementedError

    def dimensions(self) -> dict[str, Dimension]:
        raise NotImplementedError

    def visible(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def measures(self) -> dict[str, Expression]:
        """Aggregates per group; aliases start with `m_`."""
        raise NotImplementedError

    def represent_measures(self, row: dict) -> dict:
        raise NotImplementedError

    def extra(self, keys: list[str]) -> dict:
        """More top-level keys for the response."""
        return {}

    def validate_filters(self, request: Request) -> None:
        """Check the parameters and the filters' values (a 400 naming them), and keep the FilterSet."""
        filterset_class = self.get_filterset_class()
        known = set(filterset_class.base_filters) | self.non_filter_parameters
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            listed = ", ".join(sorted(known))
            raise exceptions.ValidationError(
                {name: [f"Unknown parameter; known ones are: {listed}."] for name in unknown}
            )
        data = request.query_params.copy()
        for name in self.non_filter_parameters:
            data.pop(name, None)
        filterset = filterset_class(data, queryset=self.visible(self.model.objects.all()), request=request)
        if not filterset.is_valid() or not refuse_non_ascii_numbers(filterset):
            raise filter_errors(filterset.errors)
        self.filterset = filterset

    def filtered(self) -> QuerySet:
        """The visible rows the filters select, as `pk IN (subquery)`.

        The subquery keeps joins made by filters (actors, say) from multiplying rows,
        which would inflate the sums.
        """
        return self.model.objects.filter(pk__in=self.filterset.qs.values("pk"))

    def grouped(self, keys: list[str], dimensions: dict[str, Dimension]) -> tuple[QuerySet, dict[str, Expression]]:
        """The grouped rows of the question (of `self.queryset`), and the measures they carry."""
        columns: dict[str, Expression] = {}
        for key in keys:
            columns.update(dimensions[key].columns())
        measures = self.measures()
        return self.queryset.order_by().values(**columns).annotate(**measures), measures

    def get(self, request: Request) -> Response:
        dimensions = self.dimensions()
        keys = parse_group_by(request.query_params.getlist("group_by"), dimensions, self.default_group_by)
        self.validate_filters(request)
        # Before the filters' querysets are built: an encoded answer needs none.
        encoded = self.encoded_answer(keys)
        if encoded is not None:
            return json_answer(request, encoded)
        queryset = self.queryset = self.filtered()
        grouped, measures = self.grouped(keys, dimensions)
        rows = list(grouped)
        rows.sort(key=lambda row: tuple(part for key in keys for part in dimensions[key].sort_key(row)))

        if any(dimensions[key].overlaps for key in keys):
            totals = queryset.order_by().aggregate(**measures)
        else:
            totals = {name: sum((row[name] for row in rows), start=self.zero(name)) for name in measures}

        groups = []
        for row in rows:
            group: dict = {}
            for key in keys:
                group.update(dimensions[key].represent(row))
            group.update(self.represent_measures(row))
            groups.append(group)
        return Response(
            {"group_by": keys, **self.extra(keys), "groups": groups, "totals": self.represent_measures(totals)}
        )

    def zero(self, name: str):
        return 0

    def encoded_answer(self, keys: list[str]) -> bytes | None:
        """The answer as JSON, when the view has a faster way to it than the GROUP BY (None: it has not)."""
        return None


def json_answer(request: Request, encoded: bytes) -> HttpResponseBase:
    """An answer encoded beforehand: sent as it is to JSON clients, decoded again for the browsable page."""
    if request.accepted_renderer.format == "json":
        return HttpResponse(encoded, content_type="application/json")
    return Response(orjson.loads(encoded))


def figures_schema() -> dict:
    return {
        "type": "object",
        "description": "Sums of the low, best and high figures (an unknown figure counts 0), and `open`: how many "
        "of the incidents have the figure open above (qualifier `at_least`). With `open` above 0 the total is "
        '"at least" its low sum.',
        "properties": {**{bound: {"type": "integer"} for bound in BOUNDS}, "open": {"type": "integer"}},
    }


def stats_response(dimensions: dict[str, Dimension], measures: dict, extra: dict | None = None) -> dict:
    group_properties: dict = {}
    for dimension in dimensions.values():
        group_properties.update(dimension.schema)
    group_properties.update(measures)
    return {
        "type": "object",
        "required": ["group_by", "groups", "totals"],
        "properties": {
            "group_by": {"type": "array", "items": {"type": "string", "enum": list(dimensions)}},
            **(extra or {}),
            "groups": {
                "type": "array",
                "description": "One object per group: its keys (those of group_by) and its figures.",
                "items": {"type": "object", "properties": group_properties},
            },
            "totals": {"type": "object", "properties": measures, "description": "The figures over all rows."},
        },
    }


def group_by_parameter(dimensions: dict[str, Dimension], default: tuple[str, ...]) -> OpenApiParameter:
    return OpenApiParameter(
        "group_by",
        str,
        description=f"One key, or two separated by a comma (e.g. `month,region`), among: {', '.join(dimensions)}. "
        f"Default: `{','.join(default)}`.",
    )


DATES_AND_PLACES = (
    "Dates: a record counts in the month or year of its start date, also when its range runs into the next "
    "month. One known only to the month counts in that month. One known only to the year is never put in a "
    'month: under `group_by=month` it falls in a group with `"month": null`, its `"year"` and '
    '`"precision": "year"`, one such group per year. Places: under `group_by=province`, records known only '
    'at region level fall in the group with `"province": null`; no province is guessed.'
)


# Incidents ------------------------------------------------------------------


def incident_dimensions() -> dict[str, Dimension]:
    return {
        "month": month_dimension(),
        "year": year_dimension(),
        "region": place_dimension("region", lambda: F("region_id"), "region__display_name"),
        "province": place_dimension("province", lambda: F("province_id"), "province__display_name"),
        "type": code_dimension("type", "incident_type", list(IncidentType.values)),
    }


INCIDENT_MEASURES_SCHEMA = {
    measures.COUNT: {"type": "integer"},
    **{outcome: figures_schema() for outcome in OUTCOMES},
}


# The measures of a group or of the totals, filled in with %: one whole number per measure.
MEASURES_JSON = measures.JSON_TEMPLATE


# Per grouping key: its part of a group's JSON, written by PostgreSQL (see incidents.rollup.grouped).
INCIDENT_KEY_JSON = {
    "month": (
        """CASE WHEN g_year_only THEN '"month":null,"year":' || extract(year FROM g_month)::int """
        f"""|| ',"precision":"{DatePrecision.YEAR.value}"' """
        """ELSE '"month":"' || to_char(g_month, 'YYYY-MM') || '"' END"""
    ),
    "year": """'"year":' || g_year""",
    "region": """'"region":{"code":' || to_json(g_region) || ',"name":' || to_json(g_region_name) || '}'""",
    "type": """'"type":' || to_json(g_type)""",
}


def encode_answer(keys: list[str], groups: str, totals: tuple[int, ...]) -> bytes:
    """The answer of IncidentStatsView, encoded, from its groups' JSON (comma-separated) and its totals."""
    group_by = orjson.dumps(keys).decode()
    return f'{{"group_by":{group_by},"groups":[{groups}],"totals":{{{MEASURES_JSON % totals}}}}}'.encode()


def encode_incident_groups(keys: list[str], rows: list[tuple]) -> bytes:
    """The answer of incidents.rollup.grouped's rows, as IncidentStatsView.get would give it, encoded.

    Written with string templates rather than dicts through DRF: with thousands of groups
    (month × type, say) building and encoding the dicts cost ten times the query.
    """
    group = "{" + "%s," * len(keys) + MEASURES_JSON + "}"
    columns = list(zip(*rows, strict=True))[len(keys) :] if rows else [()] * len(measures.NAMES)
    return encode_answer(keys, ",".join([group % row for row in rows]), tuple(sum(column) for column in columns))


class IncidentStatsView(StatsView):
    """Incidents and their tolls, grouped."""

    csv_name = "incident-stats"
    default_group_by = ("year",)

    model = Incident

    def get_filterset_class(self):
        return IncidentFilterSet

    def dimensions(self) -> dict[str, Dimension]:
        return incident_dimensions()

    def visible(self, queryset: QuerySet) -> QuerySet:
        return queryset.visible_to(self.request.user)

    def encoded_answer(self, keys: list[str]) -> bytes | None:
        """From the rollup table when it answers exactly (see incidents.rollup), else None: the GROUP BY."""
        cleaned = self.filterset.form.cleaned_data
        if not rollup.answerable(keys, rollup.applied_filters(cleaned)):
            return None
        sees_drafts = reader_sees_drafts(self.request.user)
        month_by_region = rollup.month_by_region(keys, cleaned, sees_drafts, INCIDENT_KEY_JSON["region"])
        if month_by_region is not None:
            return encode_answer(keys, *month_by_region)
        return encode_incident_groups(keys, rollup.grouped(keys, cleaned, sees_drafts, INCIDENT_KEY_JSON))

    def measures(self) -> dict[str, Expression]:
        return measures.aggregates(prefix="m_")

    def represent_measures(self, row: dict) -> dict:
        return measures.represent(row, prefix="m_")

    @extend_schema(
        operation_id="stats_incidents",
        summary="Incidents and their tolls, grouped",
        description="Counts incidents and sums their killed, injured, missing, kidnapped and rescued figures "
        "(low, best and high; an unknown figure counts 0) per group. Takes every filter of /api/v1/incidents/; "
        "the public sees published incidents only. " + DATES_AND_PLACES,
        parameters=[group_by_parameter(incident_dimensions(), ("year",))],
        responses={
            200: OpenApiResponse(
                response=stats_response(incident_dimensions(), INCIDENT_MEASURES_SCHEMA),
                examples=[
                    OpenApiExample(
                        "group_by=month,region",
                        value={
                            "group_by": ["month", "region"],
                            "groups": [
                                {
                                    "month": "2025-05",
                                    "region": {"code": "13", "name": "La Libertad"},
                                    "incidents": 1,
                                    "killed": {"low": 13, "best": 13, "high": 13},
                                    "injured": {"low": 0, "best": 0, "high": 0},
                                    "missing": {"low": 0, "best": 0, "high": 0},
                                    "kidnapped": {"low": 0, "best": 0, "high": 0},
                                    "rescued": {"low": 0, "best": 0, "high": 0},
                                }
                            ],
                            "totals": {
                                "incidents": 1,
                                "killed": {"low": 13, "best": 13, "high": 13},
                                "injured": {"low": 0, "best": 0, "high": 0},
                                "missing": {"low": 0, "best": 0, "high": 0},
                                "kidnapped": {"low": 0, "best": 0, "high": 0},
                                "rescued": {"low": 0, "best": 0, "high": 0},
                            },
                        },
                    )
                ],
            ),
            400: OpenApiResponse(description="Unknown group_by key, or an invalid or unknown filter (named)."),
        },
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


# Enforcement operations -------------------------------------------------------


def operation_dimensions() -> dict[str, Dimension]:
    return {
        "month": month_dimension(),
        "year": year_dimension(),
        "region": place_dimension("region", lambda: F("region_id"), "region__display_name"),
        "agency": agency_dimension(list(Agency.values)),
        "kind": code_dimension("kind", "kind", list(OperationKind.values)),
    }


OPERATION_MEASURES_SCHEMA = {
    "operations": {"type": "integer"},
    "value_destroyed": {
        "type": "string",
        "format": "decimal",
        "description": "Soles, summed over the operations that give a value (as a string, exact).",
    },
    "operations_with_value": {"type": "integer", "description": "How many of them give a value destroyed."},
    "arrests": {"type": "integer"},
    "operations_with_arrests": {"type": "integer", "description": "How many of them give a number of arrests."},
}


class OperationStatsView(StatsView):
    """Single enforcement operations, grouped; official summary reports are not added in."""

    csv_name = "operation-stats"
    default_group_by = ("year",)

    model = EnforcementOperation

    def get_filterset_class(self):
        # Imported when used: enforcement.filtersets is written alongside this module.

        return EnforcementOperationFilterSet

    def dimensions(self) -> dict[str, Dimension]:
        return operation_dimensions()

    def visible(self, queryset: QuerySet) -> QuerySet:
        return published_or_visible(queryset, self.request.user)

    def measures(self) -> dict[str, Expression]:
        money = DecimalField(max_digits=20, decimal_places=2)
        return {
            "m_operations": Count("pk"),
            "m_value_destroyed": Coalesce(Sum("value_destroyed"), Value(Decimal("0.00")), output_field=money),
            "m_operations_with_value": Count("value_destroyed"),
            "m_arrests": Coalesce(Sum("arrests"), 0),
            "m_operations_with_arrests": Count("arrests"),
        }

    def zero(self, name: str):
        return Decimal("0.00") if name == "m_value_destroyed" else 0

    def represent_measures(self, row: dict) -> dict:
        return {
            "operations": row["m_operations"],
            "value_destroyed": f"{row['m_value_destroyed']:.2f}",
            "operations_with_value": row["m_operations_with_value"],
            "arrests": row["m_arrests"],
            "operations_with_arrests": row["m_operations_with_arrests"],
        }

    def extra(self, keys: list[str]) -> dict:
        return {"excludes_summary_reports": True, "groups_overlap": "agency" in keys}

    @extend_schema(
        operation_id="stats_operations",
        summary="Enforcement operations, grouped",
        description="Counts single enforcement operations and sums the value they destroyed and their arrests "
        "per group. The totals of official summary reports (/api/v1/operation-reports/) are NOT included — "
        'the same operations may be counted there — and the answer says so with `"excludes_summary_reports": '
        "true`. Under `group_by=agency` an operation counts once under each agency it names, so the groups "
        'overlap (`"groups_overlap": true`) and the totals count each operation once. Takes every filter of '
        "/api/v1/operations/; the public sees published operations only. " + DATES_AND_PLACES,
        parameters=[group_by_parameter(operation_dimensions(), ("year",))],
        responses={
            200: OpenApiResponse(
                response=stats_response(
                    operation_dimensions(),
                    OPERATION_MEASURES_SCHEMA,
                    {
                        "excludes_summary_reports": {"type": "boolean", "enum": [True]},
                        "groups_overlap": {"type": "boolean"},
                    },
                ),
                examples=[
                    OpenApiExample(
                        "group_by=kind",
                        value={
                            "group_by": ["kind"],
                            "excludes_summary_reports": True,
                            "groups_overlap": False,
                            "groups": [
                                {
                                    "kind": "camp_dismantled",
                                    "operations": 1,
                                    "value_destroyed": "0.00",
                                    "operations_with_value": 0,
                                    "arrests": 0,
                                    "operations_with_arrests": 0,
                                }
                            ],
                            "totals": {
                                "operations": 1,
                                "value_destroyed": "0.00",
                                "operations_with_value": 0,
                                "arrests": 0,
                                "operations_with_arrests": 0,
                            },
                        },
                    )
                ],
            ),
            400: OpenApiResponse(description="Unknown group_by key, or an invalid or unknown filter (named)."),
        },
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


# REINFO ---------------------------------------------------------------------------


def reinfo_dimensions() -> dict[str, Dimension]:
    return {
        "status": code_dimension("status", "status", list(ReinfoStatus.values)),
        "region": place_dimension("region", lambda: Left("district_id", 2), "district__province__region__display_name"),
    }


class ReinfoStatsView(StatsView):
    """REINFO registrations by status and region."""

    csv_name = "reinfo-stats"
    default_group_by = ("status", "region")

    model = ReinfoRecord

    def get_filterset_class(self):
        # Imported when used: enforcement.filtersets is written alongside this module.

        return ReinfoRecordFilterSet

    def dimensions(self) -> dict[str, Dimension]:
        return reinfo_dimensions()

    def measures(self) -> dict[str, Expression]:
        return {"m_records": Count("pk")}

    def represent_measures(self, row: dict) -> dict:
        return {"records": row["m_records"]}

    @extend_schema(
        operation_id="stats_reinfo",
        summary="REINFO registrations by status and region",
        description="Counts REINFO records per status and region (the region of the record's district). "
        "Takes every filter of /api/v1/reinfo-records/.",
        parameters=[group_by_parameter(reinfo_dimensions(), ("status", "region"))],
        responses={
            200: OpenApiResponse(
                response=stats_response(reinfo_dimensions(), {"records": {"type": "integer"}}),
                examples=[
                    OpenApiExample(
                        "default grouping",
                        value={
                            "group_by": ["status", "region"],
                            "groups": [
                                {"status": "vigente", "region": {"code": "17", "name": "Madre de Dios"}, "records": 2}
                            ],
                            "totals": {"records": 2},
                        },
                    )
                ],
            ),
            400: OpenApiResponse(description="Unknown group_by key, or an invalid or unknown filter (named)."),
        },
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


urlpatterns = [
    path("incidents/", IncidentStatsView.as_view(), name="stats-incidents"),
    path("operations/", OperationStatsView.as_view(), name="stats-operations"),
    path("reinfo/", ReinfoStatsView.as_view(), name="stats-reinfo"),
]
