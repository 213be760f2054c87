"""Incident pages: the filtered list, one incident, and the timeline."""

from django.urls import path

from incidents import timeline, views

urlpatterns = [
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("timeline/", timeline.timeline, name="timeline"),
]
