"""Context figures (with their history) and releases, and the editorial groups.

Squashes 0001–0005 (`replaces`): a database migrated with those counts this one as applied, and a new
database gets the schema they left, down to the order of each table's columns (a column added later
comes last) and the names of its constraints and indexes. The history triggers are in the models'
options, so pgtrigger's schema editor installs them with each table; a proxy model's come after it
(creating a proxy touches no table).

The groups and their rights are those the replaced migrations gave (0001_groups, then 0005 for the
records added since): `create_groups` below, which tests/test_groups.py runs again.
"""

import django.core.validators
import django.db.models.deletion
import pghistory.utils
import pgtrigger.compiler
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations, models


# Context figures were the regions app's first. Their history triggers then were named after that
# app; they went when the model moved, but PostgreSQL kept their functions (pgtrigger drops only
# triggers), so every database migrated before has them: installed and removed here likewise.
FORMER_INDICATOR_TRIGGERS = [
    pgtrigger.compiler.Trigger(
        name="insert_insert",
        sql=pgtrigger.compiler.UpsertTriggerSql(
            func='INSERT INTO "regions_indicatorevent" ("created_at", "date_end", "date_precision", "date_start", "id", "import_key", "label", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "source_id", "topic", "unit", "updated_at", "value", "wording") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."id", NEW."import_key", NEW."label", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."region_id", NEW."source_id", NEW."topic", NEW."unit", NEW."updated_at", NEW."value", NEW."wording"); RETURN NULL;',
            hash="5b083a12d317d49606f20b25a368d0bd1d99d98a",
            operation="INSERT",
            pgid="pgtrigger_insert_insert_21520",
            table="regions_indicator",
            when="AFTER",
        ),
    ),
    pgtrigger.compiler.Trigger(
        name="update_update",
        sql=pgtrigger.compiler.UpsertTriggerSql(
            condition='WHEN (OLD."date_end" IS DISTINCT FROM (NEW."date_end") OR OLD."date_precision" IS DISTINCT FROM (NEW."date_precision") OR OLD."date_start" IS DISTINCT FROM (NEW."date_start") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."label" IS DISTINCT FROM (NEW."label") OR OLD."notes" IS DISTINCT FROM (NEW."notes") OR OLD."region_id" IS DISTINCT FROM (NEW."region_id") OR OLD."source_id" IS DISTINCT FROM (NEW."source_id") OR OLD."topic" IS DISTINCT FROM (NEW."topic") OR OLD."unit" IS DISTINCT FROM (NEW."unit") OR OLD."value" IS DISTINCT FROM (NEW."value") OR OLD."wording" IS DISTINCT FROM (NEW."wording"))',
            func='INSERT INTO "regions_indicatorevent" ("created_at", "date_end", "date_precision", "date_start", "id", "import_key", "label", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "source_id", "topic", "unit", "updated_at", "value", "wording") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."id", NEW."import_key", NEW."label", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."region_id", NEW."source_id", NEW."topic", NEW."unit", NEW."updated_at", NEW."value", NEW."wording"); RETURN NULL;',
            hash="4bddb3440747b975f6e548a1b59befb59fefea65",
            operation="UPDATE",
            pgid="pgtrigger_update_update_220e8",
            table="regions_indicator",
            when="AFTER",
        ),
    ),
    pgtrigger.compiler.Trigger(
        name="delete_delete",
        sql=pgtrigger.compiler.UpsertTriggerSql(
            func='INSERT INTO "regions_indicatorevent" ("created_at", "date_end", "date_precision", "date_start", "id", "import_key", "label", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "source_id", "topic", "unit", "updated_at", "value", "wording") VALUES (OLD."created_at", OLD."date_end", OLD."date_precision", OLD."date_start", OLD."id", OLD."import_key", OLD."label", OLD."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."region_id", OLD."source_id", OLD."topic", OLD."unit", OLD."updated_at", OLD."value", OLD."wording"); RETURN NULL;',
            hash="f32e4ebc2546d442aa40bd0d111a37c9cfb9869b",
            operation="DELETE",
            pgid="pgtrigger_delete_delete_38063",
            table="regions_indicator",
            when="AFTER",
        ),
    ),
]

