"""Codes for enforcement operations and REINFO records (see the codebook)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OperationKind(models.TextChoices):
    INTERDICTION = "interdiction", _("interdiction")
    RAID = "raid", _("raid")
    CAMP_DISMANTLED = "camp_dismantled", _("camp dismantled")
    MACHINERY_DESTROYED = "machinery_destroyed", _("machinery destroyed")
    SEIZURE = "seizure", _("seizure")
    ARREST = "arrest", _("arrest")
    EVICTION = "eviction", _("eviction")
    OTHER = "other", _("other")


class Agency(models.TextChoices):
    PNP = "pnp", _("National Police (PNP)")
    PNP_ENVIRONMENT = "pnp_environment", _("PNP Environmental Directorate")
    ARMY = "army", _("Army")
    NAVY = "navy", _("Navy")
    AIR_FORCE = "air_force", _("Air Force")
    FEMA = "fema", _("Environmental prosecutors (FEMA)")
    SUNAT = "sunat", _("SUNAT")
    SERNANP = "sernanp", _("SERNANP")
    OTHER = "other", _("other")


class MachineryKind(models.TextChoices):
    DREDGE = "dredge", _("dredge")
    RAFT = "raft", _("raft")
    ENGINE = "engine", _("engine")
    FRONT_LOADER = "front_loader", _("front loader")
    EXCAVATOR = "excavator", _("excavator")
    TRUCK = "truck", _("truck")
    PUMP = "pump", _("pump")
    OTHER = "other", _("other")


class IncidentLinkKind(models.TextChoices):
    """How an operation relates to an incident."""

    TRIGGERED = "triggered", _("the operation was followed by the incident")
    RESPONDED = "responded", _("the operation answered the incident")
    DURING = "during", _("the incident happened during the operation")


class ReinfoStatus(models.TextChoices):
    VIGENTE = "vigente", _("vigente (current)")
    SUSPENDIDO = "suspendido", _("suspendido (suspended)")
    EXCLUIDO = "excluido", _("excluido (excluded)")
    NOT_LISTED = "not_listed", _("no longer listed")
