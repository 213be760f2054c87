"""Optimistic concurrency: a record's `updated_at` is its version, and a save from an old version is refused.

Every Veta record has `updated_at` (`TimestampedModel`, `auto_now`), so each save gives it a
new version. An editor's form carries the version it was opened at (`version_token()`); the
save locks the row (`SELECT ... FOR UPDATE`) inside its transaction and compares the token
with the row's current version (`locked_version()`): when they differ, someone else saved
in between, and the save is refused with a `VersionConflict` instead of overwriting their
work. The API does the same with `ETag` / `If-Match` (`api_version()`).

`compare_fields()` lists what differs between the version an editor opened (found in the
record's audit history, `core.history`), the version saved now, and the editor's edit.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import connections, models, router
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.history import EMPTY, display_value, who_did

# The form field that carries the version a change form was opened at.
VERSION_FIELD = "veta_version"


class VersionConflict(Exception):
    """The record was saved by someone else since the version the writer started from."""

    def __init__(self, current: str | None) -> None:
        super().__init__(current)
        self.current = current


def version_token(obj: models.Model | datetime.datetime | None) -> str:
    """A record's version: its `updated_at` as an ISO date and time in UTC, to the microsecond."""
    updated_at = obj if isinstance(obj, datetime.datetime) or obj is None else getattr(obj, "updated_at", None)
    if updated_at is None:
        return ""
    return updated_at.astimezone(datetime.UTC).isoformat()


def parse_token(token: str) -> datetime.datetime | None:
    """The time a version token names, or None for an empty or unreadable token."""
    try:
        parsed = datetime.datetime.fromisoformat(token.strip())
    except (AttributeError, ValueError):
        return None
    return parsed if timezone.is_aware(parsed) else None


def api_version(obj: models.Model | datetime.datetime | None) -> str:
    """A short opaque form of the version, for HTTP entity tags."""
    token = version_token(obj)
    return hashlib.sha256(token.encode()).hexdigest()[:16] if token else ""


def locked_version(model: type[models.Model], pk: Any) -> datetime.datetime | None:
    """The row's current `updated_at`, locking the row until the transaction ends.

    Inside a transaction the row stays locked (FOR UPDATE) until it commits, so no one
    else's save can slip in between this check and the write that follows it; a save
    already under way is waited for and its result is what is read. Outside a
    transaction there is nothing to hold a lock for and the value is only read. None
    when the row no longer exists.
    """
    queryset = model._base_manager.filter(pk=pk)
    if connections[router.db_for_write(model)].in_atomic_block:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.values_list("updated_at", flat=True).first()


def check_version(model: type[models.Model], pk: Any, token: str) -> datetime.datetime | None:
    """Lock the row and raise VersionConflict when its version is not `token`; return the current one."""
    current = locked_version(model, pk)
    if current is None or current != parse_token(token):
        raise VersionConflict(version_token(current))
    return current


# The versions compared, for an editor whose save was refused -------------------------------


@dataclass(frozen=True)
class FieldVersions:
    """One field as the editor opened it, as it is saved now, and as the editor changed it."""

    name: str
    label: str
    opened: str
    current: str
    edit: str
    # The field changed both in the saved record and in the editor's edit.
    both_changed: bool


@dataclass
class ConflictReport:
    """Who saved the record while an editor was editing it, when, and what differs."""

    saved_at: datetime.datetime | None
    saved_by: str
    opened_known: bool
    fields: list[FieldVersions] = field(default_factory=list)

    @property
    def saved_at_label(self) -> str:
        if self.saved_at is None:
            return "—"
        return formats.date_format(timezone.localtime(self.saved_at), "DATETIME_FORMAT")


