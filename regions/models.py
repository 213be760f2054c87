"""Where things happen: Peru's regions, provinces and districts, protected areas and mining sites."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import revisions, tombstones, visibility
from core.choices import ModerationStatus
from core.history import track_history
from core.models import (
    TimestampedModel,
)
from regions.choices import ProtectedAreaCategory, SiteKind, SiteLegalStatus
from regions.places import PlacedModel, coordinate_constraints, place_constraints


class AdministrativeArea(TimestampedModel):
    """Fields every level of INEI's ubigeo hierarchy shares."""

    name = models.CharField(_("official name"), max_length=100, help_text=_("As INEI writes it: upper case."))
    display_name = models.CharField(_("name"), max_length=100, help_text=_("With accents, for people."))
    capital = models.CharField(_("capital"), max_length=100, blank=True)
    # A few districts created after the source files were compiled lack these figures.
    latitude = models.DecimalField(_("capital latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("capital longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name


@track_history()
class Region(AdministrativeArea):
    """A departamento (región), identified by its 2-digit INEI code."""

    code = models.CharField(
        _("INEI code"), max_length=2, primary_key=True, validators=[RegexValidator(r"^\d{2}$", _("Two digits."))]
    )
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)

    class Meta(AdministrativeArea.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^\d{2}$"), name="region_code_two_digits"),
            *coordinate_constraints("region"),
        ]


@track_history()
class Province(AdministrativeArea):
    """A provincia, identified by its 4-digit INEI code (region code + 2 digits)."""

    code = models.CharField(
        _("INEI code"), max_length=4, primary_key=True, validators=[RegexValidator(r"^\d{4}$", _("Four digits."))]
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="provinces", verbose_name=_("region"))

    class Meta(AdministrativeArea.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^\d{4}$"), name="province_code_four_digits"),
            models.CheckConstraint(
                condition=Q(region=models.functions.Left("code", 2)), name="province_code_starts_with_region"
            ),
            *coordinate_constraints("province"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.region_id})"


@track_history()
class District(AdministrativeArea):
    """A distrito, identified by its 6-digit INEI code (province code + 2 digits)."""

    code = models.CharField(
        _("INEI code"), max_length=6, primary_key=True, validators=[RegexValidator(r"^\d{6}$", _("Six digits."))]
    )
    province = models.ForeignKey(Province, models.PROTECT, related_name="districts", verbose_name=_("province"))

    class Meta(AdministrativeArea.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^\d{6}$"), name="district_code_six_digits"),
            models.CheckConstraint(
                condition=Q(province=models.functions.Left("code", 4)), name="district_code_starts_with_province"
            ),
            *coordinate_constraints("district"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.province.display_name})"

    @property
    def region_id(self) -> str:
        return self.code[:2]


@track_history()
class ProtectedArea(TimestampedModel):
    """An Área Natural Protegida (national park, reserve, sanctuary...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=ProtectedAreaCategory.choices)
    hectares = models.DecimalField(
        _("hectares"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    regions = models.ManyToManyField(Region, related_name="protected_areas", verbose_name=_("regions"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("protected area")
        verbose_name_plural = _("protected areas")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(hectares__gte=0), name="protected_area_hectares_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


@track_history()
class MiningSite(TimestampedModel, PlacedModel):
    """A named place where mining happens: a tunnel entrance, an alluvial area, dredges on a river, a camp."""

    name = models.CharField(_("name"), max_length=200)
    aliases = ArrayField(
        models.CharField(max_length=200),
        blank=True,
        default=list,
        verbose_name=_("other names"),
        help_text=_("Other names sources use, separated by commas."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    legal_status = models.CharField(
        _("legal status"), max_length=20, choices=SiteLegalStatus.choices, default=SiteLegalStatus.UNKNOWN
    )
    protected_area = models.ForeignKey(
        ProtectedArea,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="mining_sites",
        verbose_name=_("protected area"),
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.DRAFT, db_index=True
    )
    import_key = models.CharField(
        _("import key"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier given by the import that created the record; re-imports match on it."),
    )

    class Meta:
        verbose_name = _("mining site")
        verbose_name_plural = _("mining sites")
        ordering = ["name"]
        constraints = place_constraints("mining_site")
        indexes = [models.Index(fields=["region", "province", "district"], name="mining_site_place")]

    def __str__(self) -> str:
        return self.name


@track_history(obj_field=None)
class ProtectedAreaRegion(ProtectedArea.regions.through):
    """A region a protected area lies in: a row of the automatic many-to-many table, tracked in the history."""

    class Meta:
        proxy = True
        verbose_name = _("region of a protected area")
        verbose_name_plural = _("regions of protected areas")

    def __str__(self) -> str:
        return f"{self.protectedarea} – {self.region}"


# Its public rows leave a tombstone when deleted or unpublished (triggers of this app's migration), listed
# by the API's deletions list; registered with the model, before any app's ready() may read the list.
tombstones.track("mining_site", MiningSite)
# Editors' changes to published mining sites go through review (core.revisions).
revisions.register(MiningSite, api_detail="api:mining-site-detail")

# Who sees what (core.visibility): a mining site while it is published.
visibility.moderated(MiningSite)
