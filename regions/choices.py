"""Codes for places: protected-area categories, mining-site kinds and legal statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProtectedAreaCategory(models.TextChoices):
    """SERNANP categories of Peru's natural protected areas."""

    NATIONAL_PARK = "national_park", _("national park")
    NATIONAL_RESERVE = "national_reserve", _("national reserve")
    NATIONAL_SANCTUARY = "national_sanctuary", _("national sanctuary")
    HISTORIC_SANCTUARY = "historic_sanctuary", _("historic sanctuary")
    COMMUNAL_RESERVE = "communal_reserve", _("communal reserve")
    WILDLIFE_REFUGE = "wildlife_refuge", _("wildlife refuge")
    LANDSCAPE_RESERVE = "landscape_reserve", _("landscape reserve")
    PROTECTION_FOREST = "protection_forest", _("protection forest")
    HUNTING_RESERVE = "hunting_reserve", _("hunting reserve")
    RESERVED_ZONE = "reserved_zone", _("reserved zone")
    REGIONAL_CONSERVATION_AREA = "regional_conservation_area", _("regional conservation area")
    PRIVATE_CONSERVATION_AREA = "private_conservation_area", _("private conservation area")


class SiteKind(models.TextChoices):
    """What kind of place a mining site is."""

    TUNNEL_ENTRANCE = "tunnel_entrance", _("tunnel entrance (socavón)")
    ALLUVIAL_AREA = "alluvial_area", _("alluvial mining area")
    RIVER_DREDGING = "river_dredging", _("river dredging (rafts and dredges)")
    CAMP = "camp", _("mining camp")
    PLANT = "plant", _("processing plant")
    OTHER = "other", _("other")


class SiteLegalStatus(models.TextChoices):
    """Legal standing of the mining carried out at a site."""

    CONCESSION = "concession", _("concession")
    REINFO_REGISTERED = "reinfo_registered", _("REINFO-registered")
    ILLEGAL = "illegal", _("illegal")
    UNKNOWN = "unknown", _("unknown")
