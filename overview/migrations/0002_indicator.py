"""Context figures, moved here from the regions app with their tables (see regions/0007)."""

import django.core.validators
import django.db.models.deletion
import pghistory.utils
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("incidents", "0018_without_synthetic"),
        ("overview", "0001_groups"),
        ("regions", "0007_indicator_moves_to_overview"),
    ]

    operations = [
        # The tables exist: they were the regions app's (see regions/0007).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Indicator",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                        ("date_start", models.DateField(db_index=True, verbose_name="start date")),
                        (
                            "date_end",
                            models.DateField(
                                help_text="The same as the start for a single day.", verbose_name="end date"
                            ),
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
                        (
                            "topic",
                            models.CharField(
                                choices=[
                                    ("forest_loss", "forest loss"),
                                    ("gold_production_share", "share of national gold production"),
                                    ("mining_workforce", "people working in mining"),
                                    ("unregistered_miners_share", "share of miners not registered"),
                                    ("reinfo_formalized_share", "share of REINFO miners who completed formalization"),
                                    ("reinfo_excluded_records", "REINFO records excluded"),
                                    ("other", "other"),
                                ],
                                max_length=30,
                                verbose_name="topic",
                            ),
                        ),
                        (
                            "label",
                            models.CharField(
                                help_text="What is measured, in a few words.", max_length=200, verbose_name="label"
                            ),
                        ),
                        (
                            "value",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=16,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="value",
                            ),
                        ),
                        (
                            "unit",
                            models.CharField(
                                choices=[
                                    ("hectares", "hectares"),
                                    ("percent", "percent"),
                                    ("people", "people"),
                                    ("records", "records"),
                                    ("soles", "soles"),
                                ],
                                max_length=10,
                                verbose_name="unit",
                            ),
                        ),
                        (
                            "wording",
                            models.CharField(
                                choices=[
                                    ("exact", "exact"),
                                    ("at_least", "at least"),
                                    ("about", "about"),
                                    ("up_to", "up to"),
                                ],
                                default="exact",
                                max_length=10,
                                verbose_name="wording",
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        (
                            "import_key",
                            models.CharField(
                                blank=True, max_length=100, null=True, unique=True, verbose_name="import key"
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty for a national figure.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="indicators",
                                to="regions.region",
                                verbose_name="region",
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="indicators",
                                to="incidents.source",
                                verbose_name="source",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "context figure",
                        "verbose_name_plural": "context figures",
                        "db_table": "regions_indicator",
                        "ordering": ["-date_start", "topic"],
                    },
                ),
                migrations.CreateModel(
                    name="IndicatorEvent",
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
                            models.DateField(
                                help_text="The same as the start for a single day.", verbose_name="end date"
                            ),
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
                        (
                            "topic",
                            models.CharField(
                                choices=[
                                    ("forest_loss", "forest loss"),
                                    ("gold_production_share", "share of national gold production"),
                                    ("mining_workforce", "people working in mining"),
                                    ("unregistered_miners_share", "share of miners not registered"),
                                    ("reinfo_formalized_share", "share of REINFO miners who completed formalization"),
                                    ("reinfo_excluded_records", "REINFO records excluded"),
                                    ("other", "other"),
                                ],
                                max_length=30,
                                verbose_name="topic",
                            ),
                        ),
                        (
                            "label",
                            models.CharField(
                                help_text="What is measured, in a few words.", max_length=200, verbose_name="label"
                            ),
                        ),
                        (
                            "value",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=16,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="value",
                            ),
                        ),
                        (
                            "unit",
                            models.CharField(
                                choices=[
                                    ("hectares", "hectares"),
                                    ("percent", "percent"),
                                    ("people", "people"),
                                    ("records", "records"),
                                    ("soles", "soles"),
                                ],
                                max_length=10,
                                verbose_name="unit",
                            ),
                        ),
                        (
                            "wording",
                            models.CharField(
                                choices=[
                                    ("exact", "exact"),
                                    ("at_least", "at least"),
                                    ("about", "about"),
                                    ("up_to", "up to"),
                                ],
                                default="exact",
                                max_length=10,
                                verbose_name="wording",
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        (
                            "import_key",
                            models.CharField(blank=True, max_length=100, null=True, verbose_name="import key"),
                        ),
                        (
                            "pgh_obj",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="events",
                                to="overview.indicator",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="Empty for a national figure.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="regions.region",
                                verbose_name="region",
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
                        "db_table": "regions_indicatorevent",
                        "abstract": False,
                    },
                ),
                migrations.AddConstraint(
                    model_name="indicator",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("value__gte", 0)), name="indicator_value_not_negative"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="indicator",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("unit", "percent"), _negated=True), ("value__lte", 100), _connector="OR"
                        ),
                        name="indicator_percent_at_most_100",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="indicator",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("date_end__gte", models.F("date_start"))),
                        name="indicator_date_end_not_before_start",
                        violation_error_message="The end date is before the start date.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="indicator",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "day"), _negated=True),
                            ("date_end", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="indicator_day_precision_is_one_day",
                        violation_error_message="A date known to the day starts and ends on the same day.",
                    ),
                ),
            ],
            database_operations=[],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="indicator",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "regions_indicatorevent" ("created_at", "date_end", "date_precision", "date_start", "id", "import_key", "label", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "source_id", "topic", "unit", "updated_at", "value", "wording") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."id", NEW."import_key", NEW."label", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."region_id", NEW."source_id", NEW."topic", NEW."unit", NEW."updated_at", NEW."value", NEW."wording"); RETURN NULL;',
                    hash="03e2da604028ba49b5bcb9d15cbde5fb739293f3",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_60c40",
                    table="regions_indicator",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="indicator",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."date_end" IS DISTINCT FROM (NEW."date_end") OR OLD."date_precision" IS DISTINCT FROM (NEW."date_precision") OR OLD."date_start" IS DISTINCT FROM (NEW."date_start") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."label" IS DISTINCT FROM (NEW."label") OR OLD."notes" IS DISTINCT FROM (NEW."notes") OR OLD."region_id" IS DISTINCT FROM (NEW."region_id") OR OLD."source_id" IS DISTINCT FROM (NEW."source_id") OR OLD."topic" IS DISTINCT FROM (NEW."topic") OR OLD."unit" IS DISTINCT FROM (NEW."unit") OR OLD."value" IS DISTINCT FROM (NEW."value") OR OLD."wording" IS DISTINCT FROM (NEW."wording"))',
                    func='INSERT INTO "regions_indicatorevent" ("created_at", "date_end", "date_precision", "date_start", "id", "import_key", "label", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "source_id", "topic", "unit", "updated_at", "value", "wording") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."id", NEW."import_key", NEW."label", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."region_id", NEW."source_id", NEW."topic", NEW."unit", NEW."updated_at", NEW."value", NEW."wording"); RETURN NULL;',
                    hash="e7216ba73925b2b30808bc0b1676d4f382b6d555",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_8f323",
                    table="regions_indicator",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="indicator",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "regions_indicatorevent" ("created_at", "date_end", "date_precision", "date_start", "id", "import_key", "label", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "source_id", "topic", "unit", "updated_at", "value", "wording") VALUES (OLD."created_at", OLD."date_end", OLD."date_precision", OLD."date_start", OLD."id", OLD."import_key", OLD."label", OLD."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."region_id", OLD."source_id", OLD."topic", OLD."unit", OLD."updated_at", OLD."value", OLD."wording"); RETURN NULL;',
                    hash="430d3c5b42627134a6dba6164f01b08724f4f26b",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_7f9b0",
                    table="regions_indicator",
                    when="AFTER",
                ),
            ),
        ),
    ]
