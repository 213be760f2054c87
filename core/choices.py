"""Codes shared by several apps (see the codebook on /about/ and README)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    """How exactly an event's date is known (UCDP date_prec 1-5)."""

    DAY = "day", _("day")
    DAYS = "days", _("a few days (2-6)")
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class PlacePrecision(models.TextChoices):
    """How exactly an event's place is known, finest first (UCDP where_prec)."""

    EXACT = "exact", _("exact place")
    NEAR = "near", _("near a named place (~25 km)")
    DISTRICT = "district", _("district")
    PROVINCE = "province", _("province")
    REGION = "region", _("region")


class ModerationStatus(models.TextChoices):
    """Editorial state of a record; only published records are public."""

    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    RETRACTED = "retracted", _("retracted")


class RevisionStatus(models.TextChoices):
    """Where a proposed revision of a published record stands."""

    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class Wording(models.TextChoices):
    """How a source qualified a figure."""

    EXACT = "exact", _("exact")
    AT_LEAST = "at_least", _("at least")
    ABOUT = "about", _("about")
    UP_TO = "up_to", _("up to")
    MORE_THAN = "more_than", _("more than")


class FigureQualifier(models.TextChoices):
    """How sure a derived figure is: what its low, best and high figures amount to together.

    Derived from the wordings of the claims behind it (see `Wording`); empty when no claim gives the figure.
    """

    EXACT = "exact", _("exact")
    ABOUT = "about", _("about (approximate)")
    AT_LEAST = "at_least", _("at least (no upper bound)")
    UP_TO = "up_to", _("up to")
    RANGE = "range", _("range (sources disagree)")


class Language(models.TextChoices):
    """Language of a source."""

    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    PORTUGUESE = "pt", _("Portuguese")
    OTHER = "other", _("other")
