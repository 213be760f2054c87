"""What the state does: enforcement operations, official summary reports and the REINFO registry."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import revisions, tombstones, visibility
from core.choices import ModerationStatus, Wording
from core.history import track_history
from core.models import (
    DatedModel,
    TimestampedModel,
    date_range_constraints,
)
from enforcement.choices import Agency, IncidentLinkKind, MachineryKind, OperationKind, ReinfoStatus
from enforcement.validators import validate_ruc
from incidents.models import Source
from regions.places import PlacedModel, place_constraints


class OperationQuerySet(models.QuerySet):
    def published(self) -> "OperationQuerySet":
        return self.filter(status=ModerationStatus.PUBLISHED)


def agencies_field() -> ArrayField:
    return ArrayField(
        models.CharField(max_length=20, choices=Agency.choices),
        default=list,
        blank=True,
        verbose_name=_("agencies"),
    )


@track_history()
class EnforcementOperation(TimestampedModel, DatedModel, PlacedModel):
    """A single operation by the state: an interdiction, a raid, a camp dismantled, arrests."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=OperationKind.choices, db_index=True)
    agencies = agencies_field()
    description = models.TextField(_("description"), blank=True)
    target_site = models.ForeignKey(
        "regions.MiningSite",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="operations",
        verbose_name=_("target site"),
    )
    value_destroyed = models.DecimalField(
        _("value destroyed (S/)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    value_wording = models.CharField(_("value wording"), max_length=10, choices=Wording.choices, default=Wording.EXACT)
    arrests = models.PositiveIntegerField(_("arrests"), null=True, blank=True)
    mercury_seized_kg = models.DecimalField(
        _("mercury seized (kg)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    fuel_seized_gallons = models.DecimalField(
        _("fuel seized (gallons)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    gold_seized_grams = models.DecimalField(
        _("gold seized (g)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    incidents = models.ManyToManyField(
        "incidents.Incident", through="OperationIncidentLink", related_name="operations", verbose_name=_("incidents")
    )
    sources = models.ManyToManyField(
        "incidents.Source", blank=True, related_name="operations", verbose_name=_("sources")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retraction_reason = models.TextField(_("retraction reason"), blank=True)
    import_key = models.CharField(_("import key"), max_length=100, unique=True, null=True, blank=True)

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement operation")
        verbose_name_plural = _("enforcement operations")
        ordering = ["-date_start", "-id"]
        constraints = [
            *place_constraints("operation"),
            *date_range_constraints("operation"),
            models.CheckConstraint(
                condition=Q(value_destroyed__isnull=True) | Q(value_destroyed__gte=0),
                name="operation_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(mercury_seized_kg__isnull=True) | Q(mercury_seized_kg__gte=0),
                name="operation_mercury_not_negative",
                violation_error_message=_("A quantity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(fuel_seized_gallons__isnull=True) | Q(fuel_seized_gallons__gte=0),
                name="operation_fuel_not_negative",
                violation_error_message=_("A quantity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(gold_seized_grams__isnull=True) | Q(gold_seized_grams__gte=0),
                name="operation_gold_not_negative",
                violation_error_message=_("A quantity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ModerationStatus.RETRACTED) | ~Q(retraction_reason=""),
                name="operation_retraction_has_reason",
                violation_error_message=_("A retracted operation needs a public reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "date_start"], name="operation_region_date"),
            models.Index(fields=["province", "date_start"], name="operation_province_date"),
            models.Index(fields=["district", "date_start"], name="operation_district_date"),
            models.Index(fields=["status", "date_start"], name="operation_status_date"),
        ]

    def __str__(self) -> str:
        return self.title


@track_history()
class MachineryDestroyed(models.Model):
    """How many machines of one kind an operation destroyed."""

    operation = models.ForeignKey(
        EnforcementOperation, models.CASCADE, related_name="machinery", verbose_name=_("operation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MachineryKind.choices)
    count = models.PositiveIntegerField(_("count"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("machinery destroyed")
        verbose_name_plural = _("machinery destroyed")
        constraints = [
            models.UniqueConstraint(fields=["operation", "kind"], name="machinery_one_row_per_kind"),
            models.CheckConstraint(condition=Q(count__gte=1), name="machinery_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.get_kind_display()}"


@track_history()
class OperationIncidentLink(models.Model):
    """An incident an operation caused, answered or ran into."""

    operation = models.ForeignKey(
        EnforcementOperation, models.CASCADE, related_name="incident_links", verbose_name=_("operation")
    )
    incident = models.ForeignKey(
        "incidents.Incident", models.CASCADE, related_name="operation_links", verbose_name=_("incident")
    )
    relation = models.CharField(_("relation"), max_length=10, choices=IncidentLinkKind.choices)

    class Meta:
        verbose_name = _("operation–incident link")
        verbose_name_plural = _("operation–incident links")
        constraints = [models.UniqueConstraint(fields=["operation", "incident"], name="operation_incident_unique")]

    def __str__(self) -> str:
        return f"{self.operation} / {self.incident} ({self.get_relation_display()})"


@track_history()
class OperationReport(TimestampedModel, DatedModel):
    """An official summary of many operations, with its own totals.

    Its figures are never added to those of single operations: the same operations
    may be recorded in both.
    """

    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issued by"), max_length=200)
    scope = models.TextField(_("scope"), blank=True, help_text=_("Where and what the report covers."))
    regions = models.ManyToManyField("regions.Region", blank=True, related_name="operation_reports")
    provinces = models.ManyToManyField("regions.Province", blank=True, related_name="operation_reports")
    agencies = agencies_field()
    operations_count = models.PositiveIntegerField(_("number of operations"), null=True, blank=True)
    value_destroyed = models.DecimalField(
        _("value destroyed (S/)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    value_wording = models.CharField(_("value wording"), max_length=10, choices=Wording.choices, default=Wording.EXACT)
    arrests = models.PositiveIntegerField(_("arrests"), null=True, blank=True)
    source = models.ForeignKey(
        "incidents.Source", models.PROTECT, related_name="operation_reports", verbose_name=_("source")
    )
    notes = models.TextField(_("notes"), blank=True)
    import_key = models.CharField(_("import key"), max_length=100, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("operations summary report")
        verbose_name_plural = _("operations summary reports")
        ordering = ["-date_start", "-id"]
        constraints = [
            *date_range_constraints("operation_report"),
            models.CheckConstraint(
                condition=Q(value_destroyed__isnull=True) | Q(value_destroyed__gte=0),
                name="operation_report_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


@track_history()
class ReinfoSnapshot(TimestampedModel):
    """One published REINFO list, as of its date."""

    as_of = models.DateField(_("as of"), unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    is_complete = models.BooleanField(
        _("complete list"),
        default=True,
        help_text=_("A complete list marks records missing from it as no longer listed."),
    )
    file_name = models.CharField(_("file name"), max_length=300, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    source = models.ForeignKey(
        "incidents.Source",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reinfo_snapshots",
        verbose_name=_("source"),
    )

    class Meta:
        verbose_name = _("REINFO snapshot")
        verbose_name_plural = _("REINFO snapshots")
        ordering = ["-as_of"]

    def __str__(self) -> str:
        return f"REINFO {self.as_of.isoformat()}"


@track_history()
class ReinfoRecord(TimestampedModel):
    """A miner's registration for one mining right in REINFO, with its current status."""

    ruc = models.CharField(_("RUC"), max_length=11, validators=[validate_ruc], db_index=True)
    declarant_name = models.CharField(_("declarant"), max_length=300)
    codigo_unico = models.CharField(_("código único"), max_length=30, db_index=True)
    mining_right_name = models.CharField(_("mining right"), max_length=300, blank=True)
    district = models.ForeignKey(
        "regions.District", models.PROTECT, related_name="reinfo_records", verbose_name=_("district")
    )
    status = models.CharField(_("status"), max_length=12, choices=ReinfoStatus.choices, db_index=True)
    mining_site = models.ForeignKey(
        "regions.MiningSite",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reinfo_records",
        verbose_name=_("mining site"),
    )
    first_snapshot = models.ForeignKey(
        ReinfoSnapshot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("first listed in")
    )
    last_snapshot = models.ForeignKey(
        ReinfoSnapshot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("last listed in")
    )

    class Meta:
        verbose_name = _("REINFO record")
        verbose_name_plural = _("REINFO records")
        ordering = ["declarant_name", "codigo_unico"]
        constraints = [
            models.UniqueConstraint(fields=["ruc", "codigo_unico"], name="reinfo_record_ruc_codigo_unique"),
            models.CheckConstraint(
                condition=Q(ruc__regex=r"^(10|15|16|17|20)[0-9]{9}$"),
                name="reinfo_record_ruc_format",
                violation_error_message=_("A RUC has 11 digits and starts with 10, 15, 16, 17 or 20."),
            ),
        ]
        indexes = [models.Index(fields=["district", "status"], name="reinfo_district_status")]

    def __str__(self) -> str:
        return f"{self.declarant_name} – {self.codigo_unico}"


@track_history()
class ReinfoStatusChange(models.Model):
    """A record's status as a snapshot found it, when it differed from before."""

    record = models.ForeignKey(ReinfoRecord, models.CASCADE, related_name="status_changes", verbose_name=_("record"))
    snapshot = models.ForeignKey(
        ReinfoSnapshot, models.PROTECT, related_name="status_changes", verbose_name=_("snapshot")
    )
    from_status = models.CharField(_("from"), max_length=12, choices=ReinfoStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=ReinfoStatus.choices)
    changed_on = models.DateField(_("changed on"))

    class Meta:
        verbose_name = _("REINFO status change")
        verbose_name_plural = _("REINFO status changes")
        ordering = ["changed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "snapshot"], name="reinfo_change_once_per_snapshot"),
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="reinfo_change_changes_status",
                violation_error_message=_("A status change must change the status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} ({self.changed_on})"

    def clean(self) -> None:
        if self.snapshot_id and self.changed_on and self.changed_on != self.snapshot.as_of:
            raise ValidationError({"changed_on": _("A status change is dated by its snapshot.")})


# The automatic many-to-many tables, tracked through proxies of their row models.


@track_history(obj_field=None)
class OperationSource(EnforcementOperation.sources.through):
    """A source linked to an enforcement operation."""

    class Meta:
        proxy = True
        verbose_name = _("source of an operation")
        verbose_name_plural = _("sources of operations")

    def __str__(self) -> str:
        return f"{self.enforcementoperation} – {self.source}"


@track_history(obj_field=None)
class OperationReportRegion(OperationReport.regions.through):
    """A region a summary report covers."""

    class Meta:
        proxy = True
        verbose_name = _("region of a summary report")
        verbose_name_plural = _("regions of summary reports")

    def __str__(self) -> str:
        return f"{self.operationreport} – {self.region}"


@track_history(obj_field=None)
class OperationReportProvince(OperationReport.provinces.through):
    """A province a summary report covers."""

    class Meta:
        proxy = True
        verbose_name = _("province of a summary report")
        verbose_name_plural = _("provinces of summary reports")

    def __str__(self) -> str:
        return f"{self.operationreport} – {self.province}"


# Its public rows leave a tombstone when deleted or unpublished (triggers of this app's migration), listed
# by the API's deletions list; registered with the model, before any app's ready() may read the list.
tombstones.track("operation", EnforcementOperation)


class OperationReviser(revisions.Reviser):
    """An operation's revision: its own fields, the machinery destroyed and its links to incidents."""

    children = {
        "machinery": ("enforcement.MachineryDestroyed", "operation"),
        "incident_links": ("enforcement.OperationIncidentLink", "operation"),
    }


# Editors' changes to published operations go through review (core.revisions).
revisions.register(EnforcementOperation, OperationReviser, api_detail="api:operation-detail")

# Who sees what (core.visibility): operations by their status; a source cited by a published
# operation, a summary report or a REINFO snapshot is public.
visibility.moderated(EnforcementOperation)
visibility.also_used_by(Source, "operations", "operation_reports", "reinfo_snapshots")