VETA_APPS = ("core", "incidents", "regions", "enforcement", "overview", "alerts")
ACCOUNT_APPS = ("auth", "authtoken")

# Models editors see, add and change; records with an editorial status among them.
EDITED_MODELS = {
    "incidents": (
        "actor", "source", "incident", "incidentactor", "casualty", "casualtyoutcomechange", "claim", "incidentsource",
        "incidentrelation",
    ),
    "regions": ("protectedarea", "miningsite", "protectedarearegion"),
    "overview": ("indicator",),
    "enforcement": (
        "enforcementoperation", "machinerydestroyed", "operationincidentlink", "operationreport", "reinfosnapshot",
        "reinforecord", "reinfostatuschange", "operationsource", "operationreportregion", "operationreportprovince",
    ),
}  # fmt: skip
# Rows that belong to a record; an editor may remove them while editing it.
EDITOR_DELETES = {
    "incidents": ("incidentactor", "casualty", "casualtyoutcomechange", "claim", "incidentsource", "incidentrelation"),
    "regions": ("protectedarearegion",),
    "enforcement": (
        "machinerydestroyed", "operationincidentlink", "operationsource", "operationreportregion",
        "operationreportprovince",
    ),
}  # fmt: skip
# Reference data everyone in the newsroom reads but no one edits by hand, and the dataset's releases.
VIEWED_MODELS = {"regions": ("region", "province", "district"), "core": ("tombstone",), "overview": ("release",)}

# (app, model, codename, name) of the permissions no model declares.
CUSTOM_PERMISSIONS = (
    ("incidents", "incident", "publish_incident", "Can publish, retract and republish incidents"),
    ("incidents", "incident", "merge_incident", "Can merge duplicate incidents"),
    (
        "enforcement",
        "enforcementoperation",
        "publish_enforcementoperation",
        "Can publish, retract and republish enforcement operations",
    ),
    ("regions", "miningsite", "publish_miningsite", "Can publish and retract mining sites"),
)


