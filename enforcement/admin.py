"""Admin for what the state does: enforcement operations, summary reports and the REINFO registry."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdminMixin, add_inlines, history_inline, history_table, linked_records_inline
from core.admin_widgets import EditorAdminMixin
from core.history import EMPTY, recent_history
from core.moderation_admin import ModerationAdminMixin
from enforcement.choices import Agency
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationIncidentLink,
    OperationReport,
    OperationReportProvince,
    OperationReportRegion,
    OperationSource,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from incidents.models import Source
from regions.admin_forms import PlacedAdminMixin
from regions.models import MiningSite, Province, Region

AGENCY_LABELS = dict(Agency.choices)


class AgencyListFilter(admin.SimpleListFilter):
    """Records in which a given agency took part."""

    title = _("agency")
    parameter_name = "agency"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return Agency.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(agencies__contains=[self.value()])
        return queryset


class AgencyListMixin:
    """A changelist column naming a record's agencies."""

    @admin.display(description=_("agencies"))
    def agency_list(self, obj: EnforcementOperation | OperationReport) -> str:
        return ", ".join(str(AGENCY_LABELS.get(agency, agency)) for agency in obj.agencies)


class MachineryDestroyedInline(admin.TabularInline):
    """How many machines of each kind the operation destroyed."""

    model = MachineryDestroyed
    extra = 0


class OperationIncidentLinkInline(admin.TabularInline):
    """Incidents the operation caused, answered or ran into."""

    model = OperationIncidentLink
    extra = 0
    autocomplete_fields = ("incident",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[OperationIncidentLink]:
        return super().get_queryset(request).select_related("incident")


@admin.register(EnforcementOperation)
class EnforcementOperationAdmin(
    ModerationAdminMixin, HistoryAdminMixin, PlacedAdminMixin, AgencyListMixin, admin.ModelAdmin
):
    """Single operations by the state: interdictions, raids, camps dismantled, seizures and arrests."""

    list_display = ("title", "date_start", "date_precision", "kind", "place", "agency_list", "arrests", "status")
    list_filter = ("status", "kind", AgencyListFilter, "date_precision", "place_precision", "region")
    list_select_related = ("region", "province", "district__province")
    search_fields = ("title", "description", "location_name", "import_key")
    search_help_text = _("Search by title, description or location name.")
    autocomplete_fields = ("region", "province", "district", "target_site", "sources")
    date_hierarchy = "date_start"
    inlines = (
        MachineryDestroyedInline,
        OperationIncidentLinkInline,
        history_inline(EnforcementOperation, _("history of this operation")),
        history_inline(MachineryDestroyed, _("history of its machinery destroyed"), fk_name="operation"),
        history_inline(OperationIncidentLink, _("history of its incident links"), fk_name="operation"),
        history_inline(OperationSource, _("history of its sources"), fk_name="enforcementoperation"),
    )
    readonly_fields = ("created_at", "updated_at")
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("title", "kind", "agencies", "status", "description")}),
        (_("Date"), {"fields": ("date_precision", ("date_start", "date_end"))}),
        (
            _("Place"),
            {
                "fields": (
                    "place_precision",
                    ("region", "province", "district"),
                    "location_name",
                    ("latitude", "longitude"),
                    "target_site",
                )
            },
        ),
        (
            _("Results"),
            {
                "fields": (
                    ("value_destroyed", "value_wording"),
                    "arrests",
                    ("mercury_seized_kg", "fuel_seized_gallons", "gold_seized_grams"),
                )
            },
        ),
        (_("Sources"), {"fields": ("sources",)}),
        (_("Publication"), {"fields": ("published_at", "retraction_reason")}),
        (_("Record"), {"fields": ("import_key", "created_at", "updated_at"), "classes": ("collapse",)}),
    )


