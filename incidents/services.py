"""Domain rules for incidents: writing claims, deriving low/best/high figures from them, how a toll evolved, merging."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from core.choices import FigureQualifier, ModerationStatus, Wording
from incidents.choices import (
    FIGURE_BOUNDS,
    FIGURE_FIELDS,
    FIGURE_OUTCOMES,
    QUALIFIER_FIELDS,
    CasualtyOutcome,
    ClaimGrade,
)
from incidents.models import (
    Casualty,
    CasualtyOutcomeChange,
    Claim,
    Incident,
    IncidentActor,
    IncidentRelation,
    IncidentSource,
    Source,
)
from incidents.signals import incident_merging

# Most trusted first; discounted claims never count.
GRADE_RANK = {
    ClaimGrade.CONFIRMED: 0,
    ClaimGrade.RELIABLE: 1,
    ClaimGrade.SINGLE_SOURCE: 2,
    ClaimGrade.CONTESTED: 3,
}


@dataclass(frozen=True)
class Figures:
    """Low, best and high counts for one outcome and their qualifier; None and "" when no claim gives one.

    The qualifier (`core.choices.FigureQualifier`) says what the three figures amount to:
    `exact` (all agree), `about` (all agree, approximately), `at_least` (no source bounds the
    figure from above: the true figure may be higher than `high`), `up_to` (only ceilings: low
    is 0) or `range` (sources disagree within low and high).
    """

    low: int | None
    best: int | None
    high: int | None
    qualifier: str = ""


# Wordings that set a floor and leave the figure open above ("at least 3", "more than 50").
OPEN_WORDINGS = (Wording.AT_LEAST, Wording.MORE_THAN)


def claim_floor(claim: Claim, outcome: str) -> int:
    """The least the claim says the figure is: "more than 50" is at least 51; otherwise its figure."""
    value = claim.figure(outcome)
    return value + 1 if claim.wording == Wording.MORE_THAN else value


def latest_claims_per_source(claims: list[Claim], outcome: str) -> list[Claim]:
    """Each source's most recent counted claim that gives a figure for the outcome."""
    latest: dict[int, Claim] = {}
    for claim in claims:
        if claim.grade == ClaimGrade.DISCOUNTED or claim.figure(outcome) is None:
            continue
        current = latest.get(claim.source_id)
        if current is None or (claim.claimed_on, claim.pk or 0) > (current.claimed_on, current.pk or 0):
            latest[claim.source_id] = claim
    return list(latest.values())


def chosen_claim(claims: list[Claim]) -> Claim | None:
    """The claim a reviewer chose as best, unless it has since been discounted."""
    for claim in claims:
        if claim.chosen_as_best and claim.grade != ClaimGrade.DISCOUNTED:
            return claim
    return None


def derive_figures(claims: list[Claim], outcome: str) -> Figures:
    """Derive an outcome's figures and their qualifier from claims, as UCDP does, keeping each claim's wording.

    Only each source's latest claim counts, and discounted claims never do. Each claim's
    wording shapes what it says: "exact" and "about" N say N; "at least" N says N or more;
    "more than" N says N + 1 or more; "up to" N says N or fewer (a ceiling, never a floor).

    Low is the lowest floor any claim gives (0 when all are ceilings); high is the highest
    figure any claim gives. The figure is open above ("at least", high unknown) when the
    highest floor is above every figure a claim gives as exact, about or a ceiling — that is,
    unless another source bounds it. Best is the figure of the claim a reviewer chose as
    best when it gives one for the outcome, else that of the most recent claim among the
    best-graded ones; either way kept within low and high.
    """
    counted = latest_claims_per_source(claims, outcome)
    if not counted:
        return Figures(None, None, None)
    floors = [claim_floor(claim, outcome) for claim in counted if claim.wording != Wording.UP_TO]
    open_floors = [claim_floor(claim, outcome) for claim in counted if claim.wording in OPEN_WORDINGS]
    closed = [claim.figure(outcome) for claim in counted if claim.wording not in OPEN_WORDINGS]
    low = min(floors) if floors else 0
    high = max([*open_floors, *closed])
    chosen = chosen_claim(claims)
    if chosen is None or chosen.figure(outcome) is None:
        chosen = min(
            counted, key=lambda claim: (GRADE_RANK[claim.grade], -claim.claimed_on.toordinal(), -(claim.pk or 0))
        )
    best = min(max(claim_floor(chosen, outcome), low), high)
    if open_floors and (not closed or max(open_floors) > max(closed)):
        qualifier = FigureQualifier.AT_LEAST
    elif low == high:
        exact = any(claim.wording == Wording.EXACT for claim in counted)
        qualifier = FigureQualifier.EXACT if exact or low == 0 else FigureQualifier.ABOUT
    elif not floors:
        qualifier = FigureQualifier.UP_TO
    else:
        qualifier = FigureQualifier.RANGE
    return Figures(low, best, high, str(qualifier))


