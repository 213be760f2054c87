"""API v1 routes of this app: (prefix, viewset, basename)."""

from enforcement.api import views

ROUTES: list = [
    ("operations", views.EnforcementOperationViewSet, "operation"),
    ("operation-reports", views.OperationReportViewSet, "operation-report"),
    ("reinfo-records", views.ReinfoRecordViewSet, "reinfo-record"),
    ("reinfo-snapshots", views.ReinfoSnapshotViewSet, "reinfo-snapshot"),
]
