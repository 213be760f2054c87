"""The timeline: incidents in time order, grouped by year and month, with casualties by month.

Incidents are shown at the precision of their date. One known only to the year goes in a
"during YEAR" group under its year, never under January; one known to the month goes under
that month (its date reads "May 2025"); a range of days or a week goes under the month it
starts in. The page filters with the API's IncidentFilterSet (same parameters, same
meaning), and its casualty chart covers every incident the filters keep, not only the page.
"""

import datetime
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.choices import DatePrecision
from core.pages import SortOption, filter_list
from incidents.charts import CasualtySeries, filtered_monthly_casualties
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident
from incidents.views import incident_filter_fields
from regions.pages import normalized_query

# Enough for years of incidents on one page; the page after holds the earlier (or later) ones.
PER_PAGE = 500

SORT_OPTIONS = [
    SortOption("newest", _("Newest first"), ("-date_start", "-id")),
    SortOption("oldest", _("Oldest first"), ("date_start", "id")),
]

# The timeline shows the incident list's filter form (incidents.views.incident_filter_fields);
# any other filter in the URL is kept as a hidden field.


@dataclass
class MonthGroup:
    """The incidents of one month, or (month None) those known only to the year."""

    month: datetime.date | None  # the 1st of the month
    incidents: list = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    year_only: MonthGroup = field(default_factory=lambda: MonthGroup(None))
    months: list[MonthGroup] = field(default_factory=list)

    @property
    def groups(self) -> list[MonthGroup]:
        """The "during YEAR" group first (when there is one), then the months in the page's order."""
        return [self.year_only, *self.months] if self.year_only.incidents else self.months


def group_by_year_and_month(incidents) -> list[YearGroup]:
    """Group incidents already in date order by year, then by the month they start in.

    Year-precision incidents go into their year's `year_only` group, never into January.
    """
    years: list[YearGroup] = []
    for incident in incidents:
        start = incident.date_start
        if not years or years[-1].year != start.year:
            years.append(YearGroup(start.year))
        year = years[-1]
        if incident.date_precision == DatePrecision.YEAR:
            year.year_only.incidents.append(incident)
            continue
        month = start.replace(day=1)
        if not year.months or year.months[-1].month != month:
            year.months.append(MonthGroup(month))
        year.months[-1].incidents.append(incident)
    return years


def timeline(request: HttpRequest) -> HttpResponse:
    query = normalized_query(request.GET)
    if query.urlencode() != request.GET.urlencode():
        # Empty fields of the plain GET form, or a province outside a newly chosen region.
        return HttpResponseRedirect(reverse("timeline") + (f"?{query.urlencode()}" if query else ""))
    incidents = Incident.objects.visible_to(request.user).for_list()
    listing = filter_list(request, IncidentFilterSet, incidents, sort_options=SORT_OPTIONS, per_page=PER_PAGE)
    newest_first = listing.sort in ("newest", "-oldest")
    series = CasualtySeries() if listing.invalid else filtered_monthly_casualties(listing.filterset, request.user)

    data = listing.filterset.data
    fields = incident_filter_fields(listing.filterset)
    shown = {field.name for field in fields}
    hidden_filters = [
        (name, value)
        for name in listing.filterset.base_filters
        if name not in shown
        for value in data.getlist(name)
        if value
    ]
    context = {
        "listing": listing,
        "fields": fields,
        "years": group_by_year_and_month(listing.rows),
        "newest_first": newest_first,
        "series": series,
        "hidden_filters": hidden_filters,
        # Errors of filters the form does not show (e.g. a bad bounding box in the URL).
        "other_errors": [(name, errors) for name, errors in listing.filterset.form.errors.items() if name not in shown],
        "is_filtered": any(data.get(name) for name in listing.filterset.base_filters),
        "export_query": listing.export_query(),
    }
    return render(request, "timeline.html", context, status=listing.status)
