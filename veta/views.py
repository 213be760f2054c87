"""The home page: what Veta holds, in a few figures, and the latest incidents."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from enforcement.models import EnforcementOperation
from incidents.models import Incident
from regions.models import District, Province, Region

LATEST_INCIDENTS = 10


def home(request: HttpRequest) -> HttpResponse:
    incidents = Incident.objects.published()
    context = {
        "incident_count": incidents.count(),
        "operation_count": EnforcementOperation.objects.published().count(),
        "region_count": Region.objects.count(),
        "province_count": Province.objects.count(),
        "district_count": District.objects.count(),
        "latest_incidents": incidents.for_list()[:LATEST_INCIDENTS],
    }
    return render(request, "home.html", context)