@transaction.atomic
def refresh_incident_figures(incident: Incident) -> Incident:
    """Recompute and store the incident's low/best/high figures and their qualifiers from its claims.

    The claim services below call it in their own transaction; nothing else should, since
    every write of a claim goes through them. The incident's row is locked first, so a claim
    another editor writes at the same moment is either seen here or refreshes after this
    one commits. Claims are read afresh, never from a prefetched list that may predate them.
    """
    stored = Incident.objects.select_for_update().values(*FIGURE_FIELDS, *QUALIFIER_FIELDS).get(pk=incident.pk)
    claims = list(Claim.objects.filter(incident_id=incident.pk))
    changed_fields = []
    for outcome in FIGURE_OUTCOMES:
        figures = derive_figures(claims, outcome)
        for bound in FIGURE_BOUNDS:
            field = f"{outcome}_{bound}"
            value = getattr(figures, bound)
            setattr(incident, field, value)
            if stored[field] != value:
                changed_fields.append(field)
        field = f"{outcome}_qualifier"
        setattr(incident, field, figures.qualifier)
        if stored[field] != figures.qualifier:
            changed_fields.append(field)
    if changed_fields:
        incident.save(update_fields=[*changed_fields, "updated_at"])
    return incident


# Writing claims -------------------------------------------------------------------------------
# Every write of a claim goes through these functions, so an incident's figures always follow
# its claims: each one refreshes them in the transaction that changes the claims.


def _save_claim(claim: Claim) -> None:
    """Check the claim's own rules (no query), make it the only chosen one if it is chosen, and save it."""
    # The incident and source were checked by whoever built the claim; the database's
    # constraints stand behind the rest (one figure at least, one chosen claim per incident).
    claim.full_clean(exclude=["incident", "source"], validate_unique=False, validate_constraints=False)
    if claim.chosen_as_best:
        # Cleared first: the database allows one chosen claim per incident at any moment.
        Claim.objects.filter(incident_id=claim.incident_id, chosen_as_best=True).exclude(pk=claim.pk).update(
            chosen_as_best=False
        )
    claim.save()


@transaction.atomic
def add_claim(claim: Claim) -> Claim:
    """Save a new claim (an unsaved instance) and derive its incident's figures again."""
    if claim.pk is not None:
        raise ValueError("add_claim saves new claims; change a saved one with change_claim.")
    _save_claim(claim)
    refresh_incident_figures(claim.incident)
    return claim


@transaction.atomic
def change_claim(claim: Claim, **changes: object) -> Claim:
    """Apply `changes` to a saved claim (or save changes already made to it) and derive the figures again.

    A claim moved to another incident no longer counts for the one it left: both are derived again.
    """
    stored_incident_id = Claim.objects.filter(pk=claim.pk).values_list("incident_id", flat=True).get()
    for name, value in changes.items():
        setattr(claim, name, value)
    _save_claim(claim)
    refresh_incident_figures(claim.incident)
    if stored_incident_id != claim.incident_id:
        refresh_incident_figures(Incident.objects.get(pk=stored_incident_id))
    return claim


@transaction.atomic
def withdraw_claims(claims: QuerySet[Claim]) -> int:
    """Delete the claims and derive the figures of every incident they belonged to again; return how many went."""
    incident_ids = set(claims.values_list("incident_id", flat=True))
    deleted, _by_model = Claim.objects.filter(pk__in=claims.values("pk")).delete()
    for incident in Incident.objects.filter(pk__in=incident_ids).order_by("pk"):
        refresh_incident_figures(incident)
    return deleted