def _comparable(model_field: models.Field | None, value: Any) -> Any:
    """A value in a form that compares equal between a model instance, an event copy and a form's cleaned data."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set) and model_field is not None and model_field.many_to_many:
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value)
    if value in ("", [], None):
        return None
    return value


def _display(model_field: models.Field | None, value: Any) -> str:
    if value is None:
        return EMPTY
    if model_field is None:
        return str(value)
    if model_field.many_to_many:
        objects = model_field.related_model._base_manager.in_bulk(value)
        return ", ".join(str(objects[pk]) for pk in value if pk in objects) or EMPTY
    if model_field.is_relation:
        obj = model_field.related_model._base_manager.filter(pk=value).first()
        return display_value(model_field, value, str(obj) if obj is not None else None)
    return display_value(model_field, value)


def _opened_and_later_events(obj: models.Model, opened_at: datetime.datetime | None) -> tuple[Any, Any]:
    """The audit event holding the record as it was at `opened_at`, and the latest event after it."""
    event_model = getattr(type(obj), "pgh_event_model", None)
    if event_model is None or opened_at is None:
        return None, None
    events = event_model.objects.filter(pgh_obj_id=obj.pk).exclude(pgh_label="delete")
    # An update that changes nothing but updated_at leaves no event: the latest event at or
    # before the opened version holds the values the editor saw.
    opened = events.filter(updated_at__lte=opened_at).order_by("-updated_at", "-pgh_id").first()
    later = events.filter(updated_at__gt=opened_at).order_by("-pgh_id").first()
    return opened, later


def compare_fields(form: forms.ModelForm, current: models.Model, opened_token: str) -> ConflictReport:
    """The fields of `form` that differ between the opened version, the saved one and the edit."""
    opened_at = parse_token(opened_token)
    opened_event, later_event = _opened_and_later_events(current, opened_at)
    saved_by = who_did([later_event])[later_event.pgh_id] if later_event is not None else EMPTY
    report = ConflictReport(saved_at=current.updated_at, saved_by=saved_by, opened_known=opened_event is not None)
    opts = current._meta
    cleaned = getattr(form, "cleaned_data", {})
    for name, form_field in form.fields.items():
        if name == VERSION_FIELD:
            continue
        try:
            model_field = opts.get_field(name)
        except Exception:
            continue
        if not getattr(model_field, "concrete", False) and not model_field.many_to_many:
            continue
        now = _comparable(model_field, model_field.value_from_object(current))
        if name in cleaned:
            # The instance holds the edit as the model completed it (a region filled in
            # from the district, an end date from the precision).
            value = cleaned[name] if model_field.many_to_many else model_field.value_from_object(form.instance)
            edit = _comparable(model_field, value)
            edit_label = _display(model_field, edit)
        else:
            edit = form[name].value()
            edit_label = str(edit) if edit not in (None, "") else EMPTY
        if model_field.many_to_many or opened_event is None:
            opened, opened_label = now, EMPTY
        else:
            opened = _comparable(model_field, getattr(opened_event, model_field.attname, None))
            opened_label = _display(model_field, opened)
        changed_by_other = opened_event is not None and not model_field.many_to_many and opened != now
        changed_by_editor = edit != now
        if changed_by_other or changed_by_editor:
            report.fields.append(
                FieldVersions(
                    name=name,
                    label=str(capfirst(form_field.label or model_field.verbose_name)),
                    opened=opened_label,
                    current=_display(model_field, now),
                    edit=edit_label,
                    both_changed=changed_by_other and edit not in (opened, now),
                )
            )
    return report


class VersionField(forms.CharField):
    """The hidden field holding the version a form was opened at; never reported as a change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("version"))
        super().__init__(**kwargs)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False


class VersionCheckMixin:
    """For model forms with a `veta_version` field: refuse to save over a version saved since.

    The form is opened with the record's version; on a POST, the last step of
    validation locks the row and compares. On a conflict the form gets an error at the top, `conflict` holds
    the versions to compare, and the hidden field now carries the current version, so
    that saving again, having looked, succeeds. A POST without the field (a script
    predating it) is not checked.
    """

    conflict: ConflictReport | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if VERSION_FIELD in self.fields and self.instance.pk is not None and not self.instance._state.adding:
            self.fields[VERSION_FIELD].initial = version_token(self.instance)

    def _post_clean(self) -> None:
        # After the model's own clean(), so the edit is compared as it would be saved.
        super()._post_clean()
        self.check_version()

    def check_version(self) -> None:
        token = getattr(self, "cleaned_data", {}).get(VERSION_FIELD) or ""
        instance = self.instance
        if VERSION_FIELD not in self.fields or not token or instance.pk is None or instance._state.adding:
            return
        model = type(instance)
        try:
            check_version(model, instance.pk, token)
        except VersionConflict as conflict:
            current = model._base_manager.filter(pk=instance.pk).first()
            if current is None:
                self.add_error(None, _("Someone else deleted this record while you were editing it."))
                return
            self.conflict = compare_fields(self, current, token)
            self.add_error(None, conflict_message(self.conflict))
            # Carry the current version, so that a deliberate second save succeeds.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = conflict.current
            instance.updated_at = current.updated_at


def conflict_message(report: ConflictReport) -> str:
    if report.saved_by and report.saved_by != EMPTY:
        return _(
            "Someone else (%(user)s) saved this record at %(time)s while you were editing. Nothing of yours "
            "was saved. Your changes are below; the current saved values are shown beside them. "
            "Review and save again."
        ) % {"user": report.saved_by, "time": report.saved_at_label}
    return _(
        "Someone else saved this record at %(time)s while you were editing. Nothing of yours was saved. "
        "Your changes are below; the current saved values are shown beside them. Review and save again."
    ) % {"time": report.saved_at_label}


class VersionedModelForm(VersionCheckMixin, forms.ModelForm):
    """A model form that refuses to overwrite a version saved since it was opened."""

    veta_version = VersionField()
