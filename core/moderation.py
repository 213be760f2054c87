"""Moderation: the editorial states of incidents, operations and mining sites, and the moves between them.

draft ──submit──▶ in review ──publish──▶ published ──retract (public reason)──▶ retracted
  ▲ ▲                  │                     ▲                                     │ │
  │ └──return_to_draft─┘                     └──────────────republish──────────────┘ │
  └───────────────────────────────reopen (to rework it)──────────────────────────────┘

Every move is a compare-and-swap: one UPDATE that only matches the row while it is still
in the state the move starts from. When someone else moved the record first the UPDATE
matches nothing and `TransitionError` says what state the record is in now, so nothing
is silently overwritten. The admin, the review queue page and the API all call
`transition()`; `allowed_actions()` tells them which buttons to offer.

Permissions: submitting and returning to draft need the model's change permission;
publishing, retracting and republishing need its `publish_<model>` permission (given to
the `reviewer` and `admin` groups by overview/migrations/0001_squashed_0005.py). Retracting needs a
public reason and is offered only on models that store one (`retraction_reason`: incidents
and operations; mining sites have no such field, so a site can be published, not retracted).
"""

from dataclasses import dataclass

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.choices import ModerationStatus

SUBMIT = "submit"
RETURN_TO_DRAFT = "return_to_draft"
PUBLISH = "publish"
RETRACT = "retract"
REPUBLISH = "republish"
REOPEN = "reopen"

# The permission a move needs: "change" (the model's own) or "publish" (the reviewer's).
CHANGE = "change"
PUBLISHER = "publish"


@dataclass(frozen=True)
class Transition:
    """One move: its name, its label on a button, the state it starts from and the one it leads to."""

    action: str
    label: str
    source: str
    target: str
    permission: str


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(SUBMIT, _("Submit for review"), ModerationStatus.DRAFT, ModerationStatus.IN_REVIEW, CHANGE),
        Transition(RETURN_TO_DRAFT, _("Return to draft"), ModerationStatus.IN_REVIEW, ModerationStatus.DRAFT, CHANGE),
        Transition(
            PUBLISH, pgettext_lazy("verb", "Publish"), ModerationStatus.IN_REVIEW, ModerationStatus.PUBLISHED, PUBLISHER
        ),
        Transition(RETRACT, _("Retract"), ModerationStatus.PUBLISHED, ModerationStatus.RETRACTED, PUBLISHER),
        Transition(REPUBLISH, _("Publish again"), ModerationStatus.RETRACTED, ModerationStatus.PUBLISHED, PUBLISHER),
        Transition(REOPEN, _("Reopen as draft"), ModerationStatus.RETRACTED, ModerationStatus.DRAFT, CHANGE),
    )
}
ACTIONS = tuple(TRANSITIONS)


class TransitionError(Exception):
    """A move refused because of the record's state: wrong state, or a retraction without a reason."""

    def __init__(self, message: str, current_status: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.current_status = current_status


class StateConflict(TransitionError):
    """The record is not (or no longer) in the state the move starts from."""


class MissingReason(TransitionError):
    """A retraction needs a public reason."""


class UnknownAction(ValueError):
    """No move has this name (or the model does not offer it)."""


def has_field(model: type[models.Model], name: str) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)