@transaction.atomic
def withdraw_claim(claim: Claim) -> Incident:
    """Delete one claim and derive its incident's figures again; return the incident."""
    incident = claim.incident
    claim.delete()
    return refresh_incident_figures(incident)


@transaction.atomic
def choose_best_claim(incident: Incident, claim: Claim | None) -> Incident:
    """Make `claim` the one whose figures are the incident's best (None: choose none) and derive them again.

    Checks the records only; who may choose (reviewers) is for the caller to check.
    """
    if claim is not None:
        if claim.incident_id != incident.pk:
            raise ValidationError({"chosen_as_best": gettext("Choose one of this incident's own claims.")})
        if claim.grade == ClaimGrade.DISCOUNTED:
            raise ValidationError({"chosen_as_best": gettext("A discounted claim cannot be chosen as best.")})
    chosen_pk = claim.pk if claim is not None else None
    Claim.objects.filter(incident_id=incident.pk, chosen_as_best=True).exclude(pk=chosen_pk).update(
        chosen_as_best=False
    )
    if claim is not None:
        Claim.objects.filter(pk=claim.pk).update(chosen_as_best=True)
        claim.chosen_as_best = True
    return refresh_incident_figures(incident)


# How a toll evolved ---------------------------------------------------------------------------

WORDED_FIGURES = {
    Wording.EXACT: gettext_lazy("%(figure)s"),
    Wording.AT_LEAST: gettext_lazy("at least %(figure)s"),
    Wording.ABOUT: gettext_lazy("about %(figure)s"),
    Wording.UP_TO: gettext_lazy("up to %(figure)s"),
    Wording.MORE_THAN: gettext_lazy("more than %(figure)s"),
}


def worded(value: int | None, wording: str) -> str:
    """A claim's figure as its source put it: '3', 'at least 3', 'about 200', 'up to 10'."""
    if value is None:
        return "—"
    template = WORDED_FIGURES.get(wording, WORDED_FIGURES[Wording.EXACT])
    return str(template) % {"figure": number_format(value, force_grouping=True)}


def outcome_change_text(count: int, from_outcome: str, to_outcome: str) -> str:
    """'1 missing person found dead', '2 kidnapped people freed or rescued': a group of people, never a name."""
    K, M, R, I, N = (  # noqa: E741 - short names keep the table readable
        CasualtyOutcome.KILLED,
        CasualtyOutcome.MISSING,
        CasualtyOutcome.RESCUED,
        CasualtyOutcome.INJURED,
        CasualtyOutcome.KIDNAPPED,
    )
    phrases = {
        (M, K): ngettext("%(count)s missing person found dead", "%(count)s missing people found dead", count),
        (M, R): ngettext("%(count)s missing person found alive", "%(count)s missing people found alive", count),
        (N, K): ngettext("%(count)s kidnapped person found dead", "%(count)s kidnapped people found dead", count),
        (N, R): ngettext(
            "%(count)s kidnapped person freed or rescued", "%(count)s kidnapped people freed or rescued", count
        ),
        (I, K): ngettext("%(count)s injured person died", "%(count)s injured people died", count),
        (M, I): ngettext("%(count)s missing person found injured", "%(count)s missing people found injured", count),
    }
    labels = dict(CasualtyOutcome.choices)
    template = phrases.get(
        (from_outcome, to_outcome),
        ngettext(
            "%(count)s person counted as %(old)s is now counted as %(new)s",
            "%(count)s people counted as %(old)s are now counted as %(new)s",
            count,
        ),
    )
    return template % {
        "count": number_format(count, force_grouping=True),
        "old": labels.get(from_outcome, from_outcome),
        "new": labels.get(to_outcome, to_outcome),
    }


@dataclass
class TollEvent:
    """One dated step in how an incident's toll evolved: a source's claim, or people whose outcome changed.

    `cells` holds one string per outcome shown: a claim's figure as worded, or the change
    in the count of people ("+1", "−1") for outcome changes; "" where nothing changed.
    """

    date: datetime.date
    kind: str  # "claim" or "change"
    description: str
    cells: list[str]
    source: Source | None = None
    claim: Claim | None = None
    counted: bool = True
    sort_key: tuple = field(default=(), repr=False)


@dataclass
class TollTimeline:
    """The outcomes shown as columns, and the dated events oldest first."""

    outcomes: list[str]
    outcome_labels: list[str]
    events: list[TollEvent]

    def __bool__(self) -> bool:
        return bool(self.events)


