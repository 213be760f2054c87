"""Incident statistics from the rollup table, when a question can be answered from it exactly.

`incidents_incidentrollup` holds, per status, region, type, start month, end month and
"dated only to the year", the measures of `incidents.measures` (the number of incidents
and the sums of their figures). Statement triggers keep it in step with
`incidents_incident` in the same transaction as every change; their SQL is written here,
from the rollup models' `_meta` (key and measure columns) and the measures' declaration
(`trigger_sql`), and installed by migrations (incidents/0001_squashed_0024).

A question is answered from it when it groups only by month, year, region and type, and
filters only by region, type and dates. Whole months come from the rollup: `date_from`
(records ending on or after it) keeps the rows whose end month is that month or later when
it falls on a first day, else the rows ending from the next month on; `date_to` likewise
with start months. The incidents of the partial months at either edge are read from
`incidents_incident` (an indexed date range) and added in the same query. Anything else —
provinces, districts, actors, words, tolls — goes to the GROUP BY over incidents, which
gives the same answers, only slower.

Questions by month, year and region alone, filtered by region at most, read
`incidents_incidentregionmonthrollup` instead: one row per
region and month for the reader's audience. Month × region, the largest answer (thousands
of groups), is then its rows as they are, with the JSON of their months and figures kept
in them (`month_by_region`).
"""

import datetime
from dataclasses import dataclass

from django.db import connection, models

from core.choices import DatePrecision, ModerationStatus
from incidents import measures

FILTERS = {"region", "type", "date_from", "date_to"}
GROUP_KEYS = {"month", "year", "region", "type"}
REGION_MONTH_KEYS = {"month", "year", "region"}
MEASURES = ", ".join(measures.NAMES)

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
        f"year_only, region_id, incident_type, {MEASURES} "
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
    one = ", ".join(measure.sql_of_one_incident() for measure in measures.MEASURES)
    sql += (
        " UNION ALL SELECT date_trunc(CASE WHEN date_precision = %s THEN 'year' ELSE 'month' END, date_start)::date, "
        f"date_precision = %s, region_id, incident_type, {one} "
        f"FROM incidents_incident WHERE {' AND '.join(edge)}"
    )
    return sql, [*parameters, DatePrecision.YEAR.value, DatePrecision.YEAR.value, *edge_parameters]


def _region_month_conditions(keys: list[str], cleaned: dict, sees_drafts: bool) -> tuple[str, list] | None:
    """WHERE of the audience's rows of the region × month rollup, when the question needs neither types nor dates.

    (Its year-dated rows are filed under January, not the start month dates would compare with.)
    """
    if not set(keys) <= REGION_MONTH_KEYS or any(cleaned.get(name) for name in ("type", "date_from", "date_to")):
        return None
    conditions = ["with_drafts = %s", "incidents > 0"]
    parameters: list = [sees_drafts]
    if cleaned.get("region"):
        conditions.append("region_id = ANY(%s)")
        parameters.append(list(cleaned["region"]))
    return " AND ".join(conditions), parameters


def _rows_of_the_region_month_rollup(keys: list[str], cleaned: dict, sees_drafts: bool) -> tuple[str, list] | None:
    where = _region_month_conditions(keys, cleaned, sees_drafts)
    if where is None:
        return None
    sql = f"SELECT month, year_only, region_id, {MEASURES} FROM incidents_incidentregionmonthrollup WHERE {where[0]}"
    return sql, where[1]


