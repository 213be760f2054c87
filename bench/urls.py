"""Veta's URLs plus the benchmark's baselines under /bench/."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/ok", views.ok),
    path("bench/floor", views.floor),
    path("bench/drf", views.StandardIncidentList.as_view()),
    path("bench/drf-no-select-related", views.NaiveIncidentList.as_view()),
    path("", include("veta.urls")),
]