def signed(delta: int) -> str:
    if delta == 0:
        return ""
    number = number_format(abs(delta), force_grouping=True)
    return f"+{number}" if delta > 0 else f"\u2212{number}"


def toll_timeline(incident: Incident, outcomes: list[str] | None = None) -> TollTimeline:
    """The dated claims and casualty outcome changes of an incident, oldest first.

    Outcome changes are summed per date, change and source, so a row says "2 missing
    people found dead", never who they were. Uses the incident's prefetched claims (with
    their sources) and casualties (with their outcome changes and sources) when the caller
    loaded them, as the incident page does; otherwise it runs two queries. Either way the
    number of queries does not grow with the number of claims or changes.
    """
    prefetched = getattr(incident, "_prefetched_objects_cache", {})
    if "claims" in prefetched:
        claims = list(incident.claims.all())
    else:
        claims = list(incident.claims.select_related("source").order_by("claimed_on", "id"))
    if "casualties" in prefetched:
        changes = [
            (casualty, change) for casualty in incident.casualties.all() for change in casualty.outcome_changes.all()
        ]
    else:
        changes = [
            (change.casualty, change)
            for change in CasualtyOutcomeChange.objects.filter(casualty__incident=incident).select_related(
                "casualty", "source"
            )
        ]

    groups: dict[tuple, int] = defaultdict(int)
    group_sources: dict[tuple, Source | None] = {}
    for casualty, change in changes:
        key = (change.changed_on, change.from_outcome, change.to_outcome, change.source_id)
        groups[key] += casualty.count
        group_sources[key] = change.source

    if outcomes is None:
        outcomes = [
            outcome
            for outcome in FIGURE_OUTCOMES
            if any(claim.figure(outcome) is not None for claim in claims)
            or any(outcome in (key[1], key[2]) for key in groups)
        ]
    else:
        outcomes = list(outcomes)
        for key in groups:
            for outcome in (key[1], key[2]):
                if outcome not in outcomes:
                    outcomes.append(outcome)
        outcomes = [outcome for outcome in FIGURE_OUTCOMES if outcome in outcomes]

    events = []
    for claim in claims:
        counted = claim.grade != ClaimGrade.DISCOUNTED
        events.append(
            TollEvent(
                date=claim.claimed_on,
                kind="claim",
                description=str(claim.get_grade_display()),
                cells=[worded(claim.figure(outcome), claim.wording) for outcome in outcomes],
                source=claim.source,
                claim=claim,
                counted=counted,
                sort_key=(claim.claimed_on, 0, claim.pk or 0),
            )
        )
    for number, (key, count) in enumerate(sorted(groups.items(), key=lambda item: (item[0][0], item[0][1:3]))):
        changed_on, from_outcome, to_outcome, _source_id = key
        deltas = {from_outcome: -count, to_outcome: count}
        events.append(
            TollEvent(
                date=changed_on,
                kind="change",
                description=outcome_change_text(count, from_outcome, to_outcome),
                cells=[signed(deltas.get(outcome, 0)) for outcome in outcomes],
                source=group_sources[key],
                sort_key=(changed_on, 1, number),
            )
        )
    events.sort(key=lambda event: event.sort_key)
    labels = dict(CasualtyOutcome.choices)
    return TollTimeline(outcomes, [labels[outcome] for outcome in outcomes], events)


# Merging duplicates -----------------------------------------------------------------------------

MERGE_PERMISSION = "incidents.merge_incident"


