"""The dashboard: what Veta holds in a few figures, casualties by month and the latest incidents.

Every figure counts published records only, also for editors: the dashboard is the public
summary, and a draft's toll is not yet anyone's to cite. The casualty figures add up the
published incidents' low, best and high figures per outcome; an unknown figure adds
nothing (it counts as 0), and the page says so.
"""

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from enforcement.choices import ReinfoStatus
from enforcement.models import EnforcementOperation, ReinfoRecord
from incidents import measures, rollup
from incidents.charts import CHART_OUTCOMES, outcome_labels, rolled_up_monthly_casualties
from incidents.choices import FIGURE_BOUNDS as BOUNDS
from incidents.models import Incident
from incidents.tolls import Totals

LATEST_INCIDENTS = 10


def figures_by_outcome(sums: dict[str, int]) -> list[dict]:
    """Per outcome its label, low, best and high sums, and the total in words ("at least 20 killed").

    From sums named `<outcome>_<bound>` and `<outcome>_open` (incidents.measures).
    """
    totals = Totals(sums)
    return [
        {
            "outcome": outcome,
            "label": outcome_labels()[outcome],
            **{b: sums[f"{outcome}_{b}"] for b in BOUNDS},
            "qualifier": totals.qualifier(outcome),
            "number": totals.number(outcome),
            "phrase": totals.phrase(outcome),
        }
        for outcome in CHART_OUTCOMES
    ]


def published_casualty_totals() -> tuple[int, list[dict]]:
    """The number of published incidents and, per outcome, the sums of their low, best and high figures.

    Read from the incident rollup (one query); an unknown figure adds nothing.
    """
    sums = rollup.totals({}, sees_drafts=False)
    return sums[measures.COUNT], figures_by_outcome(sums)


def reinfo_counts() -> list[dict]:
    """REINFO records per status, every status listed (zero included), in the codebook's order (one query)."""
    counts = dict(ReinfoRecord.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"status": status, "label": status.label, "count": counts.get(status.value, 0)} for status in ReinfoStatus]


def home(request: HttpRequest) -> HttpResponse:
    incidents = Incident.objects.published()
    # Both from the rollup: at national scale summing every incident took seconds.
    incident_count, figures = published_casualty_totals()
    reinfo = reinfo_counts()
    operations = (
        EnforcementOperation.objects.published().order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    )
    # "Last updated": the latest change of a published incident or operation (the incidents' on their index).
    latest_incident = incidents.order_by().aggregate(latest=Max("updated_at"))["latest"]
    context = {
        "incident_count": incident_count,
        "figures": figures,
        "operation_count": operations["count"],
        "reinfo": reinfo,
        "reinfo_total": sum(row["count"] for row in reinfo),
        "series": rolled_up_monthly_casualties({}, sees_drafts=False),
        "latest_incidents": incidents.for_list()[:LATEST_INCIDENTS],
        "map_points_url": reverse("incident-export") + "?format=geojson",
        "last_updated": max((change for change in (latest_incident, operations["latest"]) if change), default=None),
    }
    return render(request, "home.html", context)
