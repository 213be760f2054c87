"""CSV exports written by PostgreSQL: `COPY (<the filtered, ordered queryset>) TO STDOUT (FORMAT csv)`.

The rows never become Python objects: each cell is an SQL expression that gives the text
Python's csv writer gives for the value Django reads (see `core.api.exports.csv_rows`, the
reference these files are compared with byte for byte in the tests), and COPY's blocks go
straight to the response. What COPY does differently is undone here:

- an empty string is quoted (`""`) to tell it from NULL, which Python writes as nothing:
  text cells are NULLIF(…, '') so that both are NULL;
- rows end with `\\n`; Python's csv ends them with `\\r\\n`. `CRLFLineEnds` rewrites the
  row ends, and only those: a newline inside a quoted cell is kept as it is.

Filters, visibility and ordering are the queryset's own, compiled by Django; the parameters
are bound into the statement on the client (COPY takes none), by psycopg as Django binds them.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from django.db import connections, transaction
from django.db.models import Expression, F, Func, OrderBy, QuerySet, TextField, Value, Window
from django.db.models.functions import NullIf, RowNumber

# COPY sends one message per row: the response gets them in chunks of about 64 kB.
CHUNK_BYTES = 1 << 16
# Memory for each sort of the export's query (the order, the lists), for its transaction only.
COPY_WORK_MEM = "64MB"


def text(field: str) -> Expression:
    """A text cell: empty when NULL or the empty string, as Python's csv writes both."""
    return NullIf(F(field), Value(""), output_field=TextField())


def iso_date(field: str) -> Expression:
    """`date.isoformat()`, whatever the session's DateStyle."""
    return Func(F(field), Value("YYYY-MM-DD"), function="to_char", output_field=TextField())


class IsoDateTime(Func):
    """`datetime.isoformat()` of the value Django reads: in UTC, without the fraction when it is zero."""

    # '.000000+' can only be the fraction followed by the offset.
    template = (
        "replace(to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'),"
        " '.000000+', '+')"
    )
    output_field = TextField()


@dataclass(frozen=True)
class JoinedList:
    """A cell listing one field of a many-to-many relation's records, joined with ";".

    The records come in the related model's default order (its manager's) and empty values
    are left out, as
    `";".join(...)` over the prefetched records wrote them.
    """

    relation: str
    field: str


CopyColumn = tuple[str, Expression | F | JoinedList]


@dataclass(frozen=True)
class CopyLayout:
    """A CSV layout PostgreSQL writes: each column an SQL expression (or a `JoinedList`)."""

    columns: list[CopyColumn]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]


