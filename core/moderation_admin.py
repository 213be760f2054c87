"""Moderation in the admin: buttons on change pages and actions on lists, all through core.moderation.

`ModerationAdminMixin` goes first among the bases of the admins of incidents, operations
and mining sites. It
- makes `status` and `published_at` read-only: the state changes only by a move;
- adds a "Moderation" box on change pages with a button for each move the user may make
  (and, to retract, a field for the public reason); a button posts the change form, but
  only the move is made: edits in the form are not saved with it;
- adds list actions (submit, return to draft, publish) for selected records;
- keeps an editor's change to a public record aside as a proposed revision (`core.revisions`):
  the form and its inlines are checked as usual, then nothing is written to the record; the
  "Moderation" box shows the open proposal field by field, or the reason a reviewer gave
  for returning the editor's last one.
Refused moves (wrong state, no permission, no reason) come back as error messages.
"""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import moderation, revisions

TRANSITION_FIELD = "_transition"
REASON_FIELD = "_retraction_reason"
# Moves offered for a whole selection on the list; retraction needs a reason per record.
LIST_ACTIONS = (moderation.SUBMIT, moderation.RETURN_TO_DRAFT, moderation.PUBLISH)
# The request whose change page is being drawn: a read-only field's callable only gets the record.
current_request: ContextVar[HttpRequest | None] = ContextVar("moderation_request", default=None)