def create_groups(apps, schema_editor):
    """The editorial groups, with their permissions over every app; only adds what is missing.

    - editor: sees, adds and changes every Veta record (drafts are created and edited, then
      submitted for review); deletes only the rows that hang off a record (claims, casualties,
      outcome changes, actor and source links, incident relations, machinery), never a record
      itself; cannot publish; sees the dataset's releases.
    - reviewer: the editor's rights, plus deleting records and the `publish_<model>` permissions
      (publish, retract and republish incidents, operations and mining sites) and `merge_incident`.
    - admin: every permission of Veta's apps, plus managing users, groups and API keys.

    Partners hold an API key (`manage.py create_api_key`) and belong to no group: they read.
    Permissions are normally created after `migrate` (post_migrate signal); this creates them
    itself first, so that it can give them out.
    """
    using = schema_editor.connection.alias
    for label in ("contenttypes", "auth", *ACCOUNT_APPS[1:], *VETA_APPS):
        app_config = global_apps.get_app_config(label)
        create_contenttypes(app_config, verbosity=0, using=using, apps=apps)
        create_permissions(app_config, verbosity=0, using=using, apps=apps)

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # The many-to-many tables whose rows have a history (behind the proxy models) have a content type
    # too, as Django's auth migration 0011 gives a proxy model's concrete model when it finds one.
    for model in apps.get_models():
        if model._meta.proxy and model._meta.app_label in VETA_APPS:
            ContentType.objects.db_manager(using).get_for_model(model)
    for app_label, model, codename, name in CUSTOM_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Permission.objects.get_or_create(codename=codename, content_type=content_type, defaults={"name": name})

    # Every permission the groups may get, by app and codename, read at once.
    admin = Permission.objects.filter(content_type__app_label__in=(*VETA_APPS, *ACCOUNT_APPS))
    by_name = {(p.content_type.app_label, p.codename): p for p in admin.select_related("content_type")}

    editor = []
    for app_label, names in EDITED_MODELS.items():
        for model in names:
            editor += [by_name[app_label, f"{verb}_{model}"] for verb in ("view", "add", "change")]
    for app_label, names in EDITOR_DELETES.items():
        editor += [by_name[app_label, f"delete_{model}"] for model in names]
    for app_label, names in VIEWED_MODELS.items():
        editor += [by_name[app_label, f"view_{model}"] for model in names]

    reviewer = list(editor)
    for app_label, names in EDITED_MODELS.items():
        reviewer += [by_name[app_label, f"delete_{model}"] for model in names]
    reviewer += [by_name[app_label, codename] for app_label, _, codename, _ in CUSTOM_PERMISSIONS]

    for name, permissions in (("editor", editor), ("reviewer", reviewer), ("admin", by_name.values())):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    """The groups and the custom permissions go."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=("editor", "reviewer", "admin")).delete()
    for app_label, _, codename, _ in CUSTOM_PERMISSIONS:
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).delete()


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("overview", "0001_groups"),
        ("overview", "0002_indicator"),
        ("overview", "0003_release"),
        ("overview", "0004_indicator_wording_more_than"),
        ("overview", "0005_editorial_groups_cover_new_models"),
    ]

    dependencies = [
        ("alerts", "0001_followers_alerts_deliveries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_squashed_0002"),
        ("enforcement", "0001_squashed_0007"),
        ("incidents", "0001_squashed_0024"),
        ("regions", "0001_squashed_0007"),
    ]

    operations = [
        migrations.CreateModel(
            name="Indicator",
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
                            ("more_than", "more than"),
                        ],
                        default="exact",
                        max_length=10,
                        verbose_name="wording",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "import_key",
                    models.CharField(blank=True, max_length=100, null=True, unique=True, verbose_name="import key"),
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
            ],
            options={
                "verbose_name": "context figure",
                "verbose_name_plural": "context figures",
                "db_table": "regions_indicator",
                "ordering": ["-date_start", "topic"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("value__gte", 0)), name="indicator_value_not_negative"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("unit", "percent"), _negated=True), ("value__lte", 100), _connector="OR"
                        ),
                        name="indicator_percent_at_most_100",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("date_end__gte", models.F("date_start"))),
                        name="indicator_date_end_not_before_start",
                        violation_error_message="The end date is before the start date.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "day"), _negated=True),
                            ("date_end", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="indicator_day_precision_is_one_day",
                        violation_error_message="A date known to the day starts and ends on the same day.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
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
                    pgtrigger.compiler.Trigger(
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
                    pgtrigger.compiler.Trigger(
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
                ],
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
                            ("more_than", "more than"),
                        ],
                        default="exact",
                        max_length=10,
                        verbose_name="wording",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("import_key", models.CharField(blank=True, max_length=100, null=True, verbose_name="import key")),
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
        migrations.CreateModel(
            name="Release",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(unique=True, verbose_name="number")),
                ("published_at", models.DateTimeField(verbose_name="published at")),
                ("data_as_of", models.DateTimeField(blank=True, null=True, verbose_name="data as of")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("package_sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the data package")),
                ("package_size", models.PositiveBigIntegerField(verbose_name="size of the data package in bytes")),
                ("changelog_sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the changelog")),
                ("manifest", models.JSONField(default=dict, verbose_name="published incidents")),
                ("added", models.JSONField(default=list, verbose_name="incidents added")),
                ("changed", models.JSONField(default=list, verbose_name="incidents changed")),
                ("retracted", models.JSONField(default=list, verbose_name="incidents retracted")),
            ],
            options={
                "verbose_name": "release",
                "verbose_name_plural": "releases",
                "ordering": ["-number"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("number__gte", 1)), name="release_number_positive")
                ],
            },
        ),
        migrations.RunSQL(
            [trigger.install_sql + trigger.uninstall_sql for trigger in FORMER_INDICATOR_TRIGGERS],
            [f"DROP FUNCTION IF EXISTS {trigger.sql.pgid}();" for trigger in FORMER_INDICATOR_TRIGGERS],
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]
