"""SQL that follows the models: column definitions for temporary tables and COPY, read from `_meta`."""

from collections.abc import Sequence

from django.db import connection, models


def quote_name(name: str) -> str:
    """A table or column name quoted for PostgreSQL."""
    return connection.ops.quote_name(name)


def column_definitions(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    """`"<column>" <type>` of each named field of `model`, as its own table declares it."""
    definitions = []
    for name in fields:
        field = model._meta.get_field(name)
        definitions.append(f"{connection.ops.quote_name(field.column)} {field.db_type(connection)}")
    return definitions


def temporary_table(name: str, model: type[models.Model], fields: Sequence[str], *extra: str) -> str:
    """CREATE TEMPORARY TABLE `name` with the columns of `model`'s `fields` and `extra` definitions, dropped at commit.

    A bulk write COPYs its rows into such a table, then moves them with set-based statements:
    its columns take the types of the table they go to, so a change of the model changes both.
    """
    columns = ", ".join([*extra, *column_definitions(model, fields)])
    return f"CREATE TEMPORARY TABLE {connection.ops.quote_name(name)} ({columns}) ON COMMIT DROP"
