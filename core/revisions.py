"""Proposed revisions: an editor's change to a published record waits aside until a reviewer accepts it.

A record the public sees (published, or retracted with its page kept) is not changed by an
editor's save: the change becomes a `core.models.Revision` holding the proposed values, and
the record stays as published, so pages, the API, exports and feeds keep showing it. A
reviewer sees the proposal field by field beside the published values (`describe`) and
either accepts it (`accept`: the values are written as one transaction, through the
model's `Reviser`, which for incidents writes claims through `incidents.services` so the
figures are derived again) or returns it with a reason the editor reads (`return_revision`).
Users who may publish the model (reviewers, admins) still change published records directly.

One proposed revision per record at a time: a further proposal amends it (later values win;
a field given again with its published value leaves the proposal). Accepting and returning
are compare-and-swap updates of the revision, like `core.moderation.transition`: when
another reviewer got there first the second is refused with the state it is in now.

Each model with an editorial status registers once, after the model (`register(Model)`),
or with its own `Reviser` subclass where its children are written by services (incidents).
The changes are stored as JSON:

    {"fields": {"title": "…", "region": "17", "sources": [3, 5]},
     "children": {"claims": {"add": [{…}], "change": {"12": {"killed": 4}}, "delete": [13]}}}
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pghistory
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import moderation
from core.choices import ModerationStatus, RevisionStatus
from core.history import EMPTY, display_value, related_names
from core.models import Revision

# States in which the public sees a record: an editor's change to it is proposed, not saved.
PUBLIC_STATUSES = frozenset({ModerationStatus.PUBLISHED, ModerationStatus.RETRACTED})
# Fields a revision never carries: keys, timestamps, the editorial state (changed only by a move).
NOT_REVISED = frozenset(
    {"id", "status", "published_at", "retraction_reason", "created_at", "updated_at", "import_key", "merged_into"}
)
ADD, CHANGE, DELETE = "add", "change", "delete"
# The history context's key for an accepted revision, and for its public note.
ACCEPT = "accept_revision"
DEFAULT_PUBLIC_NOTE = _("Figures corrected after a reviewer checked a proposed revision against its sources.")


class RevisionError(Exception):
    """A proposal, acceptance or return refused because of the records: the message says why."""

    def __init__(self, message: str, current_status: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.current_status = current_status


class RevisionConflict(RevisionError):
    """The revision is no longer proposed (another reviewer decided first), or its record is gone."""


class RevisionInvalid(RevisionError):
    """The revision cannot be applied to the record as it is now: `errors` names each field."""

    def __init__(self, message: str, errors: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.errors = errors


# Values as JSON and back ---------------------------------------------------------------------


def encode(field: models.Field, value: Any) -> Any:
    """A field's value as JSON: keys for relations, ISO dates, decimals as text."""
    if field.many_to_many:
        return sorted(item.pk if isinstance(item, models.Model) else int(item) for item in value or [])
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode(field: models.Field, raw: Any) -> Any:
    """The Python value of a field's JSON value (a key for relations)."""
    if field.many_to_many:
        return sorted(raw or [])
    if raw is None:
        return None
    return (field.target_field if field.is_relation else field).to_python(raw)


def stored_value(obj: models.Model, field: models.Field) -> Any:
    """What the record holds in a field, in `decode`'s terms (a key for relations, sorted keys for many)."""
    if field.many_to_many:
        return sorted(getattr(obj, field.name).values_list("pk", flat=True)) if obj.pk else []
    return getattr(obj, field.attname)


def _same(old: Any, new: Any) -> bool:
    return old == new or (old in (None, "") and new in (None, ""))


# How a model is revised ----------------------------------------------------------------------


