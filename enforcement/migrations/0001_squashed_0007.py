"""Enforcement operations, operation reports and the REINFO register, with their history.

Squashes 0001–0007 (`replaces`): a database migrated with those counts this one as applied, and a new
database gets the schema they left, down to the order of each table's columns (a column added later
comes last) and the names of its constraints and indexes. The history triggers are in the models'
options, so pgtrigger's schema editor installs them with each table; a proxy model's come after it
(creating a proxy touches no table).
"""

import django.contrib.postgres.fields
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import enforcement.validators
import pghistory.utils
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


# Only a published record leaves a tombstone when it is deleted or unpublished (drafts were never public).
TOMBSTONE_TRIGGERS = """
CREATE TRIGGER operation_tombstone_deleted AFTER DELETE ON enforcement_enforcementoperation
    FOR EACH ROW WHEN (OLD.status = 'published')
    EXECUTE FUNCTION veta_tombstone_deleted('enforcement.enforcementoperation');
CREATE TRIGGER operation_tombstone_unpublished AFTER UPDATE OF status ON enforcement_enforcementoperation
    FOR EACH ROW WHEN (OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published')
    EXECUTE FUNCTION veta_tombstone_unpublished('enforcement.enforcementoperation');
"""
DROP_TOMBSTONE_TRIGGERS = """
DROP TRIGGER IF EXISTS operation_tombstone_deleted ON enforcement_enforcementoperation;
DROP TRIGGER IF EXISTS operation_tombstone_unpublished ON enforcement_enforcementoperation;
"""


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("enforcement", "0001_initial"),
        ("enforcement", "0002_initial"),
        ("enforcement", "0003_history"),
        ("enforcement", "0004_synthetic"),
        ("enforcement", "0005_synthetic_db_default"),
        ("enforcement", "0006_without_synthetic"),
        ("enforcement", "0007_value_wording_more_than"),
    ]

    dependencies = [
        ("core", "0001_squashed_0002"),
        ("incidents", "0001_squashed_0024"),
        ("regions", "0001_squashed_0007"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnforcementOperation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "place_precision",
                    models.CharField(
                        choices=[
                            ("exact", "exact place"),
                            ("near", "near a named place (~25 km)"),
                            ("district", "district"),
                            ("province", "province"),
                            ("region", "region"),
                        ],
                        default="region",
                        max_length=10,
                        verbose_name="place precision",
                    ),
                ),
                (
                    "location_name",
                    models.CharField(
                        blank=True,
                        help_text="Named place as sources give it, e.g. a sector or town.",
                        max_length=200,
                        verbose_name="location name",
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="latitude"),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="longitude"
                    ),
                ),
                ("date_start", models.DateField(db_index=True, verbose_name="start date")),
                (
                    "date_end",
                    models.DateField(help_text="The same as the start for a single day.", verbose_name="end date"),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "day"),
                            ("days", "a few days (2-6)"),
                            ("week", "week"),
                            ("month", "month"),
                            ("year", "year"),
                        ],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("interdiction", "interdiction"),
                            ("raid", "raid"),
                            ("camp_dismantled", "camp dismantled"),
                            ("machinery_destroyed", "machinery destroyed"),
                            ("seizure", "seizure"),
                            ("arrest", "arrest"),
                            ("eviction", "eviction"),
                            ("other", "other"),
                        ],
                        db_index=True,
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "agencies",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(
                            choices=[
                                ("pnp", "National Police (PNP)"),
                                ("pnp_environment", "PNP Environmental Directorate"),
                                ("army", "Army"),
                                ("navy", "Navy"),
                                ("air_force", "Air Force"),
                                ("fema", "Environmental prosecutors (FEMA)"),
                                ("sunat", "SUNAT"),
                                ("sernanp", "SERNANP"),
                                ("other", "other"),
                            ],
                            max_length=20,
                        ),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="agencies",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "value_destroyed",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="value destroyed (S/)",
                    ),
                ),
                (
                    "value_wording",
                    models.CharField(
                        choices=[
                            ("exact", "exact"),
                            ("at_least", "at least"),
                            ("about", "about"),
                            ("up_to", "up to"),
                            ("more_than", "more than"),
                        ],
                        default="exact",
                        max_length=10,
                        verbose_name="value wording",
                    ),
                ),
                ("arrests", models.PositiveIntegerField(blank=True, null=True, verbose_name="arrests")),
                (
                    "mercury_seized_kg",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="mercury seized (kg)",
                    ),
                ),
                (
                    "fuel_seized_gallons",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="fuel seized (gallons)",
                    ),
                ),
                (
                    "gold_seized_grams",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="gold seized (g)",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("in_review", "in review"),
                            ("published", "published"),
                            ("retracted", "retracted"),
                        ],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="published at")),
                ("retraction_reason", models.TextField(blank=True, verbose_name="retraction reason")),
                (
                    "import_key",
                    models.CharField(blank=True, max_length=100, null=True, unique=True, verbose_name="import key"),
                ),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="regions.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="regions.province",
                        verbose_name="province",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="regions.region", verbose_name="region"
                    ),
                ),
                (
                    "target_site",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="operations",
                        to="regions.miningsite",
                        verbose_name="target site",
                    ),
                ),
                (
                    "sources",
                    models.ManyToManyField(
                        blank=True, related_name="operations", to="incidents.source", verbose_name="sources"
                    ),
                ),
            ],
            options={
                "verbose_name": "enforcement operation",
                "verbose_name_plural": "enforcement operations",
                "ordering": ["-date_start", "-id"],
                "indexes": [
                    models.Index(fields=["region", "date_start"], name="operation_region_date"),
                    models.Index(fields=["province", "date_start"], name="operation_province_date"),
                    models.Index(fields=["district", "date_start"], name="operation_district_date"),
                    models.Index(fields=["status", "date_start"], name="operation_status_date"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="operation_coordinates_paired",
                        violation_error_message="Give both latitude and longitude, or neither.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__isnull", True),
                            models.Q(("latitude__gte", -18.4), ("latitude__lte", 0.0)),
                            _connector="OR",
                        ),
                        name="operation_latitude_in_peru",
                        violation_error_message="Latitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("longitude__isnull", True),
                            models.Q(("longitude__gte", -81.4), ("longitude__lte", -68.6)),
                            _connector="OR",
                        ),
                        name="operation_longitude_in_peru",
                        violation_error_message="Longitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("province__isnull", True),
                            ("region", django.db.models.functions.text.Left("province", 2)),
                            _connector="OR",
                        ),
                        name="operation_province_in_region",
                        violation_error_message="The province is not in the region.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("district__isnull", True),
                            ("province", django.db.models.functions.text.Left("district", 4)),
                            _connector="OR",
                        ),
                        name="operation_district_in_province",
                        violation_error_message="The district is not in the province.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "region"), _negated=True),
                            models.Q(("district__isnull", True), ("province__isnull", True)),
                            _connector="OR",
                        ),
                        name="operation_region_precision_names_no_finer_place",
                        violation_error_message="A place known only at region level has no province or district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "province"), _negated=True),
                            models.Q(("district__isnull", True), ("province__isnull", False)),
                            _connector="OR",
                        ),
                        name="operation_province_precision_names_province_only",
                        violation_error_message="A place known at province level needs its province and no district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "district"), _negated=True),
                            ("district__isnull", False),
                            _connector="OR",
                        ),
                        name="operation_district_precision_names_district",
                        violation_error_message="A place known at district level needs its district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision__in", ["exact", "near"]), _negated=True),
                            ("latitude__isnull", False),
                            _connector="OR",
                        ),
                        name="operation_point_precision_has_coordinates",
                        violation_error_message="An exact or nearby place needs coordinates.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("date_end__gte", models.F("date_start"))),
                        name="operation_date_end_not_before_start",
                        violation_error_message="The end date is before the start date.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "day"), _negated=True),
                            ("date_end", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="operation_day_precision_is_one_day",
                        violation_error_message="A date known to the day starts and ends on the same day.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("value_destroyed__isnull", True), ("value_destroyed__gte", 0), _connector="OR"
                        ),
                        name="operation_value_not_negative",
                        violation_error_message="A value cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("mercury_seized_kg__isnull", True), ("mercury_seized_kg__gte", 0), _connector="OR"
                        ),
                        name="operation_mercury_not_negative",
                        violation_error_message="A quantity cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("fuel_seized_gallons__isnull", True), ("fuel_seized_gallons__gte", 0), _connector="OR"
                        ),
                        name="operation_fuel_not_negative",
                        violation_error_message="A quantity cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("gold_seized_grams__isnull", True), ("gold_seized_grams__gte", 0), _connector="OR"
                        ),
                        name="operation_gold_not_negative",
                        violation_error_message="A quantity cannot be negative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "retracted"), _negated=True),
                            models.Q(("retraction_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="operation_retraction_has_reason",
                        violation_error_message="A retracted operation needs a public reason.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_enforcementoperationevent" ("agencies", "arrests", "created_at", "date_end", "date_precision", "date_start", "description", "district_id", "fuel_seized_gallons", "gold_seized_grams", "id", "import_key", "kind", "latitude", "location_name", "longitude", "mercury_seized_kg", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "retraction_reason", "status", "target_site_id", "title", "updated_at", "value_destroyed", "value_wording") VALUES (NEW."agencies", NEW."arrests", NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."description", NEW."district_id", NEW."fuel_seized_gallons", NEW."gold_seized_grams", NEW."id", NEW."import_key", NEW."kind", NEW."latitude", NEW."location_name", NEW."longitude", NEW."mercury_seized_kg", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."place_precision", NEW."province_id", NEW."published_at", NEW."region_id", NEW."retraction_reason", NEW."status", NEW."target_site_id", NEW."title", NEW."updated_at", NEW."value_destroyed", NEW."value_wording"); RETURN NULL;',
                            hash="491e78ede8a7fffd946fee42f685ec071b76a1c9",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_99544",
                            table="enforcement_enforcementoperation",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."agencies" IS DISTINCT FROM (NEW."agencies") OR OLD."arrests" IS DISTINCT FROM (NEW."arrests") OR OLD."date_end" IS DISTINCT FROM (NEW."date_end") OR OLD."date_precision" IS DISTINCT FROM (NEW."date_precision") OR OLD."date_start" IS DISTINCT FROM (NEW."date_start") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."fuel_seized_gallons" IS DISTINCT FROM (NEW."fuel_seized_gallons") OR OLD."gold_seized_grams" IS DISTINCT FROM (NEW."gold_seized_grams") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."location_name" IS DISTINCT FROM (NEW."location_name") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."mercury_seized_kg" IS DISTINCT FROM (NEW."mercury_seized_kg") OR OLD."place_precision" IS DISTINCT FROM (NEW."place_precision") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."published_at" IS DISTINCT FROM (NEW."published_at") OR OLD."region_id" IS DISTINCT FROM (NEW."region_id") OR OLD."retraction_reason" IS DISTINCT FROM (NEW."retraction_reason") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."target_site_id" IS DISTINCT FROM (NEW."target_site_id") OR OLD."title" IS DISTINCT FROM (NEW."title") OR OLD."value_destroyed" IS DISTINCT FROM (NEW."value_destroyed") OR OLD."value_wording" IS DISTINCT FROM (NEW."value_wording"))',
                            func='INSERT INTO "enforcement_enforcementoperationevent" ("agencies", "arrests", "created_at", "date_end", "date_precision", "date_start", "description", "district_id", "fuel_seized_gallons", "gold_seized_grams", "id", "import_key", "kind", "latitude", "location_name", "longitude", "mercury_seized_kg", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "retraction_reason", "status", "target_site_id", "title", "updated_at", "value_destroyed", "value_wording") VALUES (NEW."agencies", NEW."arrests", NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."description", NEW."district_id", NEW."fuel_seized_gallons", NEW."gold_seized_grams", NEW."id", NEW."import_key", NEW."kind", NEW."latitude", NEW."location_name", NEW."longitude", NEW."mercury_seized_kg", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."place_precision", NEW."province_id", NEW."published_at", NEW."region_id", NEW."retraction_reason", NEW."status", NEW."target_site_id", NEW."title", NEW."updated_at", NEW."value_destroyed", NEW."value_wording"); RETURN NULL;',
                            hash="e6abd071ef9e1917fea4d2fd3562f3476505ff94",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_c07ea",
                            table="enforcement_enforcementoperation",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_enforcementoperationevent" ("agencies", "arrests", "created_at", "date_end", "date_precision", "date_start", "description", "district_id", "fuel_seized_gallons", "gold_seized_grams", "id", "import_key", "kind", "latitude", "location_name", "longitude", "mercury_seized_kg", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "retraction_reason", "status", "target_site_id", "title", "updated_at", "value_destroyed", "value_wording") VALUES (OLD."agencies", OLD."arrests", OLD."created_at", OLD."date_end", OLD."date_precision", OLD."date_start", OLD."description", OLD."district_id", OLD."fuel_seized_gallons", OLD."gold_seized_grams", OLD."id", OLD."import_key", OLD."kind", OLD."latitude", OLD."location_name", OLD."longitude", OLD."mercury_seized_kg", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."place_precision", OLD."province_id", OLD."published_at", OLD."region_id", OLD."retraction_reason", OLD."status", OLD."target_site_id", OLD."title", OLD."updated_at", OLD."value_destroyed", OLD."value_wording"); RETURN NULL;',
                            hash="ff7565e6d7f1a29ea78f586932474cdb414d5c55",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_02501",
                            table="enforcement_enforcementoperation",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="MachineryDestroyed",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("dredge", "dredge"),
                            ("raft", "raft"),
                            ("engine", "engine"),
                            ("front_loader", "front loader"),
                            ("excavator", "excavator"),
                            ("truck", "truck"),
                            ("pump", "pump"),
                            ("other", "other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "count",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)], verbose_name="count"
                    ),
                ),
                (
                    "operation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="machinery",
                        to="enforcement.enforcementoperation",
                        verbose_name="operation",
                    ),
                ),
            ],
            options={
                "verbose_name": "machinery destroyed",
                "verbose_name_plural": "machinery destroyed",
                "constraints": [
                    models.UniqueConstraint(fields=("operation", "kind"), name="machinery_one_row_per_kind"),
                    models.CheckConstraint(condition=models.Q(("count__gte", 1)), name="machinery_count_positive"),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_machinerydestroyedevent" ("count", "id", "kind", "operation_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."count", NEW."id", NEW."kind", NEW."operation_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id"); RETURN NULL;',
                            hash="e2cea5f74d9faf98f31bcdfffc91d247e0254ed3",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_5e0b8",
                            table="enforcement_machinerydestroyed",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                            func='INSERT INTO "enforcement_machinerydestroyedevent" ("count", "id", "kind", "operation_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."count", NEW."id", NEW."kind", NEW."operation_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id"); RETURN NULL;',
                            hash="ab97507b78ac713ba9081682e723ededb153b947",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_1a422",
                            table="enforcement_machinerydestroyed",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_machinerydestroyedevent" ("count", "id", "kind", "operation_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."count", OLD."id", OLD."kind", OLD."operation_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id"); RETURN NULL;',
                            hash="317ce9cc52f1d0f171af15badb1a50dc3fa20f15",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_69941",
                            table="enforcement_machinerydestroyed",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="OperationIncidentLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "relation",
                    models.CharField(
                        choices=[
                            ("triggered", "the operation was followed by the incident"),
                            ("responded", "the operation answered the incident"),
                            ("during", "the incident happened during the operation"),
                        ],
                        max_length=10,
                        verbose_name="relation",
                    ),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="operation_links",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
                (
                    "operation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="incident_links",
                        to="enforcement.enforcementoperation",
                        verbose_name="operation",
                    ),
                ),
            ],
            options={
                "verbose_name": "operation–incident link",
                "verbose_name_plural": "operation–incident links",
                "constraints": [
                    models.UniqueConstraint(fields=("operation", "incident"), name="operation_incident_unique")
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_operationincidentlinkevent" ("id", "incident_id", "operation_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "relation") VALUES (NEW."id", NEW."incident_id", NEW."operation_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."relation"); RETURN NULL;',
                            hash="ce862759f320d693d69d9c6c42841d1eb54d8137",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_c663f",
                            table="enforcement_operationincidentlink",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                            func='INSERT INTO "enforcement_operationincidentlinkevent" ("id", "incident_id", "operation_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "relation") VALUES (NEW."id", NEW."incident_id", NEW."operation_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."relation"); RETURN NULL;',
                            hash="a62d60a1fb69fbabfe8b0882e2cfe467b22c69b4",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_3ea32",
                            table="enforcement_operationincidentlink",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_operationincidentlinkevent" ("id", "incident_id", "operation_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "relation") VALUES (OLD."id", OLD."incident_id", OLD."operation_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."relation"); RETURN NULL;',
                            hash="5caaf141bd2e7b09836f3c781b6777ecf19051aa",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_ade5a",
                            table="enforcement_operationincidentlink",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="enforcementoperation",
            name="incidents",
            field=models.ManyToManyField(
                related_name="operations",
                through="enforcement.OperationIncidentLink",
                to="incidents.incident",
                verbose_name="incidents",
            ),
        ),
        migrations.CreateModel(
            name="OperationReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                ("date_start", models.DateField(db_index=True, verbose_name="start date")),
                (
                    "date_end",
                    models.DateField(help_text="The same as the start for a single day.", verbose_name="end date"),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "day"),
                            ("days", "a few days (2-6)"),
                            ("week", "week"),
                            ("month", "month"),
                            ("year", "year"),
                        ],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("issuer", models.CharField(max_length=200, verbose_name="issued by")),
                (
                    "scope",
                    models.TextField(blank=True, help_text="Where and what the report covers.", verbose_name="scope"),
                ),
                (
                    "agencies",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(
                            choices=[
                                ("pnp", "National Police (PNP)"),
                                ("pnp_environment", "PNP Environmental Directorate"),
                                ("army", "Army"),
                                ("navy", "Navy"),
                                ("air_force", "Air Force"),
                                ("fema", "Environmental prosecutors (FEMA)"),
                                ("sunat", "SUNAT"),
                                ("sernanp", "SERNANP"),
                                ("other", "other"),
                            ],
                            max_length=20,
                        ),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="agencies",
                    ),
                ),
                (
                    "operations_count",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="number of operations"),
                ),
                (
                    "value_destroyed",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="value destroyed (S/)",
                    ),
                ),
                (
                    "value_wording",
                    models.CharField(
                        choices=[
                            ("exact", "exact"),
                            ("at_least", "at least"),
                            ("about", "about"),
                            ("up_to", "up to"),
                            ("more_than", "more than"),
                        ],
                        default="exact",
                        max_length=10,
                        verbose_name="value wording",
                    ),
                ),
                ("arrests", models.PositiveIntegerField(blank=True, null=True, verbose_name="arrests")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "import_key",
                    models.CharField(blank=True, max_length=100, null=True, unique=True, verbose_name="import key"),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="operation_reports",
                        to="incidents.source",
                        verbose_name="source",
                    ),
                ),
                (
                    "provinces",
                    models.ManyToManyField(blank=True, related_name="operation_reports", to="regions.province"),
                ),
                ("regions", models.ManyToManyField(blank=True, related_name="operation_reports", to="regions.region")),
            ],
            options={
                "verbose_name": "operations summary report",
                "verbose_name_plural": "operations summary reports",
                "ordering": ["-date_start", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("date_end__gte", models.F("date_start"))),
                        name="operation_report_date_end_not_before_start",
                        violation_error_message="The end date is before the start date.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "day"), _negated=True),
                            ("date_end", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="operation_report_day_precision_is_one_day",
                        violation_error_message="A date known to the day starts and ends on the same day.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("value_destroyed__isnull", True), ("value_destroyed__gte", 0), _connector="OR"
                        ),
                        name="operation_report_value_not_negative",
                        violation_error_message="A value cannot be negative.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_operationreportevent" ("agencies", "arrests", "created_at", "date_end", "date_precision", "date_start", "id", "import_key", "issuer", "notes", "operations_count", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "scope", "source_id", "title", "updated_at", "value_destroyed", "value_wording") VALUES (NEW."agencies", NEW."arrests", NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."id", NEW."import_key", NEW."issuer", NEW."notes", NEW."operations_count", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."scope", NEW."source_id", NEW."title", NEW."updated_at", NEW."value_destroyed", NEW."value_wording"); RETURN NULL;',
                            hash="ee1d6a28ba930641b571cfaf830f4f4785ec58dc",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_5c813",
                            table="enforcement_operationreport",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."agencies" IS DISTINCT FROM (NEW."agencies") OR OLD."arrests" IS DISTINCT FROM (NEW."arrests") OR OLD."date_end" IS DISTINCT FROM (NEW."date_end") OR OLD."date_precision" IS DISTINCT FROM (NEW."date_precision") OR OLD."date_start" IS DISTINCT FROM (NEW."date_start") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."issuer" IS DISTINCT FROM (NEW."issuer") OR OLD."notes" IS DISTINCT FROM (NEW."notes") OR OLD."operations_count" IS DISTINCT FROM (NEW."operations_count") OR OLD."scope" IS DISTINCT FROM (NEW."scope") OR OLD."source_id" IS DISTINCT FROM (NEW."source_id") OR OLD."title" IS DISTINCT FROM (NEW."title") OR OLD."value_destroyed" IS DISTINCT FROM (NEW."value_destroyed") OR OLD."value_wording" IS DISTINCT FROM (NEW."value_wording"))',
                            func='INSERT INTO "enforcement_operationreportevent" ("agencies", "arrests", "created_at", "date_end", "date_precision", "date_start", "id", "import_key", "issuer", "notes", "operations_count", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "scope", "source_id", "title", "updated_at", "value_destroyed", "value_wording") VALUES (NEW."agencies", NEW."arrests", NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."id", NEW."import_key", NEW."issuer", NEW."notes", NEW."operations_count", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."scope", NEW."source_id", NEW."title", NEW."updated_at", NEW."value_destroyed", NEW."value_wording"); RETURN NULL;',
                            hash="24a8fcb73f6956fbbe7ac21cd422071af23e87e8",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_3eda3",
                            table="enforcement_operationreport",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_operationreportevent" ("agencies", "arrests", "created_at", "date_end", "date_precision", "date_start", "id", "import_key", "issuer", "notes", "operations_count", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "scope", "source_id", "title", "updated_at", "value_destroyed", "value_wording") VALUES (OLD."agencies", OLD."arrests", OLD."created_at", OLD."date_end", OLD."date_precision", OLD."date_start", OLD."id", OLD."import_key", OLD."issuer", OLD."notes", OLD."operations_count", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."scope", OLD."source_id", OLD."title", OLD."updated_at", OLD."value_destroyed", OLD."value_wording"); RETURN NULL;',
                            hash="f9e276255591cef962a420f5c7993eb5dea10d10",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_47324",
                            table="enforcement_operationreport",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReinfoSnapshot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                ("as_of", models.DateField(unique=True, verbose_name="as of")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="title")),
                (
                    "is_complete",
                    models.BooleanField(
                        default=True,
                        help_text="A complete list marks records missing from it as no longer listed.",
                        verbose_name="complete list",
                    ),
                ),
                ("file_name", models.CharField(blank=True, max_length=300, verbose_name="file name")),
                ("file_sha256", models.CharField(blank=True, max_length=64, verbose_name="file SHA-256")),
                ("row_count", models.PositiveIntegerField(default=0, verbose_name="rows")),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reinfo_snapshots",
                        to="incidents.source",
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "verbose_name": "REINFO snapshot",
                "verbose_name_plural": "REINFO snapshots",
                "ordering": ["-as_of"],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_reinfosnapshotevent" ("as_of", "created_at", "file_name", "file_sha256", "id", "is_complete", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "row_count", "source_id", "title", "updated_at") VALUES (NEW."as_of", NEW."created_at", NEW."file_name", NEW."file_sha256", NEW."id", NEW."is_complete", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."row_count", NEW."source_id", NEW."title", NEW."updated_at"); RETURN NULL;',
                            hash="ac0d2b9062dfa55e75d7b24d32ab4574f8c6d554",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_22e6d",
                            table="enforcement_reinfosnapshot",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."as_of" IS DISTINCT FROM (NEW."as_of") OR OLD."file_name" IS DISTINCT FROM (NEW."file_name") OR OLD."file_sha256" IS DISTINCT FROM (NEW."file_sha256") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_complete" IS DISTINCT FROM (NEW."is_complete") OR OLD."row_count" IS DISTINCT FROM (NEW."row_count") OR OLD."source_id" IS DISTINCT FROM (NEW."source_id") OR OLD."title" IS DISTINCT FROM (NEW."title"))',
                            func='INSERT INTO "enforcement_reinfosnapshotevent" ("as_of", "created_at", "file_name", "file_sha256", "id", "is_complete", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "row_count", "source_id", "title", "updated_at") VALUES (NEW."as_of", NEW."created_at", NEW."file_name", NEW."file_sha256", NEW."id", NEW."is_complete", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."row_count", NEW."source_id", NEW."title", NEW."updated_at"); RETURN NULL;',
                            hash="fa075f7b7c98415865ebb9fe4013aae1192c56bd",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_6ac47",
                            table="enforcement_reinfosnapshot",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_reinfosnapshotevent" ("as_of", "created_at", "file_name", "file_sha256", "id", "is_complete", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "row_count", "source_id", "title", "updated_at") VALUES (OLD."as_of", OLD."created_at", OLD."file_name", OLD."file_sha256", OLD."id", OLD."is_complete", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."row_count", OLD."source_id", OLD."title", OLD."updated_at"); RETURN NULL;',
                            hash="780be898dec373770c7787b7216d033f11ea3130",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_5e1fb",
                            table="enforcement_reinfosnapshot",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReinfoRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "ruc",
                    models.CharField(
                        db_index=True,
                        max_length=11,
                        validators=[enforcement.validators.validate_ruc],
                        verbose_name="RUC",
                    ),
                ),
                ("declarant_name", models.CharField(max_length=300, verbose_name="declarant")),
                ("codigo_unico", models.CharField(db_index=True, max_length=30, verbose_name="código único")),
                ("mining_right_name", models.CharField(blank=True, max_length=300, verbose_name="mining right")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("vigente", "vigente (current)"),
                            ("suspendido", "suspendido (suspended)"),
                            ("excluido", "excluido (excluded)"),
                            ("not_listed", "no longer listed"),
                        ],
                        db_index=True,
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reinfo_records",
                        to="regions.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "mining_site",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reinfo_records",
                        to="regions.miningsite",
                        verbose_name="mining site",
                    ),
                ),
                (
                    "first_snapshot",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="enforcement.reinfosnapshot",
                        verbose_name="first listed in",
                    ),
                ),
                (
                    "last_snapshot",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="enforcement.reinfosnapshot",
                        verbose_name="last listed in",
                    ),
                ),
            ],
            options={
                "verbose_name": "REINFO record",
                "verbose_name_plural": "REINFO records",
                "ordering": ["declarant_name", "codigo_unico"],
                "indexes": [models.Index(fields=["district", "status"], name="reinfo_district_status")],
                "constraints": [
                    models.UniqueConstraint(fields=("ruc", "codigo_unico"), name="reinfo_record_ruc_codigo_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("ruc__regex", "^(10|15|16|17|20)[0-9]{9}$")),
                        name="reinfo_record_ruc_format",
                        violation_error_message="A RUC has 11 digits and starts with 10, 15, 16, 17 or 20.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_reinforecordevent" ("codigo_unico", "created_at", "declarant_name", "district_id", "first_snapshot_id", "id", "last_snapshot_id", "mining_right_name", "mining_site_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "ruc", "status", "updated_at") VALUES (NEW."codigo_unico", NEW."created_at", NEW."declarant_name", NEW."district_id", NEW."first_snapshot_id", NEW."id", NEW."last_snapshot_id", NEW."mining_right_name", NEW."mining_site_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."ruc", NEW."status", NEW."updated_at"); RETURN NULL;',
                            hash="b175bc68247336dd772a6e953090973ebb643376",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_ee57b",
                            table="enforcement_reinforecord",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."codigo_unico" IS DISTINCT FROM (NEW."codigo_unico") OR OLD."declarant_name" IS DISTINCT FROM (NEW."declarant_name") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."first_snapshot_id" IS DISTINCT FROM (NEW."first_snapshot_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."last_snapshot_id" IS DISTINCT FROM (NEW."last_snapshot_id") OR OLD."mining_right_name" IS DISTINCT FROM (NEW."mining_right_name") OR OLD."mining_site_id" IS DISTINCT FROM (NEW."mining_site_id") OR OLD."ruc" IS DISTINCT FROM (NEW."ruc") OR OLD."status" IS DISTINCT FROM (NEW."status"))',
                            func='INSERT INTO "enforcement_reinforecordevent" ("codigo_unico", "created_at", "declarant_name", "district_id", "first_snapshot_id", "id", "last_snapshot_id", "mining_right_name", "mining_site_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "ruc", "status", "updated_at") VALUES (NEW."codigo_unico", NEW."created_at", NEW."declarant_name", NEW."district_id", NEW."first_snapshot_id", NEW."id", NEW."last_snapshot_id", NEW."mining_right_name", NEW."mining_site_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."ruc", NEW."status", NEW."updated_at"); RETURN NULL;',
                            hash="71c01837021915444ad6e0480f07bf3d15ef5016",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_95fb6",
                            table="enforcement_reinforecord",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_reinforecordevent" ("codigo_unico", "created_at", "declarant_name", "district_id", "first_snapshot_id", "id", "last_snapshot_id", "mining_right_name", "mining_site_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "ruc", "status", "updated_at") VALUES (OLD."codigo_unico", OLD."created_at", OLD."declarant_name", OLD."district_id", OLD."first_snapshot_id", OLD."id", OLD."last_snapshot_id", OLD."mining_right_name", OLD."mining_site_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."ruc", OLD."status", OLD."updated_at"); RETURN NULL;',
                            hash="e08d4d7eed9ee62ed527e082f37682e31cc9db2a",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_fe19f",
                            table="enforcement_reinforecord",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReinfoStatusChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "from_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("vigente", "vigente (current)"),
                            ("suspendido", "suspendido (suspended)"),
                            ("excluido", "excluido (excluded)"),
                            ("not_listed", "no longer listed"),
                        ],
                        max_length=12,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        choices=[
                            ("vigente", "vigente (current)"),
                            ("suspendido", "suspendido (suspended)"),
                            ("excluido", "excluido (excluded)"),
                            ("not_listed", "no longer listed"),
                        ],
                        max_length=12,
                        verbose_name="to",
                    ),
                ),
                ("changed_on", models.DateField(verbose_name="changed on")),
                (
                    "record",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_changes",
                        to="enforcement.reinforecord",
                        verbose_name="record",
                    ),
                ),
                (
                    "snapshot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="status_changes",
                        to="enforcement.reinfosnapshot",
                        verbose_name="snapshot",
                    ),
                ),
            ],
            options={
                "verbose_name": "REINFO status change",
                "verbose_name_plural": "REINFO status changes",
                "ordering": ["changed_on", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("record", "snapshot"), name="reinfo_change_once_per_snapshot"),
                    models.CheckConstraint(
                        condition=models.Q(("from_status", models.F("to_status")), _negated=True),
                        name="reinfo_change_changes_status",
                        violation_error_message="A status change must change the status.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_reinfostatuschangeevent" ("changed_on", "from_status", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "record_id", "snapshot_id", "to_status") VALUES (NEW."changed_on", NEW."from_status", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."record_id", NEW."snapshot_id", NEW."to_status"); RETURN NULL;',
                            hash="098790044ec30bf16b418df9c1ae55e04fb0d41a",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_36ff2",
                            table="enforcement_reinfostatuschange",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                            func='INSERT INTO "enforcement_reinfostatuschangeevent" ("changed_on", "from_status", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "record_id", "snapshot_id", "to_status") VALUES (NEW."changed_on", NEW."from_status", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."record_id", NEW."snapshot_id", NEW."to_status"); RETURN NULL;',
                            hash="884f6dfed80510dd2750699b32d65e261363fe35",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_82df4",
                            table="enforcement_reinfostatuschange",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "enforcement_reinfostatuschangeevent" ("changed_on", "from_status", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "record_id", "snapshot_id", "to_status") VALUES (OLD."changed_on", OLD."from_status", OLD."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."record_id", OLD."snapshot_id", OLD."to_status"); RETURN NULL;',
                            hash="47c1e7c5b4c1b0e70c16f9b81252455dadbcd9b3",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_24623",
                            table="enforcement_reinfostatuschange",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="EnforcementOperationEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "place_precision",
                    models.CharField(
                        choices=[
                            ("exact", "exact place"),
                            ("near", "near a named place (~25 km)"),
                            ("district", "district"),
                            ("province", "province"),
                            ("region", "region"),
                        ],
                        default="region",
                        max_length=10,
                        verbose_name="place precision",
                    ),
                ),
                (
                    "location_name",
                    models.CharField(
                        blank=True,
                        help_text="Named place as sources give it, e.g. a sector or town.",
                        max_length=200,
                        verbose_name="location name",
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="latitude"),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="longitude"
                    ),
                ),
                ("date_start", models.DateField(verbose_name="start date")),
                (
                    "date_end",
                    models.DateField(help_text="The same as the start for a single day.", verbose_name="end date"),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "day"),
                            ("days", "a few days (2-6)"),
                            ("week", "week"),
                            ("month", "month"),
                            ("year", "year"),
                        ],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("interdiction", "interdiction"),
                            ("raid", "raid"),
                            ("camp_dismantled", "camp dismantled"),
                            ("machinery_destroyed", "machinery destroyed"),
                            ("seizure", "seizure"),
                            ("arrest", "arrest"),
                            ("eviction", "eviction"),
                            ("other", "other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "agencies",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(
                            choices=[
                                ("pnp", "National Police (PNP)"),
                                ("pnp_environment", "PNP Environmental Directorate"),
                                ("army", "Army"),
                                ("navy", "Navy"),
                                ("air_force", "Air Force"),
                                ("fema", "Environmental prosecutors (FEMA)"),
                                ("sunat", "SUNAT"),
                                ("sernanp", "SERNANP"),
                                ("other", "other"),
                            ],
                            max_length=20,
                        ),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="agencies",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "value_destroyed",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="value destroyed (S/)",
                    ),
                ),
                (
                    "value_wording",
                    models.CharField(
                        choices=[
                            ("exact", "exact"),
                            ("at_least", "at least"),
                            ("about", "about"),
                            ("up_to", "up to"),
                            ("more_than", "more than"),
                        ],
                        default="exact",
                        max_length=10,
                        verbose_name="value wording",
                    ),
                ),
                ("arrests", models.PositiveIntegerField(blank=True, null=True, verbose_name="arrests")),
                (
                    "mercury_seized_kg",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="mercury seized (kg)",
                    ),
                ),
                (
                    "fuel_seized_gallons",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="fuel seized (gallons)",
                    ),
                ),
                (
                    "gold_seized_grams",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="gold seized (g)",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("in_review", "in review"),
                            ("published", "published"),
                            ("retracted", "retracted"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="published at")),
                ("retraction_reason", models.TextField(blank=True, verbose_name="retraction reason")),
                ("import_key", models.CharField(blank=True, max_length=100, null=True, verbose_name="import key")),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="enforcement.enforcementoperation",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.province",
                        verbose_name="province",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "target_site",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.miningsite",
                        verbose_name="target site",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="MachineryDestroyedEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("dredge", "dredge"),
                            ("raft", "raft"),
                            ("engine", "engine"),
                            ("front_loader", "front loader"),
                            ("excavator", "excavator"),
                            ("truck", "truck"),
                            ("pump", "pump"),
                            ("other", "other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "count",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)], verbose_name="count"
                    ),
                ),
                (
                    "operation",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.enforcementoperation",
                        verbose_name="operation",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="enforcement.machinerydestroyed",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="OperationIncidentLinkEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "relation",
                    models.CharField(
                        choices=[
                            ("triggered", "the operation was followed by the incident"),
                            ("responded", "the operation answered the incident"),
                            ("during", "the incident happened during the operation"),
                        ],
                        max_length=10,
                        verbose_name="relation",
                    ),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
                (
                    "operation",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.enforcementoperation",
                        verbose_name="operation",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="enforcement.operationincidentlink",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="OperationReportEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("date_start", models.DateField(verbose_name="start date")),
                (
                    "date_end",
                    models.DateField(help_text="The same as the start for a single day.", verbose_name="end date"),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[
                            ("day", "day"),
                            ("days", "a few days (2-6)"),
                            ("week", "week"),
                            ("month", "month"),
                            ("year", "year"),
                        ],
                        default="day",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("issuer", models.CharField(max_length=200, verbose_name="issued by")),
                (
                    "scope",
                    models.TextField(blank=True, help_text="Where and what the report covers.", verbose_name="scope"),
                ),
                (
                    "agencies",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(
                            choices=[
                                ("pnp", "National Police (PNP)"),
                                ("pnp_environment", "PNP Environmental Directorate"),
                                ("army", "Army"),
                                ("navy", "Navy"),
                                ("air_force", "Air Force"),
                                ("fema", "Environmental prosecutors (FEMA)"),
                                ("sunat", "SUNAT"),
                                ("sernanp", "SERNANP"),
                                ("other", "other"),
                            ],
                            max_length=20,
                        ),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="agencies",
                    ),
                ),
                (
                    "operations_count",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="number of operations"),
                ),
                (
                    "value_destroyed",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="value destroyed (S/)",
                    ),
                ),
                (
                    "value_wording",
                    models.CharField(
                        choices=[
                            ("exact", "exact"),
                            ("at_least", "at least"),
                            ("about", "about"),
                            ("up_to", "up to"),
                            ("more_than", "more than"),
                        ],
                        default="exact",
                        max_length=10,
                        verbose_name="value wording",
                    ),
                ),
                ("arrests", models.PositiveIntegerField(blank=True, null=True, verbose_name="arrests")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("import_key", models.CharField(blank=True, max_length=100, null=True, verbose_name="import key")),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="enforcement.operationreport",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.source",
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="OperationReportProvince",
            fields=[],
            options={
                "verbose_name": "province of a summary report",
                "verbose_name_plural": "provinces of summary reports",
                "proxy": True,
            },
            bases=("enforcement.operationreport_provinces",),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationreportprovince",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "enforcement_operationreportprovinceevent" ("id", "operationreport_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "province_id") VALUES (NEW."id", NEW."operationreport_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."province_id"); RETURN NULL;',
                    hash="f885bd4cd50e2ee47e6bfc81cf03598afb6ff287",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_943eb",
                    table="enforcement_operationreport_provinces",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationreportprovince",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "enforcement_operationreportprovinceevent" ("id", "operationreport_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "province_id") VALUES (NEW."id", NEW."operationreport_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."province_id"); RETURN NULL;',
                    hash="f03e9b6f63cabe47f3856feb12f466e417f0b311",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_935e9",
                    table="enforcement_operationreport_provinces",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationreportprovince",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "enforcement_operationreportprovinceevent" ("id", "operationreport_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "province_id") VALUES (OLD."id", OLD."operationreport_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."province_id"); RETURN NULL;',
                    hash="6663690771c039e54b649a24532e463d6b8e8506",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_e9b02",
                    table="enforcement_operationreport_provinces",
                    when="AFTER",
                ),
            ),
        ),
        migrations.CreateModel(
            name="OperationReportProvinceEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "operationreport",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.operationreport",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.province",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="OperationReportRegion",
            fields=[],
            options={
                "verbose_name": "region of a summary report",
                "verbose_name_plural": "regions of summary reports",
                "proxy": True,
            },
            bases=("enforcement.operationreport_regions",),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationreportregion",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "enforcement_operationreportregionevent" ("id", "operationreport_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "region_id") VALUES (NEW."id", NEW."operationreport_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."region_id"); RETURN NULL;',
                    hash="94a3f60f530279fea3a9e88a192870e7654909c8",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_69bbf",
                    table="enforcement_operationreport_regions",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationreportregion",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "enforcement_operationreportregionevent" ("id", "operationreport_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "region_id") VALUES (NEW."id", NEW."operationreport_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."region_id"); RETURN NULL;',
                    hash="8804caba030dacaa3394888b69d66cca460c0874",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_b1619",
                    table="enforcement_operationreport_regions",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationreportregion",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "enforcement_operationreportregionevent" ("id", "operationreport_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "region_id") VALUES (OLD."id", OLD."operationreport_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."region_id"); RETURN NULL;',
                    hash="e967a1f992d1920c483604fbc65a7c810c6e3722",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_8c4f5",
                    table="enforcement_operationreport_regions",
                    when="AFTER",
                ),
            ),
        ),
        migrations.CreateModel(
            name="OperationReportRegionEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "operationreport",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.operationreport",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.region",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="OperationSource",
            fields=[],
            options={
                "verbose_name": "source of an operation",
                "verbose_name_plural": "sources of operations",
                "proxy": True,
            },
            bases=("enforcement.enforcementoperation_sources",),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationsource",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "enforcement_operationsourceevent" ("enforcementoperation_id", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "source_id") VALUES (NEW."enforcementoperation_id", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."source_id"); RETURN NULL;',
                    hash="f1c4812cb589d18b5975b98f1320e9fece0fc833",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_a1e78",
                    table="enforcement_enforcementoperation_sources",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationsource",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "enforcement_operationsourceevent" ("enforcementoperation_id", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "source_id") VALUES (NEW."enforcementoperation_id", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."source_id"); RETURN NULL;',
                    hash="b683d27e1484267598511e218518b53183fe3a99",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_95b20",
                    table="enforcement_enforcementoperation_sources",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="operationsource",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "enforcement_operationsourceevent" ("enforcementoperation_id", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "source_id") VALUES (OLD."enforcementoperation_id", OLD."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."source_id"); RETURN NULL;',
                    hash="1d34beefbb9659d2a6fdc3693292342a09ae47b8",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_c955b",
                    table="enforcement_enforcementoperation_sources",
                    when="AFTER",
                ),
            ),
        ),
        migrations.CreateModel(
            name="OperationSourceEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "enforcementoperation",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.enforcementoperation",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.source",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ReinfoRecordEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "ruc",
                    models.CharField(
                        max_length=11, validators=[enforcement.validators.validate_ruc], verbose_name="RUC"
                    ),
                ),
                ("declarant_name", models.CharField(max_length=300, verbose_name="declarant")),
                ("codigo_unico", models.CharField(max_length=30, verbose_name="código único")),
                ("mining_right_name", models.CharField(blank=True, max_length=300, verbose_name="mining right")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("vigente", "vigente (current)"),
                            ("suspendido", "suspendido (suspended)"),
                            ("excluido", "excluido (excluded)"),
                            ("not_listed", "no longer listed"),
                        ],
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "first_snapshot",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.reinfosnapshot",
                        verbose_name="first listed in",
                    ),
                ),
                (
                    "last_snapshot",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.reinfosnapshot",
                        verbose_name="last listed in",
                    ),
                ),
                (
                    "mining_site",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.miningsite",
                        verbose_name="mining site",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="enforcement.reinforecord",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ReinfoSnapshotEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("as_of", models.DateField(verbose_name="as of")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="title")),
                (
                    "is_complete",
                    models.BooleanField(
                        default=True,
                        help_text="A complete list marks records missing from it as no longer listed.",
                        verbose_name="complete list",
                    ),
                ),
                ("file_name", models.CharField(blank=True, max_length=300, verbose_name="file name")),
                ("file_sha256", models.CharField(blank=True, max_length=64, verbose_name="file SHA-256")),
                ("row_count", models.PositiveIntegerField(default=0, verbose_name="rows")),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="enforcement.reinfosnapshot",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.source",
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ReinfoStatusChangeEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "from_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("vigente", "vigente (current)"),
                            ("suspendido", "suspendido (suspended)"),
                            ("excluido", "excluido (excluded)"),
                            ("not_listed", "no longer listed"),
                        ],
                        max_length=12,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        choices=[
                            ("vigente", "vigente (current)"),
                            ("suspendido", "suspendido (suspended)"),
                            ("excluido", "excluido (excluded)"),
                            ("not_listed", "no longer listed"),
                        ],
                        max_length=12,
                        verbose_name="to",
                    ),
                ),
                ("changed_on", models.DateField(verbose_name="changed on")),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="enforcement.reinfostatuschange",
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.reinforecord",
                        verbose_name="record",
                    ),
                ),
                (
                    "snapshot",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="enforcement.reinfosnapshot",
                        verbose_name="snapshot",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.RunSQL(TOMBSTONE_TRIGGERS, DROP_TOMBSTONE_TRIGGERS),
    ]
