"""Incidents as the API shows them, rendered to JSON by PostgreSQL in one query.

`IncidentSerializer` builds each incident field by field with its claims, casualties, actors
and sources; for a page of 100 that is most of the request's time (issue 7). For reads, the
same JSON is built here by one SQL statement around the page's own query (filters, rights
and ordering stay Django's), and the rows' text is joined into the answer without being
parsed. The serializer stays the reference: tests compare the two for every field, language
and reader, and writes, the browsable API and the 412 bodies still use it.
"""

import datetime
import functools
import re

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import QuerySet
from django.utils import dates, translation
from django.utils.translation import gettext

from incidents.choices import FIGURE_BOUNDS as BOUNDS
from incidents.choices import FIGURE_OUTCOMES


def _datetime(column: str) -> str:
    """`column` (timestamptz) as DRF writes it: ISO 8601 in the site's time zone, microseconds only when set."""
    local = f"({column} AT TIME ZONE %(tz)s)"
    offset = f"({local} - ({column} AT TIME ZONE 'UTC'))"
    return (
        f"replace(to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '')"
        f" || CASE WHEN {offset} < interval '0' THEN '-' || to_char(-{offset}, 'HH24:MI')"
        f" WHEN {offset} > interval '0' THEN '+' || to_char({offset}, 'HH24:MI') ELSE 'Z' END"
    )


def _date(column: str) -> str:
    return f"to_char({column}, 'YYYY-MM-DD')"


def _day_month_year(column: str) -> str:
    """Django's date format 'j F Y' with the active language's month names."""
    return f"to_char({column}, 'FMDD') || ' ' || {_month_name(column)} || ' ' || to_char({column}, 'YYYY')"


def _month_name(column: str) -> str:
    return f"(%(months)s::text[])[extract(month FROM {column})::int]"


def _place(alias: str, column: str) -> str:
    place = f"json_build_object('code', {alias}.code, 'name', {alias}.display_name)"
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE {place} END"


DATE_LABEL = f"""CASE
    WHEN i.date_precision = 'year' THEN to_char(i.date_start, 'YYYY')
    WHEN i.date_precision = 'month' THEN {_month_name("i.date_start")} || ' ' || to_char(i.date_start, 'YYYY')
    WHEN i.date_precision = 'day' OR i.date_start = i.date_end THEN {_day_month_year("i.date_start")}
    WHEN i.date_precision = 'week' THEN %(week_before)s || {_day_month_year("i.date_start")} || %(week_after)s
    ELSE {_day_month_year("i.date_start")} || ' – ' || {_day_month_year("i.date_end")}
END"""


def _figures(outcome: str) -> str:
    return "json_build_object({})".format(", ".join(f"'{bound}', i.{outcome}_{bound}" for bound in BOUNDS))


FIGURES = "json_build_object({})".format(
    ", ".join(f"'{outcome.value}', {_figures(outcome.value)}" for outcome in FIGURE_OUTCOMES)
)

ACTORS = """COALESCE((
    SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'kind', a.kind, 'role', ia.role) ORDER BY ia.id)
    FROM incidents_incidentactor ia JOIN incidents_actor a ON a.id = ia.actor_id
    WHERE ia.incident_id = i.id
), '[]'::json)"""

CASUALTIES = """COALESCE((
    SELECT json_agg(json_build_object(
        'id', c.id, 'outcome', c.outcome, 'role', c.role, 'count', c.count, 'sex', c.sex,
        'name', CASE WHEN c.name_is_public OR %(private)s THEN c.name END,
        'age', CASE WHEN c.name_is_public OR %(private)s THEN c.age END,
        'name_is_public', c.name_is_public
    ) ORDER BY c.id)
    FROM incidents_casualty c WHERE c.incident_id = i.id
), '[]'::json)"""

CLAIMS = """COALESCE((
    SELECT json_agg(json_build_object(
        'id', cl.id, 'source', cl.source_id, 'claimed_on', {claimed_on}, {outcomes},
        'wording', cl.wording, 'grade', cl.grade, 'chosen_as_best', cl.chosen_as_best, 'notes', cl.notes
    ) ORDER BY cl.claimed_on, cl.id)
    FROM incidents_claim cl WHERE cl.incident_id = i.id
), '[]'::json)""".format(
    claimed_on=_date("cl.claimed_on"),
    outcomes=", ".join(f"'{outcome.value}', cl.{outcome.value}" for outcome in FIGURE_OUTCOMES),
)

SOURCES = """COALESCE((
    SELECT json_agg(json_build_object(
        'id', s.id, 'outlet', s.outlet, 'title', s.title, 'link', s.url, 'published_on', {published_on}
    ) ORDER BY s.published_on DESC, s.title, s.id)
    FROM incidents_incident_sources isrc JOIN incidents_source s ON s.id = isrc.source_id
    WHERE isrc.incident_id = i.id
), '[]'::json)""".format(published_on=_date("s.published_on"))

