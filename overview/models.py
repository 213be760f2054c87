"""Records that span Veta's apps.

`Indicator`, a sourced context figure about a place, cites a source (incidents) about a region
(regions), so it lives here, above both.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