class ModerationAdminMixin:
    """Buttons and list actions for the editorial moves of core.moderation."""

    moderation_readonly_fields = ("status", "published_at")

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None):
        readonly = list(super().get_readonly_fields(request, obj))
        fields = {field.name for field in self.model._meta.concrete_fields}
        readonly += [name for name in self.moderation_readonly_fields if name in fields and name not in readonly]
        if obj is not None:
            readonly.append("moderation_controls")
        return readonly

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(0, (_("Moderation"), {"fields": ("moderation_controls",)}))
        return fieldsets

    @admin.display(description=_("editorial state"))
    def moderation_controls(self, obj: models.Model) -> SafeString:
        request = current_request.get()
        user = request.user if request else None
        revision = revisions.open_revision(obj) if revisions.reviser_for(type(obj)) else None
        return render_to_string(
            "review/admin_controls.html",
            {
                "record": obj,
                "status": moderation.status_label(obj.status),
                "moves": moderation.allowed_actions(obj, user) if request else [],
                "transition_field": TRANSITION_FIELD,
                "reason_field": REASON_FIELD,
                "retract": moderation.RETRACT,
                "proposes": user is not None and revisions.needs_review(obj, user),
                "revision": revision,
                "revision_changes": revisions.describe(revision, obj) if revision else [],
                "revision_url": revision_admin_url(revision) if revision else "",
                "returned": revisions.latest_returned(obj, user) if user is not None and revision is None else None,
            },
        )

    # Proposed revisions: an editor's save of a public record -----------------------------

    def save_model(self, request: HttpRequest, obj: models.Model, form, change: bool) -> None:
        if change and revisions.needs_review(obj, request.user):
            request._revision_fields = self._changed_fields(obj, form)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        if not hasattr(request, "_revision_fields"):
            super().save_related(request, form, formsets, change)
            return
        children, refused = self._formset_changes(formsets)
        for kind in refused:
            self.message_user(
                request,
                gettext("Changes to the %(kind)s of a published record cannot be proposed; nothing of them was kept.")
                % {"kind": kind},
                messages.WARNING,
            )
        request._revision = revisions.propose(form.instance, request.user, request._revision_fields, children)

    def construct_change_message(self, request: HttpRequest, form, formsets, add: bool = False):
        if hasattr(request, "_revision_fields"):
            return []  # the formsets were not saved: the proposal keeps its own record
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request: HttpRequest, obj: models.Model, message):
        if hasattr(request, "_revision_fields"):
            return None  # nothing changed: the proposal keeps its own record
        return super().log_change(request, obj, message)

    def response_change(self, request: HttpRequest, obj: models.Model) -> HttpResponse:
        if not hasattr(request, "_revision_fields"):
            return super().response_change(request, obj)
        if request._revision is None:
            self.message_user(
                request, gettext("Nothing differs from the published version; nothing was proposed."), messages.INFO
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Your change is proposed for review. The public keeps seeing the published version "
                    "until a reviewer accepts it."
                ),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(request.path)

    def _changed_fields(self, obj: models.Model, form) -> dict:
        """The form's revisable fields whose value (after the model's own cleaning) differs from the stored one."""
        reviser = revisions.reviser_for(type(obj))
        stored = type(obj)._base_manager.get(pk=obj.pk)
        changed = {}
        for field in reviser.fields():
            if field.name not in form.fields:
                continue
            if field.many_to_many:
                value = revisions.encode(field, form.cleaned_data.get(field.name))
            else:
                value = getattr(obj, field.attname)
            if revisions.stored_value(stored, field) != revisions.decode(field, revisions.encode(field, value)):
                changed[field.name] = value
        return changed

    def _formset_changes(self, formsets) -> tuple[dict, list[str]]:
        """The inline rows added, changed and removed, by the reviser's kind; and the kinds it does not know."""
        reviser = revisions.reviser_for(self.model)
        kinds = {reviser.child(key)[0]: key for key in reviser.children}
        children, refused = {}, []
        for formset in formsets:
            key = kinds.get(formset.model)
            if key is None:
                if formset.has_changed():
                    refused.append(str(formset.model._meta.verbose_name_plural))
                continue
            names = {field.name for field in reviser.child_fields(key)}
            rows: dict = {revisions.ADD: [], revisions.CHANGE: {}, revisions.DELETE: []}
            for form in formset.forms:
                if not hasattr(form, "cleaned_data") or not form.has_changed():
                    continue
                if formset.can_delete and form in formset.deleted_forms:
                    if form.instance.pk is not None:
                        rows[revisions.DELETE].append(form.instance.pk)
                    continue
                values = {name: value for name, value in form.cleaned_data.items() if name in names}
                if form.instance.pk is None:
                    rows[revisions.ADD].append(values)
                else:
                    rows[revisions.CHANGE][form.instance.pk] = {
                        name: values[name] for name in form.changed_data if name in values
                    }
            children[key] = rows
        return children, refused

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None) -> HttpResponse:
        if request.method == "POST" and object_id is not None and TRANSITION_FIELD in request.POST:
            return self.transition_view(request, object_id)
        # The read-only field that draws the buttons needs to know who is asking.
        token = current_request.set(request)
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # A TemplateResponse is drawn lazily, after this returns: draw it while the request is known.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response
        finally:
            current_request.reset(token)

    def transition_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        self.run_transition(request, obj, request.POST[TRANSITION_FIELD], request.POST.get(REASON_FIELD))
        return HttpResponseRedirect(request.path)

    def run_transition(self, request: HttpRequest, obj: models.Model, action: str, reason: str | None = None) -> bool:
        try:
            moderation.transition(obj, action, request.user, reason=reason)
        except (moderation.TransitionError, moderation.UnknownAction) as error:
            self.message_user(request, str(error), messages.ERROR)
            return False
        except PermissionDenied as error:
            self.message_user(request, str(error) or gettext("You lack the permission for this."), messages.ERROR)
            return False
        self.message_user(request, moderation.done_message(obj, action), messages.SUCCESS)
        return True

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        for action in LIST_ACTIONS:
            if moderation.may(request.user, self.model, action):
                name = f"moderation_{action}"
                description = moderation.TRANSITIONS[action].label
                actions[name] = (self._list_action(action), name, description)
        return actions

    def _list_action(self, action: str):
        def run(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
            done = 0
            for obj in queryset:
                try:
                    moderation.transition(obj, action, request.user)
                except (moderation.TransitionError, PermissionDenied) as error:
                    modeladmin.message_user(request, f"{obj}: {error}", messages.WARNING)
                else:
                    done += 1
            if done:
                modeladmin.message_user(
                    request,
                    ngettext("%(count)d record moved.", "%(count)d records moved.", done) % {"count": done},
                    messages.SUCCESS,
                )

        return run


PROPOSED_MESSAGE = _(
    "Your change is proposed for review. The public keeps seeing the published version until a reviewer accepts it."
)


class ProposedChildAdminMixin:
    """For the admin of rows hanging off a reviewed record (an incident's claims, casualties): an editor's
    change to a row of a public record is proposed to that record (`core.revisions`), not saved.

    Set `revision_parent` (the foreign key to the record) and `revision_kind` (the reviser's
    key for these rows). An admin that writes through services calls `propose_child` first
    in its own `save_model`, `delete_model` and `delete_queryset`.
    """

    revision_parent = ""
    revision_kind = ""

    def _public_parent(self, request: HttpRequest, obj: models.Model) -> models.Model | None:
        parent = getattr(obj, self.revision_parent, None)
        return parent if parent is not None and revisions.needs_review(parent, request.user) else None

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk is not None and self._public_parent(request, obj) is not None:
            # A row of a public record is not moved to another record by a proposal.
            readonly.append(self.revision_parent)
        return readonly

    def propose_child(self, request: HttpRequest, obj: models.Model, form=None, change: bool = True) -> bool:
        """Propose the row's change (or its removal, without a form) to its public record; False when not needed."""
        parent = self._public_parent(request, obj)
        if parent is None:
            return False
        reviser = revisions.reviser_for(type(parent))
        names = {field.name for field in reviser.child_fields(self.revision_kind)}
        if form is None:
            rows = {revisions.DELETE: [obj.pk]}
        elif change:
            rows = {revisions.CHANGE: {obj.pk: {n: form.cleaned_data[n] for n in form.changed_data if n in names}}}
        else:
            rows = {revisions.ADD: [{n: v for n, v in form.cleaned_data.items() if n in names}]}
        request._revision = revisions.propose(parent, request.user, children={self.revision_kind: rows})
        request._revision_fields = {}
        return True

    def save_model(self, request: HttpRequest, obj: models.Model, form, change: bool) -> None:
        if not self.propose_child(request, obj, form, change):
            super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        if not self.propose_child(request, obj):
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        kept = []
        for obj in queryset:
            if not self.propose_child(request, obj):
                kept.append(obj.pk)
        super().delete_queryset(request, queryset.filter(pk__in=kept))

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        if hasattr(request, "_revision_fields"):
            if any(formset.has_changed() for formset in formsets):
                self.message_user(
                    request,
                    gettext("Changes to the rows below were not proposed; nothing of them was kept."),
                    messages.WARNING,
                )
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request: HttpRequest, form, formsets, add: bool = False):
        if hasattr(request, "_revision_fields"):
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request: HttpRequest, obj: models.Model, message):
        return None if hasattr(request, "_revision_fields") else super().log_change(request, obj, message)

    def log_addition(self, request: HttpRequest, obj: models.Model, message):
        return None if hasattr(request, "_revision_fields") else super().log_addition(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset):
        return None if hasattr(request, "_revision_fields") else super().log_deletions(request, queryset)

    def _proposed_response(self, request: HttpRequest, obj: models.Model) -> HttpResponse:
        self.message_user(request, str(PROPOSED_MESSAGE), messages.SUCCESS)
        parent = getattr(obj, self.revision_parent)
        meta = parent._meta
        return HttpResponseRedirect(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[parent.pk]))

    def response_change(self, request: HttpRequest, obj: models.Model) -> HttpResponse:
        if hasattr(request, "_revision_fields"):
            return self._proposed_response(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request: HttpRequest, obj: models.Model, post_url_continue=None) -> HttpResponse:
        if hasattr(request, "_revision_fields"):
            return self._proposed_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id) -> HttpResponse:
        if hasattr(request, "_revision_fields"):
            self.message_user(request, str(PROPOSED_MESSAGE), messages.SUCCESS)
            meta = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        return super().response_delete(request, obj_display, obj_id)


def revision_admin_url(revision) -> str:
    try:
        return reverse("admin:core_revision_change", args=[revision.pk])
    except NoReverseMatch:
        return ""
