"""How a published incident is revised: its fields, and its claims, casualties and actors, through review.

The kernel (`core.revisions`) keeps an editor's change aside and a reviewer accepts it; this
module says what is specific to incidents: claims are written through `incidents.services`
when a revision is accepted, so the figures are derived again in the same transaction; the
figures are what a public correction note is about; and a reviewer sees beside the changed
claims what the incident's low / best / high figures would become.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext

from core import revisions
from core.history import display_value
from incidents.choices import FIGURE_BOUNDS, FIGURE_FIELDS, FIGURE_OUTCOMES
from incidents.models import Claim, Incident
from incidents.services import add_claim, change_claim, derive_figures, withdraw_claim

CLAIMS = "claims"


class IncidentReviser(revisions.Reviser):
    """An incident's revision: its own fields, its claims (through the claim services), casualties and actors."""

    children = {
        CLAIMS: ("incidents.Claim", "incident"),
        "casualties": ("incidents.Casualty", "incident"),
        "actors": ("incidents.IncidentActor", "incident"),
    }

    def child_fields(self, key: str) -> list[models.Field]:
        fields = super().child_fields(key)
        if key == CLAIMS:
            # Choosing the best claim is the reviewer's own act, never part of an editor's proposal.
            fields = [field for field in fields if field.name != "chosen_as_best"]
        return fields

    def save_child(self, key: str, obj: models.Model, new: bool) -> None:
        if key != CLAIMS:
            super().save_child(key, obj, new)
            return
        # The services check the claim's own rules; the source must exist, which they leave to the caller.
        obj.full_clean(exclude=["incident"], validate_unique=False, validate_constraints=False)
        if new:
            add_claim(obj)
        else:
            change_claim(obj)

    def delete_child(self, key: str, obj: models.Model) -> None:
        if key == CLAIMS:
            withdraw_claim(obj)
        else:
            super().delete_child(key, obj)

    def figures(self, record: models.Model) -> dict[str, Any]:
        return {name: getattr(record, name) for name in FIGURE_FIELDS}

    def consequences(self, record: models.Model, changes: dict) -> list[revisions.Change]:
        """The figures the incident would have once the revision's claims are accepted, where they differ."""
        rows = changes.get("children", {}).get(CLAIMS)
        if not rows:
            return []
        claims = {claim.pk: claim for claim in Claim.objects.filter(incident_id=record.pk)}
        for pk in rows.get(revisions.DELETE, []):
            claims.pop(int(pk), None)
        for pk, values in rows.get(revisions.CHANGE, {}).items():
            claim = claims.get(int(pk))
            if claim is not None:
                self._set(claim, values)
        for number, values in enumerate(rows.get(revisions.ADD, []), start=1):
            claim = Claim(incident_id=record.pk)
            self._set(claim, values)
            claims[-number] = claim
        counted = [claim for claim in claims.values() if claim.claimed_on is not None and claim.source_id]
        out = []
        for outcome in FIGURE_OUTCOMES:
            figures = derive_figures(counted, outcome)
            for bound in FIGURE_BOUNDS:
                name = f"{outcome}_{bound}"
                old, new = getattr(record, name), getattr(figures, bound)
                if old != new:
                    field = Incident._meta.get_field(name)
                    label = gettext("%(figure)s, derived from the claims") % {"figure": field.verbose_name}
                    out.append(revisions.Change(label, display_value(field, old), display_value(field, new)))
        return out

    def _set(self, claim: Claim, values: dict) -> None:
        for name, raw in values.items():
            field = self.child_field(CLAIMS, name)
            setattr(claim, field.attname, revisions.decode(field, raw))


revisions.register(Incident, IncidentReviser, api_detail="api:incident-detail")
