"""/sources/<id>/: one source and everything in Veta it supports.

A reader who meets a source on an incident page can see what else rests on it: the
incidents it reports (with the figures it gave for each, and when), the enforcement
operations, the operation summary reports and the REINFO snapshots. The public sees only
published incidents and operations; editors see drafts with their status badge.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core import visibility
from core.api.filters import published_or_visible
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
