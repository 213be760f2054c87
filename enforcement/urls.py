"""Enforcement pages: operations, the REINFO registry and its import."""

from django.urls import path

from enforcement import import_views, views

urlpatterns = [
    path("operations/", views.operation_list, name="operation-list"),
    path("operations/<int:pk>/", views.operation_detail, name="operation-detail"),
    path("reinfo/", views.reinfo_list, name="reinfo-list"),
    path("imports/reinfo/", import_views.reinfo_import, name="reinfo-import"),
]
