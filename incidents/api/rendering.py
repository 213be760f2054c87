"""The incident as the API shows it, declared once; PostgreSQL renders it to JSON in one query.

`INCIDENT_JSON` lists the fields of an incident's JSON with their kinds (core.api.representation).
Reads of JSON pages and details are one SQL statement derived from it, around the page's own
query (filters, rights and ordering stay Django's), whose rows' text is joined into the answer
without being parsed. `IncidentSerializer` reads an instance through the same declaration, for
the browsable API, the answers to writes and the 412 bodies. A new field is declared here once.
"""

import datetime
import functools
import re

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import QuerySet

from core.api import representation
from core.api.representation import (
    Column,
    Date,
    DateLabel,
    DateTime,
    DecimalText,
    InLanguage,
    Link,
    Many,
    Object,
    Private,
    Related,
    Representation,
    Withheld,
)
from incidents.choices import FIGURE_BOUNDS, FIGURE_OUTCOMES
from incidents.models import Incident


def place(name: str) -> Related:
    """A region, province or district as {"code": ..., "name": ...}, or null."""
    return Related(name, (Column("code"), Column("name", "display_name")))


def _shown_if_public(name: str) -> Private:
    return Private(Column(name), shown_if="name_is_public")


INCIDENT_JSON = Representation(
    Incident,
    (
        Column("id"),
        Link("url"),
        Column("title"),
        Column("title_es"),
        Column("type", "incident_type"),
        Column("status"),
        Column("description"),
        Column("description_es"),
        InLanguage("shown", ("title", "description")),
        Date("date_start"),
        Date("date_end"),
        Column("date_precision"),
        DateLabel("date_label"),
        place("region"),
        place("province"),
        place("district"),
        Column("place_precision"),
        Column("location_name"),
        DecimalText("latitude"),
        DecimalText("longitude"),
        # Null while the site is withheld: a draft site of a published incident (core.visibility).
        Withheld(Column("site", "site_id"), "site"),
        Object(
            "figures",
            tuple(
                Object(
                    outcome.value,
                    tuple(Column(part, f"{outcome.value}_{part}") for part in (*FIGURE_BOUNDS, "qualifier")),
                )
                for outcome in FIGURE_OUTCOMES
            ),
        ),
        Many(
            "actors",
            (Column("id", "actor__id"), Column("name", "actor__name"), Column("kind", "actor__kind"), Column("role")),
            order_by=("id",),
            relation="actor_roles",
        ),
        Many(
            "casualties",
            (
                *(Column(name) for name in ("id", "outcome", "role", "count", "sex")),
                _shown_if_public("name"),
                _shown_if_public("age"),
                Column("name_is_public"),
            ),
            order_by=("id",),
        ),
        Many(
            "claims",
            (
                Column("id"),
                Column("source", "source_id"),
                Date("claimed_on"),
                *(Column(outcome.value) for outcome in FIGURE_OUTCOMES),
                *(Column(name) for name in ("wording", "grade", "chosen_as_best", "notes")),
            ),
            order_by=("claimed_on", "id"),
        ),
        Many(
            "sources",
            (Column("id"), Column("outlet"), Column("title"), Column("link", "url"), Date("published_on")),
            order_by=("-published_on", "title", "id"),
        ),
        DateTime("published_at"),
        Column("retraction_reason"),
        DateTime("created_at"),
        DateTime("updated_at"),
    ),
)

# The page query picks the rows (ids, in order); this joins them to everything they show.
WRAPPER = """SELECT {json}::text, i.{sort}, i.id, i.updated_at
FROM ({page}) page
JOIN {table} i ON i.id = page.id
{joins}
ORDER BY i.{sort} {direction}, i.id {direction}"""

ORDERABLE = {"id", "date_start", "updated_at", "created_at"}


def render_incidents(
    page: QuerySet,
    *,
    url_prefix: str,
    sees_private_data: bool,
    user=None,
    sort: str = "date_start",
    descending: bool = True,
    prepare: bool = False,
) -> list[tuple[str, object, int, datetime.datetime]]:
    """(JSON text, sort value, id, updated_at) of each incident `page` selects, in one query.

    `page` is the filtered queryset of the incidents to show, already ordered and sliced;
    its rows come back ordered by (`sort`, id), which must be its own ordering.
    `url_prefix` is the absolute URL of the incident list, ending in '/'. `user` is the reader:
    a related record withheld from them (a draft site) is null. With `prepare`, the
    statement is prepared on the server (see `prepared_cursor`): for one incident by id.
    """
    try:
        page_sql, page_params = page.values("id").query.sql_with_params()
    except EmptyResultSet:  # a condition nothing can meet, e.g. an id beyond bigint
        return []
    parameters = {
        **representation.parameters(),
        **representation.reader_parameters(user),
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

# Why Django internals here (ServerBindingCursor, connection.connection, _prepare_cursor):
# psycopg prepares a statement only on a cursor that binds on the server, and Django gives
# such cursors only through OPTIONS["server_side_binding"], for every query of every
# connection (COPY's client-side statements and the region pages' custom plans would go
# with it). SQL's own PREPARE/EXECUTE through a public cursor cannot tell whether a pooled
# connection already holds the statement without another round trip per detail.


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
    json, joins = INCIDENT_JSON.sql("i")
    named_sql = WRAPPER.format(
        json=json,
        sort=sort,
        page="%(page)s",
        table=representation.quote_name(Incident._meta.db_table),
        joins="\n".join(joins),
        direction=direction,
    )
    names = re.findall(r"%\((\w+)\)s", named_sql)
    positional = re.sub(r"%\((\w+)\)s", lambda m: "\0" if m.group(1) == "page" else "%s", named_sql)
    return positional.split("\0"), names
