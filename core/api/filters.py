"""Filters shared by the FilterSets of every app, and a backend that refuses unknown parameters."""

import datetime
from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db.models import F, Func, QuerySet, TextField, Value
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions

from core import visibility

# Parameters that are not filters but are understood by every list endpoint.
NON_FILTER_PARAMETERS = {"format", "cursor", "page_size", "ordering"}


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Comma-separated codes, each one of the field's choices."""


class NumberInFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    """Comma-separated whole numbers."""


class VisibleInFilter(NumberInFilter):
    """Ids of related records (`related`, reached by `path`) that match only while the reader may see them.

    Filtering published incidents by a draft site's id would tell the public which incidents
    the unpublished site is linked to (core.visibility): for them such an id matches nothing.
    """

    def __init__(self, *args, related: type | None = None, path: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.related, self.path = related, path

    def filter(self, queryset: QuerySet, value) -> QuerySet:
        queryset = super().filter(queryset, value)
        if value and self.related is not None:
            request = getattr(self.parent, "request", None)
            if not visibility.sees_everything(getattr(request, "user", None), self.related):
                queryset = queryset.filter(visibility.public_q(self.related, prefix=f"{self.path}__"))
        return queryset


class BoundingBoxField(forms.CharField):
    """min_lon,min_lat,max_lon,max_lat in degrees, inside Peru's box."""

    def clean(self, value: str | None) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
        value = super().clean(value)
        if not value:
            return None
        parts = value.split(",")
        if len(parts) != 4:
            raise ValidationError(
                _("Give four numbers, min_lon,min_lat,max_lon,max_lat; got %(count)d.") % {"count": len(parts)}
            )
        try:
            min_lon, min_lat, max_lon, max_lat = (Decimal(part.strip()) for part in parts)
        except InvalidOperation:
            raise ValidationError(_("Each of the four values must be a number in degrees.")) from None
        if not all(part.is_finite() for part in (min_lon, min_lat, max_lon, max_lat)):
            raise ValidationError(_("Each of the four values must be a finite number."))
        if min_lon > max_lon or min_lat > max_lat:
            raise ValidationError(_("The minimum must not exceed the maximum (min_lon,min_lat,max_lon,max_lat)."))
        if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            raise ValidationError(_("Longitudes lie within ±180 and latitudes within ±90."))
        return min_lon, min_lat, max_lon, max_lat


@extend_schema_field(OpenApiTypes.STR)
class BoundingBoxFilter(django_filters.Filter):
    field_class = BoundingBoxField

    def filter(self, queryset: QuerySet, value) -> QuerySet:
        if not value:
            return queryset
        min_lon, min_lat, max_lon, max_lat = value
        return queryset.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon
        )


class Unaccent(Func):
    """veta_unaccent(text): drops Spanish accents but keeps ñ (a SQL function from a migration)."""

    function = "veta_unaccent"
    output_field = TextField()


SEARCH_CONFIG = "spanish"


def search_query(text: str, configs: tuple[str, ...] = (SEARCH_CONFIG,)) -> SearchQuery:
    """The words of `text`, accents dropped, stemmed in each of `configs`; a document matches any of them."""
    queries = [SearchQuery(Unaccent(Value(text)), config=config, search_type="websearch") for config in configs]
    query = queries[0]
    for other in queries[1:]:
        query = query | other
    return query


def search_filter(queryset: QuerySet, fields: list[str], text: str) -> QuerySet:
    """Spanish full-text search over the fields, with or without accents, computed row by row."""
    vector = SearchVector(*(Unaccent(F(field)) for field in fields), config=SEARCH_CONFIG)
    return queryset.annotate(search=vector).filter(search=search_query(text))


class SearchField(forms.CharField):
    def clean(self, value: str | None) -> str | None:
        value = super().clean(value)
        if value and "\x00" in value:
            raise ValidationError(_("The search text contains a NUL character."))
        if value and len(value) > 200:
            raise ValidationError(_("Search for at most 200 characters."))
        return value or None