class Reviser:
    """How a model's revisions are proposed, shown and applied: its own fields and the rows hanging off it.

    `children` maps a key ("claims") to the child model's label and its foreign key to the
    record. Subclasses write children through services (`save_child`, `delete_child`), say
    which derived values a public note is about (`figures`) and add rows to the difference
    (`consequences`).
    """

    children: dict[str, tuple[str, str]] = {}

    def __init__(self, model: type[models.Model], api_detail: str = "") -> None:
        self.model = model
        self.api_detail = api_detail  # the URL name of the record in the API, if it has one

    def fields(self) -> list[models.Field]:
        meta = self.model._meta
        return [f for f in [*meta.concrete_fields, *meta.many_to_many] if f.editable and f.name not in NOT_REVISED]

    def field(self, name: str) -> models.Field:
        for candidate in self.fields():
            if candidate.name == name:
                return candidate
        raise RevisionInvalid(
            gettext("“%(field)s” cannot be revised.") % {"field": name}, {name: [gettext("Not a revised field.")]}
        )

    def child(self, key: str) -> tuple[type[models.Model], str]:
        label, fk = self.children[key]
        return apps.get_model(label), fk

    def child_fields(self, key: str) -> list[models.Field]:
        model, fk = self.child(key)
        return [f for f in model._meta.concrete_fields if f.editable and f.name not in NOT_REVISED and f.name != fk]

    def child_field(self, key: str, name: str) -> models.Field:
        for candidate in self.child_fields(key):
            if candidate.name == name:
                return candidate
        raise RevisionInvalid(
            gettext("“%(field)s” cannot be revised.") % {"field": name}, {name: [gettext("Not a revised field.")]}
        )

    # Hooks --------------------------------------------------------------------------------

    def save_child(self, key: str, obj: models.Model, new: bool) -> None:
        obj.full_clean()
        obj.save()

    def delete_child(self, key: str, obj: models.Model) -> None:
        obj.delete()

    def figures(self, record: models.Model) -> dict[str, Any]:
        """Derived values whose change the public is told about with a correction note (none by default)."""
        return {}

    def consequences(self, record: models.Model, changes: dict) -> list["Change"]:
        """Further rows of the difference: what accepting would derive (none by default)."""
        return []

    # Applying -----------------------------------------------------------------------------

    def apply(self, record: models.Model, changes: dict) -> None:
        """Write the changes to the record and its children, checking each as a form would."""
        many = {}
        for name, raw in changes.get("fields", {}).items():
            field = self.field(name)
            if field.many_to_many:
                many[name] = decode(field, raw)
            else:
                setattr(record, field.attname, decode(field, raw))
        record.full_clean(exclude=list(many))
        record.save()
        for name, keys in many.items():
            getattr(record, name).set(keys)
        for key, rows in changes.get("children", {}).items():
            model, fk = self.child(key)
            owned = model._base_manager.filter(**{f"{fk}_id": record.pk})
            for pk in rows.get(DELETE, []):
                self.delete_child(key, _owned_row(owned, model, pk))
            for pk, values in rows.get(CHANGE, {}).items():
                obj = _owned_row(owned, model, pk)
                for name, raw in values.items():
                    field = self.child_field(key, name)
                    setattr(obj, field.attname, decode(field, raw))
                self.save_child(key, obj, new=False)
            for values in rows.get(ADD, []):
                obj = model(**{fk: record})
                for name, raw in values.items():
                    field = self.child_field(key, name)
                    setattr(obj, field.attname, decode(field, raw))
                self.save_child(key, obj, new=True)


def _owned_row(owned: QuerySet, model: type[models.Model], pk: Any) -> models.Model:
    obj = owned.filter(pk=pk).first()
    if obj is None:
        message = gettext("%(record)s no. %(id)s no longer belongs to this record.") % {
            "record": str(model._meta.verbose_name).capitalize(),
            "id": pk,
        }
        raise ValidationError({"__all__": [message]})
    return obj


REVISERS: dict[str, Reviser] = {}


def register(model: type[models.Model], reviser: type[Reviser] = Reviser, api_detail: str = "") -> None:
    """Send editors' changes to the model's public records through review; `api_detail` names its API URL."""
    REVISERS[model._meta.label_lower] = reviser(model, api_detail)


def reviser_for(model: type[models.Model]) -> Reviser | None:
    return REVISERS.get(model._meta.label_lower)


def revised_model(revision: Revision) -> type[models.Model]:
    return apps.get_model(revision.model_label)


# Who proposes, who reviews --------------------------------------------------------------------


def needs_review(record: models.Model, user) -> bool:
    """Whether the user's change to the record is proposed rather than saved: a public record, no right to publish."""
    model = type(record)
    return (
        record.pk is not None
        and reviser_for(model) is not None
        and getattr(record, "status", None) in PUBLIC_STATUSES
        and not moderation.can_publish(user, model)
    )


def may_review(user, model: type[models.Model]) -> bool:
    return moderation.can_publish(user, model) and bool(user.is_active)


