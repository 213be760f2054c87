"""Incident statistics from the rollup table, when a question can be answered from it exactly.

`incidents_incidentrollup` holds, per status, synthetic flag, region, type, start month,
end month and "dated only to the year", the number of incidents and the sums of their
fifteen figures. Statement triggers (migration incidents/0009) keep it in step with
`incidents_incident` in the same transaction as every change.

A question is answered from it when it groups only by month, year, region and type, and
filters only by region, type and dates. Whole months come from the rollup: `date_from`
(records ending on or after it) keeps the rows whose end month is that month or later when
it falls on a first day, else the rows ending from the next month on; `date_to` likewise
with start months. The incidents of the partial months at either edge are read from
`incidents_incident` (an indexed date range) and added in the same query. Anything else —
provinces, districts, actors, words, tolls — goes to the GROUP BY over incidents, which
gives the same answers, only slower.

Questions by month, year and region alone, filtered by region at most, read
`incidents_incidentregionmonthrollup` instead (migration incidents/0014): one row per
region and month for the reader's audience. Month × region, the largest answer (thousands
of groups), is then its rows as they are, with the JSON of their months and figures kept
in them (`month_by_region`).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from core.choices import DatePrecision, ModerationStatus
from incidents.choices import FIGURE_FIELDS

FILTERS = {"region", "type", "date_from", "date_to"}
GROUP_KEYS = {"month", "year", "region", "type"}
REGION_MONTH_KEYS = {"month", "year", "region"}
FIGURES = list(FIGURE_FIELDS)

# Per grouping key: the columns of a group it stands for (over the rows of the question),
# and how its groups sort — as the Python sort of the GROUP BY over incidents does, hence
# the "C" collation (code points) for codes.
KEY_COLUMNS = {
    # A year-dated group leads its year's months: its rows carry January and sort before it.
    "month": ({"g_month": "month", "g_year_only": "year_only"}, "g_month, g_year_only DESC"),
    "year": ({"g_year": "extract(year FROM month)::int"}, "g_year"),
    "region": ({"g_region": "region_id", "g_region_name": "region.display_name"}, 'g_region COLLATE "C"'),
    "type": ({"g_type": "incident_type"}, 'g_type COLLATE "C"'),
}


def applied_filters(cleaned: dict) -> set[str]:
    """The filters a valid form's cleaned data applies: every one with a value (False and 0 included)."""
    return {name for name, value in cleaned.items() if value is not None and value != "" and value != []}


def answerable(keys: list[str], given: set[str]) -> bool:
    """Whether the rollup (with the partial months read from incidents) gives exactly the GROUP BY's answer."""
    return set(keys) <= GROUP_KEYS and given <= FILTERS


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class DateSpan:
    """`date_from`/`date_to` split into the whole months the rollup answers and the partial edges.

    A record matches when `date_end >= date_from` and `date_start <= date_to`. The rollup
    rows that match for sure are those ending in `whole_from`'s month or later and starting
    by `whole_to`; the other matching records end before `whole_from` or start after
    `whole_to`, in the partial month at an edge.
    """

    date_from: datetime.date | None
    date_to: datetime.date | None

    @property
    def whole_from(self) -> datetime.date | None:
        """First day of the first month the rollup counts whole."""
        if self.date_from is None or self.date_from.day == 1:
            return self.date_from
        return _first_of_next_month(self.date_from)

    @property
    def whole_to(self) -> datetime.date | None:
        """Last day of the last month the rollup counts whole."""
        if self.date_to is None or _first_of_next_month(self.date_to) - datetime.timedelta(days=1) == self.date_to:
            return self.date_to
        return self.date_to.replace(day=1) - datetime.timedelta(days=1)

    @property
    def has_partial_months(self) -> bool:
        return self.whole_from != self.date_from or self.whole_to != self.date_to


