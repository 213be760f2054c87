"""A CSV layout declared once: columns with a header and a typed cell kind.

Each kind gives the same cell two ways: `sql()`, an expression PostgreSQL's COPY writes as
the text Python's csv module writes for the value (core.api.copy_csv), and `python(obj)`,
the value handed to csv.writer for a model instance. A layout whose columns all have an SQL
form is written by PostgreSQL; a `Computed` column (a Python function, e.g. a list filtered
for the reader) makes it Python's. Columns that repeat the schema come from the model's
`_meta` (`model_columns`), so a new field is declared there once.

Text cells that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`,
a tab or a carriage return, or their full-width forms) are written with a leading `'`, as
OWASP advises against CSV injection; a cell that is a plain number ("-12.5") is left
alone, and number columns (coordinates, figures) are never touched. Both writers do it:
`neutralized()` in Python, `Neutralized` in PostgreSQL (docs/exports.md).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, Expression, F, Func, TextField, Value, When
from django.db.models.functions import Cast, NullIf

from core import visibility
from core.api.representation import follow

# A cell a spreadsheet would read as a formula: one of these first, unless the cell is a plain number.
FORMULA_START = re.compile(r"(?![-+]?[0-9]+(?:\.[0-9]+)?\Z)[-=+@\t\r\uff1d\uff0b\uff0d\uff20]")
# The same rule for PostgreSQL (an ARE, where parentheses inside a lookahead do not capture).
FORMULA_PATTERN_SQL = r"'^(?![-+]?[0-9]+([.][0-9]+)?$)([-=+@\t\r" + "\uff1d\uff0b\uff0d\uff20" + r"])'"


def neutralized(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made inert with a leading `'`; anything else as it is."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def neutralized_sql(expression: str) -> str:
    """`neutralized()` as SQL around a text expression."""
    return "regexp_replace(" + expression + ", " + FORMULA_PATTERN_SQL + r", '''\1')"


class Neutralized(Func):
    """`neutralized()` of a text expression, for COPY."""

    template = neutralized_sql("%(expressions)s")
    output_field = models.TextField()


class IsoDateTime(Func):
    """`datetime.isoformat()` of the value Django reads: in UTC, without the fraction when it is zero."""

    # '.000000+' can only be the fraction followed by the offset.
    template = (
        "replace(to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'),"
        " '.000000+', '+')"
    )
    output_field = models.TextField()


@dataclass(frozen=True)
class Number:
    """An integer or exact decimal (PostgreSQL's numeric text is Python's `str` of the Decimal it reads)."""

    header: str
    path: str | None = None

    @property
    def source(self) -> str:
        return self.path or self.header

    def sql(self) -> Expression | None:
        return F(self.source)

    def python(self, obj: object) -> object:
        return follow(obj, self.source)


@dataclass(frozen=True)
class Text(Number):
    """A text cell: empty when NULL or the empty string, as Python's csv writes both (COPY quotes '')."""

    def sql(self) -> Expression | None:
        return Neutralized(NullIf(F(self.source), Value(""), output_field=models.TextField()))

    def python(self, obj: object) -> object:
        return neutralized(follow(obj, self.source))


@dataclass(frozen=True)
class Boolean(Number):
    """`True` or `False`, as Python writes a bool (COPY would write t or f)."""

    def sql(self) -> Expression | None:
        return Case(
            When(**{self.source: True}, then=Value("True")),
            When(**{self.source: False}, then=Value("False")),
            output_field=models.TextField(),
        )


@dataclass(frozen=True)
class Date(Number):
    """`date.isoformat()`, whatever the session's DateStyle."""

    def sql(self) -> Expression | None:
        return Func(F(self.source), Value("YYYY-MM-DD"), function="to_char", output_field=models.TextField())


@dataclass(frozen=True)
class DateTime(Number):
    """`datetime.isoformat()` in UTC, as Django reads it."""

    def sql(self) -> Expression | None:
        return IsoDateTime(F(self.source))

    def python(self, obj: object) -> object:
        value = follow(obj, self.source)
        return None if value is None else value.isoformat()


@dataclass(frozen=True)
class Array(Number):
    """An array field's items joined with ";" (empty when there are none)."""

    def sql(self) -> Expression | None:
        joined = Func(F(self.source), Value(";"), function="array_to_string", output_field=models.TextField())
        return Neutralized(NullIf(joined, Value(""), output_field=models.TextField()))

    def python(self, obj: object) -> object:
        return neutralized(";".join(str(item) for item in follow(obj, self.source) or []))


