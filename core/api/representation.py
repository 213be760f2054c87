"""A record's JSON declared once, as a list of typed fields; PostgreSQL's writer and Python's derive from it.

Each field kind knows two things: the SQL expression that gives its value inside a
`json_build_object` (`sql`), and the value Python gives from a model instance (`python`).
A `Representation` is a model and its fields; `Representation.sql` is the one
`json_build_object` of a row with the joins it needs, `Representation.python` the dict.
Paths are Django's (`"actor__name"`), so columns, tables and joins come from the models'
`_meta`. SQL parameters are named (`%(tz)s`); `parameters()` gives the values the kinds read
(time zone, month names), the caller adds the rest (`url_prefix`, `private`).
"""

import datetime
import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Model
from django.utils import dates, formats, translation
from django.utils.translation import gettext
from rest_framework.fields import DateTimeField as DrfDateTimeField

from core import visibility
from core.bilingual import in_language, reader_language
from core.choices import DatePrecision
from core.sql import quote_name


class Scope:
    """Where fields read from: a model's table under an alias, and the joins its paths ask for.

    A join is made once per path and shared by every field that follows it; `joins` lists
    them in order, to follow the FROM of whoever builds the statement.
    """

    def __init__(
        self, model: type[Model], alias: str, aliases: Iterator[str], joins: list[str] | None = None, outer=False
    ):
        self.model, self.alias, self.aliases, self.outer = model, alias, aliases, outer
        self.joins = [] if joins is None else joins
        self._joined: dict[str, Scope] = {}

    def at(self, path: str) -> "Scope":
        """The scope of the record a path of foreign keys leads to, joined once (LEFT JOIN where it may be null)."""
        scope = self
        for name in path.split("__"):
            if name not in scope._joined:
                relation = scope.model._meta.get_field(name)
                target = relation.related_model
                alias = next(scope.aliases)
                outer = scope.outer or relation.null
                key, target_key = quote_name(relation.column), quote_name(relation.target_field.column)
                scope.joins.append(
                    f"{'LEFT JOIN' if outer else 'JOIN'} {quote_name(target._meta.db_table)} {alias}"
                    f" ON {alias}.{target_key} = {scope.alias}.{key}"
                )
                scope._joined[name] = Scope(target, alias, scope.aliases, scope.joins, outer)
            scope = scope._joined[name]
        return scope

    def column(self, path: str) -> str:
        """The qualified column a path ends at: `"title"`, `"site_id"`, `"actor__name"`."""
        *relations, name = path.split("__")
        scope = self.at("__".join(relations)) if relations else self
        meta = scope.model._meta
        column = meta.pk.column if name == "pk" else meta.get_field(name).column
        return f"{scope.alias}.{quote_name(column)}"


def follow(obj: object, path: str) -> object:
    """The value a path leads to from an instance, None as soon as a step is None."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


@dataclass(frozen=True)
class Column:
    """A column's value as JSON has it: number, text, boolean or null."""

    name: str
    path: str | None = None

    @property
    def source(self) -> str:
        return self.path or self.name

    def sql(self, scope: Scope) -> str:
        return scope.column(self.source)

    def python(self, obj: object, context: dict) -> object:
        return follow(obj, self.source)


@dataclass(frozen=True)
class DecimalText(Column):
    """An exact decimal as a string (as DRF writes DecimalField), or null."""

    def sql(self, scope: Scope) -> str:
        return f"{scope.column(self.source)}::text"

    def python(self, obj: object, context: dict) -> object:
        value = follow(obj, self.source)
        return None if value is None else str(value)


@dataclass(frozen=True)
class Date(Column):
    """A date as YYYY-MM-DD, or null."""

    def sql(self, scope: Scope) -> str:
        return f"to_char({scope.column(self.source)}, 'YYYY-MM-DD')"

    def python(self, obj: object, context: dict) -> object:
        value = follow(obj, self.source)
        return None if value is None else value.isoformat()


