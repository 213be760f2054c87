"""Veta's audit history and the public corrections log built from it.

Every insert, update and delete of Veta's records is written by PostgreSQL triggers
(django-pghistory) into one event table per model, `<Model>Event` in the model's app:
a copy of the row after an insert or update, before a delete. Triggers catch what
signals would miss: `queryset.update()`, `bulk_create()`, upserts and raw SQL. An update
that changes nothing but `updated_at` leaves no event, so re-running an import adds none.

Who made a change comes from the context pghistory attaches to it:
`pghistory.middleware.HistoryMiddleware` records the signed-in user (session or API
token) and the URL of every request; a script or command can label its changes with
`with pghistory.context(command="load_geography"): ...`.

This module gives
- `track_history()`, the decorator that sets the same tracking up on every model;
- `summarize_events()`, what each of a record's events changed, who did it and when, for the admin;
- `recent_history()`, a record's latest events with their changes.

An incident's public corrections log is built from the same events in `incidents.corrections`.

Models are looked up lazily: the models modules import this one for the decorator.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The label of the events a migration wrote, when the history began, for the rows that existed then.
BASELINE = "baseline"

EMPTY = "—"


def track_history(
    exclude: list[str] | None = None, **options: Any
) -> Callable[[type[models.Model]], type[models.Model]]:
    """Record every insert, every real update and every delete of the decorated model.

    Updates that change no field but the automatic timestamps are skipped, so saving an
    unchanged record or re-running an upsert adds no event. The context (user, URL or
    command) is stored with each event as JSON. `exclude` names derived fields that are neither
    copied into events nor count as a change. Keyword options go to `pghistory.track`.
    """
    if exclude:
        options["exclude"] = exclude
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude_auto=True, exclude=exclude)),
        pghistory.DeleteEvent(),
        context_field=pghistory.ContextJSONField(),
        attrs={"__str__": _event_str},
        **options,
    )


def _event_str(event: models.Model) -> str:
    return _("event #%(number)s") % {"number": event.pgh_id}


# Display values ----------------------------------------------------------------------------


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _choice_label(field: models.Field, value: Any) -> str:
    labels = dict(field.flatchoices)
    return str(labels.get(value, value))


def display_value(field: models.Field, value: Any, name: str | None = None) -> str:
    """A stored value as people read it: a choice's label, a related record's name, a local date.

    `name` is the related record's name, for relations; an unknown one shows its key.
    """
    if is_empty(value):
        return EMPTY
    if field.is_relation:
        return name if name is not None else f"#{value}"
    base_field = getattr(field, "base_field", None)
    if isinstance(value, list):
        if base_field is not None and base_field.choices:
            return ", ".join(_choice_label(base_field, item) for item in value)
        return ", ".join(str(item) for item in value)
    if field.choices:
        return _choice_label(field, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, int | Decimal | float):
        return formats.number_format(value, use_l10n=True, force_grouping=isinstance(value, int))
    return str(value)


def related_names(wanted: dict[type[models.Model], set[Any]]) -> dict[tuple[type[models.Model], Any], str]:
    """The names of related records, one query per model: {(model, pk): name}."""
    names = {}
    for model, keys in wanted.items():
        keys.discard(None)
        if keys:
            for key, obj in model._base_manager.select_related().in_bulk(list(keys)).items():
                names[model, key] = str(obj)
    return names


# A record's events, for the admin ------------------------------------------------------------

# Fields every row has but nobody edits: left out of the changes shown.
HIDDEN_IN_CHANGES = frozenset({"created_at", "updated_at"})

EVENT_LABELS = {
    "insert": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
    BASELINE: gettext_lazy("as when history began"),
}


@dataclass(frozen=True)
class FieldChange:
    """One field of a record, before and after an event, as display values."""

    label: str
    old: str
    new: str


@dataclass
class EventSummary:
    """What one event did: when, who, what, and the fields it changed."""

    at: datetime.datetime
    who: str
    what: str
    record: str
    changes: list[FieldChange] = field(default_factory=list)


def snapshot_fields(event_model: type[models.Model]) -> list[models.Field]:
    """The tracked model's fields an event model keeps a copy of, as fields of the tracked model."""
    tracked = event_model.pgh_tracked_model._meta
    kept = {f.name for f in event_model._meta.concrete_fields if not f.name.startswith("pgh_")}
    return [f for f in tracked.concrete_fields if f.name in kept]


def _record_key(event: models.Model) -> Any:
    return getattr(event, event.pgh_tracked_model._meta.pk.attname)