def month_by_region(
    keys: list[str], cleaned: dict, sees_drafts: bool, region_json: str
) -> tuple[str, tuple[int, ...]] | None:
    """Month × region groups as JSON, one per row of the audience's region × month rollup; None if not answerable.

    Gives the groups' JSON objects, comma-separated and sorted, each with its keys in the
    order of `keys` (the month's JSON kept in the row, the region's written from
    `region_json`, SQL over `g_region` and `g_region_name`) and its figures' JSON, kept
    in the row; then the measures summed over all groups. Nothing is
    added up or written per group at read time: the answer with the most groups costs
    a read of its rows, in one query.
    """
    where = _region_month_conditions(keys, cleaned, sees_drafts) if set(keys) == {"month", "region"} else None
    if where is None:
        return None
    conditions, parameters = where
    parts = " || ',' || ".join({"month": "month_json", "region": "region.json"}[key] for key in keys)
    order = ", ".join(KEY_COLUMNS[key][1] for key in keys)
    totals = ", ".join(measures.sql_sums(coalesce=True))
    sql = (
        f"SELECT COALESCE(string_agg('{{' || {parts} || ',' || figures_json || '}}', ',' ORDER BY {order}), ''), "
        f"{totals} FROM (SELECT month AS g_month, year_only AS g_year_only, region_id AS g_region, month_json, "
        f"figures_json, {MEASURES} FROM incidents_incidentregionmonthrollup WHERE {conditions}) "
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
    `g_region_name`; `g_type`). Then the measures (`incidents.measures.NAMES`).
    """
    region_month = _rows_of_the_region_month_rollup(keys, cleaned, sees_drafts)
    rows_sql, parameters = region_month or _rows_of_the_question(cleaned, sees_drafts)
    columns = {alias: sql for key in keys for alias, sql in KEY_COLUMNS[key][0].items()}
    selected = ", ".join(f"{sql} AS {alias}" for alias, sql in columns.items())
    join = "JOIN regions_region region ON region.code = question.region_id" if "region" in keys else ""
    sums = ", ".join(f"{sql} AS {name}" for sql, name in zip(measures.sql_sums(), measures.NAMES, strict=True))
    positions = ", ".join(str(position) for position in range(1, len(columns) + 1))
    grouping = f"GROUP BY {positions} HAVING sum(incidents) > 0"
    order = ", ".join(KEY_COLUMNS[key][1] for key in keys)
    sql = (
        f"SELECT {', '.join(key_json[key] for key in keys)}, {MEASURES} "
        f"FROM (SELECT {selected}, {sums} FROM ({rows_sql}) question {join} {grouping}) groups ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def totals(cleaned: dict, sees_drafts: bool) -> dict[str, int]:
    """The measures over every incident of the question (see `answerable`), by name, in one query."""
    rows_sql, parameters = _rows_of_the_region_month_rollup([], cleaned, sees_drafts) or _rows_of_the_question(
        cleaned, sees_drafts
    )
    sums = ", ".join(measures.sql_sums(coalesce=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sums} FROM ({rows_sql}) question", parameters)
        return dict(zip(measures.NAMES, cursor.fetchone(), strict=True))


# ---------------------------------------------------------------------------
# The triggers that keep the rollups, written from the rollup models and the measures.

# How each key column of a rollup is computed from a row of `incidents_incident`.
KEY_SQL = {
    "status": "status",
    "region_id": "region_id",
    "incident_type": "incident_type",
    "start_month": "date_trunc('month', date_start)::date",
    "end_month": "date_trunc('month', date_end)::date",
    "year_only": f"date_precision = '{DatePrecision.YEAR.value}'",
    # Year-dated incidents are filed under January of their year.
    "month": f"date_trunc(CASE WHEN date_precision = '{DatePrecision.YEAR.value}' THEN 'year' ELSE 'month' END, "
    "date_start)::date",
    "with_drafts": "audience.with_drafts",
}
# A rollup keyed by audience counts each incident in every audience that sees it.
AUDIENCES = (
    "JOIN (VALUES (false), (true)) AS audience (with_drafts) "
    f"ON audience.with_drafts OR status = '{ModerationStatus.PUBLISHED.value}'"
)
TRIGGERS = {
    "incident_rollup_insert": "AFTER INSERT ON incidents_incident REFERENCING NEW TABLE AS new_rows",
    "incident_rollup_update": "AFTER UPDATE ON incidents_incident "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "incident_rollup_delete": "AFTER DELETE ON incidents_incident REFERENCING OLD TABLE AS old_rows",
    "incident_rollup_truncate": "AFTER TRUNCATE ON incidents_incident",
}
DROP_TRIGGERS = "".join(f"DROP TRIGGER IF EXISTS {name} ON incidents_incident;\n" for name in TRIGGERS) + (
    "DROP FUNCTION IF EXISTS veta_incident_rollup();\n"
)


@dataclass(frozen=True)
class RollupLayout:
    """A rollup table as its model declares it: the key columns (its unique constraint) and the measure columns."""

    table: str
    key: tuple[str, ...]
    measures: tuple[str, ...]

    @classmethod
    def of(cls, model: type[models.Model]) -> "RollupLayout":
        """Read from the model's `_meta` (a historical model in migrations)."""
        meta = model._meta
        constraint = next(c for c in meta.constraints if isinstance(c, models.UniqueConstraint))
        key = tuple(meta.get_field(name).column for name in constraint.fields)
        columns = tuple(field.column for field in meta.concrete_fields if not field.primary_key)
        # The measures in their declared order (a column added by a later migration sits last in
        # the table), so the SQL written for the models and for a migration's models is the same.
        order = {name: position for position, name in enumerate(measures.NAMES)}
        kept = [column for column in columns if column not in key]
        return cls(meta.db_table, key, tuple(sorted(kept, key=lambda column: order.get(column, len(order)))))

    def measure(self, column: str) -> measures.Measure:
        return measures.BY_NAME.get(column) or measures.Measure(column, column)

    def grouped(self, rows: str, sign: str = "") -> str:
        """The signed per-key measures of `rows` (a table or transition table of incidents), in key order."""
        keys = ", ".join(KEY_SQL[column] for column in self.key)
        sums = ", ".join(self.measure(column).sql_over_incidents(sign) for column in self.measures)
        join = AUDIENCES if "with_drafts" in self.key else ""
        positions = ", ".join(str(position) for position in range(1, len(self.key) + 1))
        return f"SELECT {keys}, {sums} FROM {rows} {join} GROUP BY {positions} ORDER BY {positions}"

    def upsert(self, rows: str, sign: str) -> str:
        """Add `rows`' measures to their groups; upserts go in key order, so concurrent statements lock alike."""
        columns = ", ".join([*self.key, *self.measures])
        updates = ", ".join(f"{column} = r.{column} + EXCLUDED.{column}" for column in self.measures)
        return (
            f"INSERT INTO {self.table} AS r ({columns}) {self.grouped(rows, sign)} "
            f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {updates};"
        )

    def clean(self) -> str:
        """Delete the groups of `old_rows` left without incidents (every audience's)."""
        key = [column for column in self.key if column != "with_drafts"]
        selected = ", ".join(f"{KEY_SQL[column]} AS {column}" for column in key)
        return (
            f"DELETE FROM {self.table} r USING (SELECT DISTINCT {selected} FROM old_rows) k "
            f"WHERE r.{measures.COUNT} = 0 AND ({', '.join(f'r.{c}' for c in key)}) = "
            f"({', '.join(f'k.{c}' for c in key)});"
        )

    def fill(self) -> str:
        """Rebuild the table from every incident, in one set-based statement."""
        return (
            f"DELETE FROM {self.table}; INSERT INTO {self.table} ({', '.join([*self.key, *self.measures])}) "
            f"{self.grouped('incidents_incident')};"
        )