def datetime_sql(column: str) -> str:
    """`column` (timestamptz) as DRF writes it: ISO 8601 in the site's time zone, microseconds only when set."""
    local = f"({column} AT TIME ZONE %(tz)s)"
    offset = f"({local} - ({column} AT TIME ZONE 'UTC'))"
    return (
        f"replace(to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '')"
        f" || CASE WHEN {offset} < interval '0' THEN '-' || to_char(-{offset}, 'HH24:MI')"
        f" WHEN {offset} > interval '0' THEN '+' || to_char({offset}, 'HH24:MI') ELSE 'Z' END"
    )


@dataclass(frozen=True)
class DateTime(Column):
    """An instant in the site's time zone, as DRF's DateTimeField writes it, or null."""

    def sql(self, scope: Scope) -> str:
        return datetime_sql(scope.column(self.source))

    def python(self, obj: object, context: dict) -> object:
        value = follow(obj, self.source)
        return None if value is None else DrfDateTimeField().to_representation(value)


@dataclass(frozen=True)
class Link:
    """The record's own API URL: the list's absolute URL (the `url_prefix` parameter), its id and '/'."""

    name: str = "url"

    def sql(self, scope: Scope) -> str:
        return f"%(url_prefix)s::text || {scope.column('pk')} || '/'"

    def python(self, obj: object, context: dict) -> object:
        return f"{context['url_prefix']}{obj.pk}/"


def _month_name(column: str) -> str:
    return f"(%(months)s::text[])[extract(month FROM {column})::int]"


def _day_month_year(column: str) -> str:
    """The language's DATE_FORMAT: '31 December 2025', '31 de diciembre de 2025'."""
    return (
        f"to_char({column}, 'FMDD') || %(day_month)s::text || {_month_name(column)}"
        f" || %(month_year)s::text || to_char({column}, 'YYYY')"
    )


@dataclass(frozen=True)
class DateLabel:
    """A dated record's date as precisely as it is known, in the reader's language (`DatedModel.date_label`)."""

    name: str = "date_label"

    def sql(self, scope: Scope) -> str:
        precision, start, end = (scope.column(name) for name in ("date_precision", "date_start", "date_end"))
        return f"""CASE
    WHEN {precision} = '{DatePrecision.YEAR.value}' THEN to_char({start}, 'YYYY')
    WHEN {precision} = '{DatePrecision.MONTH.value}'
        THEN {_month_name(start)} || %(year_month)s::text || to_char({start}, 'YYYY')
    WHEN {precision} = '{DatePrecision.DAY.value}' OR {start} = {end} THEN {_day_month_year(start)}
    WHEN {precision} = '{DatePrecision.WEEK.value}'
        THEN %(week_before)s::text || {_day_month_year(start)} || %(week_after)s::text
    ELSE {_day_month_year(start)} || ' – ' || {_day_month_year(end)}
END"""

    def python(self, obj: object, context: dict) -> object:
        return obj.date_label


@dataclass(frozen=True)
class InLanguage:
    """Bilingual texts (`<field>` in English, `<field>_es` in Spanish) in the reader's language.

    {"language": "es", "title": …, "description": …}: each text in the reader's language, or
    in the other one when the reader's is empty (core.bilingual.in_language); `language` is
    the language of the first field's text.
    """

    name: str
    fields: tuple[str, ...]

    @staticmethod
    def _pick(scope: Scope, field: str) -> str:
        english, spanish = scope.column(field), scope.column(f"{field}_es")
        return f"""CASE WHEN %(language)s::text = 'es' AND {spanish} <> '' THEN {spanish}
    WHEN {english} <> '' THEN {english} ELSE {spanish} END"""

    def sql(self, scope: Scope) -> str:
        first_english, first_spanish = scope.column(self.fields[0]), scope.column(f"{self.fields[0]}_es")
        language = f"""CASE WHEN %(language)s::text = 'es' AND {first_spanish} <> '' THEN 'es'
    WHEN {first_english} <> '' THEN 'en' ELSE 'es' END"""
        pairs = [f"'language', {language}", *(f"'{field}', {self._pick(scope, field)}" for field in self.fields)]
        return f"json_build_object({', '.join(pairs)})"

    def python(self, obj: object, context: dict) -> object:
        language = reader_language()
        shown = {"language": in_language(obj, self.fields[0], language)[1]}
        for name in self.fields:
            shown[name] = in_language(obj, name, language)[0]
        return shown


