"""API v1 endpoints for enforcement operations, summary reports and the REINFO registry."""

from django.db.models import Prefetch, QuerySet

from core.api.csv_layout import (
    PLACE_COLUMNS,
    UPDATED_AT_COLUMN,
    Computed,
    CsvLayout,
    Joined,
    Text,
    Withheld,
    column_of,
    model_columns,
)
from core.api.filters import published_or_visible
from core.api.views import VetaViewSet, both_directions
from core.moderation_api import ModerationActionMixin
from enforcement.api.serializers import (
    EnforcementOperationSerializer,
    OperationReportSerializer,
    ReinfoRecordSerializer,
    ReinfoSnapshotSerializer,
    incident_links_visible_to,
)
from enforcement.filtersets import (
    EnforcementOperationFilterSet,
    OperationReportFilterSet,
    ReinfoRecordFilterSet,
    ReinfoSnapshotFilterSet,
)
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationReport,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from regions.models import MiningSite


def operations_for_api(user) -> QuerySet[EnforcementOperation]:
    """Everything the API shows of an operation, in a fixed number of queries.

    Linked incidents are limited to those the user may see, so a draft incident's id
    never reaches the public.
    """
    places = ("region", "province", "district", "target_site")
    return EnforcementOperation.objects.select_related(*places).prefetch_related(
        Prefetch("machinery", queryset=MachineryDestroyed.objects.order_by("kind", "id")),
        Prefetch("incident_links", queryset=incident_links_visible_to(user), to_attr="visible_incident_links"),
        "sources",
    )


# Written by Python: the linked incidents are those the reader may see (`operations_for_api`).
OPERATION_CSV_COLUMNS = CsvLayout(
    [
        *model_columns(
            EnforcementOperation,
            "id",
            "title",
            "kind",
            "agencies",
            "status",
            "date_start",
            "date_end",
            "date_precision",
        ),
        *PLACE_COLUMNS,
        # "withheld" for readers who may not see the site (a draft site of a published operation).
        Withheld(column_of(EnforcementOperation, "target_site_id"), "target_site", MiningSite),
        *model_columns(EnforcementOperation, "value_destroyed", "value_wording", "arrests"),
        *model_columns(EnforcementOperation, "mercury_seized_kg", "fuel_seized_gallons", "gold_seized_grams"),
        Computed("machinery", lambda operation: [f"{row.kind}:{row.count}" for row in operation.machinery.all()]),
        Computed("incident_ids", lambda operation: [link.incident_id for link in operation.visible_incident_links]),
        Computed("source_ids", lambda operation: [source.pk for source in operation.sources.all()]),
        UPDATED_AT_COLUMN,
    ]
)


def operation_geojson_properties(operation: EnforcementOperation) -> dict:
    value = operation.value_destroyed
    return {
        "title": operation.title,
        "kind": operation.kind,
        "agencies": operation.agencies,
        "date_start": operation.date_start,
        "date_end": operation.date_end,
        "date_precision": operation.date_precision,
        "region": operation.region_id,
        "province": operation.province_id,
        "district": operation.district_id,
        "place_precision": operation.place_precision,
        # Money stays exact: a string, as in the JSON API, never a float.
        "value_destroyed": None if value is None else f"{value:.2f}",
        "arrests": operation.arrests,
        "machinery": [{"kind": row.kind, "count": row.count} for row in operation.machinery.all()],
    }


class EnforcementOperationViewSet(ModerationActionMixin, VetaViewSet):
    """Single operations by the state; drafts are shown only to those who may edit operations."""

    queryset = EnforcementOperation.objects.all()
    serializer_class = EnforcementOperationSerializer
    filterset_class = EnforcementOperationFilterSet
    ordering_fields = both_directions("id", "date_start", "updated_at", "created_at")
    default_ordering = "-date_start"
    csv_columns = OPERATION_CSV_COLUMNS
    geojson_properties = staticmethod(operation_geojson_properties)
    export_name = "veta-operations"

    def get_queryset(self) -> QuerySet[EnforcementOperation]:
        return self.visible(operations_for_api(self.request.user))

    def visible(self, queryset):
        return published_or_visible(queryset, self.request.user)


class OperationReportViewSet(VetaViewSet):
    """Official summaries of many operations, with their own totals."""

    queryset = OperationReport.objects.prefetch_related("regions", "provinces")
    serializer_class = OperationReportSerializer
    filterset_class = OperationReportFilterSet
    ordering_fields = both_directions("id", "date_start", "updated_at", "created_at")
    default_ordering = "-date_start"
    csv_columns = CsvLayout(
        [
            *model_columns(
                OperationReport,
                "id",
                "title",
                "issuer",
                "scope",
                "agencies",
                "date_start",
                "date_end",
                "date_precision",
            ),
            Joined("region_codes", "regions", "code"),
            Joined("regions", "regions", "display_name"),
            Joined("province_codes", "provinces", "code"),
            Joined("provinces", "provinces", "display_name"),
            *model_columns(
                OperationReport, "operations_count", "value_destroyed", "value_wording", "arrests", "source_id", "notes"
            ),
            UPDATED_AT_COLUMN,
        ]
    )
    export_name = "veta-operation-reports"


def _history(record: ReinfoRecord) -> list[str]:
    return [
        f"{change.changed_on.isoformat()}:{change.from_status or '-'}>{change.to_status}"
        for change in record.status_changes.all()
    ]


class ReinfoRecordViewSet(VetaViewSet):
    """REINFO registrations with their status history."""

    queryset = ReinfoRecord.objects.select_related("district__province__region", "mining_site").prefetch_related(
        Prefetch("status_changes", queryset=ReinfoStatusChange.objects.order_by("changed_on", "id"))
    )
    serializer_class = ReinfoRecordSerializer
    filterset_class = ReinfoRecordFilterSet
    ordering_fields = both_directions("id", "declarant_name", "updated_at")
    # Written by Python: the status history is a sentence per change.
    csv_columns = CsvLayout(
        [
            *model_columns(ReinfoRecord, "id", "ruc", "declarant_name", "codigo_unico", "mining_right_name"),
            Text("district_code", "district_id"),
            Text("district", "district__display_name"),
            Text("province_code", "district__province_id"),
            Text("province", "district__province__display_name"),
            Text("region_code", "district__province__region_id"),
            Text("region", "district__province__region__display_name"),
            column_of(ReinfoRecord, "status"),
            Withheld(column_of(ReinfoRecord, "mining_site_id"), "mining_site", MiningSite),
            *model_columns(ReinfoRecord, "first_snapshot_id", "last_snapshot_id"),
            Computed("status_history", _history),
            UPDATED_AT_COLUMN,
        ]
    )
    export_name = "veta-reinfo-records"


class ReinfoSnapshotViewSet(VetaViewSet):
    """The published REINFO lists Veta has read, newest first."""

    queryset = ReinfoSnapshot.objects.all()
    serializer_class = ReinfoSnapshotSerializer
    filterset_class = ReinfoSnapshotFilterSet
    ordering_fields = both_directions("id", "as_of", "updated_at")
    default_ordering = "-as_of"
    csv_columns = CsvLayout(
        [
            *model_columns(
                ReinfoSnapshot,
                "id",
                "as_of",
                "title",
                "is_complete",
                "file_name",
                "file_sha256",
                "row_count",
                "source_id",
            ),
            UPDATED_AT_COLUMN,
        ]
    )
    export_name = "veta-reinfo-snapshots"
