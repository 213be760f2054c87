"""/sources/: the outlets and sources Veta rests on; /sources/<id>/: one source and everything it supports.

A reader who meets a source on an incident page can see what else rests on it: the
incidents it reports (with the figures it gave for each, and when), the enforcement
operations, the operation summary reports and the REINFO snapshots. The public sees only
published incidents and operations; editors see drafts with their status badge.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core import visibility
from core.api.filters import published_or_visible
from core.choices import ModerationStatus
from enforcement.models import EnforcementOperation, OperationReport, ReinfoSnapshot
from incidents.choices import FIGURE_OUTCOMES, CasualtyOutcome
from incidents.models import Claim, Incident, Source
from incidents.services import worded


@dataclass
class ClaimSummary:
    """A claim the source made: its date, its figures as worded, its grade."""

    claim: Claim
    figures: list[tuple[str, str]]


@dataclass
class SupportedIncident:
    incident: Incident
    claims: list[ClaimSummary]


def claim_summary(claim: Claim) -> ClaimSummary:
    labels = dict(CasualtyOutcome.choices)
    figures = [
        (str(labels[outcome]), worded(claim.figure(outcome), claim.wording))
        for outcome in FIGURE_OUTCOMES
        if claim.figure(outcome) is not None
    ]
    return ClaimSummary(claim, figures)


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The source's outlet, title, date, language and link, and the records it supports (six queries)."""
    user = request.user
    # Public once a public record rests on it (core.visibility); editors see every source.
    source = get_object_or_404(visibility.visible(Source.objects.all(), user), pk=pk)
    cites = Q(sources=source) | Q(claims__source=source)
    incident_ids = Incident.objects.visible_to(user).filter(cites).values("pk")
    incidents = list(Incident.objects.for_list().filter(pk__in=incident_ids).order_by("-date_start", "-id"))
    claims_by_incident: dict[int, list[ClaimSummary]] = {incident.pk: [] for incident in incidents}
    for claim in Claim.objects.filter(source=source, incident_id__in=incident_ids).order_by("claimed_on", "id"):
        claims_by_incident[claim.incident_id].append(claim_summary(claim))
    operations = list(
        published_or_visible(EnforcementOperation.objects.filter(sources=source), user)
        .select_related("region", "province", "district")
        .order_by("-date_start", "-id")
    )
    reports = list(OperationReport.objects.filter(source=source).order_by("-date_start", "-id"))
    snapshots = list(ReinfoSnapshot.objects.filter(source=source).order_by("-as_of"))

    supports_anything = incidents or operations or reports or snapshots
    context = {
        "source": source,
        "incidents": [SupportedIncident(incident, claims_by_incident[incident.pk]) for incident in incidents],
        "operations": operations,
        "reports": reports,
        "snapshots": snapshots,
        "supports_anything": supports_anything,
    }
    return render(request, "sources/detail.html", context)


SOURCES_PER_PAGE = 50


def sources_for(user) -> QuerySet:
    """The sources a reader may see listed: Veta's one rule of visibility (core.visibility)."""
    return visibility.visible(Source.objects.all(), user)


def incident_count(user) -> Subquery:
    """How many incidents the reader may see each source backs (linked or by a claim)."""
    counted = (
        Incident.objects.visible_to(user)
        .filter(Q(sources=OuterRef("pk")) | Q(claims__source=OuterRef("pk")))
        .order_by()
        .values(dummy=Value(1))
        .annotate(total=Count("pk", distinct=True))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@require_safe
def source_index(request: HttpRequest) -> HttpResponse:
    """/sources/: the outlets whose reports Veta's records rest on, with how many sources and incidents each;
    `?outlet=` lists one outlet's sources, newest first, each with its incidents."""
    visible = sources_for(request.user)
    outlet = request.GET.get("outlet")
    if outlet is not None:
        if len(outlet) > 200 or "\x00" in outlet:
            return HttpResponseBadRequest("outlet: at most 200 characters.", content_type="text/plain; charset=utf-8")
        sources = (
            visible.filter(outlet=outlet.strip())
            .annotate(incident_total=incident_count(request.user))
            .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
        )
        page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
        context = {"outlet": outlet.strip(), "page": page, "sources": page.object_list}
        return render(request, "sources/outlet.html", context)
    outlets = list(
        visible.values("outlet")
        .annotate(
            source_total=Count("pk", distinct=True),
            incident_total=Count("incidents", filter=Q(incidents__status=ModerationStatus.PUBLISHED), distinct=True),
            latest=Max("published_on"),
        )
        .order_by("-source_total", "outlet")
    )
    return render(request, "sources/index.html", {"outlets": outlets})
