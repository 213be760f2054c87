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
- `public_corrections()`, the published changes of an incident, for its public page.

Models are looked up lazily: the models modules import this one for the decorator.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pghistory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import DatePrecision, ModerationStatus, Wording

# The label of events written by a migration for rows that existed before tracking began.
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


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _choice_label(field: models.Field, value: Any) -> str:
    labels = dict(field.flatchoices)
    return str(labels.get(value, value))


def display_value(field: models.Field, value: Any, name: str | None = None) -> str:
    """A stored value as people read it: a choice's label, a related record's name, a local date.

    `name` is the related record's name, for relations; an unknown one shows its key.
    """
    if _is_empty(value):
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
            and not (_is_empty(before.get(f.attname)) and _is_empty(after.get(f.attname)))
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
            what=str(EVENT_LABELS.get(event.pgh_label, event.pgh_label)),
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


# The public corrections log of an incident ------------------------------------------------------

# States in which the public sees an incident (a retraction is announced, not hidden).
PUBLIC_STATUSES = frozenset({ModerationStatus.PUBLISHED, ModerationStatus.RETRACTED})

# The incident's fields a correction may name, in the order a log lists them. "date" stands
# for the start, end and precision together, shown as one date; import keys, timestamps and
# the publication time are never public.
DATE = "date"
FIGURE_BOUNDS = ("low", "best", "high")
CORRECTED_FIELDS = (
    "title",
    "incident_type",
    "status",
    "retraction_reason",
    "description",
    DATE,
    "place_precision",
    "region",
    "province",
    "district",
    "location_name",
    "latitude",
    "longitude",
    "site",
)
# Names of related records, read in the same query as the events.
NAMED_RELATIONS = {
    "region": ("regions", "Region", "display_name"),
    "province": ("regions", "Province", "display_name"),
    "district": ("regions", "District", "display_name"),
    "site": ("regions", "MiningSite", "name"),
}
# What of a claim the public sees; its notes stay internal.
CLAIM_PUBLIC_FIELDS = ("source_id", "claimed_on", "wording", "grade", "killed", "injured", "missing", "kidnapped",
                       "rescued")  # fmt: skip


@dataclass(frozen=True)
class Correction:
    """One published change of an incident: when, which field, and its display values before and after."""

    date: datetime.datetime
    field: str
    old: str
    new: str


def _figure_fields() -> list[str]:
    from incidents.choices import FIGURE_OUTCOMES

    return [f"{outcome}_{bound}" for outcome in FIGURE_OUTCOMES for bound in FIGURE_BOUNDS]


def _figure_label(name: str) -> str:
    from incidents.choices import CasualtyOutcome

    outcome, bound = name.rsplit("_", 1)
    bounds = {"low": _("low"), "best": _("best"), "high": _("high")}
    return _("%(outcome)s (%(bound)s)") % {"outcome": CasualtyOutcome(outcome).label, "bound": bounds[bound]}


def _transactions(events: Iterable[models.Model]) -> list[list[models.Model]]:
    """Consecutive events of one record split by the transaction (and request) that wrote them.

    An event's time is the start of its transaction, so the events of one save (an
    incident, then its figures recomputed from its claims) share it: only the state
    at the end of the transaction was ever visible.
    """
    groups: list[list[models.Model]] = []
    for event in events:
        key = (event.pgh_created_at, event.pgh_context_id)
        if groups and (groups[-1][0].pgh_created_at, groups[-1][0].pgh_context_id) == key:
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def _incident_state(event: models.Model) -> dict[str, Any] | None:
    """What the public would see of the incident after the event; None once it is deleted."""
    if event.pgh_label == "delete":
        return None
    state = {name: getattr(event, name) for name in CORRECTED_FIELDS if name != DATE and name not in NAMED_RELATIONS}
    state.update({name: (getattr(event, f"{name}_id"), getattr(event, f"{name}_name")) for name in NAMED_RELATIONS})
    state[DATE] = (event.date_start, event.date_end, event.date_precision)
    state.update({name: getattr(event, name) for name in _figure_fields()})
    return state


def _incident_value(name: str, value: Any) -> str:
    Incident = apps.get_model("incidents", "Incident")
    if name == DATE:
        start, end, precision = value
        return Incident(date_start=start, date_end=end, date_precision=precision).date_label
    if name in NAMED_RELATIONS:
        key, label = value
        return EMPTY if key is None else (label or f"#{key}")
    return display_value(Incident._meta.get_field(name), value)


def _incident_label(name: str) -> str:
    if name == DATE:
        return _("date")
    if name in NAMED_RELATIONS or name in CORRECTED_FIELDS:
        return str(apps.get_model("incidents", "Incident")._meta.get_field(name).verbose_name)
    return _figure_label(name)


def _same(old: Any, new: Any) -> bool:
    return old == new or (_is_empty(old) and _is_empty(new))


def _claim_state(event: models.Model, incident_id: int) -> dict[str, Any] | None:
    """What the public sees of a claim after the event; None when deleted or moved to another incident."""
    if event.pgh_label == "delete" or event.incident_id != incident_id:
        return None
    return {
        **{name: getattr(event, name) for name in CLAIM_PUBLIC_FIELDS},
        "source": f"{event.source_outlet}: {event.source_title}" if event.source_outlet else event.source_title,
    }


