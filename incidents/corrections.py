"""The public corrections log of an incident: its published changes, built from its audit history."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from core import visibility
from core.choices import DatePrecision, ModerationStatus, Wording
from core.history import EMPTY, display_value, is_empty
from core.revisions import ACCEPT, DEFAULT_PUBLIC_NOTE
from incidents.choices import FIGURE_FIELDS, FIGURE_OUTCOMES, CasualtyOutcome

# The public corrections log of an incident ------------------------------------------------------

# States in which the public sees an incident (a retraction is announced, not hidden).
PUBLIC_STATUSES = frozenset({ModerationStatus.PUBLISHED, ModerationStatus.RETRACTED})

# The incident's fields a correction may name, in the order a log lists them. "date" stands
# for the start, end and precision together, shown as one date; import keys, timestamps and
# the publication time are never public.
DATE = "date"
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


def _figure_label(name: str) -> str:
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
    state.update({name: getattr(event, name) for name in FIGURE_FIELDS})
    return state


def _incident_value(name: str, value: Any) -> str:
    Incident = apps.get_model("incidents", "Incident")
    if name == DATE:
        start, end, precision = value
        return Incident(date_start=start, date_end=end, date_precision=precision).date_label
    if name in NAMED_RELATIONS:
        key, label = value
        if key is None:
            return EMPTY
        # No name: the record is not public (a draft site), so the public log says it is withheld.
        return label or str(visibility.WITHHELD)
    return display_value(Incident._meta.get_field(name), value)


def _incident_label(name: str) -> str:
    if name == DATE:
        return _("date")
    if name in NAMED_RELATIONS or name in CORRECTED_FIELDS:
        return str(apps.get_model("incidents", "Incident")._meta.get_field(name).verbose_name)
    return _figure_label(name)


def _same(old: Any, new: Any) -> bool:
    return old == new or (is_empty(old) and is_empty(new))


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


def _revision_note(group: list[models.Model], seen: dict[str, Any], state: dict[str, Any]) -> str:
    """The public note of a reviewed revision accepted in this transaction: the reviewer's, or the standard
    one when the figures changed (read from the history's context, so no query)."""
    context = next(
        (event.pgh_context for event in reversed(group) if (event.pgh_context or {}).get("moderation") == ACCEPT),
        None,
    )
    if context is None:
        return ""
    if context.get("public_note"):
        return context["public_note"]
    figures_changed = any(not _same(seen[name], state[name]) for name in FIGURE_FIELDS)
    return str(DEFAULT_PUBLIC_NOTE) if figures_changed else ""


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
    # Only a public record's name (core.visibility): a draft site stays unnamed in the public log.
    names = {
        f"{name}_name": Subquery(
            visibility.public(apps.get_model(app_label, model_name).objects.filter(pk=OuterRef(f"{name}_id")))
            .order_by()
            .values(name_field)
        )
        for name, (app_label, model_name, name_field) in NAMED_RELATIONS.items()
    }
    events = IncidentEvent.objects.filter(pgh_obj_id=incident.pk).annotate(**names).order_by("pgh_id")

    order = [*CORRECTED_FIELDS, *FIGURE_FIELDS]
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
            before = len(corrections)
            for name in order:
                # A related record is compared by its key: renaming a district corrects no incident.
                old, new = (seen[name][0], state[name][0]) if name in NAMED_RELATIONS else (seen[name], state[name])
                if not _same(old, new):
                    old_text, new_text = _incident_value(name, seen[name]), _incident_value(name, state[name])
                    corrections.append(Correction(at, _incident_label(name), old_text, new_text))
            note = _revision_note(group, seen, state) if len(corrections) > before else ""
            if note:
                corrections.append(Correction(at, _("correction note"), EMPTY, note))
        seen = state
    if first_published_at is None:
        return []
    corrections.extend(_claim_corrections(incident.pk, first_published_at))
    # Stable: fields keep their order within a date, claims come after the incident's own fields.
    return sorted(corrections, key=lambda correction: correction.date)
