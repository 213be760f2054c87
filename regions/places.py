"""Where a record happened: the abstract model of a place at its finest known level, and its constraints.

Incidents, operations and mining sites are placed in Peru's regions, provinces and districts;
the geography app owns that shape, and the apps above it inherit it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from core.choices import PlacePrecision

# Peru's bounding box with a small margin; coordinates outside it are refused.
PERU_MIN_LATITUDE = -18.40
PERU_MAX_LATITUDE = 0.00
PERU_MIN_LONGITUDE = -81.40
PERU_MAX_LONGITUDE = -68.60


def coordinate_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Both coordinates or neither, and inside Peru's bounding box."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_coordinates_paired",
            violation_error_message=_("Give both latitude and longitude, or neither."),
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=PERU_MIN_LATITUDE, latitude__lte=PERU_MAX_LATITUDE),
            name=f"{prefix}_latitude_in_peru",
            violation_error_message=_("Latitude lies outside Peru."),
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True)
            | Q(longitude__gte=PERU_MIN_LONGITUDE, longitude__lte=PERU_MAX_LONGITUDE),
            name=f"{prefix}_longitude_in_peru",
            violation_error_message=_("Longitude lies outside Peru."),
        ),
    ]


def place_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The place's levels agree with each other and with its precision."""
    return [
        *coordinate_constraints(prefix),
        models.CheckConstraint(
            condition=Q(province__isnull=True) | Q(region=Left("province", 2)),
            name=f"{prefix}_province_in_region",
            violation_error_message=_("The province is not in the region."),
        ),
        models.CheckConstraint(
            condition=Q(district__isnull=True) | Q(province=Left("district", 4)),
            name=f"{prefix}_district_in_province",
            violation_error_message=_("The district is not in the province."),
        ),
        models.CheckConstraint(
            condition=~Q(place_precision=PlacePrecision.REGION) | Q(province__isnull=True, district__isnull=True),
            name=f"{prefix}_region_precision_names_no_finer_place",
            violation_error_message=_("A place known only at region level has no province or district."),
        ),
        models.CheckConstraint(
            condition=~Q(place_precision=PlacePrecision.PROVINCE) | Q(province__isnull=False, district__isnull=True),
            name=f"{prefix}_province_precision_names_province_only",
            violation_error_message=_("A place known at province level needs its province and no district."),
        ),
        models.CheckConstraint(
            condition=~Q(place_precision=PlacePrecision.DISTRICT) | Q(district__isnull=False),
            name=f"{prefix}_district_precision_names_district",
            violation_error_message=_("A place known at district level needs its district."),
        ),
        models.CheckConstraint(
            condition=~Q(place_precision__in=[PlacePrecision.EXACT, PlacePrecision.NEAR]) | Q(latitude__isnull=False),
            name=f"{prefix}_point_precision_has_coordinates",
            violation_error_message=_("An exact or nearby place needs coordinates."),
        ),
    ]


class PlacedModel(models.Model):
    """A place at its finest known level: region, province or district, and a point.

    The region is always known. Finer levels are filled only when a source gives them:
    an event known at region level counts for that region, never for a guessed district.
    """

    region = models.ForeignKey("regions.Region", models.PROTECT, verbose_name=_("region"))
    province = models.ForeignKey("regions.Province", models.PROTECT, null=True, blank=True, verbose_name=_("province"))
    district = models.ForeignKey("regions.District", models.PROTECT, null=True, blank=True, verbose_name=_("district"))
    place_precision = models.CharField(
        _("place precision"), max_length=10, choices=PlacePrecision.choices, default=PlacePrecision.REGION
    )
    location_name = models.CharField(
        _("location name"),
        max_length=200,
        blank=True,
        help_text=_("Named place as sources give it, e.g. a sector or town."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        abstract = True

    def fill_place_hierarchy(self) -> None:
        """Fill the coarser levels from the finest one given; refuse levels that disagree."""
        if self.district_id:
            if self.province_id and self.province_id != self.district_id[:4]:
                raise ValidationError({"district": _("The district is not in the province.")})
            self.province_id = self.district_id[:4]
        if self.province_id:
            if self.region_id and self.region_id != self.province_id[:2]:
                if self.district_id:
                    raise ValidationError({"district": _("The district is not in the region.")})
                raise ValidationError({"province": _("The province is not in the region.")})
            self.region_id = self.province_id[:2]

    def clean_fields(self, exclude=None) -> None:
        # Fill empty levels before the field checks, which would otherwise refuse a record
        # given only its district or province as lacking a region; clean() then checks
        # that the levels agree.
        if self.district_id and not self.province_id:
            self.province_id = self.district_id[:4]
        finer = self.province_id or self.district_id
        if finer and not self.region_id:
            self.region_id = finer[:2]
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        self.fill_place_hierarchy()
        errors: dict[str, str] = {}
        precision = self.place_precision
        if precision == PlacePrecision.REGION and (self.province_id or self.district_id):
            errors["place_precision"] = _("A place known only at region level has no province or district.")
        elif precision == PlacePrecision.PROVINCE and (not self.province_id or self.district_id):
            errors["place_precision"] = _("A place known at province level needs its province and no district.")
        elif precision == PlacePrecision.DISTRICT and not self.district_id:
            errors["district"] = _("A place known at district level needs its district.")
        elif precision in (PlacePrecision.EXACT, PlacePrecision.NEAR) and self.latitude is None:
            errors["latitude"] = _("An exact or nearby place needs coordinates.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.latitude is not None and not PERU_MIN_LATITUDE <= self.latitude <= PERU_MAX_LATITUDE:
            errors["latitude"] = _("Latitude lies outside Peru.")
        if self.longitude is not None and not PERU_MIN_LONGITUDE <= self.longitude <= PERU_MAX_LONGITUDE:
            errors["longitude"] = _("Longitude lies outside Peru.")
        if errors:
            raise ValidationError(errors)

    @property
    def finest_place(self):
        """The district, province or region the record is filed under."""
        return self.district or self.province or self.region
