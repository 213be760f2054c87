"""Incident pages: the filtered list, one incident, the timeline, the feeds and the import."""

from django.urls import path

from core.pages import page_export
from incidents import feeds, import_views, timeline, views
from incidents.api.views import IncidentViewSet

urlpatterns = [
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/export/", page_export(IncidentViewSet, "incidents"), name="incident-export"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("timeline/", timeline.timeline, name="timeline"),
    path("feeds/incidents/", feeds.IncidentFeed(), name="feed-incidents"),
    path("feeds/regions/<str:code>/", feeds.RegionIncidentFeed(), name="feed-region"),
    path("feeds/provinces/<str:code>/", feeds.ProvinceIncidentFeed(), name="feed-province"),
    path("feeds/districts/<str:code>/", feeds.DistrictIncidentFeed(), name="feed-district"),
    path("imports/incidents/", import_views.incident_import, name="incident-import"),
]