def who_did(events: Iterable[models.Model]) -> dict[int, str]:
    """Who made each event, by pgh_id: a user name, a command, or a dash (one query for the users)."""
    events = list(events)
    user_ids = {(event.pgh_context or {}).get("user") for event in events} - {None}
    users = get_user_model()._base_manager.in_bulk(list(user_ids)) if user_ids else {}
    who = {}
    for event in events:
        context = event.pgh_context or {}
        user_id = context.get("user")
        if user_id is not None:
            user = users.get(user_id)
            who[event.pgh_id] = user.get_username() if user else _("deleted user #%(id)s") % {"id": user_id}
        elif context.get("command"):
            who[event.pgh_id] = _("command %(name)s") % {"name": context["command"]}
        elif context.get("url"):
            who[event.pgh_id] = _("anonymous request to %(url)s") % {"url": context["url"]}
        else:
            who[event.pgh_id] = EMPTY
    return who


def _what(event: models.Model) -> str:
    """'created', 'changed'…; with the article a change was drafted from (intake), 'created, drafted from …'."""
    label = str(EVENT_LABELS.get(event.pgh_label, event.pgh_label))
    article = (event.pgh_context or {}).get("drafted_from")
    if article:
        return _("%(what)s, drafted from %(article)s") % {"what": label, "article": article}
    return label


def summarize_events(events: Sequence[models.Model]) -> dict[int, EventSummary]:
    """Each event's summary, by pgh_id, its changes measured against the record's previous event.

    `events` are the events of one event model, all of them for each record concerned
    and oldest first, so that every event finds the one before it. Related records'
    names take one query per related model, the users one more.
    """
    if not events:
        return {}
    event_model = type(events[0])
    fields = [f for f in snapshot_fields(event_model) if not f.primary_key and f.name not in HIDDEN_IN_CHANGES]
    tracked_model = event_model.pgh_tracked_model

    raw: dict[int, list[tuple[models.Field, Any, Any]]] = {}
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    previous: dict[Any, dict[str, Any]] = {}
    for event in events:
        key = _record_key(event)
        wanted[tracked_model].add(key)
        values = {f.attname: getattr(event, f.attname) for f in fields}
        # A delete keeps the row as it was: everything it held goes.
        before, after = (values, {}) if event.pgh_label == "delete" else (previous.get(key, {}), values)
        raw[event.pgh_id] = changed = [
            (f, before.get(f.attname), after.get(f.attname))
            for f in fields
            if before.get(f.attname) != after.get(f.attname)
            and not (is_empty(before.get(f.attname)) and is_empty(after.get(f.attname)))
        ]
        for f, old, new in changed:
            if f.is_relation:
                wanted[f.related_model].update((old, new))
        previous[key] = after

    names = related_names(wanted)
    who = who_did(events)
    summaries = {}
    for event in events:
        record = names.get((tracked_model, _record_key(event)))
        summaries[event.pgh_id] = EventSummary(
            at=event.pgh_created_at,
            who=who[event.pgh_id],
            what=_what(event),
            record=record or f"{tracked_model._meta.verbose_name} #{_record_key(event)}",
            changes=[
                FieldChange(
                    str(f.verbose_name),
                    display_value(f, old, names.get((f.related_model, old)) if f.is_relation else None),
                    display_value(f, new, names.get((f.related_model, new)) if f.is_relation else None),
                )
                for f, old, new in raw[event.pgh_id]
            ],
        )
    return summaries


# The most events a history shows on a change page; REINFO snapshots can hold tens of thousands.
MAX_HISTORY_ROWS = 200


def recent_history(
    event_model: type[models.Model], fk_name: str, obj: models.Model, limit: int = MAX_HISTORY_ROWS
) -> list[tuple[int, EventSummary]]:
    """The latest events that point to `obj` by `fk_name`, newest first, as (pgh_id, summary).

    With "pgh_obj" these are the record's own events; with a foreign key, those of the
    records that point to it (an incident's claims). Each event's changes are measured
    against the event before it, so all events of the records shown are read.
    """
    # Events find their record by the indexed pgh_obj; rows of many-to-many tables only by their id.
    key = "pgh_obj_id" if hasattr(event_model, "pgh_obj") else event_model.pgh_tracked_model._meta.pk.attname
    latest = list(event_model.objects.filter(**{fk_name: obj}).order_by("-pgh_id").values_list("pgh_id", key)[:limit])
    if not latest:
        return []
    events = event_model.objects.filter(**{f"{key}__in": {record for _, record in latest}}).order_by("pgh_id")
    summaries = summarize_events(list(events))
    return [(pgh_id, summaries[pgh_id]) for pgh_id, _ in latest]
