"""Admin for what happened: incidents with their actors, casualties and claims, and the sources behind them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdminMixin, history_inline, linked_records_inline
from core.moderation_admin import ModerationAdminMixin, ProposedChildAdminMixin
from incidents.choices import FIGURE_BOUNDS, FIGURE_FIELDS, FIGURE_OUTCOMES, QUALIFIER_FIELDS
from incidents.models import (
    Actor,
    Casualty,
    CasualtyOutcomeChange,
    Claim,
    Incident,
    IncidentActor,
    IncidentRegionMonthRollup,
    IncidentRelation,
    IncidentRollup,
    IncidentSource,
    Source,
)
from incidents.services import (
    MergeError,
    add_claim,
    change_claim,
    merge_incidents,
    withdraw_claim,
    withdraw_claims,
)
from regions.admin_forms import PlacedAdminMixin

FIGURE_ROWS = tuple(tuple(f"{outcome}_{part}" for part in (*FIGURE_BOUNDS, "qualifier")) for outcome in FIGURE_OUTCOMES)

# Notes in a table row: a short box instead of the default ten-line one.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}


class IncidentActorInline(admin.TabularInline):
    """The actors of an incident and the part each played."""

    model = IncidentActor
    extra = 0
    autocomplete_fields = ("actor",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[IncidentActor]:
        return super().get_queryset(request).select_related("actor")


class IncidentRelationInline(admin.TabularInline):
    """Incidents the editor relates to this one (shown on both incidents' pages)."""

    model = IncidentRelation
    fk_name = "incident"
    extra = 0
    autocomplete_fields = ("related",)
    fields = ("related", "note", "note_es")
    verbose_name = _("related incident")
    verbose_name_plural = _("related incidents (each is shown on both pages)")


class CasualtyInline(admin.TabularInline):
    """The people an incident killed, injured, left missing, kidnapped or saw rescued."""

    model = Casualty
    extra = 0
    fields = ("outcome", "role", "count", "name", "age", "sex", "name_is_public", "notes")
    formfield_overrides = COMPACT_TEXT
    show_change_link = True


PUBLISH_PERMISSION = "incidents.publish_incident"


def may_choose_best(request: HttpRequest) -> bool:
    """Only reviewers, who may publish incidents, choose the claim whose figures are the best."""
    return request.user.has_perm(PUBLISH_PERMISSION)


class ClaimInlineForm(ModelForm):
    def _get_validation_exclusions(self):
        # "One chosen claim per incident" is checked across the whole formset (see
        # ClaimInlineFormSet), so that moving the choice from one claim to another in one
        # save is not refused because the old choice is still in the database.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("chosen_as_best")
        return exclusions


class ClaimInlineFormSet(BaseInlineFormSet):
    def _chosen_forms(self) -> list[ModelForm]:
        chosen = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or (self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME)):
                continue
            value = form.cleaned_data.get("chosen_as_best", form.instance.chosen_as_best)
            if value:
                chosen.append(form)
        return chosen

    def clean(self) -> None:
        super().clean()
        chosen = self._chosen_forms()
        if len(chosen) > 1:
            raise forms.ValidationError(_("Choose at most one claim as best."))
        for form in chosen:
            if form.cleaned_data.get("grade", form.instance.grade) == "discounted":
                form.add_error(None, _("A discounted claim cannot be chosen as best."))

    # Claims are written through incidents.services, which derive the incident's figures
    # again and keep one chosen claim per incident (clearing the old choice first).
    def save_new(self, form: ModelForm, commit: bool = True) -> Claim:
        """Add the claim through the service."""
        claim = super().save_new(form, commit=False)
        return add_claim(claim) if commit else claim

    def save_existing(self, form: ModelForm, obj: Claim, commit: bool = True) -> Claim:
        """Change the claim through the service."""
        claim = super().save_existing(form, obj, commit=False)
        return change_claim(claim) if commit else claim

    def delete_existing(self, obj: Claim, commit: bool = True) -> None:
        """Withdraw the claim through the service."""
        if commit:
            withdraw_claim(obj)


class ClaimInline(admin.TabularInline):
    """Each source's figures for an incident; the incident's figures are derived from them.

    A reviewer may tick one claim as "chosen as best": its figures become the best estimate.
    Editors without the permission to publish see the tick but cannot change it.
    """

    model = Claim
    form = ClaimInlineForm
    formset = ClaimInlineFormSet
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
        "chosen_as_best",
        "notes",
    )
    autocomplete_fields = ("source",)
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).select_related("source")

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if may_choose_best(request) else (*readonly, "chosen_as_best")


