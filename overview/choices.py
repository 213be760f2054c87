"""Codes of the records that span Veta's apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorTopic(models.TextChoices):
    """What a context figure measures."""

    FOREST_LOSS = "forest_loss", _("forest loss")
    GOLD_PRODUCTION_SHARE = "gold_production_share", _("share of national gold production")
    MINING_WORKFORCE = "mining_workforce", _("people working in mining")
    UNREGISTERED_MINERS_SHARE = "unregistered_miners_share", _("share of miners not registered")
    REINFO_FORMALIZED_SHARE = "reinfo_formalized_share", _("share of REINFO miners who completed formalization")
    REINFO_EXCLUDED_RECORDS = "reinfo_excluded_records", _("REINFO records excluded")
    OTHER = "other", _("other")


class IndicatorUnit(models.TextChoices):
    """Unit of a context figure."""

    HECTARES = "hectares", _("hectares")
    PERCENT = "percent", _("percent")
    PEOPLE = "people", _("people")
    RECORDS = "records", _("records")
    SOLES = "soles", _("soles")
