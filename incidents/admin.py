"""Admin for what happened: incidents with their actors, casualties and claims, and the sources behind them."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from incidents.choices import FIGURE_OUTCOMES
from incidents.models import Actor, Casualty, CasualtyOutcomeChange, Claim, Incident, IncidentActor, Source, Tombstone
from incidents.services import refresh_incident_figures
from veta.admin_widgets import EditorAdminMixin

FIGURE_ROWS = tuple(tuple(f"{outcome}_{bound}" for bound in ("low", "best", "high")) for outcome in FIGURE_OUTCOMES)
FIGURE_FIELDS = tuple(field for row in FIGURE_ROWS for field in row)

# Notes in a table row: a short box instead of the default ten-line one.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}


class IncidentActorInline(admin.TabularInline):
    """The actors of an incident and the part each played."""

    model = IncidentActor
    extra = 0
    autocomplete_fields = ("actor",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[IncidentActor]:
        return super().get_queryset(request).select_related("actor")


class CasualtyInline(admin.TabularInline):
    """The people an incident killed, injured, left missing, kidnapped or saw rescued."""

    model = Casualty
    extra = 0
    fields = ("outcome", "role", "count", "name", "age", "sex", "name_is_public", "notes")
    formfield_overrides = COMPACT_TEXT
    show_change_link = True


class ClaimInline(admin.TabularInline):
    """Each source's figures for an incident; the incident's figures are derived from them."""

    model = Claim
    extra = 0
    fields = (
        "source",
        "claimed_on",
        "killed",
        "injured",
        "missing",
        "kidnapped",
        "rescued",
        "wording",
        "grade",
        "notes",
    )
    autocomplete_fields = ("source",)
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).select_related("source")


class CasualtyOutcomeChangeInline(admin.TabularInline):
    """Dated changes of a casualty's outcome, e.g. missing → found dead."""

    model = CasualtyOutcomeChange
    extra = 0
    autocomplete_fields = ("source",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CasualtyOutcomeChange]:
        return super().get_queryset(request).select_related("source")


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    """Parties to incidents: gangs, communities, police units, or an unnamed kind of party."""

    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "description")
    readonly_fields = ("created_at", "updated_at")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    """Published reports that records rest on."""

    list_display = ("title", "outlet", "published_on", "kind", "language")
    list_filter = ("kind", "language")
    search_fields = ("outlet", "title", "url", "import_key")
    search_help_text = _("Search by outlet, title or URL.")
    date_hierarchy = "published_on"
    readonly_fields = ("created_at", "updated_at")
    # Django 6 makes https the default for addresses typed without a scheme; adopt it now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Incident)
class IncidentAdmin(EditorAdminMixin, admin.ModelAdmin):
    """Incidents of violence around mining, with their actors, casualties and each source's claims."""

    list_display = ("title", "date_start", "date_precision", "incident_type", "place", "killed_best", "status")
    list_filter = ("status", "incident_type", "date_precision", "place_precision", "region")
    list_select_related = ("region", "province", "district__province")
    search_fields = ("title", "description", "location_name", "import_key")
    search_help_text = _("Search by title, description or location name.")
    autocomplete_fields = ("region", "province", "district", "site", "sources")
    date_hierarchy = "date_start"
    inlines = (IncidentActorInline, CasualtyInline, ClaimInline)
    readonly_fields = (*FIGURE_FIELDS, "created_at", "updated_at")
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("title", "incident_type", "status", "description")}),
        (_("Date"), {"fields": ("date_precision", ("date_start", "date_end"))}),
        (
            _("Place"),
            {
                "fields": (
                    "place_precision",
                    ("region", "province", "district"),
                    "location_name",
                    ("latitude", "longitude"),
                    "site",
                )
            },
        ),
        (_("Sources"), {"fields": ("sources",)}),
        (
            _("Figures (derived from claims)"),
            {
                "fields": FIGURE_ROWS,
                "description": _("Recomputed from the claims below each time the incident is saved."),
            },
        ),
        (_("Publication"), {"fields": ("published_at", "retraction_reason")}),
        (_("Record"), {"fields": ("import_key", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # The claims inline has just been saved; the figures must follow it.
        refresh_incident_figures(form.instance)


@admin.register(Casualty)
class CasualtyAdmin(admin.ModelAdmin):
    """Groups of people sharing an outcome and a role in an incident, with later changes of outcome."""

    list_display = ("__str__", "incident", "outcome", "role", "count", "name", "name_is_public")
    list_filter = ("outcome", "role", "sex", "name_is_public")
    list_select_related = ("incident",)
    search_fields = ("name", "notes", "incident__title")
    autocomplete_fields = ("incident",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (CasualtyOutcomeChangeInline,)


@admin.register(CasualtyOutcomeChange)
class CasualtyOutcomeChangeAdmin(admin.ModelAdmin):
    """Dated changes of a casualty's outcome, e.g. missing → found dead."""

    list_display = ("casualty", "from_outcome", "to_outcome", "changed_on", "source")
    list_filter = ("from_outcome", "to_outcome")
    list_select_related = ("casualty", "source")
    search_fields = ("casualty__name", "casualty__incident__title")
    autocomplete_fields = ("casualty", "source")
    date_hierarchy = "changed_on"


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """One source's figures for an incident; saving or deleting one recomputes the incident's figures."""

    list_display = (
        "incident",
        "source",
        "claimed_on",
        "killed",
        "injured",
        "missing",
        "kidnapped",
        "rescued",
        "wording",
        "grade",
    )
    list_filter = ("grade", "wording")
    list_select_related = ("incident", "source")
    search_fields = ("incident__title", "source__title", "source__outlet", "notes")
    autocomplete_fields = ("incident", "source")
    date_hierarchy = "claimed_on"
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request: HttpRequest, obj: Claim, form: ModelForm, change: bool) -> None:
        previous_incident_id = form.initial.get("incident") if change else None
        super().save_model(request, obj, form, change)
        refresh_incident_figures(obj.incident)
        # A claim moved to another incident no longer counts for the one it left.
        if previous_incident_id and previous_incident_id != obj.incident_id:
            refresh_incident_figures(Incident.objects.get(pk=previous_incident_id))

    def delete_model(self, request: HttpRequest, obj: Claim) -> None:
        incident = obj.incident
        super().delete_model(request, obj)
        refresh_incident_figures(incident)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        incidents = list(Incident.objects.filter(claims__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for incident in incidents:
            refresh_incident_figures(incident)


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """Read-only list of removed or unpublished public records; PostgreSQL triggers write it."""

    list_display = ("model_label", "object_id", "reason", "removed_at")
    list_filter = ("model_label", "reason")
    search_fields = ("object_id",)
    date_hierarchy = "removed_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Tombstone | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Tombstone | None = None) -> bool:
        return False
