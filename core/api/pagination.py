"""Keyset ("cursor") pagination: stable under inserts and free of COUNT queries.

The cursor holds the sort value and id of the last row served; the next page starts
strictly after that pair, so rows inserted meanwhile cause neither gaps nor repeats.
"""

import base64
import binascii
import datetime
import json
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import AutoField, Field, IntegerField, Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
FOREIGN_CURSOR = "Not a cursor Veta gave out: follow the `next` link as it is."


def parse_whole_number(raw: str) -> int | None:
    """The number written in ASCII digits only ("５" and "²" are not), or None."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


def _encode(value) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class KeysetPagination(BasePagination):
    """Pages of `page_size` rows ordered by one field plus the id as a tie-breaker."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        number = parse_whole_number(raw)
        if number is None or not 1 <= number <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}; got {raw!r}."]})
        return number

    def get_ordering(self, request: Request, view) -> str:
        orderings = view.ordering_fields
        raw = request.query_params.get(self.ordering_query_param, view.default_ordering)
        if raw not in orderings:
            allowed = ", ".join(f"{name}, -{name}" for name in sorted(orderings_without_sign(orderings)))
            raise ValidationError({"ordering": [f"Unknown ordering {raw!r}; use one of: {allowed}."]})
        return raw

    def page_of(self, queryset: QuerySet, request: Request, view=None) -> QuerySet:
        """The page's rows plus one (to tell whether another page follows), ordered and not yet read."""
        self.request = request
        self.page_size = self.get_page_size(request)
        ordering = self.get_ordering(request, view)
        self.field = ordering.lstrip("-")
        self.descending = ordering.startswith("-")
        direction = "-" if self.descending else ""
        queryset = queryset.order_by(f"{direction}{self.field}", f"{direction}pk")
        cursor = self.decode_cursor(request, _sort_field(queryset, self.field), queryset.model._meta.pk)
        if cursor is not None:
            value, pk = cursor
            after = "lt" if self.descending else "gt"
            queryset = queryset.filter(
                Q(**{f"{self.field}__{after}": value}) | Q(**{self.field: value, f"pk__{after}": pk})
            )
        return queryset[: self.page_size + 1]

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list:
        rows = list(self.page_of(queryset, request, view))
        self.has_next = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        return self.page

    def decode_cursor(
        self, request: Request, sort_field: Field | None = None, pk_field: Field | None = None
    ) -> tuple | None:
        """The (sort value, id) a cursor holds, each read as its field reads it; a 400 for anything else.

        A cursor is opaque but not trusted: one forged to hold an impossible date, a word
        where a number belongs or an id beyond PostgreSQL's range is refused here, before
        it reaches the query.
        """
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            field, value, pk = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
        except (ValueError, TypeError, binascii.Error):
            raise ValidationError({"cursor": [FOREIGN_CURSOR]}) from None
        if field != self.field:
            raise ValidationError({"cursor": ["This cursor belongs to another ordering."]})
        return _cursor_value(value, sort_field), _cursor_value(pk, pk_field or AutoField())

    def next_link(self) -> str | None:
        if not self.has_next:
            return None
        last = self.page[-1]
        return self.next_link_after(getattr(last, self.field), last.pk)

    def next_link_after(self, value, pk: int) -> str:
        """The link to the page that starts after the row with this sort value and id."""
        payload = json.dumps([self.field, _encode(value), pk])
        cursor = base64.urlsafe_b64encode(payload.encode()).decode("ascii")
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, cursor)

    def get_paginated_response(self, data: list) -> Response:
        return Response({"next": self.next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "The next page, if any."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Opaque position from a previous page's `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": self.ordering_query_param,
                "in": "query",
                "required": False,
                "description": f"Sort field, `-` for descending (default `{view.default_ordering}`).",
                "schema": {"type": "string", "enum": sorted(view.ordering_fields)},
            },
        ]


def _sort_field(queryset: QuerySet, name: str) -> Field | None:
    """The model field (or annotation) a list is sorted by, to read cursor values with."""
    if name in ("pk", "id"):
        return queryset.model._meta.pk
    annotation = queryset.query.annotations.get(name)
    if annotation is not None:
        return annotation.output_field
    try:
        return queryset.model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _cursor_value(value, field: Field | None):
    """A cursor's sort value as `field` reads it; a 400 when it is not one the field could hold."""
    # Veta writes whole numbers as numbers and everything else (dates, decimals) as text.
    whole = isinstance(field, IntegerField | AutoField)
    if type(value) is not (int if whole else str) or (not whole and "\x00" in value):
        raise ValidationError({"cursor": [FOREIGN_CURSOR]})
    if field is None:
        return value
    try:
        python_value = field.to_python(value)
        for validator in field.validators:  # integers' range, lengths
            validator(python_value)
    except (DjangoValidationError, TypeError, ValueError, OverflowError):
        raise ValidationError({"cursor": [FOREIGN_CURSOR]}) from None
    if python_value is None:
        raise ValidationError({"cursor": [FOREIGN_CURSOR]})
    return python_value


def orderings_without_sign(orderings) -> set[str]:
    return {ordering.lstrip("-") for ordering in orderings}
