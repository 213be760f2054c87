"""Veta's URL map."""

from django.contrib import admin
from django.urls import include, path

from veta import views
from veta.api.docs import RedocDocsView, SwaggerDocsView

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("veta.api.urls", namespace="api")),
    path("api/docs/", SwaggerDocsView.as_view(), name="api-docs"),
    path("api/redoc/", RedocDocsView.as_view(), name="api-redoc"),
]