def trigger_sql(*rollups: type[models.Model]) -> str:
    """The trigger function keeping `rollups` in step with `incidents_incident`, and its statement triggers.

    The triggers read the rows each statement inserted, updated or deleted (transition
    tables), so a COPY of a million rows costs one grouped upsert per rollup, not a million.
    """
    layouts = [RollupLayout.of(model) for model in rollups]
    truncate = " ".join(f"DELETE FROM {layout.table};" for layout in layouts)
    old = " ".join(layout.upsert("old_rows", "-") for layout in layouts)
    new = " ".join(layout.upsert("new_rows", "") for layout in layouts)
    clean = " ".join(layout.clean() for layout in layouts)
    triggers = "".join(
        f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION veta_incident_rollup();\n"
        for name, when in TRIGGERS.items()
    )
    return f"""{DROP_TRIGGERS}
CREATE FUNCTION veta_incident_rollup() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        {truncate}
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {old}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {new}
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {clean}
    END IF;
    RETURN NULL;
END;
$$;
{triggers}"""


def fill_sql(*rollups: type[models.Model]) -> str:
    """Rebuild `rollups` from every incident, each in one grouped INSERT."""
    return "\n".join(RollupLayout.of(model).fill() for model in rollups)


# The JSON of a region × month row's month and measures, as /api/v1/stats/incidents/ writes them,
# kept in the row as generated columns: month × region answers hold thousands of groups, and
# writing them at every read cost more than the query.
MONTH_JSON = (
    'CASE WHEN year_only THEN \'"month":null,"year":\' || extract(year FROM month)::int::text '
    f'|| \',"precision":"{DatePrecision.YEAR.value}"\' ELSE \'"month":"\' || extract(year FROM month)::int::text '
    # to_char depends on the locale: a generated column needs an immutable expression.
    "|| '-' || lpad(extract(month FROM month)::int::text, 2, '0') || '\"' END"
)


def json_columns_sql(region_month_rollup: type[models.Model]) -> str:
    """Add the generated JSON columns of the region × month rollup (`month_json`, `figures_json`)."""
    layout = RollupLayout.of(region_month_rollup)
    figures_json = measures.json_sql(columns=set(layout.measures))
    return (
        f"ALTER TABLE {layout.table} ADD COLUMN month_json text GENERATED ALWAYS AS ({MONTH_JSON}) STORED, "
        f"ADD COLUMN figures_json text GENERATED ALWAYS AS ({figures_json}) STORED;"
    )


DROP_JSON_COLUMNS = (
    "ALTER TABLE incidents_incidentregionmonthrollup DROP COLUMN IF EXISTS month_json, "
    "DROP COLUMN IF EXISTS figures_json;"
)