def may_propose_or_review(user) -> bool:
    """Reviewers, and editors of any kind of record that goes through review (they see their own proposals)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return any(
        moderation.can_publish(user, reviser.model) or user.has_perm(moderation.change_permission(reviser.model))
        for reviser in REVISERS.values()
    )


def reviewable_labels(user) -> list[str]:
    """The models whose revisions the user may accept or return."""
    return [label for label, reviser in REVISERS.items() if may_review(user, reviser.model)]


def visible_revisions(user) -> QuerySet[Revision]:
    """Reviewers see the revisions of the models they may publish, and everyone their own; others none."""
    if not (user and user.is_authenticated and user.is_active):
        return Revision.objects.none()
    return Revision.objects.filter(
        models.Q(model_label__in=reviewable_labels(user)) | models.Q(proposed_by=user)
    ).select_related("proposed_by", "reviewed_by")


def open_revision(record: models.Model) -> Revision | None:
    return Revision.objects.filter(
        model_label=type(record)._meta.label_lower, object_id=record.pk, status=RevisionStatus.PROPOSED
    ).first()


def latest_returned(record: models.Model, user) -> Revision | None:
    """The user's last revision of the record that a reviewer returned, if no newer one is open or accepted."""
    latest = (
        Revision.objects.filter(model_label=type(record)._meta.label_lower, object_id=record.pk, proposed_by=user)
        .select_related("reviewed_by")
        .order_by("-proposed_at", "-pk")
        .first()
    )
    return latest if latest is not None and latest.status == RevisionStatus.RETURNED else None


# Proposing -------------------------------------------------------------------------------------


def _encode_fields(reviser: Reviser, stored: models.Model, fields: dict[str, Any]) -> tuple[dict, set]:
    """The given fields that differ from the stored record, as JSON; and those given with the stored value."""
    changed, unchanged = {}, set()
    for name, value in fields.items():
        field = reviser.field(name)
        raw = encode(field, value)
        if _same(stored_value(stored, field), decode(field, raw)):
            unchanged.add(name)
        else:
            changed[name] = raw
    return changed, unchanged


def _encode_children(reviser: Reviser, stored: models.Model, children: dict[str, dict]) -> dict[str, dict]:
    encoded: dict[str, dict] = {}
    for key, rows in children.items():
        if key not in reviser.children:
            raise RevisionInvalid(gettext("These rows cannot be revised."), {key: [gettext("Not a revised kind.")]})
        model, fk = reviser.child(key)
        fields = {f.name: f for f in reviser.child_fields(key)}
        wanted = {int(pk) for pk in rows.get(CHANGE, {})} | {int(pk) for pk in rows.get(DELETE, [])}
        existing = model._base_manager.filter(**{f"{fk}_id": stored.pk}).in_bulk(list(wanted)) if wanted else {}
        out: dict[str, Any] = {}
        adds = [
            {name: encode(fields[name], value) for name, value in values.items() if name in fields}
            for values in rows.get(ADD, [])
        ]
        if adds:
            out[ADD] = adds
        changes = {}
        for pk, values in rows.get(CHANGE, {}).items():
            obj = existing.get(int(pk))
            if obj is None:
                raise RevisionInvalid(
                    gettext("%(record)s no. %(id)s does not belong to this record.")
                    % {"record": str(model._meta.verbose_name).capitalize(), "id": pk},
                    {key: [gettext("Unknown row %(id)s.") % {"id": pk}]},
                )
            diff = {}
            for name, value in values.items():
                if name in fields:
                    raw = encode(fields[name], value)
                    if not _same(stored_value(obj, fields[name]), decode(fields[name], raw)):
                        diff[name] = raw
            if diff:
                changes[str(int(pk))] = diff
        if changes:
            out[CHANGE] = changes
        deletes = sorted(int(pk) for pk in rows.get(DELETE, []) if int(pk) in existing)
        if deletes:
            out[DELETE] = deletes
        if out:
            encoded[key] = out
    return encoded


def _merge(old: dict, new_fields: dict, unchanged: set, new_children: dict) -> dict:
    """The open revision's changes amended by a new proposal: later values win."""
    fields = {name: value for name, value in old.get("fields", {}).items() if name not in unchanged}
    fields.update(new_fields)
    children = {key: {kind: value for kind, value in rows.items()} for key, rows in old.get("children", {}).items()}
    for key, rows in new_children.items():
        merged = children.setdefault(key, {})
        merged[ADD] = [*merged.get(ADD, []), *rows.get(ADD, [])]
        changed = dict(merged.get(CHANGE, {}))
        for pk, values in rows.get(CHANGE, {}).items():
            changed[pk] = {**changed.get(pk, {}), **values}
        deleted = set(merged.get(DELETE, [])) - {int(pk) for pk in rows.get(CHANGE, {})}
        deleted |= set(rows.get(DELETE, []))
        for pk in rows.get(DELETE, []):
            changed.pop(str(pk), None)
        merged[CHANGE], merged[DELETE] = changed, sorted(deleted)
        children[key] = {kind: value for kind, value in merged.items() if value}
    result: dict[str, Any] = {}
    if fields:
        result["fields"] = fields
    children = {key: rows for key, rows in children.items() if rows}
    if children:
        result["children"] = children
    return result