@extend_schema_field(OpenApiTypes.STR)
class SearchTextFilter(django_filters.Filter):
    """Spanish full-text search over `fields`, accents optional; at most 200 characters.

    With `stored`, the name of a field that holds the same document kept by a trigger, the
    search reads that field (and its GIN index) instead of computing the document per row;
    `configs` are the text configurations that document was stemmed with (the query is
    stemmed with each, and a document matches any).
    """

    field_class = SearchField

    def __init__(
        self,
        *args,
        fields: list[str] | None = None,
        stored: str | None = None,
        configs: tuple[str, ...] = (SEARCH_CONFIG,),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.search_fields = fields
        self.stored = stored
        self.configs = configs

    def filter(self, queryset: QuerySet, value: str | None) -> QuerySet:
        if not value or self.search_fields is None:
            return queryset
        if self.stored:
            # The same document, stored by a trigger and indexed (see incidents/migrations/0010).
            return queryset.filter(**{self.stored: search_query(value, self.configs)})
        return search_filter(queryset, self.search_fields, value)


def overlapping_dates(prefix: str = "") -> dict[str, django_filters.DateFilter]:
    """date_from/date_to: a record matches when its date range overlaps the requested one."""
    return {
        "date_from": django_filters.DateFilter(
            field_name=f"{prefix}date_end", lookup_expr="gte", help_text="ISO date; records ending on or after it."
        ),
        "date_to": django_filters.DateFilter(
            field_name=f"{prefix}date_start", lookup_expr="lte", help_text="ISO date; records starting on or before it."
        ),
    }


def in_utc(value: datetime.datetime | None) -> datetime.datetime | None:
    """A date and time in UTC, refusing one out of range.

    PostgreSQL takes offsets up to ±15:59 only; ISO 8601 allows up to ±23:59. Given in
    UTC, any offset is the instant it names, and the database never sees it.
    """
    if value is None:
        return None
    try:
        return value.astimezone(datetime.UTC) if value.tzinfo is not None else value
    except OverflowError:
        raise ValidationError(_("The date and time is out of range.")) from None


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date and time, given to the database in UTC."""

    def clean(self, value):
        return in_utc(super().clean(value))


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


def updated_since() -> django_filters.IsoDateTimeFilter:
    return UtcIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="ISO datetime; records changed at or after it."
    )


# Form fields that read numbers, dates or times: Python reads "５" (a full-width five) or
# "٣" (an Arabic-Indic three) as digits; Veta takes ASCII digits only.
NUMERIC_FORM_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField, forms.DateField, forms.DateTimeField)


def refuse_non_ascii_numbers(filterset) -> bool:
    """Add an error to each number or date filter whose value is not plain ASCII; True if none.

    Call after `filterset.is_valid()`: the errors join the form's, so pages show them
    beside the field and the API answers 400 naming the parameter.
    """
    form = filterset.form
    clean = True
    for name, field in form.fields.items():
        if not isinstance(field, NUMERIC_FORM_FIELDS):
            continue
        raw = form.data.get(name)
        if isinstance(raw, str) and not raw.isascii():
            form.add_error(
                name, _("Write numbers and dates with the digits 0 to 9 only; got “%(value)s”.") % {"value": raw}
            )
            clean = False
    return clean


def filter_errors(errors) -> exceptions.ValidationError:
    """A filter form's errors as DRF's 400, one list of messages per parameter.

    Unlike django-filter's own translation, a message is %-formatted only when it has
    parameters: a message quoting the request's value ("'X%': an INEI code here...") is
    already complete, and formatting it again failed with a 500.
    """
    return exceptions.ValidationError(
        {name: ValidationError(error_list).messages for name, error_list in errors.as_data().items()}
    )


class StrictFilterBackend(DjangoFilterBackend):
    """Like django-filter's backend, but an unknown parameter is a 400, not silently ignored."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not set(request.query_params) & set(filterset.filters):
            # Nothing to filter by (a detail, an unfiltered page): skip building the form.
            return queryset
        if not filterset.is_valid() or not refuse_non_ascii_numbers(filterset):
            raise filter_errors(filterset.errors)
        return filterset.qs

    def get_filterset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known = (
                set(filterset_class.base_filters) | NON_FILTER_PARAMETERS | set(getattr(view, "extra_parameters", ()))
            )
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise exceptions.ValidationError(
                    {name: [f"Unknown parameter; known ones are: {', '.join(sorted(known))}."] for name in unknown}
                )
        return super().get_filterset(request, queryset, view)


def published_or_visible(queryset: QuerySet, user) -> QuerySet:
    """The rows `user` may see, by Veta's one rule of visibility (core.visibility)."""
    return visibility.visible(queryset, user)
