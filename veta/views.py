"""The dashboard: what Veta holds in a few figures, casualties by month and the latest incidents.

Every figure counts published records only, also for editors: the dashboard is the public
summary, and a draft's toll is not yet anyone's to cite. The casualty figures add up the
published incidents' low, best and high figures per outcome; an unknown figure adds
nothing (it counts as 0), and the page says so.
"""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enforcement.choices import ReinfoStatus
from enforcement.models import EnforcementOperation, ReinfoRecord
from incidents.models import Incident
from veta.charts import CHART_OUTCOMES, monthly_casualties

LATEST_INCIDENTS = 10
BOUNDS = ("low", "best", "high")
OUTCOME_LABELS = {"killed": _("Killed"), "injured": _("Injured"), "missing": _("Missing")}


def casualty_totals(incidents) -> tuple[int, list[dict]]:
    """The number of incidents and, per outcome, the sums of their low, best and high figures (one query)."""
    sums = incidents.aggregate(
        incident_count=Count("pk"),
        **{
            f"{outcome}_{bound}": Coalesce(Sum(f"{outcome}_{bound}"), 0)
            for outcome in CHART_OUTCOMES
            for bound in BOUNDS
        },
    )
    figures = [
        {"outcome": outcome, "label": OUTCOME_LABELS[outcome], **{b: sums[f"{outcome}_{b}"] for b in BOUNDS}}
        for outcome in CHART_OUTCOMES
    ]
    return sums["incident_count"], figures


def reinfo_counts() -> list[dict]:
    """REINFO records per status, every status listed (zero included), in the codebook's order (one query)."""
    counts = dict(ReinfoRecord.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"status": status, "label": status.label, "count": counts.get(status.value, 0)} for status in ReinfoStatus]


def home(request: HttpRequest) -> HttpResponse:
    incidents = Incident.objects.published()
    incident_count, figures = casualty_totals(incidents)
    reinfo = reinfo_counts()
    context = {
        "incident_count": incident_count,
        "figures": figures,
        "operation_count": EnforcementOperation.objects.published().count(),
        "reinfo": reinfo,
        "reinfo_total": sum(row["count"] for row in reinfo),
        "series": monthly_casualties(incidents),
        "latest_incidents": incidents.for_list()[:LATEST_INCIDENTS],
        "map_points_url": reverse("api:incident-list") + "?format=geojson",
    }
    return render(request, "home.html", context)