def _day_label(day: datetime.date) -> str:
    """A day as Veta writes dates everywhere ("3 January 2026")."""
    Incident = apps.get_model("incidents", "Incident")
    return Incident(date_start=day, date_end=day, date_precision=DatePrecision.DAY).date_label


def _claim_text(state: dict[str, Any] | None) -> str:
    """A claim in one line: its source, its date, its figures, its wording and its grade."""
    if state is None:
        return EMPTY
    from incidents.choices import FIGURE_OUTCOMES, CasualtyOutcome

    Claim = apps.get_model("incidents", "Claim")
    figures = ", ".join(
        _("%(outcome)s %(count)s") % {"outcome": CasualtyOutcome(outcome).label, "count": state[outcome]}
        for outcome in FIGURE_OUTCOMES
        if state[outcome] is not None
    )
    qualifiers = [display_value(Claim._meta.get_field("grade"), state["grade"])]
    if state["wording"] != Wording.EXACT:
        qualifiers.insert(0, display_value(Claim._meta.get_field("wording"), state["wording"]))
    return _("%(source)s, %(date)s: %(figures)s (%(qualifiers)s)") % {
        "source": state["source"] or f"#{state['source_id']}",
        "date": _day_label(state["claimed_on"]),
        "figures": figures,
        "qualifiers": "; ".join(qualifiers),
    }


def _claim_corrections(incident_id: int, published_at: datetime.datetime) -> list[Correction]:
    """Claims added, changed or removed after the incident was first published (one query)."""
    Claim = apps.get_model("incidents", "Claim")
    Source = apps.get_model("incidents", "Source")
    ClaimEvent = Claim.pgh_event_model
    source = Source.objects.filter(pk=OuterRef("source_id"))
    # Every event of every claim ever filed under the incident, so that one moved away is seen to go.
    events = (
        ClaimEvent.objects.filter(
            pgh_obj_id__in=ClaimEvent.objects.filter(incident_id=incident_id).values("pgh_obj_id")
        )
        .annotate(source_outlet=Subquery(source.values("outlet")), source_title=Subquery(source.values("title")))
        .order_by("pgh_id")
    )
    by_claim: dict[int, list[models.Model]] = defaultdict(list)
    for event in events:
        by_claim[event.id].append(event)

    corrections = []
    label = _("claim")
    for claim_events in by_claim.values():
        state = None
        for group in _transactions(claim_events):
            new_state = _claim_state(group[-1], incident_id)
            at = group[-1].pgh_created_at
            public = {name: value for name, value in (state or {}).items() if name in CLAIM_PUBLIC_FIELDS}
            new_public = {name: value for name, value in (new_state or {}).items() if name in CLAIM_PUBLIC_FIELDS}
            if at > published_at and public != new_public:
                corrections.append(Correction(at, label, _claim_text(state), _claim_text(new_state)))
            state = new_state
    return corrections


def public_corrections(incident: models.Model) -> list[Correction]:
    """The changes the public saw in an incident since it was first published, oldest first.

    Each change is a field's value before and after, as display values, dated when it was
    made. Edits before the first publication are drafting, not corrections; edits while
    the incident was withdrawn count once it is public again, measured against what the
    public last saw. Its figures and status (a retraction) count, and its claims (added,
    changed, removed); import keys, internal notes, casualties' personal data and who made
    a change never appear. Two queries: the incident's events, then its claims' events.
    """
    Incident = apps.get_model("incidents", "Incident")
    IncidentEvent = Incident.pgh_event_model
    names = {
        f"{name}_name": Subquery(
            apps.get_model(app_label, model_name).objects.filter(pk=OuterRef(f"{name}_id")).values(name_field)
        )
        for name, (app_label, model_name, name_field) in NAMED_RELATIONS.items()
    }
    events = IncidentEvent.objects.filter(pgh_obj_id=incident.pk).annotate(**names).order_by("pgh_id")

    order = [*CORRECTED_FIELDS, *_figure_fields()]
    corrections: list[Correction] = []
    seen: dict[str, Any] | None = None  # what the public last saw
    first_published_at = None
    for group in _transactions(events):
        state = _incident_state(group[-1])
        if state is None or state["status"] not in PUBLIC_STATUSES:
            continue
        at = group[-1].pgh_created_at
        if seen is None:
            first_published_at = at
        else:
            for name in order:
                # A related record is compared by its key: renaming a district corrects no incident.
                old, new = (seen[name][0], state[name][0]) if name in NAMED_RELATIONS else (seen[name], state[name])
                if not _same(old, new):
                    old_text, new_text = _incident_value(name, seen[name]), _incident_value(name, state[name])
                    corrections.append(Correction(at, _incident_label(name), old_text, new_text))
        seen = state
    if first_published_at is None:
        return []
    corrections.extend(_claim_corrections(incident.pk, first_published_at))
    # Stable: fields keep their order within a date, claims come after the incident's own fields.
    return sorted(corrections, key=lambda correction: correction.date)
