"""Codes of the e-mail alerts: how often a follower hears, and what kind of change a message reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("as it happens")
    DAILY = "daily", _("daily digest")
    WEEKLY = "weekly", _("weekly digest")


class ChangeKind(models.TextChoices):
    NEW = "new", _("new incident")
    CORRECTED = "corrected", _("corrected")
    RETRACTED = "retracted", _("retracted")
    MERGED = "merged", _("merged into another incident")