def _where(cleaned: dict, sees_drafts: bool) -> tuple[list[str], list]:
    """Conditions shared by the rollup and incidents tables (same column names), and their parameters."""
    conditions, parameters = [], []
    if not sees_drafts:
        conditions.append("status = %s")
        parameters.append(ModerationStatus.PUBLISHED.value)
    if not settings.SHOW_SYNTHETIC:
        conditions.append("NOT is_synthetic")
    if cleaned.get("region"):
        conditions.append("region_id = ANY(%s)")
        parameters.append(list(cleaned["region"]))
    if cleaned.get("type"):
        conditions.append("incident_type = ANY(%s)")
        parameters.append(list(cleaned["type"]))
    return conditions, parameters


def _rows_of_the_question(cleaned: dict, sees_drafts: bool) -> tuple[str, list]:
    """SQL for the rows to group: rollup rows for the whole months, single incidents for the partial ones."""
    span = DateSpan(cleaned.get("date_from"), cleaned.get("date_to"))
    shared, shared_parameters = _where(cleaned, sees_drafts)

    whole, parameters = list(shared), list(shared_parameters)
    if span.whole_from is not None:
        whole.append("end_month >= %s")
        parameters.append(span.whole_from)
    if span.whole_to is not None:
        whole.append("start_month <= %s")
        parameters.append(span.whole_to)
    sql = (
        "SELECT CASE WHEN year_only THEN date_trunc('year', start_month)::date ELSE start_month END AS month, "
        f"year_only, region_id, incident_type, incidents, {', '.join(FIGURES)} "
        f"FROM incidents_incidentrollup WHERE {' AND '.join(whole) or 'TRUE'}"
    )
    if not span.has_partial_months:
        return sql, parameters

    edge, edge_parameters = list(shared), list(shared_parameters)
    if span.date_from is not None:
        edge.append("date_end >= %s")
        edge_parameters.append(span.date_from)
    if span.date_to is not None:
        edge.append("date_start <= %s")
        edge_parameters.append(span.date_to)
    partial = []
    if span.whole_from != span.date_from:
        # Ends in date_from's month. date_end is not indexed: bound date_start by the
        # earliest start month of such records, which the rollup knows, for the date index.
        same = " AND ".join([*shared, "end_month = %s"])
        partial.append(
            f"(date_end < %s AND date_start < %s AND date_start >= "
            f"(SELECT min(start_month) FROM incidents_incidentrollup WHERE {same}))"
        )
        edge_parameters += [span.whole_from, span.whole_from, *shared_parameters, span.date_from.replace(day=1)]
    if span.whole_to != span.date_to:
        partial.append("date_start > %s")
        edge_parameters.append(span.whole_to)
    edge.append(f"({' OR '.join(partial)})")
    figures = ", ".join(f"COALESCE({name}, 0)" for name in FIGURES)
    sql += (
        " UNION ALL SELECT date_trunc(CASE WHEN date_precision = %s THEN 'year' ELSE 'month' END, date_start)::date, "
        f"date_precision = %s, region_id, incident_type, 1, {figures} "
        f"FROM incidents_incident WHERE {' AND '.join(edge)}"
    )
    return sql, [*parameters, DatePrecision.YEAR.value, DatePrecision.YEAR.value, *edge_parameters]


def _region_month_conditions(keys: list[str], cleaned: dict, sees_drafts: bool) -> tuple[str, list] | None:
    """WHERE of the audience's rows of the region × month rollup, when the question needs neither types nor dates.

    (Its year-dated rows are filed under January, not the start month dates would compare with.)
    """
    if not set(keys) <= REGION_MONTH_KEYS or any(cleaned.get(name) for name in ("type", "date_from", "date_to")):
        return None
    conditions = ["with_drafts = %s", "with_synthetic = %s", "incidents > 0"]
    parameters: list = [sees_drafts, settings.SHOW_SYNTHETIC]
    if cleaned.get("region"):
        conditions.append("region_id = ANY(%s)")
        parameters.append(list(cleaned["region"]))
    return " AND ".join(conditions), parameters


def _rows_of_the_region_month_rollup(keys: list[str], cleaned: dict, sees_drafts: bool) -> tuple[str, list] | None:
    where = _region_month_conditions(keys, cleaned, sees_drafts)
    if where is None:
        return None
    sql = (
        f"SELECT month, year_only, region_id, incidents, {', '.join(FIGURES)} "
        f"FROM incidents_incidentregionmonthrollup WHERE {where[0]}"
    )
    return sql, where[1]


