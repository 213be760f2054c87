"""Moderation in the admin: buttons on change pages and actions on lists, all through core.moderation.

`ModerationAdminMixin` goes first among the bases of the admins of incidents, operations
and mining sites. It
- makes `status` and `published_at` read-only: the state changes only by a move;
- adds a "Moderation" box on change pages with a button for each move the user may make
  (and, to retract, a field for the public reason); a button posts the change form, but
  only the move is made: edits in the form are not saved with it;
- adds list actions (submit, return to draft, publish) for selected records.
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
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import moderation

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
        return render_to_string(
            "review/admin_controls.html",
            {
                "record": obj,
                "status": moderation.status_label(obj.status),
                "moves": moderation.allowed_actions(obj, request.user) if request else [],
                "transition_field": TRANSITION_FIELD,
                "reason_field": REASON_FIELD,
                "retract": moderation.RETRACT,
            },
        )

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
