"""What the server-rendered list pages share: the API's FilterSets, sorting and pagination.

A list page filters with the same FilterSet class as its API endpoint, so a filter means
the same thing on a page, in the API and in the export links built from the page's URL.
The URL carries the whole state (filters, sort, page), so a reader can share it.

Lists count their matches only up to COUNT_CAP: a one-word search over a million incidents
would otherwise count most of the table before showing fifty rows. Beyond the cap a page
says "more than 10,000" and pages through the first 10,000 only.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, PageNotAnInteger, Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.api.filters import refuse_non_ascii_numbers

# The most matches a list counts exactly; past it the count says "more than" this.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator that counts at most `cap` rows, so a huge match costs no full COUNT.

    The count is `SELECT count(*) FROM (SELECT id … LIMIT cap + 1)`: exact up to the cap,
    and the cap itself with `capped` true beyond it. Pages run up to the cap's last page;
    a larger ?page= gets that last page, as an out-of-range page always has.
    """

    def __init__(self, object_list, per_page, *, cap: int | None = None, **options):
        super().__init__(object_list, per_page, **options)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def counted(self) -> int:
        """How many rows there are, counting no further than one past the cap."""
        if isinstance(self.object_list, QuerySet):
            # No ordering: PostgreSQL can stop after cap + 1 rows instead of sorting them all.
            return self.object_list.order_by().values("pk")[: self.cap + 1].count()
        return len(self.object_list)

    @property
    def capped(self) -> bool:
        """True when more rows match than the cap: `count` is then the cap, not the total."""
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    def validate_number(self, number):
        """As Django's, but "５" (a full-width five) is not a page number: it gets the first page, as "x" does."""
        if isinstance(number, str) and not number.isascii():
            raise PageNotAnInteger(_("That page number is not a whole number."))
        return super().validate_number(number)


@dataclass
class SortOption:
    """A column a list can be sorted by: the URL key, its label and the ORM ordering."""

    key: str
    label: str
    ordering: tuple[str, ...]


@dataclass
class FilteredList:
    """The outcome of filtering, sorting and paginating one list page."""

    filterset: object
    page: Page | None
    count: int
    sort: str
    sort_options: list[SortOption] = field(default_factory=list)
    invalid: bool = False
    capped: bool = False  # more rows match than `count`, which is then COUNT_CAP

    @property
    def rows(self):
        return self.page.object_list if self.page is not None else []

    @property
    def status(self) -> int:
        """400 when a filter value was refused, so crawlers and scripts notice too."""
        return 400 if self.invalid else 200

    def export_query(self) -> str:
        """The filter part of the URL, for the matching API export links.

        Only the FilterSet's own, non-empty parameters: page, sort and anything unknown
        are left out, since the API refuses parameters it does not know.
        """
        return filter_query(self.filterset.filters, self.filterset.data).urlencode()


def filter_query(filters: Iterable[str], data: QueryDict) -> QueryDict:
    """The non-empty values of `data` for the named filters only, in the URL's order."""
    known = set(filters)
    query = QueryDict(mutable=True)
    for name, values in data.lists():
        kept = [value for value in values if value.strip()]
        if name in known and kept:
            query.setlist(name, kept)
    return query


def without_empty_values(data: QueryDict) -> QueryDict:
    """The query without the empty fields a plain GET form sends, so a shared URL says only the filter."""
    query = QueryDict(mutable=True)
    for name, values in data.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            query.setlist(name, kept)
    return query


def split_codes(value: str | None, digits: int) -> list[str]:
    """The well-formed codes of `digits` digits in a comma-separated value; the FilterSet refuses the others."""
    if not value:
        return []
    return [
        code for code in (part.strip() for part in value.split(",")) if re.fullmatch(rf"\d{{{digits}}}", code, re.ASCII)
    ]