INCIDENT_JSON = f"""json_build_object(
    'id', i.id,
    'url', %(url_prefix)s || i.id || '/',
    'title', i.title,
    'type', i.incident_type,
    'status', i.status,
    'description', i.description,
    'date_start', {_date("i.date_start")},
    'date_end', {_date("i.date_end")},
    'date_precision', i.date_precision,
    'date_label', {DATE_LABEL},
    'region', {_place("r", "i.region_id")},
    'province', {_place("p", "i.province_id")},
    'district', {_place("d", "i.district_id")},
    'place_precision', i.place_precision,
    'location_name', i.location_name,
    'latitude', i.latitude::text,
    'longitude', i.longitude::text,
    'site', i.site_id,
    'figures', {FIGURES},
    'actors', {ACTORS},
    'casualties', {CASUALTIES},
    'claims', {CLAIMS},
    'sources', {SOURCES},
    'published_at', {_datetime("i.published_at")},
    'retraction_reason', i.retraction_reason,
    'created_at', {_datetime("i.created_at")},
    'updated_at', {_datetime("i.updated_at")}
)::text"""

# The page query picks the rows (ids, in order); this joins them to everything they show.
WRAPPER = """SELECT {json}, i.{sort}, i.id, i.updated_at
FROM ({page}) page
JOIN incidents_incident i ON i.id = page.id
JOIN regions_region r ON r.code = i.region_id
LEFT JOIN regions_province p ON p.code = i.province_id
LEFT JOIN regions_district d ON d.code = i.district_id
ORDER BY i.{sort} {direction}, i.id {direction}"""

ORDERABLE = {"id", "date_start", "updated_at", "created_at"}


def _language_parameters() -> dict[str, object]:
    return _language_parameters_of(translation.get_language())


@functools.lru_cache(maxsize=16)
def _language_parameters_of(language: str) -> dict[str, object]:
    """Month names and the 'week of' wording in `language`, the active one."""
    week = gettext("week of %(date)s")
    before, _, after = week.partition("%(date)s")
    return {
        "months": [str(dates.MONTHS[month]) for month in range(1, 13)],
        "week_before": before,
        "week_after": after,
    }


def render_incidents(
    page: QuerySet,
    *,
    url_prefix: str,
    sees_private_data: bool,
    sort: str = "date_start",
    descending: bool = True,
    prepare: bool = False,
) -> list[tuple[str, object, int, datetime.datetime]]:
    """(JSON text, sort value, id, updated_at) of each incident `page` selects, in one query.

    `page` is the filtered queryset of the incidents to show, already ordered and sliced;
    its rows come back ordered by (`sort`, id), which must be its own ordering.
    `url_prefix` is the absolute URL of the incident list, ending in '/'. With `prepare`, the
    statement is prepared on the server (see `prepared_cursor`): for one incident by id.
    """
    try:
        page_sql, page_params = page.values("id").query.sql_with_params()
    except EmptyResultSet:  # a condition nothing can meet, e.g. an id beyond bigint
        return []
    parameters = {
        **_language_parameters(),
        "tz": settings.TIME_ZONE,
        "private": sees_private_data,
        "url_prefix": url_prefix,
    }
    pieces, names = _statement(sort, descending)
    params: list = []
    for name in names:
        if name == "page":
            params.extend(page_params)
        else:
            params.append(parameters[name])
    connection = connections[page.db]
    with prepared_cursor(connection) if prepare else connection.cursor() as cursor:
        cursor.execute(page_sql.join(pieces), params)
        return cursor.fetchall()


PREPARE_ONLY_WHEN_ASKED = 2**31 - 1


class _PreparingCursor(ServerBindingCursor):
    """Binds parameters on the server and keeps each statement prepared on its connection."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def prepared_cursor(connection):
    """A cursor of `connection` (logged like Django's own) whose statements are prepared once per connection.

    Only for statements whose best plan does not depend on their values, such as a lookup
    by id: after five runs PostgreSQL may switch a prepared statement to one generic plan.
    Planning the incident JSON costs more than running it for one incident.
    """
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's preparing off (None), which also refuses explicit requests.
        # Its own cursors bind on the client and never prepare, so any count will do here:
        # only the statements run through _PreparingCursor are prepared.
        raw.prepare_threshold = PREPARE_ONLY_WHEN_ASKED
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_PreparingCursor(raw))


@functools.cache
def _statement(sort: str, descending: bool) -> tuple[list[str], list[str]]:
    """The wrapper split around the page's SQL, its named placeholders turned into %s, and their names in order."""
    if sort not in ORDERABLE:
        raise ValueError(f"Cannot order rendered incidents by {sort!r}.")
    direction = "DESC" if descending else "ASC"
    named_sql = WRAPPER.format(json=INCIDENT_JSON, sort=sort, page="%(page)s", direction=direction)
    names = re.findall(r"%\((\w+)\)s", named_sql)
    positional = re.sub(r"%\((\w+)\)s", lambda m: "\0" if m.group(1) == "page" else "%s", named_sql)
    return positional.split("\0"), names