@dataclass(frozen=True)
class Private:
    """A field shown only when the record says it is public (`shown_if`) or the reader may see private data."""

    field: Column
    shown_if: str

    @property
    def name(self) -> str:
        return self.field.name

    def sql(self, scope: Scope) -> str:
        return f"CASE WHEN {scope.column(self.shown_if)} OR %(private)s::boolean THEN {self.field.sql(scope)} END"

    def python(self, obj: object, context: dict) -> object:
        if follow(obj, self.shown_if) or context["private"]:
            return self.field.python(obj, context)
        return None


def sees_all_parameter(model: type[Model]) -> str:
    """The name of the SQL parameter saying whether the reader sees every row of `model`, drafts too."""
    return f"sees_all_{model._meta.app_label}_{model._meta.model_name}"


def reader_parameters(user) -> dict[str, bool]:
    """For each model whose rows may be hidden (core.visibility), whether `user` sees them all."""
    return {sees_all_parameter(model): visibility.sees_everything(user, model) for model in visibility.governed()}


@dataclass(frozen=True)
class Withheld:
    """A field about a related record (`relation`, a foreign key), null while that record is withheld.

    A record a public one points to is withheld from readers who may not see it (core.visibility):
    a draft mining site of a published incident gives `"site": null`. The related model must
    be moderated (public by its own status), so PostgreSQL decides it from the joined row.
    """

    field: Column
    relation: str

    @property
    def name(self) -> str:
        return self.field.name

    def sql(self, scope: Scope) -> str:
        related = scope.at(self.relation)
        statuses = ", ".join(f"'{status}'" for status in visibility.PUBLIC_STATUSES)
        sees_all = f"%({sees_all_parameter(related.model)})s::boolean"
        return f"CASE WHEN {sees_all} OR {related.column('status')} IN ({statuses}) THEN {self.field.sql(scope)} END"

    def python(self, obj: object, context: dict) -> object:
        related = follow(obj, self.relation)
        if related is None:
            return None
        if context.get(sees_all_parameter(type(related))) or visibility.is_public(related):
            return self.field.python(obj, context)
        return None


def _object_sql(fields: "tuple", scope: Scope) -> str:
    return "json_build_object({})".format(", ".join(f"'{item.name}', {item.sql(scope)}" for item in fields))


@dataclass(frozen=True)
class Object:
    """A JSON object of fields of the same record, e.g. figures {"killed": {"low": …}}."""

    name: str
    fields: tuple

    def sql(self, scope: Scope) -> str:
        return _object_sql(self.fields, scope)

    def python(self, obj: object, context: dict) -> object:
        return {item.name: item.python(obj, context) for item in self.fields}


@dataclass(frozen=True)
class Related:
    """The record a foreign key points to, as an object of its fields, or null."""

    name: str
    fields: tuple
    path: str | None = None

    def sql(self, scope: Scope) -> str:
        path = self.path or self.name
        key = scope.column(scope.model._meta.get_field(path).attname)
        return f"CASE WHEN {key} IS NULL THEN NULL ELSE {_object_sql(self.fields, scope.at(path))} END"

    def python(self, obj: object, context: dict) -> object:
        related = follow(obj, self.path or self.name)
        return None if related is None else {item.name: item.python(related, context) for item in self.fields}