def filter_list(
    request: HttpRequest,
    filterset_class,
    queryset: QuerySet,
    *,
    sort_options: list[SortOption],
    per_page: int = 50,
) -> FilteredList:
    """Filter `queryset` by the request's query string, sort it and take the asked page.

    The first sort option is the default; `-key` sorts the other way. A refused filter
    value leaves the form with its errors and an empty list, never an unfiltered one.
    """
    filterset = filterset_class(data=request.GET, queryset=queryset, request=request)
    options = {option.key: option for option in sort_options}
    sort = request.GET.get("sort") or sort_options[0].key
    descending = sort.startswith("-")
    option = options.get(sort.lstrip("-"))
    if option is None:
        sort, descending, option = sort_options[0].key, False, sort_options[0]
    if not filterset.is_valid() or not refuse_non_ascii_numbers(filterset):
        return FilteredList(filterset, None, 0, sort, sort_options, invalid=True)
    ordering = option.ordering
    if descending:
        ordering = tuple(term[1:] if term.startswith("-") else f"-{term}" for term in ordering)
    paginator = CappedPaginator(filterset.qs.order_by(*ordering), per_page)
    page = paginator.get_page(request.GET.get("page"))
    return FilteredList(filterset, page, paginator.count, sort, sort_options, capped=paginator.capped)


# What the record pages share: filter-form fields, sortable headers, export links.
# templates/includes/filter_form.html renders the fields, includes/sort_th.html the headers.

Options = list[tuple[str, str]]
OptionGroups = list[tuple[str | None, Options]]


@dataclass
class FilterField:
    """One field of a list page's filter form; its name is the FilterSet filter's name."""

    name: str
    label: str
    value: str = ""
    widget: str = "text"  # text, search, date, number or select
    groups: OptionGroups = field(default_factory=list)
    empty_label: str = ""
    help_text: str = ""
    errors: list[str] = field(default_factory=list)
    inputmode: str = ""
    maxlength: int | None = None
    minimum: int | None = None  # the smallest number a number field takes
    group: str = ""  # the legend of the fieldset it goes in; "" for the form's own
    disabled: bool = False  # a select with nothing to offer until a coarser field is chosen
    resets: tuple[str, ...] = ()  # fields a change of this one empties (a live form leaves them out)
    refreshed: bool = False  # options depend on other fields: a live form's answer brings it anew


def raw_value(filterset, name: str) -> str:
    """The value the reader typed or chose, as given (shown back even when refused)."""
    return (filterset.data.get(name) or "").strip()


def field_errors(filterset, name: str) -> list[str]:
    """The FilterSet form's errors for one filter (none before it is bound)."""
    return list(filterset.form.errors.get(name, [])) if filterset.form.is_bound else []


def text_field(filterset, name: str, label, *, widget: str = "text", **extra) -> FilterField:
    """A text, search, date or number input showing back the value given."""
    return FilterField(
        name, label, raw_value(filterset, name), widget=widget, errors=field_errors(filterset, name), **extra
    )


def keep_unlisted(value: str, groups: OptionGroups) -> OptionGroups:
    """A value from a shared link that no option offers (several codes) stays selectable, first.

    Its label names each code by its option's label where there is one.
    """
    labels = {code: label for _group, options in groups for code, label in options}
    if not value or value in labels:
        return groups
    label = ", ".join(labels.get(part.strip(), part.strip()) for part in value.split(","))
    return [(None, [(value, label)]), *groups]


def grouped_select_field(filterset, name: str, label, groups: OptionGroups, empty_label, **extra) -> FilterField:
    """A select whose options come in labelled groups (an <optgroup> each; None for none)."""
    value = raw_value(filterset, name)
    return FilterField(
        name,
        label,
        value,
        widget="select",
        groups=keep_unlisted(value, groups),
        empty_label=empty_label,
        errors=field_errors(filterset, name),
        **extra,
    )


def select_field(filterset, name: str, label, options: Options, empty_label, **extra) -> FilterField:
    """A select of plain options."""
    return grouped_select_field(filterset, name, label, [(None, options)], empty_label, **extra)