class CasualtyOutcomeChangeInline(admin.TabularInline):
    """Dated changes of a casualty's outcome, e.g. missing → found dead."""

    model = CasualtyOutcomeChange
    extra = 0
    autocomplete_fields = ("source",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CasualtyOutcomeChange]:
        return super().get_queryset(request).select_related("source")


@admin.register(Actor)
class ActorAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Parties to incidents: gangs, communities, police units, or an unnamed kind of party."""

    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "description")
    readonly_fields = ("created_at", "updated_at")
    inlines = (history_inline(Actor, _("history of this actor")),)


class SourceAdminForm(ModelForm):
    """Refuses a URL another source already has, with a link to that source."""

    def clean_url(self) -> str:
        url = (self.cleaned_data.get("url") or "").strip()
        if url:
            existing = Source.objects.filter(url=url).exclude(pk=self.instance.pk).first()
            if existing is not None:
                link = reverse("admin:incidents_source_change", args=[existing.pk])
                raise forms.ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("A source with this URL already exists:"),
                        link,
                        str(existing),
                    ),
                    code="unique",
                )
        return url


@admin.register(Source)
class SourceAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Published reports that records rest on."""

    form = SourceAdminForm
    list_display = ("title", "outlet", "published_on", "kind", "language")
    list_filter = ("kind", "language")
    search_fields = ("outlet", "title", "url", "import_key")
    search_help_text = _("Search by outlet, title or URL.")
    date_hierarchy = "published_on"
    readonly_fields = ("created_at", "updated_at")
    # Django 6 makes https the default for addresses typed without a scheme; adopt it now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = (
        linked_records_inline(IncidentSource, "source", "incident", _("incidents citing this source")),
        history_inline(Source, _("history of this source")),
    )


class MergeForm(forms.Form):
    """Which of the selected incidents to keep, and the public reason shown on the others."""

    keep = forms.ModelChoiceField(
        queryset=Incident.objects.none(),
        widget=forms.RadioSelect,
        label=_("Incident to keep"),
        empty_label=None,
        help_text=_("The others are its duplicates: their claims, casualties, sources and actors move to it."),
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on each duplicate's page. Left blank, it names the incident kept."),
    )

    def __init__(self, *args, incidents: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = incidents


@admin.register(Incident)
class IncidentAdmin(ModerationAdminMixin, HistoryAdminMixin, PlacedAdminMixin, admin.ModelAdmin):
    """Incidents of violence around mining, with their actors, casualties and each source's claims."""

    list_display = ("title", "date_start", "date_precision", "incident_type", "place", "killed_best", "status")
    list_filter = ("status", "incident_type", "date_precision", "place_precision", "region")
    list_select_related = ("region", "province", "district__province")
    search_fields = ("title", "title_es", "description", "description_es", "location_name", "import_key")
    search_help_text = _("Search by title, description (in English or Spanish) or location name.")
    autocomplete_fields = ("region", "province", "district", "site", "sources")
    date_hierarchy = "date_start"
    inlines = (
        IncidentActorInline,
        CasualtyInline,
        ClaimInline,
        IncidentRelationInline,
        history_inline(Incident, _("history of this incident")),
        history_inline(Claim, _("history of its claims"), fk_name="incident"),
        history_inline(Casualty, _("history of its casualties"), fk_name="incident"),
        history_inline(IncidentActor, _("history of its actors"), fk_name="incident"),
        history_inline(IncidentRelation, _("history of its related incidents"), fk_name="incident"),
        history_inline(IncidentSource, _("history of its sources"), fk_name="incident"),
    )
    readonly_fields = (*FIGURE_FIELDS, *QUALIFIER_FIELDS, "created_at", "updated_at")
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("title", "title_es", "incident_type", "status", "description", "description_es")}),
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

    actions = ("merge_selected",)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("incidents.merge_incident")

    @admin.action(description=_("Merge the selected duplicates into one incident"), permissions=["merge"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        """Ask which incident to keep, then fold the others into it through incidents.services."""
        incidents = queryset.annotate(claim_count=models.Count("claims")).order_by("date_start", "pk")
        if incidents.count() < 2:
            self.message_user(request, gettext("Select at least two incidents to merge."), messages.ERROR)
            return None
        form = MergeForm(request.POST if "_merge_confirm" in request.POST else None, incidents=incidents)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            merged = 0
            for duplicate in incidents.exclude(pk=keep.pk):
                try:
                    merge_incidents(duplicate, keep, request.user, form.cleaned_data["reason"])
                except (MergeError, PermissionDenied) as error:
                    self.message_user(request, f"{duplicate}: {error}", messages.ERROR)
                else:
                    merged += 1
            if merged:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d duplicate merged into “%(title)s”.",
                        "%(count)d duplicates merged into “%(title)s”.",
                        merged,
                    )
                    % {"count": merged, "title": keep},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge duplicate incidents"),
            "opts": self.model._meta,
            "form": form,
            "incidents": incidents,
            "action_name": "merge_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/incidents/incident/merge.html", context)


