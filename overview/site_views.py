"""Mining-site pages: the filtered list and one site with what happened there.

The list filters with `MiningSiteFilterSet`, the API's own.
"""

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

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
from enforcement.models import EnforcementOperation, ReinfoRecord
from incidents.models import Incident, Source
from regions.choices import SiteKind, SiteLegalStatus
from regions.filtersets import MiningSiteFilterSet
from regions.models import MiningSite, ProtectedArea
from regions.pages import place_fields

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