@admin.register(OperationReport)
class OperationReportAdmin(HistoryAdminMixin, EditorAdminMixin, AgencyListMixin, admin.ModelAdmin):
    """Official summaries of many operations, with their own totals."""

    list_display = ("title", "issuer", "date_start", "date_precision", "operations_count", "arrests", "agency_list")
    list_filter = (AgencyListFilter, "date_precision", "regions")
    list_select_related = ("source",)
    search_fields = ("title", "issuer", "scope", "notes", "import_key")
    autocomplete_fields = ("regions", "provinces", "source")
    date_hierarchy = "date_start"
    readonly_fields = ("created_at", "updated_at")
    inlines = (
        history_inline(OperationReport, _("history of this report")),
        history_inline(OperationReportRegion, _("history of its regions"), fk_name="operationreport"),
        history_inline(OperationReportProvince, _("history of its provinces"), fk_name="operationreport"),
    )
    fieldsets = (
        (None, {"fields": ("title", "issuer", "source", "scope", "regions", "provinces", "agencies")}),
        (_("Period"), {"fields": ("date_precision", ("date_start", "date_end"))}),
        (_("Totals"), {"fields": ("operations_count", ("value_destroyed", "value_wording"), "arrests", "notes")}),
        (_("Record"), {"fields": ("import_key", "created_at", "updated_at"), "classes": ("collapse",)}),
    )


@admin.register(ReinfoSnapshot)
class ReinfoSnapshotAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Published REINFO lists, one per date."""

    list_display = ("__str__", "as_of", "title", "is_complete", "row_count", "file_name")
    list_filter = ("is_complete",)
    list_select_related = ("source",)
    search_fields = ("title", "file_name", "file_sha256")
    autocomplete_fields = ("source",)
    date_hierarchy = "as_of"
    readonly_fields = ("created_at", "updated_at")
    inlines = (
        history_inline(ReinfoSnapshot, _("history of this snapshot")),
        history_inline(ReinfoStatusChange, _("history of the status changes it found"), fk_name="snapshot"),
    )


class ReinfoStatusChangeInline(admin.TabularInline):
    """A record's status history as the snapshots found it; written by imports, never by hand."""

    model = ReinfoStatusChange
    extra = 0
    can_delete = False
    fields = ("changed_on", "snapshot", "from_status", "to_status")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReinfoStatusChange]:
        return super().get_queryset(request).select_related("snapshot")

    def has_add_permission(self, request: HttpRequest, obj: ReinfoRecord | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ReinfoRecord | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ReinfoRecord | None = None) -> bool:
        return False


@admin.register(ReinfoRecord)
class ReinfoRecordAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Miners' REINFO registrations, one per mining right, with their status history."""

    list_display = ("declarant_name", "ruc", "codigo_unico", "mining_right_name", "district", "status", "last_snapshot")
    list_filter = ("status", ("district__province__region", admin.RelatedFieldListFilter), "last_snapshot")
    list_select_related = ("district__province", "last_snapshot")
    search_fields = ("ruc", "declarant_name", "codigo_unico", "mining_right_name")
    search_help_text = _("Search by RUC, declarant, código único or mining right.")
    autocomplete_fields = ("district", "mining_site")
    # The status history is the page's one inline; the audit history is a read-only table.
    inlines = (ReinfoStatusChangeInline,)
    readonly_fields = ("created_at", "updated_at", "history")
    # REINFO holds tens of thousands of rows: skip counting them all on every filtered page.
    show_full_result_count = False

    @admin.display(description=_("history"))
    def history(self, record: ReinfoRecord) -> SafeString | str:
        """Who changed the record and its status history, when, and what."""
        if record.pk is None:
            return EMPTY
        return history_table(
            recent_history(ReinfoRecord.pgh_event_model, "pgh_obj", record),
            recent_history(ReinfoStatusChange.pgh_event_model, "record", record),
        )


# Enforcement's links on the change pages of the records it points to.
add_inlines(
    Source,
    linked_records_inline(OperationSource, "source", "enforcementoperation", _("operations citing this source")),
)
add_inlines(
    Region,
    linked_records_inline(
        OperationReportRegion, "region", "operationreport", _("summary reports covering this region")
    ),
)
add_inlines(
    Province,
    linked_records_inline(
        OperationReportProvince, "province", "operationreport", _("summary reports covering this province")
    ),
)
add_inlines(MiningSite, history_inline(ReinfoRecord, _("history of its REINFO records"), fk_name="mining_site"))
