"""CSV exports written by PostgreSQL: `COPY (<the filtered, ordered queryset>) TO STDOUT (FORMAT csv)`.

The rows never become Python objects: each cell is the SQL expression its kind declares
(core.api.csv_layout), which gives the text Python's csv writer gives for the value Django
reads, and COPY's blocks go straight to the response. What COPY does differently is undone
by the kinds (an empty string, which COPY quotes, is NULL like None) and here:

- rows end with `\\n`; Python's csv ends them with `\\r\\n`. `CRLFLineEnds` rewrites the
  row ends, and only those: a newline inside a quoted cell is kept as it is.

Filters, visibility and ordering are the queryset's own, compiled by Django; the parameters
are bound into the statement on the client (COPY takes none), by psycopg as Django binds them.
"""

import csv
import io
from collections.abc import Iterator

import psycopg
from django.db import connections, transaction
from django.db.models import Expression, F, OrderBy, QuerySet, Window
from django.db.models.functions import RowNumber

from core.api.csv_layout import CsvLayout, Joined, neutralized_sql

# COPY sends one message per row: the response gets them in chunks of about 64 kB.
CHUNK_BYTES = 1 << 16
# Memory for each sort of the export's query (the order, the lists), for its transaction only.
COPY_WORK_MEM = "64MB"


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
    sql, params = queryset.query.get_compiler(using=alias).as_sql()
    # Django's cursors for psycopg 3 bind on the client (psycopg.ClientCursor): its public
    # mogrify() gives the statement they would send.
    with connections[alias].cursor() as cursor:
        return cursor.mogrify(sql, params)


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


def copy_statement(queryset: QuerySet, layout: CsvLayout) -> tuple[str, str]:
    """(database alias, the COPY statement) writing `queryset` in `layout`, without the header."""
    alias = queryset.db
    model = queryset.model
    ordering = list(queryset.query.order_by or model._meta.ordering)
    if queryset.query.distinct:
        # DISTINCT would add the ordering's columns to the SELECT list, and so to the file:
        # the same records, through a subquery.
        queryset = model._base_manager.filter(pk__in=queryset.order_by().values("pk")).order_by(*ordering)
    cells = {
        f"copy_{index}": column.sql() for index, column in enumerate(layout.columns) if not isinstance(column, Joined)
    }
    rows = queryset.prefetch_related(None).annotate(**cells)
    relations: dict[str, list[str]] = {}
    for column in layout.columns:
        if isinstance(column, Joined) and column.field not in relations.setdefault(column.relation, []):
            relations[column.relation].append(column.field)
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
        if not isinstance(column, Joined)
        else neutralized_sql(f"copy_list_{numbers[column.relation]}.value_{relations[column.relation].index(column.field)}")  # noqa: E501
        for index, column in enumerate(layout.columns)
    ]  # fmt: skip
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


def copy_csv_chunks(queryset: QuerySet, layout: CsvLayout) -> Iterator[bytes]:
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
            with cursor.copy(statement) as copy:  # psycopg's Cursor.copy, through Django's wrapper
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