@dataclass(frozen=True)
class Many:
    """A list of related records (reverse foreign key or many-to-many), each an object of `fields`.

    `order_by` (Django's notation) orders them in SQL; the Python writer takes them as the
    instance's prefetch gives them, which must be in the same order.
    """

    name: str
    fields: tuple
    order_by: tuple[str, ...] = ("pk",)
    relation: str | None = None

    def sql(self, scope: Scope) -> str:
        relation = scope.model._meta.get_field(self.relation or self.name)
        related = relation.related_model
        inner = Scope(related, next(scope.aliases), scope.aliases)
        owner = scope.column("pk")
        if relation.many_to_many:
            through = relation.remote_field.through._meta
            link = next(scope.aliases)
            owner_column = through.get_field(relation.m2m_field_name()).column
            related_column = through.get_field(relation.m2m_reverse_field_name()).column
            source = (
                f"{quote_name(through.db_table)} {link} JOIN {quote_name(related._meta.db_table)} {inner.alias}"
                f" ON {inner.column('pk')} = {link}.{quote_name(related_column)}"
            )
            condition = f"{link}.{quote_name(owner_column)} = {owner}"
        else:
            source = f"{quote_name(related._meta.db_table)} {inner.alias}"
            condition = f"{inner.column(relation.field.attname)} = {owner}"
        row = _object_sql(self.fields, inner)  # first: it adds the joins its paths need
        order = ", ".join(
            f"{inner.column(item.lstrip('-'))}{' DESC' if item.startswith('-') else ''}" for item in self.order_by
        )
        joins = "".join(f" {join}" for join in inner.joins)
        return f"COALESCE((SELECT json_agg({row} ORDER BY {order}) FROM {source}{joins} WHERE {condition}), '[]'::json)"

    def python(self, obj: object, context: dict) -> object:
        items = getattr(obj, self.relation or self.name).all()
        return [{item.name: item.python(record, context) for item in self.fields} for record in items]


@dataclass(frozen=True)
class Representation:
    """A model's JSON: its fields in order, written by PostgreSQL (`sql`) or by Python (`python`)."""

    model: type[Model]
    fields: tuple
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(item.name for item in self.fields))

    def sql(self, alias: str) -> tuple[str, list[str]]:
        """(the json_build_object of a row of the model's table under `alias`, the joins it needs after it)."""
        scope = Scope(self.model, alias, (f"{alias}_{number}" for number in itertools.count()))
        return _object_sql(self.fields, scope), scope.joins

    def python(self, obj: object, context: dict) -> dict:
        """The same JSON as a dict, from an instance whose relations are prefetched in the declared order.

        `context` holds `url_prefix` and `private` as the SQL parameters of the same names.
        """
        return {item.name: item.python(obj, context) for item in self.fields}


def parameters() -> dict[str, object]:
    """The SQL parameters the kinds read, for the active language and the site's time zone."""
    return {
        **_language_parameters(translation.get_language()),
        "language": reader_language(),
        "tz": settings.TIME_ZONE,
    }


@functools.lru_cache(maxsize=16)
def _language_parameters(language: str) -> dict[str, object]:
    """Month names and the 'week of' wording in `language`, the active one."""
    week = gettext("week of %(date)s")
    before, _, after = week.partition("%(date)s")
    # The words between day, month and year in the language's formats (" de " in Spanish).
    sample = datetime.date(2000, 1, 2)
    month = str(dates.MONTHS[1])
    day_part, _, year_part = formats.date_format(sample, "DATE_FORMAT").partition(month)
    month_part = formats.date_format(sample, "YEAR_MONTH_FORMAT")
    return {
        "months": [str(dates.MONTHS[month]) for month in range(1, 13)],
        "week_before": before,
        "week_after": after,
        "day_month": day_part.removeprefix("2"),
        "month_year": year_part.removesuffix("2000"),
        "year_month": month_part.removeprefix(month).removesuffix("2000"),
    }
