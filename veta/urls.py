"""Veta's URL map."""

from django.contrib import admin
from django.urls import include, path

from veta import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("veta.api.urls", namespace="api")),
]