def propose(
    record: models.Model,
    user,
    fields: dict[str, Any] | None = None,
    children: dict[str, dict] | None = None,
    note: str = "",
) -> Revision | None:
    """Keep the user's change to a public record aside as a proposed revision (amending the open one).

    `fields` maps field names to new values (records or keys for relations); `children`
    maps a child kind to `{"add": [values], "change": {id: values}, "delete": [ids]}`.
    Values equal to the published ones are left out. Returns the open revision, or None
    when nothing differs from the published record and no revision is open.
    """
    model = type(record)
    reviser = reviser_for(model)
    if reviser is None:
        raise RevisionError(gettext("Records of this kind have no review of changes."))
    if not (user and user.is_authenticated and user.is_active and user.has_perm(moderation.change_permission(model))):
        raise PermissionDenied(gettext("You lack the permission to change this record."))
    with transaction.atomic():
        # Locked: proposals to one record are made one after the other.
        stored = model._base_manager.select_for_update().get(pk=record.pk)
        new_fields, unchanged = _encode_fields(reviser, stored, fields or {})
        new_children = _encode_children(reviser, stored, children or {})
        label = model._meta.label_lower
        revision = (
            Revision.objects.select_for_update()
            .filter(model_label=label, object_id=record.pk, status=RevisionStatus.PROPOSED)
            .first()
        )
        if revision is None:
            changes = _merge({}, new_fields, unchanged, new_children)
            if not changes:
                return None
            return Revision.objects.create(
                model_label=label,
                object_id=record.pk,
                changes=changes,
                note=note.strip(),
                proposed_by=user,
                base_updated_at=getattr(stored, "updated_at", None),
            )
        revision.changes = _merge(revision.changes, new_fields, unchanged, new_children)
        revision.proposed_by = user
        revision.proposed_at = timezone.now()
        if note.strip():
            revision.note = note.strip()
        revision.save()
        return revision


# Showing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One row of a revision's difference: what it concerns, the published value and the proposed one."""

    field: str
    published: str
    proposed: str


def _show(field: models.Field, value: Any, names: dict) -> str:
    if field.many_to_many:
        return ", ".join(names.get((field.related_model, key), f"#{key}") for key in value) or EMPTY
    if field.is_relation:
        return display_value(field, value, names.get((field.related_model, value)))
    return display_value(field, value)


def _want(wanted: dict, field: models.Field, *values: Any) -> None:
    if field.many_to_many:
        for value in values:
            wanted[field.related_model].update(value or [])
    elif field.is_relation:
        wanted[field.related_model].update(values)


def describe(revision: Revision, record: models.Model | None = None) -> list[Change]:
    """The revision field by field beside the record's current (published) values, then its children's rows."""
    model = revised_model(revision)
    reviser = reviser_for(model)
    if record is None:
        record = model._base_manager.filter(pk=revision.object_id).first()
    if record is None or reviser is None:
        return []
    wanted: dict[type[models.Model], set] = defaultdict(set)
    # (label, field, old, new) for a value; (label, None, old text, parts) for a row removed or added.
    rows: list[tuple] = []
    for name, raw in revision.changes.get("fields", {}).items():
        field = reviser.field(name)
        old, new = stored_value(record, field), decode(field, raw)
        _want(wanted, field, old, new)
        rows.append((str(field.verbose_name), field, old, new))
    for key, changes in revision.changes.get("children", {}).items():
        child, _fk = reviser.child(key)
        kind = str(child._meta.verbose_name)
        keys = [int(pk) for pk in changes.get(CHANGE, {})] + list(changes.get(DELETE, []))
        existing = child._base_manager.in_bulk(keys) if keys else {}
        for pk, values in changes.get(CHANGE, {}).items():
            obj = existing.get(int(pk))
            for name, raw in values.items():
                field = reviser.child_field(key, name)
                old = stored_value(obj, field) if obj is not None else None
                new = decode(field, raw)
                _want(wanted, field, old, new)
                label = gettext("%(kind)s no. %(id)s: %(field)s") % {
                    "kind": kind,
                    "id": pk,
                    "field": field.verbose_name,
                }
                rows.append((label, field, old, new))
        for pk in changes.get(DELETE, []):
            obj = existing.get(int(pk))
            label = gettext("%(kind)s no. %(id)s") % {"kind": kind, "id": pk}
            rows.append((label, None, str(obj) if obj is not None else EMPTY, None))
        for number, values in enumerate(changes.get(ADD, []), start=1):
            parts = []
            for name, raw in values.items():
                field = reviser.child_field(key, name)
                value = decode(field, raw)
                if value in (None, "", []):
                    continue
                _want(wanted, field, value)
                parts.append((field, value))
            rows.append((gettext("new %(kind)s (%(number)s)") % {"kind": kind, "number": number}, None, EMPTY, parts))
    names = related_names(dict(wanted))
    out = []
    for label, field, old, new in rows:
        if field is not None:
            out.append(Change(label, _show(field, old, names), _show(field, new, names)))
        elif new is None:
            out.append(Change(label, old, gettext("(removed)")))
        else:
            text = "; ".join(f"{part.verbose_name}: {_show(part, value, names)}" for part, value in new)
            out.append(Change(label, EMPTY, text or EMPTY))
    out.extend(reviser.consequences(record, revision.changes))
    return out