def choice_field(filterset, name: str, label, choices, empty_label, **extra) -> FilterField:
    """A select of a TextChoices' members, each label capitalised as a menu item."""
    options = [(str(code), capfirst(str(text))) for code, text in choices]
    return select_field(filterset, name, label, options, empty_label, **extra)


@dataclass
class SortHeader:
    """A sortable column header: the sort its link asks for and its aria-sort state."""

    label: str
    link_sort: str
    aria_sort: str = ""


def sort_headers(result: FilteredList) -> dict[str, SortHeader]:
    """Headers keyed by sort key. A column's first link sorts it its natural way
    (newest or largest first where the ordering says so); a second click reverses it."""
    headers = {}
    current_key, reversed_ = result.sort.lstrip("-"), result.sort.startswith("-")
    for option in result.sort_options:
        descending_naturally = option.ordering[0].startswith("-")
        if option.key == current_key:
            descending = descending_naturally != reversed_
            aria = "descending" if descending else "ascending"
            link = option.key if reversed_ else f"-{option.key}"
        else:
            aria, link = "", option.key
        headers[option.key] = SortHeader(option.label, link, aria)
    return headers


def list_context(result: FilteredList, fields: list[FilterField], **extra) -> dict:
    """What every record list template uses.

    Pass `filter_live=True` for a form whose fields fetch fresh results with htmx as they
    change (the page then answers htmx requests with its results and refreshed fields).
    """
    errors = result.filterset.form.errors if result.invalid else {}
    export_query = result.export_query()
    return {
        "result": result,
        "rows": list(result.rows),
        "fields": fields,
        "headers": sort_headers(result),
        "export_query": export_query,
        "non_field_errors": list(errors.get("__all__", [])),
        "is_filtered": bool(export_query),
        **extra,
    }


def count_subquery(queryset: QuerySet, field_name: str) -> Coalesce:
    """How many rows of `queryset` point at the outer record: a correlated subquery, no JOIN."""
    counted = (
        queryset.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# --- Downloads from a list page ------------------------------------------------------------------

EXPORT_EXTENSIONS = {"csv": "csv", "geojson": "geojson", "acled": "csv", "ucdp": "csv"}


def export_filename(what: str, format_: str, query: QueryDict, day: datetime.date) -> str:
    """`veta-incidents-region-13-2026-12-06.csv`: what, the filters (shortened), the format and the day."""
    parts = ["veta", what]
    if format_ in ("acled", "ucdp"):
        parts.append(format_)
    for name, values in query.lists():
        if name == "format":
            continue
        parts.append(slugify(f"{name}-{'-'.join(values)}")[:40])
    stem = "-".join(part for part in parts if part)[:150].rstrip("-")
    return f"{stem}-{day.isoformat()}.{EXPORT_EXTENSIONS[format_]}"


def page_export(viewset_class: type, what: str):
    """The download behind a list page's export buttons: the API's own export of the same filters
    (same columns, same visibility, streamed), answered as a file named after what and when.

    It is the page's download, not an API call, so it does not count against the API's rate
    limits: a reader clicking "CSV" never meets a throttling error in JSON.
    """
    view = viewset_class.as_view({"get": "list"}, throttle_classes=[])
    offered = {"csv", "geojson"} if getattr(viewset_class, "geojson_properties", None) is not None else {"csv"}
    offered |= set(getattr(viewset_class, "csv_formats", {}))

    def export(request: HttpRequest) -> HttpResponse:
        format_ = request.GET.get("format", "")
        if format_ not in offered:
            names = ", ".join(sorted(offered))
            return HttpResponseBadRequest(f"format: choose one of {names}.", content_type="text/plain; charset=utf-8")
        response = view(request)
        if response.status_code == 200:
            name = export_filename(what, format_, request.GET, timezone.localdate())
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    export.__doc__ = f"/…/export/?format=…: the {what} of a list page as a file."
    return require_safe(export)
