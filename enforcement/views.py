"""Enforcement pages: the operations list, one operation, and the REINFO registry search.

Each list filters with the API's FilterSet (enforcement/filtersets.py), so a page's URL
and its export links to /api/v1/ mean the same records.
"""

import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from core import visibility
from core.api.filters import published_or_visible
from core.pages import (
    FilterField,
    SortOption,
    choice_field,
    count_subquery,
    filter_list,
    list_context,
    select_field,
    text_field,
)
from enforcement.api.serializers import incident_links_visible_to
from enforcement.choices import Agency, OperationKind, ReinfoStatus
from enforcement.filtersets import EnforcementOperationFilterSet, OperationReportFilterSet, ReinfoRecordFilterSet
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationReport,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from regions.models import MiningSite
from regions.pages import place_fields

AGENCY_LABELS = dict(Agency.choices)


def agency_labels(codes: list[str]) -> list[str]:
    """The codebook's label of each agency code (the code itself if it is not in the codebook)."""
    return [str(AGENCY_LABELS.get(code, code)) for code in codes]


# ---------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------

OPERATION_SORT_OPTIONS = [
    SortOption("date", _("Date"), ("-date_start", "-id")),
    SortOption("place", _("Place"), ("region__display_name", "province__display_name", "district__display_name", "id")),
    # Unknown values sort after every known one when the largest come first.
    SortOption("value", _("Value destroyed"), ("-value_sort", "-date_start", "-id")),
    SortOption("machinery", _("Machinery destroyed"), ("-machinery_total", "-date_start", "-id")),
]


def operations_for(user) -> QuerySet[EnforcementOperation]:
    """Operations the user may see, with what a list shows of them, in a fixed number of queries."""
    machinery_total = (
        MachineryDestroyed.objects.filter(operation=OuterRef("pk"))
        .order_by()
        .values("operation")
        .annotate(total=Sum("count"))
        .values("total")
    )
    operations = (
        EnforcementOperation.objects.select_related("region", "province", "district")
        .prefetch_related(Prefetch("machinery", queryset=MachineryDestroyed.objects.order_by("kind", "id")))
        .annotate(
            value_sort=Coalesce(F("value_destroyed"), Value(Decimal(-1)), output_field=DecimalField()),
            machinery_total=Coalesce(Subquery(machinery_total, output_field=IntegerField()), Value(0)),
        )
    )
    return published_or_visible(operations, user)


def visible_sites(user) -> QuerySet[MiningSite]:
    return published_or_visible(MiningSite.objects.all(), user)


def operation_filter_fields(filterset, user) -> list[FilterField]:
    sites = [(str(pk), name) for pk, name in visible_sites(user).order_by("name").values_list("pk", "name")]
    return [
        text_field(
            filterset, "q", _("Text"), widget="search", help_text=_("Words of the title, description or place.")
        ),
        *place_fields(filterset),
        text_field(filterset, "date_from", _("From"), widget="date"),
        text_field(filterset, "date_to", _("To"), widget="date"),
        choice_field(filterset, "agency", _("Agency"), Agency.choices, _("Any agency")),
        choice_field(filterset, "kind", _("Kind"), OperationKind.choices, _("All kinds")),
        select_field(filterset, "site", _("Mining site"), sites, _("Any site")),
    ]


REPORT_FILTERS = ("date_from", "date_to", "agency", "region")


def report_filters(request: HttpRequest) -> QueryDict:
    """The page's filters that summary reports have too (date, agency, region), with a value."""
    data = QueryDict(mutable=True)
    for name in REPORT_FILTERS:
        value = (request.GET.get(name) or "").strip()
        if value:
            data[name] = value
    return data


def matching_reports(request: HttpRequest) -> list[OperationReport]:
    """Summary reports under the page's date, agency and region filters (the ones reports have).

    Empty when those filters are refused; the operations' own form shows why.
    """
    filterset = OperationReportFilterSet(
        data=report_filters(request), queryset=OperationReport.objects.all(), request=request
    )
    if not filterset.is_valid():
        return []
    reports = filterset.qs.select_related("source").prefetch_related("regions", "provinces")
    return list(reports.order_by("-date_start", "-id"))


def with_labels(operations) -> list[EnforcementOperation]:
    operations = list(operations)
    for operation in operations:
        operation.agency_labels = agency_labels(operation.agencies)
    return operations


def operation_list(request: HttpRequest) -> HttpResponse:
    """/operations/: single operations filtered like /api/v1/operations/, and the summary reports."""
    result = filter_list(
        request,
        EnforcementOperationFilterSet,
        operations_for(request.user),
        sort_options=OPERATION_SORT_OPTIONS,
    )
    context = list_context(result, operation_filter_fields(result.filterset, request.user))
    context["rows"] = with_labels(context["rows"])
    context["reports"] = with_labels(matching_reports(request)) if not result.invalid else []
    context["report_query"] = report_filters(request).urlencode()
    return render(request, "enforcement/operation_list.html", context, status=result.status)