@dataclass(frozen=True)
class Joined:
    """One field of a many-to-many relation's records, joined with ";", empty values left out.

    The records come in the related model's default order, then by id, from its default
    manager. The Python writer
    reads them as the instance's prefetch gives them, which must be that order.
    """

    header: str
    relation: str
    field: str

    def sql(self) -> Expression | None:
        return None  # aggregated once for all rows by core.api.copy_csv, not a per-row expression

    def python(self, obj: object) -> object:
        values = (getattr(record, self.field) for record in getattr(obj, self.relation).all())
        return neutralized(";".join(str(value) for value in values if value not in (None, "")))


@dataclass(frozen=True)
class Computed:
    """A cell only Python can write: a function of the record (a list is joined with ";")."""

    header: str
    function: Callable[[object], object]

    def sql(self) -> Expression | None:
        return None

    def python(self, obj: object) -> object:
        value = self.function(obj)
        return neutralized(";".join(str(item) for item in value) if isinstance(value, list | tuple) else value)


@dataclass(frozen=True)
class Withheld:
    """A cell about a related record (`relation`, a foreign key to the moderated model `related`).

    For readers who may not see that record (core.visibility) the cell says "withheld"
    while the record is not public: the name of a draft mining site of a published incident
    never reaches the public. `CsvLayout.for_reader` gives the plain column to readers who
    see every row of `related`.
    """

    column: Number
    relation: str
    related: type[models.Model]

    @property
    def header(self) -> str:
        return self.column.header

    def sql(self) -> Expression | None:
        return Case(
            When(**{f"{self.relation}__isnull": True}, then=Value(None)),
            When(
                **{f"{self.relation}__status__in": visibility.PUBLIC_STATUSES},
                then=Cast(self.column.sql(), TextField()),
            ),
            default=Value(visibility.WITHHELD_CSV),
            output_field=TextField(),
        )

    def python(self, obj: object) -> object:
        related = follow(obj, self.relation)
        if related is None:
            return None
        return self.column.python(obj) if visibility.is_public(related) else visibility.WITHHELD_CSV

    def for_reader(self, user) -> "CsvColumn":
        return self.column if visibility.sees_everything(user, self.related) else self


CsvColumn = Number | Joined | Computed | Withheld


@dataclass(frozen=True)
class CsvLayout:
    """The columns of a CSV export, in order."""

    columns: tuple[CsvColumn, ...]

    def __init__(self, columns) -> None:
        object.__setattr__(self, "columns", tuple(columns))

    @property
    def names(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def copyable(self) -> bool:
        """Whether PostgreSQL can write every column."""
        return not any(isinstance(column, Computed) for column in self.columns)

    def for_reader(self, user) -> "CsvLayout":
        """The layout as `user` may read it: a withheld related record's cells say so (`Withheld`)."""
        return CsvLayout(column.for_reader(user) if isinstance(column, Withheld) else column for column in self.columns)

    def values(self, obj: object) -> list[object]:
        """One record's cells, ready for csv.writer (None as nothing)."""
        return ["" if (value := column.python(obj)) is None else value for column in self.columns]


def column_of(model: type[models.Model], name: str, header: str | None = None) -> CsvColumn:
    """The column of a model field (by name or attname), its kind from the field's type."""
    field = model._meta.get_field(name)
    header = header or name
    path = field.attname if name == field.attname else name
    if field.is_relation:  # a foreign key's cell is its value: the kind of the key it points to
        field = field.target_field
    if isinstance(field, ArrayField):
        return Array(header, path)
    if isinstance(field, models.DateTimeField):
        return DateTime(header, path)
    if isinstance(field, models.DateField):
        return Date(header, path)
    if isinstance(field, models.BooleanField):
        return Boolean(header, path)
    if isinstance(field, models.CharField | models.TextField):
        return Text(header, path)
    return Number(header, path)


def model_columns(model: type[models.Model], *names: str) -> list[CsvColumn]:
    """Columns of model fields, each headed by its name."""
    return [column_of(model, name) for name in names]


# Region, province and district as codes and names, then the precision and the point
# (regions.places.PlacedModel's fields).
PLACE_COLUMNS: list[CsvColumn] = [
    Text("region_code", "region_id"),
    Text("region", "region__display_name"),
    Text("province_code", "province_id"),
    Text("province", "province__display_name"),
    Text("district_code", "district_id"),
    Text("district", "district__display_name"),
    Text("place_precision"),
    Text("location_name"),
    Number("latitude"),
    Number("longitude"),
]

UPDATED_AT_COLUMN = DateTime("updated_at")