def _header_line(names: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(names)
    return buffer.getvalue().encode("utf-8")


def _order_expression(ordering: str | Expression) -> Expression:
    if not isinstance(ordering, str):
        return ordering
    return OrderBy(F(ordering.lstrip("-")), descending=ordering.startswith("-"))


def _client_side(alias: str, queryset: QuerySet) -> str:
    """The queryset's SQL with its parameters bound as literals, as Django's client-side binding does."""
    connection = connections[alias]
    sql, params = queryset.query.get_compiler(using=alias).as_sql()
    connection.ensure_connection()
    return psycopg.ClientCursor(connection.connection).mogrify(sql, params)


def _joined_lists_sql(alias: str, queryset: QuerySet, relation: str, fields: list[str]) -> str:
    """(owner id, one joined list per field) for each record of `queryset` with related records."""
    field = queryset.model._meta.get_field(relation)
    related = field.related_model
    through = field.remote_field.through._meta
    quote = connections[alias].ops.quote_name
    owner_column = quote(through.get_field(field.m2m_field_name()).column)
    related_column = quote(through.get_field(field.m2m_reverse_field_name()).column)
    # Ranked once, so that each record's few values are ordered by an integer.
    ordering = [*(related._meta.ordering or []), "pk"]
    value_names = [f"value_{index}" for index in range(len(fields))]
    ranked = (
        related._default_manager.annotate(
            copy_id=F("pk"),
            copy_rank=Window(RowNumber(), order_by=[_order_expression(item) for item in ordering]),
            **{f"copy_{name}": F(field) for name, field in zip(value_names, fields, strict=True)},
        )
        .order_by()
        .values_list("copy_id", "copy_rank", *(f"copy_{name}" for name in value_names))
    )
    lists = "".join(
        f", string_agg(NULLIF(copy_related.{name}::text, ''), ';' ORDER BY copy_related.rank)" for name in value_names
    )
    owners = _client_side(alias, queryset.order_by().values("pk"))
    return (
        f"SELECT copy_link.{owner_column}{lists} FROM {quote(through.db_table)} AS copy_link"
        f" JOIN ({_client_side(alias, ranked)}) AS copy_related(id, rank, {', '.join(value_names)})"
        f" ON copy_related.id = copy_link.{related_column}"
        f" WHERE copy_link.{owner_column} IN ({owners}) GROUP BY copy_link.{owner_column}"
    )


def copy_statement(queryset: QuerySet, layout: CopyLayout) -> tuple[str, str]:
    """(database alias, the COPY statement) writing `queryset` in `layout`, without the header."""
    alias = queryset.db
    model = queryset.model
    ordering = list(queryset.query.order_by or model._meta.ordering)
    if queryset.query.distinct:
        # DISTINCT would add the ordering's columns to the SELECT list, and so to the file:
        # the same records, through a subquery.
        queryset = model._base_manager.filter(pk__in=queryset.order_by().values("pk")).order_by(*ordering)
    cells = {
        f"copy_{index}": value for index, (_, value) in enumerate(layout.columns) if not isinstance(value, JoinedList)
    }
    rows = queryset.prefetch_related(None).annotate(**cells)
    relations: dict[str, list[str]] = {}
    for _, value in layout.columns:
        if isinstance(value, JoinedList) and value.field not in relations.setdefault(value.relation, []):
            relations[value.relation].append(value.field)
    if not relations:
        return alias, f"COPY ({_client_side(alias, rows.values_list(*cells))}) TO STDOUT (FORMAT csv)"
    # The lists are aggregated once for all the records and joined by id; the join loses the
    # order, which each row's position in the queryset's own ordering restores.
    position = Window(RowNumber(), order_by=[_order_expression(item) for item in ordering])
    rows = rows.annotate(copy_owner=F("pk"), copy_position=position).values_list(*cells, "copy_owner", "copy_position")
    joins = []
    for number, (relation, fields) in enumerate(relations.items()):
        names = ", ".join(f"value_{index}" for index in range(len(fields)))
        lists = _joined_lists_sql(alias, queryset, relation, fields)
        joins.append(
            f" LEFT JOIN ({lists}) AS copy_list_{number}(owner_id, {names})"
            f" ON copy_list_{number}.owner_id = copy_row.copy_owner"
        )
    numbers = {relation: number for number, relation in enumerate(relations)}
    select = [
        f"copy_row.copy_{index}"
        if not isinstance(value, JoinedList)
        else f"copy_list_{numbers[value.relation]}.value_{relations[value.relation].index(value.field)}"
        for index, (_, value) in enumerate(layout.columns)
    ]
    row_columns = ", ".join([*cells, "copy_owner", "copy_position"])
    return alias, (
        f"COPY (SELECT {', '.join(select)} FROM ({_client_side(alias, rows)}) AS copy_row({row_columns})"
        f"{''.join(joins)} ORDER BY copy_row.copy_position) TO STDOUT (FORMAT csv)"
    )


class CRLFLineEnds:
    """Turns COPY's `\\n` row ends into `\\r\\n`, leaving newlines inside quoted cells alone.

    A newline ends a row when an even number of quotes came before it: cells are quoted
    whole and a quote inside one is doubled.
    """

    def __init__(self) -> None:
        self.inside_quotes = False

    def __call__(self, data: bytes) -> bytes:
        if b'"' not in data:
            return data if self.inside_quotes else data.replace(b"\n", b"\r\n")
        parts = data.split(b'"')
        start = 1 if self.inside_quotes else 0
        parts[start::2] = [part.replace(b"\n", b"\r\n") for part in parts[start::2]]
        # An odd number of quotes in `data` flips the state for the next chunk.
        if len(parts) % 2 == 0:
            self.inside_quotes = not self.inside_quotes
        return b'"'.join(parts)


def copy_csv_chunks(queryset: QuerySet, layout: CopyLayout) -> Iterator[bytes]:
    """The header, then PostgreSQL's CSV of `queryset` in chunks of about CHUNK_BYTES.

    The statement is compiled at once, so that a bad query fails before the response starts;
    COPY runs when the first chunk is asked for. If the reader goes away, closing this
    generator ends the COPY (psycopg cancels it and drains the connection), so that the
    connection goes back to Django, and its pool, ready for the next request.
    """
    alias, statement = copy_statement(queryset, layout)
    header = _header_line(layout.names)

    def chunks() -> Iterator[bytes]:
        yield header
        # A transaction of its own (a savepoint inside the caller's) bounds the settings below,
        # and rolls back if the reader goes away.
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            # The plan is simple and costly enough to be compiled by JIT, which takes longer
            # than it saves; the sorts fit in memory for about 100,000 rows.
            cursor.execute(f"SET LOCAL work_mem = '{COPY_WORK_MEM}'")
            cursor.execute("SET LOCAL jit = off")
            with cursor.cursor.copy(statement) as copy:
                yield from _crlf_chunks(copy)

    return chunks()


def _crlf_chunks(copy: psycopg.Copy) -> Iterator[bytes]:
    line_ends = CRLFLineEnds()
    pending = bytearray()
    for block in copy:
        pending += block
        if len(pending) >= CHUNK_BYTES:
            yield line_ends(bytes(pending))
            pending.clear()
    if pending:
        yield line_ends(bytes(pending))