def reports_covering(operation: EnforcementOperation) -> QuerySet[OperationReport]:
    """Summary reports whose period overlaps the operation's and that cover its region or name none."""
    return (
        OperationReport.objects.filter(date_start__lte=operation.date_end, date_end__gte=operation.date_start)
        .filter(Q(regions=operation.region_id) | Q(regions__isnull=True))
        .distinct()
        .select_related("source")
        .order_by("-date_start", "-id")
    )


def operation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/operations/<id>/: one operation, its results, linked incidents, reports and sources."""
    operations = EnforcementOperation.objects.select_related(
        "region", "province", "district", "target_site"
    ).prefetch_related(Prefetch("machinery", queryset=MachineryDestroyed.objects.order_by("kind", "id")))
    operation = get_object_or_404(published_or_visible(operations, request.user), pk=pk)
    operation.agency_labels = agency_labels(operation.agencies)
    seized = [
        (_("Mercury seized"), operation.mercury_seized_kg, _("kg")),
        (_("Fuel seized"), operation.fuel_seized_gallons, _("gallons")),
        (_("Gold seized"), operation.gold_seized_grams, _("g")),
    ]
    links = (
        incident_links_visible_to(request.user)
        .filter(operation=operation)
        .select_related("incident__region", "incident__province", "incident__district")
        .order_by("incident__date_start", "incident_id")
    )
    site = operation.target_site
    # A draft site of a published operation is withheld from the public (core.visibility).
    site_visible = visibility.is_visible(site, request.user)
    context = {
        "operation": operation,
        "machinery": list(operation.machinery.all()),
        # Quantities without trailing zeros: 12.5 kg, not 12.500 kg.
        "seized": [(label, amount.normalize(), unit) for label, amount, unit in seized if amount is not None],
        "incident_links": list(links),
        "reports": with_labels(reports_covering(operation)),
        "sources": list(operation.sources.order_by("-published_on", "title")),
        "site": site if site_visible else None,
        "site_withheld": visibility.withheld(site, request.user),
    }
    return render(request, "enforcement/operation_detail.html", context)


# ---------------------------------------------------------------------------------------
# REINFO
# ---------------------------------------------------------------------------------------

REINFO_SORT_OPTIONS = [
    SortOption("declarant", _("Declarant"), ("declarant_name", "codigo_unico", "id")),
    SortOption("ruc", _("RUC"), ("ruc", "codigo_unico", "id")),
    SortOption("codigo", _("Código único"), ("codigo_unico", "ruc", "id")),
    SortOption("district", _("District"), ("district__display_name", "declarant_name", "id")),
    SortOption("changed", _("Latest change"), ("-changed_sort", "declarant_name", "id")),
]


def reinfo_records() -> QuerySet[ReinfoRecord]:
    """REINFO records with their place and, as subqueries, their status history's size and end."""
    changes = ReinfoStatusChange.objects.filter(record=OuterRef("pk")).order_by().values("record")
    last_change = Subquery(changes.annotate(latest=Max("changed_on")).values("latest"), output_field=DateField())
    return ReinfoRecord.objects.select_related("district__province__region").annotate(
        change_count=count_subquery(ReinfoStatusChange.objects.all(), "record"),
        last_change=last_change,
        # Records that never changed sort after every change when the latest come first.
        changed_sort=Coalesce(last_change, Value(datetime.date.min), output_field=DateField()),
    )


def reinfo_filter_fields(filterset) -> list[FilterField]:
    return [
        text_field(
            filterset,
            "ruc",
            _("RUC"),
            inputmode="numeric",
            maxlength=11,
            help_text=_("11 digits, found only exactly."),
        ),
        text_field(filterset, "q", _("Declarant or mining right"), widget="search"),
        text_field(filterset, "codigo_unico", _("Código único"), maxlength=30),
        choice_field(filterset, "status", _("Status"), ReinfoStatus.choices, _("Any status")),
        *place_fields(filterset),
    ]


def status_counts(request: HttpRequest, result) -> list[dict]:
    """How many records each status has under the page's other filters, every status listed.

    The status filter itself is left out, so each count is what choosing that status
    would list; without a status filter these add up to the page's count.
    """
    if result.invalid:
        return []
    filterset = result.filterset
    if (filterset.data.get("status") or "").strip():
        data = filterset.data.copy()
        data.pop("status")
        filterset = ReinfoRecordFilterSet(data=data, queryset=ReinfoRecord.objects.all(), request=request)
        if not filterset.is_valid():
            return []
    counts = dict(filterset.qs.order_by().values_list("status").annotate(total=Count("pk")))
    return [{"code": code, "label": label, "count": counts.get(code, 0)} for code, label in ReinfoStatus.choices]


def reinfo_list(request: HttpRequest) -> HttpResponse:
    """/reinfo/: REINFO records filtered like /api/v1/reinfo-records/, with counts by status."""
    result = filter_list(request, ReinfoRecordFilterSet, reinfo_records(), sort_options=REINFO_SORT_OPTIONS)
    context = list_context(
        result,
        reinfo_filter_fields(result.filterset),
        status_counts=status_counts(request, result),
        latest_snapshot=ReinfoSnapshot.objects.order_by("-as_of").first(),
        current_status=(result.filterset.data.get("status") or "").strip(),
    )
    return render(request, "enforcement/reinfo_list.html", context, status=result.status)
