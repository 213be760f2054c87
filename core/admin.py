"""Admin pieces every app's records use: read-only inlines for a record's audit history and its
linked records, the list of tombstones, and the proposed revisions of published records."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import moderation, revisions
from core.choices import RevisionStatus
from core.history import EMPTY, MAX_HISTORY_ROWS, EventSummary, recent_history
from core.models import Revision, Tombstone
from core.moderation_admin import current_request


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on a record's change page, never edited there: its history, or records linked to it.

    Whoever may see the record may see them. `HistoryAdminMixin` leaves them out of the
    add page and of saves, whose forms they take no part in.
    """

    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if not self.admin_site.is_registered(self.parent_model):
            return False
        return self.admin_site.get_model_admin(self.parent_model).has_view_or_change_permission(request, obj)


class HistoryInline(ReadOnlyInline):
    """A record's audit history, newest first: when, who, what happened, and each field's old → new value.

    The events come from the PostgreSQL triggers of `core.history`. With `fk_name`
    "pgh_obj" the rows are the record's own events; with the name of a foreign key they
    are the events of the records that point to it (an incident's claims). The latest
    MAX_HISTORY_ROWS events are shown.
    """

    fk_name = "pgh_obj"
    classes = ("collapse",)
    ordering = ("-pgh_id",)
    fields = ("when", "who", "what", "record", "changes")
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if not super().has_view_permission(request, obj):
            return False
        # The history of other records (an incident's casualties, with their names) needs the
        # right to see those records; rows of many-to-many tables are as open as their record.
        opts = self.model.pgh_tracked_model._meta
        return opts.proxy or any(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("view", "change")
        )

    def get_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list[str]:
        return [name for name in self.fields if name != "record" or self.fk_name != "pgh_obj"]

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list[str]:
        return self.get_fields(request, obj)

    def get_formset(self, request: HttpRequest, obj: models.Model | None = None, **kwargs):
        # Read the events once, with those before them, to tell each event's changes.
        self.summaries: dict[int, EventSummary] = {}
        if obj is not None:
            self.summaries = dict(recent_history(self.model, self.fk_name, obj))
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Only the latest events (see MAX_HISTORY_ROWS); get_formset has chosen them.
        return super().get_queryset(request).filter(pgh_id__in=list(getattr(self, "summaries", {})))

    def summary(self, event: models.Model) -> EventSummary | None:
        return getattr(self, "summaries", {}).get(event.pgh_id)

    @admin.display(description=_("when"))
    def when(self, event: models.Model) -> str:
        return formats.date_format(timezone.localtime(event.pgh_created_at), "DATETIME_FORMAT")

    @admin.display(description=_("who"))
    def who(self, event: models.Model) -> str:
        summary = self.summary(event)
        return summary.who if summary else EMPTY

    @admin.display(description=_("what"))
    def what(self, event: models.Model) -> str:
        summary = self.summary(event)
        return summary.what if summary else event.pgh_label

    @admin.display(description=_("record"))
    def record(self, event: models.Model) -> str:
        summary = self.summary(event)
        return summary.record if summary else EMPTY

    @admin.display(description=_("changes (was → now)"))
    def changes(self, event: models.Model) -> SafeString | str:
        return changes_list(self.summary(event))


def history_table(*histories: list[tuple[int, EventSummary]]) -> SafeString | str:
    """Histories as one table, newest first, for a change page that shows them in a read-only field."""
    summaries = sorted((summary for history in histories for _, summary in history), key=lambda s: s.at, reverse=True)
    if not summaries:
        return EMPTY
    labels = (_("when"), _("who"), _("what"), _("record"), _("changes (was → now)"))
    head = format_html_join("", '<th scope="col">{}</th>', ((capfirst(label),) for label in labels))
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                formats.date_format(timezone.localtime(summary.at), "DATETIME_FORMAT"),
                summary.who,
                summary.what,
                summary.record,
                changes_list(summary, as_lines=True),
            )
            for summary in summaries[:MAX_HISTORY_ROWS]
        ),
    )
    return format_html('<table class="history"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', head, rows)


def changes_list(summary: EventSummary | None, as_lines: bool = False) -> SafeString | str:
    """An event's field changes as a list of "field: was → now" (or lines, where the admin indents lists)."""
    if summary is None or not summary.changes:
        return EMPTY
    changes = ((c.label, c.old, c.new) for c in summary.changes)
    if as_lines:
        return format_html_join("", "<div>{}: {} → {}</div>", changes)
    return format_html('<ul class="history-changes">{}</ul>', format_html_join("", "<li>{}: {} → {}</li>", changes))


def history_inline(tracked_model: type[models.Model], title: str, fk_name: str = "pgh_obj") -> type[HistoryInline]:
    """The history inline of a tracked model's events, headed `title`."""
    event_model = tracked_model.pgh_event_model
    return type(
        f"{event_model.__name__}Inline",
        (HistoryInline,),
        {
            "model": event_model,
            "fk_name": fk_name,
            "verbose_name": _("change"),
            "verbose_name_plural": title,
            "__module__": __name__,
        },
    )


class HistoryAdminMixin:
    """For admins with read-only inlines: those appear on change pages only, never in saves.

    A save posts no management form for them; leaving them out keeps such a POST valid.
    """

    def get_inline_instances(self, request: HttpRequest, obj: models.Model | None = None) -> list:
        inlines = super().get_inline_instances(request, obj)
        if obj is None or request.method == "POST":
            inlines = [inline for inline in inlines if not isinstance(inline, ReadOnlyInline)]
        return inlines