@admin.register(Casualty)
class CasualtyAdmin(ProposedChildAdminMixin, HistoryAdminMixin, admin.ModelAdmin):
    """Groups of people sharing an outcome and a role in an incident, with later changes of outcome.

    An editor's change to a casualty of a published incident is proposed for review.
    """

    revision_parent = "incident"
    revision_kind = "casualties"

    list_display = ("__str__", "incident", "outcome", "role", "count", "name", "name_is_public")
    list_filter = ("outcome", "role", "sex", "name_is_public")
    list_select_related = ("incident",)
    search_fields = ("name", "notes", "incident__title")
    autocomplete_fields = ("incident",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (
        CasualtyOutcomeChangeInline,
        history_inline(Casualty, _("history of this casualty record")),
        history_inline(CasualtyOutcomeChange, _("history of its outcome changes"), fk_name="casualty"),
    )


@admin.register(CasualtyOutcomeChange)
class CasualtyOutcomeChangeAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Dated changes of a casualty's outcome, e.g. missing → found dead."""

    list_display = ("casualty", "from_outcome", "to_outcome", "changed_on", "source")
    list_filter = ("from_outcome", "to_outcome")
    list_select_related = ("casualty", "source")
    search_fields = ("casualty__name", "casualty__incident__title")
    autocomplete_fields = ("casualty", "source")
    date_hierarchy = "changed_on"
    inlines = (history_inline(CasualtyOutcomeChange, _("history of this outcome change")),)


@admin.register(Claim)
class ClaimAdmin(ProposedChildAdminMixin, HistoryAdminMixin, admin.ModelAdmin):
    """One source's figures for an incident; saving or deleting one recomputes the incident's figures.

    An editor's change to a claim of a published incident is proposed for review instead.
    """

    revision_parent = "incident"
    revision_kind = "claims"

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
        "chosen_as_best",
    )
    list_filter = ("grade", "wording", "chosen_as_best")
    list_select_related = ("incident", "source")
    search_fields = ("incident__title", "source__title", "source__outlet", "notes")
    autocomplete_fields = ("incident", "source")
    date_hierarchy = "claimed_on"
    readonly_fields = ("created_at", "updated_at")
    inlines = (history_inline(Claim, _("history of this claim")),)

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if may_choose_best(request) else (*readonly, "chosen_as_best")

    def save_model(self, request: HttpRequest, obj: Claim, form: ModelForm, change: bool) -> None:
        if self.propose_child(request, obj, form, change):
            return
        if change:
            change_claim(obj)
        else:
            add_claim(obj)

    def delete_model(self, request: HttpRequest, obj: Claim) -> None:
        if not self.propose_child(request, obj):
            withdraw_claim(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        kept = [claim.pk for claim in queryset.select_related("incident") if not self.propose_child(request, claim)]
        withdraw_claims(queryset.filter(pk__in=kept))


@admin.register(IncidentRollup)
class IncidentRollupAdmin(admin.ModelAdmin):
    """Read-only view of the statistics rollup; PostgreSQL triggers keep it from the incidents."""

    list_display = ("start_month", "region", "incident_type", "status", "incidents", "killed_best")
    list_filter = ("status", "incident_type", "region")
    date_hierarchy = "start_month"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: IncidentRollup | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: IncidentRollup | None = None) -> bool:
        return False


@admin.register(IncidentRegionMonthRollup)
class IncidentRegionMonthRollupAdmin(IncidentRollupAdmin):
    """Read-only view of the statistics rollup per audience, region and month; the same triggers keep it."""

    list_display = ("month", "region", "year_only", "with_drafts", "incidents", "killed_best")
    list_filter = ("with_drafts", "year_only", "region")
    date_hierarchy = "month"