class MergeError(ValueError):
    """A merge refused because of the records: the same incident twice, or one already merged or retracted."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class MergeResult:
    """What a merge did: the incident kept, and what moved to it from the duplicate."""

    kept: Incident
    duplicate_id: int
    duplicate_deleted: bool
    # Rows moved, by kind: claims, casualties, sources, actors, and what other apps moved
    # through `incidents.signals.incident_merging` (operations).
    moved: dict[str, int] = field(default_factory=dict)


def _move_relations(duplicate: Incident, into: Incident) -> int:
    """The duplicate's related incidents become the kept one's; a relation to itself or one it has already goes."""
    moved = 0
    for relation in IncidentRelation.objects.filter(Q(incident=duplicate) | Q(related=duplicate)).order_by("pk"):
        other = relation.related_id if relation.incident_id == duplicate.pk else relation.incident_id
        known = IncidentRelation.objects.filter(Q(incident=into, related_id=other) | Q(incident_id=other, related=into))
        if other == into.pk or known.exists():
            relation.delete()
            continue
        if relation.incident_id == duplicate.pk:
            relation.incident = into
        else:
            relation.related = into
        relation.save()
        moved += 1
    return moved


def merge_incidents(duplicate: Incident, into: Incident, user, reason: str = "") -> MergeResult:
    """Fold `duplicate` into `into`: its claims, casualties, sources, actors and other apps' links move over.

    Nothing is overwritten: every claim is kept, so the kept incident's low/best/high are
    derived again from both sets of claims. A duplicate that was ever published stays at its
    address, retracted with a public reason and a link to the incident kept (so cited links
    keep working, and the API's deletions list and the history record it); one that never
    was is deleted. Needs the reviewer's `merge_incident` permission; both rows are locked
    for the whole merge, so two reviewers merging at once cannot lose a claim.
    """
    if not (user and user.is_authenticated and user.is_active and user.has_perm(MERGE_PERMISSION)):
        raise PermissionDenied(gettext("Only reviewers may merge incidents."))
    if duplicate.pk == into.pk:
        raise MergeError(gettext("An incident cannot be merged into itself."))

    with transaction.atomic(), pghistory.context(user=user.pk, moderation="merge"):
        # Lock in id order, so two merges of the same pair cannot deadlock.
        locked = {
            incident.pk: incident
            for incident in Incident.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk]).order_by("pk")
        }
        if len(locked) != 2:
            raise MergeError(gettext("One of the incidents no longer exists; reload the list."))
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        for incident in (duplicate, into):
            if incident.merged_into_id is not None:
                raise MergeError(
                    gettext("Incident “%(title)s” was already merged into another incident.") % {"title": incident}
                )
        if into.status == ModerationStatus.RETRACTED:
            raise MergeError(gettext("Merge into an incident that is not retracted: “%(title)s” is.") % {"title": into})

        result = MergeResult(kept=into, duplicate_id=duplicate.pk, duplicate_deleted=duplicate.published_at is None)
        if Claim.objects.filter(incident=into, chosen_as_best=True).exists():
            # The kept incident's reviewer choice stands; the duplicate's becomes one claim among others.
            Claim.objects.filter(incident=duplicate, chosen_as_best=True).update(chosen_as_best=False)
        result.moved["claims"] = Claim.objects.filter(incident=duplicate).update(incident=into)
        result.moved["casualties"] = Casualty.objects.filter(incident=duplicate).update(incident=into)

        kept_sources = set(IncidentSource.objects.filter(incident=into).values_list("source_id", flat=True))
        new_sources = [
            IncidentSource(incident=into, source_id=source_id)
            for source_id in IncidentSource.objects.filter(incident=duplicate).values_list("source_id", flat=True)
            if source_id not in kept_sources
        ]
        IncidentSource.objects.bulk_create(new_sources)
        result.moved["sources"] = len(new_sources)

        # A role the kept incident already has stays with the duplicate (it is unique per incident).
        kept_roles = IncidentActor.objects.filter(incident=into, actor_id=OuterRef("actor_id"), role=OuterRef("role"))
        result.moved["actors"] = (
            IncidentActor.objects.filter(incident=duplicate).exclude(Exists(kept_roles)).update(incident=into)
        )
        relations = _move_relations(duplicate, into)
        if relations:
            result.moved["related incidents"] = relations
        for _receiver, (kind, rows) in incident_merging.send(sender=Incident, duplicate=duplicate, into=into):
            result.moved[kind] = rows

        if result.duplicate_deleted:
            duplicate.delete()
        else:
            public_reason = reason.strip() or gettext("A duplicate of incident “%(title)s” (no. %(id)s).") % {
                "title": into,
                "id": into.pk,
            }
            Incident.objects.filter(pk=duplicate.pk).update(
                status=ModerationStatus.RETRACTED,
                retraction_reason=public_reason,
                merged_into=into,
                updated_at=timezone.now(),
            )
            duplicate.refresh_from_db()
            refresh_incident_figures(duplicate)
        refresh_incident_figures(into)
    return result