class LinkedRecordsInline(ReadOnlyInline):
    """Records linked to this one through an automatic many-to-many table, each a link to its page."""

    linked_field = ""
    fields = readonly_fields = ("linked",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related(self.fk_name, self.linked_field)

    def linked(self, row: models.Model) -> SafeString:
        obj = getattr(row, self.linked_field)
        name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change"
        url = reverse(name, args=[obj.pk], current_app=self.admin_site.name)
        return format_html('<a href="{}">{}</a>', url, obj)


def linked_records_inline(
    through: type[models.Model], fk_name: str, linked_field: str, title: str
) -> type[LinkedRecordsInline]:
    """A read-only list of the records linked through `through`, headed `title`."""
    linked_model = through._meta.get_field(linked_field).related_model

    @admin.display(description=linked_model._meta.verbose_name)
    def linked(self: LinkedRecordsInline, row: models.Model) -> SafeString:
        return LinkedRecordsInline.linked(self, row)

    return type(
        f"{through.__name__}{fk_name.title()}Inline",
        (LinkedRecordsInline,),
        {
            "model": through,
            "fk_name": fk_name,
            "linked_field": linked_field,
            "linked": linked,
            "verbose_name": linked_model._meta.verbose_name,
            "verbose_name_plural": title,
            "__module__": __name__,
        },
    )


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


DECISION_FIELD = "_revision_decision"
PUBLIC_NOTE_FIELD = "_revision_public_note"
RETURN_REASON_FIELD = "_revision_return_reason"


def may_see_revisions(user) -> bool:
    """Reviewers, and editors of any record that goes through review (who see their own proposals)."""
    return user.is_staff and revisions.may_propose_or_review(user)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Proposed revisions of published records: reviewers accept or return them; editors read their own."""

    list_display = ("record_link", "status", "proposed_by", "proposed_at", "reviewed_by", "reviewed_at")
    list_filter = ("status", "model_label")
    list_select_related = ("proposed_by", "reviewed_by")
    date_hierarchy = "proposed_at"
    fields = (
        "record_link",
        "status",
        "proposed_by",
        "proposed_at",
        "note",
        "differences",
        "decision",
        "reviewed_by",
        "reviewed_at",
        "return_reason",
        "public_note",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Revision]:
        return revisions.visible_revisions(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_see_revisions(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Revision | None = None) -> bool:
        return may_see_revisions(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Revision | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Revision | None = None) -> bool:
        return False

    @admin.display(description=_("record"))
    def record_link(self, revision: Revision) -> SafeString | str:
        model = revisions.revised_model(revision)
        record = model._base_manager.filter(pk=revision.object_id).first()
        if record is None:
            return f"{model._meta.verbose_name} #{revision.object_id}"
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk])
        except NoReverseMatch:
            return str(record)
        return format_html('{}: <a href="{}">{}</a>', capfirst(model._meta.verbose_name), url, record)

    @admin.display(description=_("changes"))
    def differences(self, revision: Revision) -> SafeString:
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            ((capfirst(change.field), change.published, change.proposed) for change in revisions.describe(revision)),
        )
        return format_html(
            '<table class="revision-changes"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            gettext("Field"),
            gettext("Published") if revision.status == RevisionStatus.PROPOSED else gettext("Published then"),
            gettext("Proposed"),
            rows,
        )

    @admin.display(description=_("decision"))
    def decision(self, revision: Revision) -> SafeString | str:
        request = current_request.get()
        may = request is not None and revisions.may_review(request.user, revisions.revised_model(revision))
        if revision.status != RevisionStatus.PROPOSED:
            return revision.get_status_display()
        return render_to_string(
            "review/revision_decision.html",
            {
                "revision": revision,
                "may_review": may,
                "decision_field": DECISION_FIELD,
                "note_field": PUBLIC_NOTE_FIELD,
                "reason_field": RETURN_REASON_FIELD,
            },
        )

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None) -> HttpResponse:
        if request.method == "POST" and object_id is not None and DECISION_FIELD in request.POST:
            return self.decision_view(request, object_id)
        token = current_request.set(request)
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response
        finally:
            current_request.reset(token)

    def decision_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            raise PermissionDenied
        decision = request.POST[DECISION_FIELD]
        try:
            if decision == "accept":
                revisions.accept(revision, request.user, request.POST.get(PUBLIC_NOTE_FIELD, ""))
                self.message_user(request, gettext("The revision is accepted and live."), messages.SUCCESS)
            elif decision == "return":
                revisions.return_revision(revision, request.user, request.POST.get(RETURN_REASON_FIELD, ""))
                self.message_user(request, gettext("The revision is returned to its editor."), messages.SUCCESS)
            else:
                self.message_user(request, gettext("That request was not understood."), messages.ERROR)
        except (revisions.RevisionError, moderation.TransitionError) as error:
            self.message_user(request, error.message, messages.ERROR)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
        return HttpResponseRedirect(request.path)


def add_inlines(model: type[models.Model], *inlines: type[admin.options.InlineModelAdmin]) -> None:
    """Add inlines to the registered admin of `model`: links before its histories, histories last.

    An app higher up shows its own links on a lower app's change pages this way (the
    operations citing a source, the reports covering a region) without the lower app
    knowing of it.
    """
    model_admin = admin.site.get_model_admin(model)
    every = (*model_admin.inlines, *inlines)
    model_admin.inlines = (
        *(inline for inline in every if not issubclass(inline, HistoryInline)),
        *(inline for inline in every if issubclass(inline, HistoryInline)),
    )
