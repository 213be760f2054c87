"""What the server-rendered list pages share: the API's FilterSets, sorting and pagination.

A list page filters with the same FilterSet class as its API endpoint, so a filter means
the same thing on a page, in the API and in the export links built from the page's URL.
The URL carries the whole state (filters, sort, page), so a reader can share it.

Lists count their matches only up to COUNT_CAP: a one-word search over a million incidents
would otherwise count most of the table before showing fifty rows. Beyond the cap a page
says "more than 10,000" and pages through the first 10,000 only.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.functional import cached_property

# Query parameters a page understands besides its FilterSet's.
PAGE_PARAMETERS = ("page", "sort")

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
    """The non-empty values of `data` for the named filters only, in the filters' order."""
    query = QueryDict(mutable=True)
    for name in filters:
        values = [value for value in data.getlist(name) if value.strip()]
        if values:
            query.setlist(name, values)
    return query


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
    if not filterset.is_valid():
        return FilteredList(filterset, None, 0, sort, sort_options, invalid=True)
    ordering = option.ordering
    if descending:
        ordering = tuple(term[1:] if term.startswith("-") else f"-{term}" for term in ordering)
    paginator = CappedPaginator(filterset.qs.order_by(*ordering), per_page)
    page = paginator.get_page(request.GET.get("page"))
    return FilteredList(filterset, page, paginator.count, sort, sort_options, capped=paginator.capped)
