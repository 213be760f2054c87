"""Records that span Veta's apps.

`Indicator`, a sourced context figure about a place, cites a source (incidents) about a region
(regions), so it lives here, above both.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import visibility
from core.choices import Wording
from core.history import track_history
from core.models import DatedModel, TimestampedModel, date_range_constraints
from incidents.models import Source
from overview.choices import IndicatorTopic, IndicatorUnit
from regions.models import Region


@track_history(meta={"db_table": "regions_indicatorevent"})
class Indicator(TimestampedModel, DatedModel):
    """A sourced context figure about a place and period (forest lost, miners registered...)."""

    topic = models.CharField(_("topic"), max_length=30, choices=IndicatorTopic.choices)
    label = models.CharField(_("label"), max_length=200, help_text=_("What is measured, in a few words."))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=10, choices=IndicatorUnit.choices)
    wording = models.CharField(_("wording"), max_length=10, choices=Wording.choices, default=Wording.EXACT)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("region"),
        help_text=_("Empty for a national figure."),
    )
    source = models.ForeignKey(Source, models.PROTECT, related_name="indicators", verbose_name=_("source"))
    notes = models.TextField(_("notes"), blank=True)
    import_key = models.CharField(_("import key"), max_length=100, unique=True, null=True, blank=True)

    class Meta:
        # The table keeps the name it had when the model lived in the regions app.
        db_table = "regions_indicator"
        verbose_name = _("context figure")
        verbose_name_plural = _("context figures")
        ordering = ["-date_start", "topic"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_not_negative"),
            models.CheckConstraint(
                condition=~Q(unit=IndicatorUnit.PERCENT) | Q(value__lte=100), name="indicator_percent_at_most_100"
            ),
            *date_range_constraints("indicator"),
        ]

    def __str__(self) -> str:
        return self.label


# Who sees what (core.visibility): a source a context figure cites is public (figures are public).
visibility.also_used_by(Source, "indicators")


class Release(models.Model):
    """A numbered, citable release of the public dataset (`manage.py release`).

    The files (the data package, its changelog and their SHA-256 checksums) are kept under
    `<VETA_DATA_DIR>/releases/<number>/`; the row keeps what the list page, the API and the
    next release's changelog need: the checksums, the counts and the published incidents'
    last changes at the moment of the release (`manifest`).
    """

    number = models.PositiveIntegerField(_("number"), unique=True)
    published_at = models.DateTimeField(_("published at"))
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    package_sha256 = models.CharField(_("SHA-256 of the data package"), max_length=64)
    package_size = models.PositiveBigIntegerField(_("size of the data package in bytes"))
    changelog_sha256 = models.CharField(_("SHA-256 of the changelog"), max_length=64)
    # {incident id: its last change (ISO 8601)} of every published incident at the release.
    manifest = models.JSONField(_("published incidents"), default=dict)
    added = models.JSONField(_("incidents added"), default=list)
    changed = models.JSONField(_("incidents changed"), default=list)
    retracted = models.JSONField(_("incidents retracted"), default=list)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-number"]
        constraints = [models.CheckConstraint(condition=Q(number__gte=1), name="release_number_positive")]

    def __str__(self) -> str:
        return _("Release %(number)s") % {"number": self.number}

    @property
    def package_name(self) -> str:
        return f"veta-data-{self.number}.zip"