def month_by_region(
    keys: list[str], cleaned: dict, sees_drafts: bool, region_json: str
) -> tuple[str, tuple[int, ...]] | None:
    """Month × region groups as JSON, one per row of the audience's region × month rollup; None if not answerable.

    Gives the groups' JSON objects, comma-separated and sorted, each with its keys in the
    order of `keys` (the month's JSON kept in the row, the region's written from
    `region_json`, SQL over `g_region` and `g_region_name`) and its figures' JSON, kept
    in the row; then the incident count and the fifteen sums over all groups. Nothing is
    added up or written per group at read time: the answer with the most groups costs
    a read of its rows, in one query.
    """
    where = _region_month_conditions(keys, cleaned, sees_drafts) if set(keys) == {"month", "region"} else None
    if where is None:
        return None
    conditions, parameters = where
    parts = " || ',' || ".join({"month": "month_json", "region": "region.json"}[key] for key in keys)
    order = ", ".join(KEY_COLUMNS[key][1] for key in keys)
    totals = ", ".join(f"COALESCE(sum({name}), 0)::bigint" for name in ["incidents", *FIGURES])
    sql = (
        f"SELECT COALESCE(string_agg('{{' || {parts} || ',' || figures_json || '}}', ',' ORDER BY {order}), ''), "
        f"{totals} FROM (SELECT month AS g_month, year_only AS g_year_only, region_id AS g_region, month_json, "
        f"figures_json, incidents, {', '.join(FIGURES)} FROM incidents_incidentregionmonthrollup WHERE {conditions}) "
        f"question JOIN (SELECT g_region AS code, {region_json} AS json FROM (SELECT code AS g_region, "
        "display_name AS g_region_name FROM regions_region) names) region ON region.code = question.g_region"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        groups, *totals_row = cursor.fetchone()
        return groups, tuple(totals_row)


def grouped(keys: list[str], cleaned: dict, sees_drafts: bool, key_json: dict[str, str]) -> list[tuple]:
    """One tuple per group, sorted as the statistics list them.

    Each holds, per key, its part of the group's JSON, written by PostgreSQL from
    `key_json[key]`: SQL over the key's columns (`g_month`, a first day, and `g_year_only`,
    true for the group of a year's year-dated records; `g_year`; `g_region` and
    `g_region_name`; `g_type`). Then the incident count and the fifteen sums.
    """
    region_month = _rows_of_the_region_month_rollup(keys, cleaned, sees_drafts)
    rows_sql, parameters = region_month or _rows_of_the_question(cleaned, sees_drafts)
    columns = {alias: sql for key in keys for alias, sql in KEY_COLUMNS[key][0].items()}
    selected = ", ".join(f"{sql} AS {alias}" for alias, sql in columns.items())
    join = "JOIN regions_region region ON region.code = question.region_id" if "region" in keys else ""
    measures = ", ".join(f"sum({name})::bigint AS {name}" for name in ["incidents", *FIGURES])
    positions = ", ".join(str(position) for position in range(1, len(columns) + 1))
    grouping = f"GROUP BY {positions} HAVING sum(incidents) > 0"
    order = ", ".join(KEY_COLUMNS[key][1] for key in keys)
    sql = (
        f"SELECT {', '.join(key_json[key] for key in keys)}, {', '.join(['incidents', *FIGURES])} "
        f"FROM (SELECT {selected}, {measures} FROM ({rows_sql}) question {join} {grouping}) groups ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def totals(cleaned: dict, sees_drafts: bool) -> tuple[int, ...]:
    """The incident count and the fifteen sums over every incident of the question (see `answerable`), in one query."""
    rows_sql, parameters = _rows_of_the_region_month_rollup([], cleaned, sees_drafts) or _rows_of_the_question(
        cleaned, sees_drafts
    )
    sums = ", ".join(f"COALESCE(sum({name}), 0)::bigint" for name in ["incidents", *FIGURES])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sums} FROM ({rows_sql}) question", parameters)
        return cursor.fetchone()
