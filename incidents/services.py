"""Domain rules for incidents: deriving low/best/high figures from claims."""

from dataclasses import dataclass

from django.db import transaction

from incidents.choices import FIGURE_OUTCOMES, ClaimGrade
from incidents.models import Claim, Incident
from veta.choices import Wording

# Most trusted first; discounted claims never count.
GRADE_RANK = {
    ClaimGrade.CONFIRMED: 0,
    ClaimGrade.RELIABLE: 1,
    ClaimGrade.SINGLE_SOURCE: 2,
    ClaimGrade.CONTESTED: 3,
}


@dataclass(frozen=True)
class Figures:
    """Low, best and high counts for one outcome; all None when no claim gives one."""

    low: int | None
    best: int | None
    high: int | None


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


def derive_figures(claims: list[Claim], outcome: str) -> Figures:
    """Derive an outcome's figures from claims, as UCDP does.

    Only each source's latest claim counts, and discounted claims never do. Low is the
    lowest figure that is not an upper bound ("up to"); high is the highest figure;
    best is the figure of the most recent claim among the best-graded ones, kept
    within low and high.
    """
    counted = latest_claims_per_source(claims, outcome)
    if not counted:
        return Figures(None, None, None)
    values = [claim.figure(outcome) for claim in counted]
    floors = [claim.figure(outcome) for claim in counted if claim.wording != Wording.UP_TO]
    low = min(floors) if floors else 0
    high = max(values)
    chosen = min(counted, key=lambda claim: (GRADE_RANK[claim.grade], -claim.claimed_on.toordinal(), -(claim.pk or 0)))
    best = min(max(chosen.figure(outcome), low), high)
    return Figures(low, best, high)


@transaction.atomic
def refresh_incident_figures(incident: Incident) -> Incident:
    """Recompute and store the incident's low/best/high figures from its claims."""
    claims = list(incident.claims.all())
    changed_fields = []
    for outcome in FIGURE_OUTCOMES:
        figures = derive_figures(claims, outcome)
        for bound in ("low", "best", "high"):
            field = f"{outcome}_{bound}"
            value = getattr(figures, bound)
            if getattr(incident, field) != value:
                setattr(incident, field, value)
                changed_fields.append(field)
    if changed_fields:
        incident.save(update_fields=[*changed_fields, "updated_at"])
    return incident
