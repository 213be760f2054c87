"""Incident pages: the filtered list, one incident, the timeline, the feeds and the import."""

from django.urls import path

from incidents import feeds, import_views, timeline, views

urlpatterns = [
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("timeline/", timeline.timeline, name="timeline"),
    path("feeds/incidents/", feeds.IncidentFeed(), name="feed-incidents"),
    path("feeds/regions/<str:code>/", feeds.RegionIncidentFeed(), name="feed-region"),
    path("imports/incidents/", import_views.incident_import, name="incident-import"),
]
