"""Mining-site pages: the filtered list and one site with what happened there.

The list filters with `MiningSiteFilterSet`, the API's own. This module also holds the
small pieces the record pages share (the filter form's fields, sortable column headers,
the API export query), used by `enforcement.views` too.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from core.api.filters import published_or_visible
from core.pages import FilteredList, SortOption, filter_list
from enforcement.models import EnforcementOperation, ReinfoRecord
from incidents.models import Incident, Source
from regions.choices import SiteKind, SiteLegalStatus
from regions.filtersets import MiningSiteFilterSet
from regions.models import District, MiningSite, ProtectedArea, Province, Region

# ---------------------------------------------------------------------------------------
# What the record pages share: filter-form fields, sortable headers, export links.
# ---------------------------------------------------------------------------------------

Options = list[tuple[str, str]]


@dataclass
class FilterField:
    """One field of a list page's filter form; its name is the FilterSet filter's name."""

    name: str
    label: str
    value: str = ""
    widget: str = "text"  # text, search, date or select
    groups: list[tuple[str | None, Options]] = field(default_factory=list)
    empty_label: str = ""
    help_text: str = ""
    errors: list[str] = field(default_factory=list)
    inputmode: str = ""
    maxlength: int | None = None


def raw_value(filterset, name: str) -> str:
    """The value the reader typed or chose, as given (shown back even when refused)."""
    return (filterset.data.get(name) or "").strip()


def field_errors(filterset, name: str) -> list[str]:
    return list(filterset.form.errors.get(name, [])) if filterset.form.is_bound else []


def text_field(filterset, name: str, label, *, widget: str = "text", **extra) -> FilterField:
    return FilterField(
        name, label, raw_value(filterset, name), widget=widget, errors=field_errors(filterset, name), **extra
    )


def keep_unlisted(value: str, options: Options) -> Options:
    """A value from a shared link that no option offers (several codes) stays selectable."""
    if value and value not in {code for code, _label in options}:
        return [*options, (value, value)]
    return options


def select_field(filterset, name: str, label, options: Options, empty_label, **extra) -> FilterField:
    value = raw_value(filterset, name)
    return FilterField(
        name,
        label,
        value,
        widget="select",
        groups=[(None, keep_unlisted(value, options))],
        empty_label=empty_label,
        errors=field_errors(filterset, name),
        **extra,
    )


def choice_field(filterset, name: str, label, choices, empty_label) -> FilterField:
    return select_field(filterset, name, label, [(str(code), str(text)) for code, text in choices], empty_label)


def place_fields(filterset) -> list[FilterField]:
    """Region, province and district as drop-downs, each narrowed by the coarser one chosen.

    Provinces are those of the chosen region (all of them, by region, when none is
    chosen); districts those of the chosen province, or of the chosen region. At most
    three queries, whatever the number of rows listed.
    """
    region, province = raw_value(filterset, "region"), raw_value(filterset, "province")
    region_options = list(Region.objects.order_by("display_name").values_list("code", "display_name"))

    provinces = Province.objects.select_related("region").order_by("region__display_name", "display_name")
    if len(region) == 2:
        provinces = provinces.filter(region_id=region)
    province_groups: dict[str, Options] = {}
    for item in provinces:
        province_groups.setdefault(item.region.display_name, []).append((item.code, item.display_name))

    district_groups: dict[str, Options] = {}
    district_help = ""
    chosen_area = province if len(province) == 4 else region if len(region) == 2 else ""
    if chosen_area:
        districts = District.objects.filter(code__startswith=chosen_area).select_related("province")
        for item in districts.order_by("province__display_name", "display_name"):
            district_groups.setdefault(item.province.display_name, []).append((item.code, item.display_name))
    else:
        district_help = _("Choose a region or a province and apply the filters to list its districts.")

    def grouped(name: str, label, groups: dict[str, Options], empty_label, help_text="") -> FilterField:
        value = raw_value(filterset, name)
        listed = {code for options in groups.values() for code, _label in options}
        choices = [(group, options) for group, options in groups.items()]
        if value and value not in listed:
            choices.append((None, [(value, value)]))
        return FilterField(
            name,
            label,
            value,
            widget="select",
            groups=choices,
            empty_label=empty_label,
            help_text=help_text,
            errors=field_errors(filterset, name),
        )

    return [
        select_field(filterset, "region", _("Region"), region_options, _("All regions")),
        grouped("province", _("Province"), province_groups, _("All provinces")),
        grouped("district", _("District"), district_groups, _("All districts"), district_help),
    ]


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


def export_query(result: FilteredList) -> str:
    """The page's filters as the API takes them: known filters with a value, nothing else.

    The API refuses unknown parameters, so page-only ones (page, sort, anything a link
    added) never reach it.
    """
    data = result.filterset.data
    query = data.copy()
    for name in list(query.keys()):
        if name not in result.filterset.filters or not (data.get(name) or "").strip():
            query.pop(name)
    return query.urlencode()


def list_context(result: FilteredList, fields: list[FilterField], **extra) -> dict:
    """What every record list template uses."""
    rows = list(result.rows)
    errors = result.filterset.form.errors if result.invalid else {}
    return {
        "result": result,
        "rows": rows,
        "fields": fields,
        "headers": sort_headers(result),
        "export_query": export_query(result),
        "non_field_errors": list(errors.get("__all__", [])),
        "is_filtered": bool(export_query(result)),
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


# ---------------------------------------------------------------------------------------
# Mining sites
# ---------------------------------------------------------------------------------------

SITE_SORT_OPTIONS = [
    SortOption("name", _("Name"), ("name", "id")),
    SortOption("place", _("Place"), ("region__display_name", "province__display_name", "district__display_name", "id")),
    SortOption("incidents", _("Incidents"), ("-incident_count", "name", "id")),
    SortOption("operations", _("Operations"), ("-operation_count", "name", "id")),
]


def sites_for(user) -> QuerySet[MiningSite]:
    """The mining sites the user may see, with their places and what the list counts."""
    incidents = Incident.objects.visible_to(user)
    operations = published_or_visible(EnforcementOperation.objects.all(), user)
    sites = MiningSite.objects.select_related("region", "province", "district", "protected_area").annotate(
        incident_count=count_subquery(incidents, "site"),
        operation_count=count_subquery(operations, "target_site"),
    )
    return published_or_visible(sites, user)


def site_filter_fields(filterset) -> list[FilterField]:
    areas = list(ProtectedArea.objects.order_by("name").values_list("pk", "name"))
    return [
        text_field(filterset, "q", _("Text"), widget="search", help_text=_("Words of the name, place or notes.")),
        *place_fields(filterset),
        choice_field(filterset, "kind", _("Kind"), SiteKind.choices, _("All kinds")),
        choice_field(filterset, "legal_status", _("Legal status"), SiteLegalStatus.choices, _("Any status")),
        select_field(
            filterset,
            "protected_area",
            _("Protected area"),
            [(str(pk), name) for pk, name in areas],
            _("Inside or outside any"),
        ),
    ]


def site_list(request: HttpRequest) -> HttpResponse:
    """/sites/: mining sites filtered like /api/v1/mining-sites/."""
    result = filter_list(request, MiningSiteFilterSet, sites_for(request.user), sort_options=SITE_SORT_OPTIONS)
    context = list_context(result, site_filter_fields(result.filterset))
    return render(request, "sites/site_list.html", context, status=result.status)


def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/sites/<id>/: one site, its place, the incidents and operations recorded there."""
    sites = MiningSite.objects.select_related("region", "province", "district", "protected_area")
    site = get_object_or_404(published_or_visible(sites, request.user), pk=pk)
    incidents = Incident.objects.visible_to(request.user).filter(site=site)
    operations = published_or_visible(EnforcementOperation.objects.filter(target_site=site), request.user)
    sources = (
        Source.objects.filter(Q(incidents__in=incidents.values("pk")) | Q(operations__in=operations.values("pk")))
        .distinct()
        .order_by("-published_on", "title")
    )
    context = {
        "site": site,
        "incidents": list(incidents.for_list().order_by("-date_start", "-id")),
        "operations": list(operations.select_related("region", "province", "district").order_by("-date_start", "-id")),
        "reinfo_records": list(
            ReinfoRecord.objects.filter(mining_site=site).select_related("district").order_by("declarant_name")
        ),
        "sources": list(sources),
        "has_point": site.latitude is not None and site.longitude is not None,
    }
    return render(request, "sites/site_detail.html", context)
