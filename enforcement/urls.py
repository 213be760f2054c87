"""Enforcement pages: operations, the REINFO registry and its import."""

from django.urls import path

from core.pages import page_export
from enforcement import import_views, views
from enforcement.api.views import EnforcementOperationViewSet, ReinfoRecordViewSet

urlpatterns = [
    path("operations/", views.operation_list, name="operation-list"),
    path("operations/export/", page_export(EnforcementOperationViewSet, "operations"), name="operation-export"),
    path("operations/<int:pk>/", views.operation_detail, name="operation-detail"),
    path("reinfo/", views.reinfo_list, name="reinfo-list"),
    path("reinfo/export/", page_export(ReinfoRecordViewSet, "reinfo-records"), name="reinfo-export"),
    path("imports/reinfo/", import_views.reinfo_import, name="reinfo-import"),
]