def publish_permission(model: type[models.Model]) -> str:
    """The permission to publish, retract and republish records of the model: 'incidents.publish_incident'."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def change_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def can_publish(user, model: type[models.Model]) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(publish_permission(model)))


def supports(model: type[models.Model], action: str) -> bool:
    """Whether the model offers the move: retraction needs a field for the public reason."""
    if action not in TRANSITIONS:
        return False
    if action == RETRACT:
        return has_field(model, "retraction_reason")
    if action in (REPUBLISH, REOPEN):
        # Both start from a retraction, which needs somewhere to store its reason.
        return has_field(model, "retraction_reason")
    return True


def may(user, model: type[models.Model], action: str) -> bool:
    """Whether the user holds the permission the move needs (whatever the record's state)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    transition = TRANSITIONS[action]
    needed = publish_permission(model) if transition.permission == PUBLISHER else change_permission(model)
    return user.has_perm(needed)


def allowed_actions(obj: models.Model, user) -> list[Transition]:
    """The moves the user may make on the record in its current (in-memory) state, in a stable order."""
    model = type(obj)
    return [
        transition
        for transition in TRANSITIONS.values()
        if transition.source == obj.status
        and supports(model, transition.action)
        and may(user, model, transition.action)
    ]


def status_label(status: str | None) -> str:
    if status is None:
        return gettext("deleted")
    try:
        return str(ModerationStatus(status).label)
    except ValueError:
        return status


def _conflict(obj: models.Model, transition: Transition) -> StateConflict:
    model = type(obj)
    current = model._base_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
    name = model._meta.verbose_name
    if current is None:
        message = gettext("This %(record)s no longer exists; reload the list.") % {"record": name}
    else:
        message = gettext("This %(record)s is %(current)s, not %(expected)s; reload it.") % {
            "record": name,
            "current": status_label(current),
            "expected": status_label(transition.source),
        }
    return StateConflict(message, current)


def transition(obj: models.Model, action: str, user, reason: str | None = None) -> models.Model:
    """Make the move `action` on the record for `user`, as one compare-and-swap UPDATE.

    Raises UnknownAction for a move that does not exist (or the model lacks),
    PermissionDenied when the user may not make it, MissingReason for a retraction with
    a blank reason, and StateConflict when the record is not in the state the move starts
    from in the database (whatever `obj` says). On success `obj` is updated in memory
    and returned; the history records the move with the user and the action.
    """
    model = type(obj)
    if action not in TRANSITIONS or not supports(model, action):
        raise UnknownAction(
            gettext("Unknown action %(action)r for a %(record)s.")
            % {"action": action, "record": model._meta.verbose_name}
        )
    move = TRANSITIONS[action]
    if not may(user, model, action):
        raise PermissionDenied(
            gettext("You lack the permission for “%(action)s” on this %(record)s.")
            % {"action": move.label, "record": model._meta.verbose_name}
        )
    reason = (reason or "").strip()
    if action == RETRACT and not reason:
        raise MissingReason(gettext("A retraction needs a public reason."))

    now = timezone.now()
    values: dict = {"status": move.target}
    if has_field(model, "updated_at"):
        values["updated_at"] = now
    if action == RETRACT:
        values["retraction_reason"] = reason
    if move.target == ModerationStatus.PUBLISHED and has_field(model, "retraction_reason"):
        values["retraction_reason"] = ""  # published again: the retraction no longer stands
    sets_published_at = move.target == ModerationStatus.PUBLISHED and has_field(model, "published_at")
    if sets_published_at:
        # Set the first time only: a record published again keeps its first publication date.
        values["published_at"] = Coalesce(models.F("published_at"), models.Value(now))

    with transaction.atomic(), pghistory.context(user=user.pk, moderation=action):
        updated = model._base_manager.filter(pk=obj.pk, status=move.source).update(**values)
        if updated != 1:
            raise _conflict(obj, move)
        if sets_published_at:
            obj.published_at = model._base_manager.filter(pk=obj.pk).values_list("published_at", flat=True).get()
    obj.status = move.target
    for name, value in values.items():
        if name not in ("status", "published_at"):
            setattr(obj, name, value)
    return obj


def submit(obj: models.Model, user) -> models.Model:
    return transition(obj, SUBMIT, user)


def return_to_draft(obj: models.Model, user) -> models.Model:
    return transition(obj, RETURN_TO_DRAFT, user)


def publish(obj: models.Model, user) -> models.Model:
    return transition(obj, PUBLISH, user)


def retract(obj: models.Model, user, reason: str) -> models.Model:
    return transition(obj, RETRACT, user, reason=reason)


def republish(obj: models.Model, user) -> models.Model:
    return transition(obj, REPUBLISH, user)


def done_message(obj: models.Model, action: str) -> str:
    """What a page says after a successful move: 'Incident “X” is now published.'"""
    return gettext("%(record)s “%(name)s” is now %(status)s.") % {
        "record": str(type(obj)._meta.verbose_name).capitalize(),
        "name": obj,
        "status": status_label(obj.status),
    }
