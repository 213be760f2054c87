"""Models shared by Veta's apps: timestamps and date ranges (places are `regions.places`), tombstones, revisions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.choices import DatePrecision, RevisionStatus
from core.history import track_history


class TimestampedModel(models.Model):
    """Adds creation and last-change times, used for incremental sync."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


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
        """The date as precisely as it is known: '14 March 2012', 'May 2025'; '14 de marzo de 2012' in Spanish."""
        start, end = self.date_start, self.date_end
        if self.date_precision == DatePrecision.YEAR:
            return date_format(start, "Y")
        if self.date_precision == DatePrecision.MONTH:
            return date_format(start, "YEAR_MONTH_FORMAT")
        if self.date_precision == DatePrecision.DAY or start == end:
            return date_format(start, "DATE_FORMAT")
        if self.date_precision == DatePrecision.WEEK:
            return _("week of %(date)s") % {"date": date_format(start, "DATE_FORMAT")}
        return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"

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

    Rows are written by PostgreSQL triggers (functions of core's migration, installed by each
    tracked app's migration on its table), so bulk deletes, queryset updates and raw SQL leave
    a trace too; see `core.tombstones`.
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


@track_history()
class Revision(TimestampedModel):
    """An editor's change to a published record, kept aside until a reviewer accepts or returns it.

    The record itself is untouched while the revision is proposed, so the public keeps seeing
    the published version. `changes` holds the proposed values (see `core.revisions`):
    `{"fields": {name: value}, "children": {"claims": {"add": [...], "change": {id: {...}}, "delete": [id]}}}`.
    """

    model_label = models.CharField(
        _("model"), max_length=100, help_text=_('Lower-case label, e.g. "incidents.incident".')
    )
    object_id = models.BigIntegerField(_("record id"))
    status = models.CharField(
        _("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PROPOSED, db_index=True
    )
    changes = models.JSONField(_("proposed changes"), default=dict)
    note = models.TextField(_("editor's note"), blank=True, help_text=_("Why the change is proposed; internal."))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_revisions",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    base_updated_at = models.DateTimeField(
        _("version proposed against"), null=True, blank=True, help_text=_("The record's last change then.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_revisions",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning it"), blank=True, help_text=_("Shown to the editor."))
    public_note = models.TextField(
        _("public correction note"), blank=True, help_text=_("Shown in the record's public corrections log.")
    )

    class Meta:
        verbose_name = _("proposed revision")
        verbose_name_plural = _("proposed revisions")
        ordering = ["proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_id"],
                condition=Q(status=RevisionStatus.PROPOSED),
                name="revision_one_open_per_record",
                violation_error_message=_("This record already has a proposed revision."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RevisionStatus.RETURNED) | ~Q(return_reason=""),
                name="revision_returned_has_reason",
                violation_error_message=_("A returned revision needs a reason."),
            ),
        ]
        indexes = [models.Index(fields=["model_label", "object_id", "status"], name="revision_record_status")]

    def __str__(self) -> str:
        return _("revision no. %(id)s of %(model)s %(record)s") % {
            "id": self.pk,
            "model": self.model_label,
            "record": self.object_id,
        }
