"""Abstract models shared by Veta's apps: timestamps, places and date ranges."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _

from core.choices import DatePrecision, PlacePrecision

# Peru's bounding box with a small margin; coordinates outside it are refused.
PERU_MIN_LATITUDE = -18.40
PERU_MAX_LATITUDE = 0.00
PERU_MIN_LONGITUDE = -81.40
PERU_MAX_LONGITUDE = -68.60


class TimestampedModel(models.Model):
    """Adds creation and last-change times, used for incremental sync."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


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


def date_range_constraints(prefix: str) -> list[models.CheckConstraint]:
    """An end never before the start, and the span matching the precision."""
    return [
        models.CheckConstraint(
            condition=Q(date_end__gte=F("date_start")),
            name=f"{prefix}_date_end_not_before_start",
            violation_error_message=_("The end date is before the start date."),
        ),
        models.CheckConstraint(
            condition=~Q(date_precision=DatePrecision.DAY) | Q(date_end=F("date_start")),
            name=f"{prefix}_day_precision_is_one_day",
            violation_error_message=_("A date known to the day starts and ends on the same day."),
        ),
    ]


def period_bounds(
    precision: str, start: datetime.date, end: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The first and last day covered by a date at the given precision.

    For `day` the range is the day itself; for `days` and `week` the given end (or a
    week from the start); for `month` and `year` the whole calendar month or year.
    """
    if precision == DatePrecision.DAY:
        return start, start
    if precision == DatePrecision.MONTH:
        first = start.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, following - datetime.timedelta(days=1)
    if precision == DatePrecision.YEAR:
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    if end is None:
        end = start + datetime.timedelta(days=6 if precision == DatePrecision.WEEK else 1)
    return start, end


class DatedModel(models.Model):
    """A date range with its precision: a day, a few days, a week, a month or a year."""

    date_start = models.DateField(_("start date"), db_index=True)
    date_end = models.DateField(_("end date"), help_text=_("The same as the start for a single day."))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    class Meta:
        abstract = True

    @property
    def date_label(self) -> str:
        """The date as precisely as it is known: '14 March 2012', 'May 2025', '2012'."""
        start, end = self.date_start, self.date_end
        if self.date_precision == DatePrecision.YEAR:
            return format_date(start, "Y")
        if self.date_precision == DatePrecision.MONTH:
            return format_date(start, "F Y")
        if self.date_precision == DatePrecision.DAY or start == end:
            return format_date(start, "j F Y")
        if self.date_precision == DatePrecision.WEEK:
            return _("week of %(date)s") % {"date": format_date(start, "j F Y")}
        return f"{format_date(start, 'j F Y')} – {format_date(end, 'j F Y')}"

    def clean_fields(self, exclude=None) -> None:
        # An end date left empty follows from the start and the precision; fill it before
        # the field checks refuse it as missing.
        if self.date_end is None and self.date_start is not None:
            self.date_start, self.date_end = period_bounds(self.date_precision, self.date_start)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if self.date_start is None:
            return
        if self.date_end is None or self.date_precision in (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR):
            self.date_start, self.date_end = period_bounds(self.date_precision, self.date_start, self.date_end)
        span = (self.date_end - self.date_start).days
        if span < 0:
            raise ValidationError({"date_end": _("The end date is before the start date.")})
        if self.date_precision == DatePrecision.DAYS and not 1 <= span <= 5:
            raise ValidationError({"date_end": _("A range of a few days spans 2 to 6 days.")})
        if self.date_precision == DatePrecision.WEEK and span > 6:
            raise ValidationError({"date_end": _("A week spans at most 7 days.")})


# Not tracked: tombstones are themselves an append-only trace written by triggers.
class Tombstone(models.Model):
    """A trace of a public record that was deleted or unpublished, for clients that mirror Veta.

    Rows are written by PostgreSQL triggers (migrations incidents/0004 and core/0001), so bulk
    deletes, queryset updates and raw SQL leave a trace too; see `core.tombstones`.
    """

    class Reason(models.TextChoices):
        DELETED = "deleted", _("deleted")
        UNPUBLISHED = "unpublished", _("unpublished")

    model_label = models.CharField(
        _("model"), max_length=100, help_text=_('Lower-case label, e.g. "incidents.incident".')
    )
    object_id = models.CharField(_("object id"), max_length=20)
    removed_at = models.DateTimeField(_("removed at"), default=timezone.now, db_index=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["removed_at", "id"]
        indexes = [models.Index(fields=["model_label", "removed_at"], name="tombstone_model_removed_at")]

    def __str__(self) -> str:
        return f"{self.model_label} {self.object_id} {self.reason} at {self.removed_at.isoformat()}"
