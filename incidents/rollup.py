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
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from incidents.choices import FIGURE_OUTCOMES
from veta.choices import DatePrecision, ModerationStatus

FILTERS = {"region", "type", "date_from", "date_to"}
GROUP_KEYS = {"month", "year", "region", "type"}
FIGURES = [f"{outcome}_{bound}" for outcome in FIGURE_OUTCOMES for bound in ("low", "best", "high")]

# Per grouping key: the columns it selects from the rows of the question (named as the
# readers of `grouped` expect), and how its groups sort — as the Python sort of the GROUP BY
# over incidents does, hence the "C" collation (code points).
KEY_COLUMNS = {
    "month": (
        {
            "g_month": "CASE WHEN year_only THEN NULL ELSE to_char(start_month, 'YYYY-MM') END",
            "g_year_only": "CASE WHEN year_only THEN extract(year FROM start_month)::int END",
        },
        # "2012" sorts just before "2012-01": a year's month-less group leads its months.
        "COALESCE(g_month, lpad(g_year_only::text, 4, '0')) COLLATE \"C\"",
    ),
    "year": ({"g_year": "extract(year FROM start_month)::int"}, "g_year"),
    "region": ({"g_region": "region_id", "g_region_name": "region.display_name"}, 'g_region COLLATE "C"'),
    "type": ({"g_type": "incident_type"}, 'g_type COLLATE "C"'),
}


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
        f"SELECT start_month, year_only, region_id, incident_type, incidents, {', '.join(FIGURES)} "
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
        " UNION ALL SELECT date_trunc('month', date_start)::date, date_precision = %s, region_id, incident_type, 1, "
        f"{figures} FROM incidents_incident WHERE {' AND '.join(edge)}"
    )
    return sql, [*parameters, DatePrecision.YEAR.value, *edge_parameters]


def grouped(keys: list[str], cleaned: dict, sees_drafts: bool) -> list[tuple]:
    """One tuple per group, sorted as the statistics list them.

    Each holds the key columns (month: "YYYY-MM" or None and the year of a year-dated
    group; year; region code and name; type), then the incident count and the fifteen sums.
    """
    rows_sql, parameters = _rows_of_the_question(cleaned, sees_drafts)
    columns = {alias: sql for key in keys for alias, sql in KEY_COLUMNS[key][0].items()}
    selected = ", ".join(f"{sql} AS {alias}" for alias, sql in columns.items())
    group = ", ".join(str(position) for position in range(1, len(columns) + 1))
    sums = ", ".join(f"sum({name})::bigint" for name in ["incidents", *FIGURES])
    join = "JOIN regions_region region ON region.code = question.region_id" if "region" in keys else ""
    order = ", ".join(KEY_COLUMNS[key][1] for key in keys)
    sql = (
        f"SELECT * FROM (SELECT {selected}, {sums} FROM ({rows_sql}) question {join} "
        f"GROUP BY {group} HAVING sum(incidents) > 0) groups ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()
