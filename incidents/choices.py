"""Codes for incidents, actors, casualties, claims and sources (see the codebook)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentType(models.TextChoices):
    """What happened; each type maps to an ACLED event type in exports."""

    ARMED_ATTACK = "armed_attack", _("armed attack")
    MASSACRE = "massacre", _("massacre (4 or more killed)")
    KIDNAPPING = "kidnapping", _("kidnapping")
    EXTORTION = "extortion", _("extortion")
    ATTACK_ON_SECURITY_FORCES = "attack_on_security_forces", _("attack on security forces (incl. arson)")
    CLASH_WITH_SECURITY_FORCES = "clash_with_security_forces", _("clash with security forces")
    PROTEST_VIOLENCE = "protest_violence", _("riot or protest violence")
    TRAFFICKING = "trafficking", _("human trafficking or rescue")
    OTHER = "other", _("other")


class ActorKind(models.TextChoices):
    """What sort of party an actor is."""

    CRIMINAL_GROUP = "criminal_group", _("criminal group")
    SECURITY_FORCES = "security_forces", _("security forces")
    PROSECUTORS = "prosecutors", _("prosecutors")
    MINERS_INFORMAL = "miners_informal", _("informal or illegal miners")
    MINERS_FORMAL = "miners_formal", _("formal miners")
    COMMUNITY = "community", _("community")
    COMPANY = "company", _("company")
    GOVERNMENT = "government", _("government")
    UNKNOWN = "unknown", _("unknown")


class ActorRole(models.TextChoices):
    """The part an actor played in an incident."""

    PERPETRATOR = "perpetrator", _("perpetrator")
    TARGET = "target", _("target")
    RESPONDER = "responder", _("responder")


class CasualtyOutcome(models.TextChoices):
    """What happened to the people counted."""

    KILLED = "killed", _("killed")
    INJURED = "injured", _("injured")
    MISSING = "missing", _("missing")
    KIDNAPPED = "kidnapped", _("kidnapped")
    RESCUED = "rescued", _("rescued or found alive")


class CasualtyRole(models.TextChoices):
    """Who the people counted were."""

    MINER = "miner", _("miner")
    SECURITY_FORCES = "security_forces", _("security forces")
    CIVILIAN = "civilian", _("civilian")
    ASSAILANT = "assailant", _("assailant")
    UNKNOWN = "unknown", _("unknown")


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "unknown", _("unknown")


class ClaimGrade(models.TextChoices):
    """How far a claim can be trusted; discounted claims are kept but never counted."""

    CONFIRMED = "confirmed", _("confirmed")
    RELIABLE = "reliable", _("reliable sources")
    SINGLE_SOURCE = "single_source", _("single source")
    CONTESTED = "contested", _("contested")
    DISCOUNTED = "discounted", _("discounted")


class SourceKind(models.TextChoices):
    NEWS = "news", _("news report")
    OFFICIAL = "official", _("official statement or report")
    NGO = "ngo", _("NGO or research report")
    OTHER = "other", _("other")


# The outcomes a claim gives figures for, in display order.
FIGURE_OUTCOMES = (
    CasualtyOutcome.KILLED,
    CasualtyOutcome.INJURED,
    CasualtyOutcome.MISSING,
    CasualtyOutcome.KIDNAPPED,
    CasualtyOutcome.RESCUED,
)

# The outcomes shown in brief (dashboard and place totals, charts, the GeoJSON's properties).
HEADLINE_OUTCOMES = (CasualtyOutcome.KILLED, CasualtyOutcome.INJURED, CasualtyOutcome.MISSING)

# The bounds of every figure: the lowest a source gives, the best estimate, the highest.
FIGURE_BOUNDS = ("low", "best", "high")

# The incident's figure fields (`killed_low` … `rescued_high`), outcome by outcome.
FIGURE_FIELDS = tuple(f"{outcome.value}_{bound}" for outcome in FIGURE_OUTCOMES for bound in FIGURE_BOUNDS)

# The incident's qualifier fields (`killed_qualifier` …): how sure each outcome's figures are
# (core.choices.FigureQualifier), derived with them; empty when the figures are unknown.
QUALIFIER_FIELDS = tuple(f"{outcome.value}_qualifier" for outcome in FIGURE_OUTCOMES)

# Outcome by outcome its low, best and high figures and their qualifier, as the exports give them.
FIGURE_COLUMNS = tuple(
    f"{outcome.value}_{part}" for outcome in FIGURE_OUTCOMES for part in (*FIGURE_BOUNDS, "qualifier")
)