# Deciding --------------------------------------------------------------------------------------


def _conflict(revision: Revision) -> RevisionConflict:
    current = Revision.objects.filter(pk=revision.pk).values_list("status", flat=True).first()
    if current is None:
        return RevisionConflict(gettext("This revision no longer exists; reload the list."))
    return RevisionConflict(
        gettext("This revision is %(current)s, no longer proposed; reload it.")
        % {"current": RevisionStatus(current).label},
        current,
    )


def _check_reviewer(revision: Revision, user) -> type[models.Model]:
    model = revised_model(revision)
    if not (user and user.is_authenticated and may_review(user, model)):
        raise PermissionDenied(gettext("Only reviewers, who may publish these records, accept or return revisions."))
    return model


def accept(revision: Revision, user, public_note: str = "") -> models.Model:
    """Make the revision live: its values are written to the record as one transaction, with history.

    The history of the record's changes names the reviewer and the revision; when the
    record's figures change, a public correction note goes with them (the reviewer's, or a
    standard one) and shows in the record's public corrections log. Raises PermissionDenied,
    RevisionConflict (no longer proposed, or the record is gone) and RevisionInvalid (the
    values no longer fit the record: nothing is written).
    """
    model = _check_reviewer(revision, user)
    reviser = reviser_for(model)
    public_note = (public_note or "").strip()
    try:
        with (
            transaction.atomic(),
            pghistory.context(user=user.pk, moderation=ACCEPT, revision=revision.pk, public_note=public_note),
        ):
            now = timezone.now()
            moved = Revision.objects.filter(pk=revision.pk, status=RevisionStatus.PROPOSED).update(
                status=RevisionStatus.ACCEPTED, reviewed_by=user, reviewed_at=now, updated_at=now
            )
            if moved != 1:
                raise _conflict(revision)
            record = model._base_manager.select_for_update().filter(pk=revision.object_id).first()
            if record is None:
                raise RevisionConflict(gettext("The record of this revision no longer exists."))
            before = reviser.figures(record)
            reviser.apply(record, revision.changes)
            record = model._base_manager.get(pk=record.pk)
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                # Its children may have changed alone: clients syncing by `updated_since` see it.
                model._base_manager.filter(pk=record.pk).update(updated_at=now)
            note = public_note or (str(DEFAULT_PUBLIC_NOTE) if reviser.figures(record) != before else "")
            Revision.objects.filter(pk=revision.pk).update(public_note=note)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        message = gettext("This revision no longer fits the record: %(problems)s") % {
            "problems": "; ".join(f"{name}: {' '.join(texts)}" for name, texts in errors.items()),
        }
        raise RevisionInvalid(message, errors) from None
    revision.refresh_from_db()
    return model._base_manager.get(pk=revision.object_id)


def return_revision(revision: Revision, user, reason: str) -> Revision:
    """Send the revision back to its editor with a reason; the record stays as published."""
    _check_reviewer(revision, user)
    reason = (reason or "").strip()
    if not reason:
        raise moderation.MissingReason(gettext("Returning a revision needs a reason for the editor."))
    now = timezone.now()
    moved = Revision.objects.filter(pk=revision.pk, status=RevisionStatus.PROPOSED).update(
        status=RevisionStatus.RETURNED, return_reason=reason, reviewed_by=user, reviewed_at=now, updated_at=now
    )
    if moved != 1:
        raise _conflict(revision)
    revision.refresh_from_db()
    return revision
