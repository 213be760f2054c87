"""Incidents with their claims, casualties, actors, sources and relations, their history, the statistics
rollups and the stored search document.

Squashes 0001–0024 (`replaces`): a database migrated with those counts this one as applied, and a new
database gets the schema they left, down to the order of each table's columns (a column added later
comes last) and the names of its constraints and indexes. The history triggers are in the models'
options, so pgtrigger's schema editor installs them with each table; a proxy model's come after it
(creating a proxy touches no table).

The synthetic-data columns, added and dropped again on the way, are not made at all.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import pghistory.utils
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from incidents import rollup, search_sql


# Only a published record leaves a tombstone when it is deleted or unpublished (drafts were never public).
TOMBSTONE_TRIGGERS = """
CREATE TRIGGER incident_tombstone_deleted AFTER DELETE ON incidents_incident
    FOR EACH ROW WHEN (OLD.status = 'published')
    EXECUTE FUNCTION veta_tombstone_deleted('incidents.incident');
CREATE TRIGGER incident_tombstone_unpublished AFTER UPDATE OF status ON incidents_incident
    FOR EACH ROW WHEN (OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published')
    EXECUTE FUNCTION veta_tombstone_unpublished('incidents.incident');
"""
DROP_TOMBSTONE_TRIGGERS = """
DROP TRIGGER IF EXISTS incident_tombstone_deleted ON incidents_incident;
DROP TRIGGER IF EXISTS incident_tombstone_unpublished ON incidents_incident;
"""

# The stored search document (incidents.search_sql writes its functions and triggers): a renamed
# region, province or district refreshes the documents of its incidents (the site trigger is
# search_sql's).
SEARCH_RENAMES = """
CREATE FUNCTION veta_incident_search_vector_rename() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'regions_region' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE region_id = NEW.code;
    ELSIF TG_TABLE_NAME = 'regions_province' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE province_id = NEW.code;
    ELSIF TG_TABLE_NAME = 'regions_district' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE district_id = NEW.code;
    ELSE
        UPDATE incidents_incident SET search_vector = NULL WHERE site_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER region_renamed_incident_search AFTER UPDATE OF display_name ON regions_region
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION veta_incident_search_vector_rename();
CREATE TRIGGER province_renamed_incident_search AFTER UPDATE OF display_name ON regions_province
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION veta_incident_search_vector_rename();
CREATE TRIGGER district_renamed_incident_search AFTER UPDATE OF display_name ON regions_district
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION veta_incident_search_vector_rename();
"""
DROP_SEARCH_RENAMES = """
DROP TRIGGER IF EXISTS site_renamed_incident_search ON regions_miningsite;
DROP TRIGGER IF EXISTS region_renamed_incident_search ON regions_region;
DROP TRIGGER IF EXISTS province_renamed_incident_search ON regions_province;
DROP TRIGGER IF EXISTS district_renamed_incident_search ON regions_district;
DROP FUNCTION IF EXISTS veta_incident_search_vector_rename();
"""

# The rollups are rewritten by triggers on every change of incidents: vacuum them often (at the
# default thresholds a bulk load left them mostly dead rows).
ROLLUPS = ["incidents_incidentrollup", "incidents_incidentregionmonthrollup"]
AUTOVACUUM = (
    "autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, "
    "autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000"
)
AUTOVACUUM_RESET = (
    "autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, "
    "autovacuum_analyze_scale_factor, autovacuum_analyze_threshold"
)


def install_rollups(apps, schema_editor) -> None:
    """The rollups' JSON columns, triggers and rows, written from this migration's models and the measures."""
    models_ = [apps.get_model("incidents", "IncidentRollup"), apps.get_model("incidents", "IncidentRegionMonthRollup")]
    schema_editor.execute(rollup.json_columns_sql(models_[1]), params=None)
    schema_editor.execute(rollup.trigger_sql(*models_), params=None)
    schema_editor.execute(rollup.fill_sql(*models_), params=None)


def uninstall_rollups(apps, schema_editor) -> None:
    schema_editor.execute(f"{rollup.DROP_TRIGGERS} {rollup.DROP_JSON_COLUMNS}", params=None)


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("incidents", "0001_initial"),
        ("incidents", "0002_initial"),
        ("incidents", "0003_figures_known_together"),
        ("incidents", "0004_tombstones"),
        ("incidents", "0005_history"),
        ("incidents", "0006_claim_chosen_as_best"),
        ("incidents", "0007_synthetic"),
        ("incidents", "0008_synthetic_tombstones"),
        ("incidents", "0009_incident_rollup"),
        ("incidents", "0010_incident_search_vector"),
        ("incidents", "0011_published_list_indexes"),
        ("incidents", "0012_synthetic_db_default"),
        ("incidents", "0013_incident_merged_into"),
        ("incidents", "0014_incident_region_month_rollup"),
        ("incidents", "0015_rollup_autovacuum"),
        ("incidents", "0016_feed_indexes"),
        ("incidents", "0017_tombstone_to_core"),
        ("incidents", "0018_without_synthetic"),
        ("incidents", "0019_search_public_site_name"),
        ("incidents", "0020_figure_qualifiers"),
        ("incidents", "0021_incident_texts_in_both_languages"),
        ("incidents", "0022_incident_texts_db_default"),
        ("incidents", "0023_incident_relation"),
        ("incidents", "0024_incident_history_covers_qualifiers_and_texts"),
    ]

    dependencies = [
        ("core", "0001_squashed_0002"),
        ("regions", "0001_squashed_0007"),
    ]

    operations = [
        migrations.CreateModel(
            name="Actor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("criminal_group", "criminal group"),
                            ("security_forces", "security forces"),
                            ("prosecutors", "prosecutors"),
                            ("miners_informal", "informal or illegal miners"),
                            ("miners_formal", "formal miners"),
                            ("community", "community"),
                            ("company", "company"),
                            ("government", "government"),
                            ("unknown", "unknown"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
            ],
            options={
                "verbose_name": "actor",
                "verbose_name_plural": "actors",
                "ordering": ["name"],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_actorevent" ("created_at", "description", "id", "kind", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."created_at", NEW."description", NEW."id", NEW."kind", NEW."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."updated_at"); RETURN NULL;',
                            hash="d7ce821be339f928008f6689dff8caf512ebfbd9",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_681a1",
                            table="incidents_actor",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."name" IS DISTINCT FROM (NEW."name"))',
                            func='INSERT INTO "incidents_actorevent" ("created_at", "description", "id", "kind", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."created_at", NEW."description", NEW."id", NEW."kind", NEW."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."updated_at"); RETURN NULL;',
                            hash="8eb5165fdb2d24787ee0d6e1d804d113af2d526c",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_665ff",
                            table="incidents_actor",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_actorevent" ("created_at", "description", "id", "kind", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (OLD."created_at", OLD."description", OLD."id", OLD."kind", OLD."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."updated_at"); RETURN NULL;',
                            hash="3bf2c1eff1610323ed6e686eec839ab30ae71c60",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_a8db1",
                            table="incidents_actor",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "outlet",
                    models.CharField(
                        blank=True, help_text="Empty when not known.", max_length=200, verbose_name="outlet"
                    ),
                ),
                ("title", models.CharField(max_length=500, verbose_name="title")),
                ("url", models.URLField(blank=True, max_length=1000, verbose_name="URL")),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="published on")),
                (
                    "language",
                    models.CharField(
                        choices=[("es", "Spanish"), ("en", "English"), ("pt", "Portuguese"), ("other", "other")],
                        default="es",
                        max_length=5,
                        verbose_name="language",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("news", "news report"),
                            ("official", "official statement or report"),
                            ("ngo", "NGO or research report"),
                            ("other", "other"),
                        ],
                        default="news",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "import_key",
                    models.CharField(blank=True, max_length=100, null=True, unique=True, verbose_name="import key"),
                ),
            ],
            options={
                "verbose_name": "source",
                "verbose_name_plural": "sources",
                "ordering": ["-published_on", "title"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("url", ""), _negated=True),
                        fields=("url",),
                        name="source_url_unique",
                        violation_error_message="A source with this URL already exists.",
                    )
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_sourceevent" ("created_at", "id", "import_key", "kind", "language", "notes", "outlet", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "title", "updated_at", "url") VALUES (NEW."created_at", NEW."id", NEW."import_key", NEW."kind", NEW."language", NEW."notes", NEW."outlet", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."published_on", NEW."title", NEW."updated_at", NEW."url"); RETURN NULL;',
                            hash="cc50f8ece83cd9cb8ef5e4eaa0a66c1761f7b1c1",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_57d77",
                            table="incidents_source",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."language" IS DISTINCT FROM (NEW."language") OR OLD."notes" IS DISTINCT FROM (NEW."notes") OR OLD."outlet" IS DISTINCT FROM (NEW."outlet") OR OLD."published_on" IS DISTINCT FROM (NEW."published_on") OR OLD."title" IS DISTINCT FROM (NEW."title") OR OLD."url" IS DISTINCT FROM (NEW."url"))',
                            func='INSERT INTO "incidents_sourceevent" ("created_at", "id", "import_key", "kind", "language", "notes", "outlet", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "title", "updated_at", "url") VALUES (NEW."created_at", NEW."id", NEW."import_key", NEW."kind", NEW."language", NEW."notes", NEW."outlet", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."published_on", NEW."title", NEW."updated_at", NEW."url"); RETURN NULL;',
                            hash="5f4634d3476cbb2981cc495994f2ca5abcbf3da4",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_cb591",
                            table="incidents_source",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_sourceevent" ("created_at", "id", "import_key", "kind", "language", "notes", "outlet", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "title", "updated_at", "url") VALUES (OLD."created_at", OLD."id", OLD."import_key", OLD."kind", OLD."language", OLD."notes", OLD."outlet", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."published_on", OLD."title", OLD."updated_at", OLD."url"); RETURN NULL;',
                            hash="cbaa6a23c85668c78f5a230e854b73552636c93a",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_0dbca",
                            table="incidents_source",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Incident",
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
                (
                    "title",
                    models.CharField(
                        blank=True, db_default="", default="", max_length=300, verbose_name="title in English"
                    ),
                ),
                (
                    "incident_type",
                    models.CharField(
                        choices=[
                            ("armed_attack", "armed attack"),
                            ("massacre", "massacre (4 or more killed)"),
                            ("kidnapping", "kidnapping"),
                            ("extortion", "extortion"),
                            ("attack_on_security_forces", "attack on security forces (incl. arson)"),
                            ("clash_with_security_forces", "clash with security forces"),
                            ("protest_violence", "riot or protest violence"),
                            ("trafficking", "human trafficking or rescue"),
                            ("other", "other"),
                        ],
                        db_index=True,
                        max_length=30,
                        verbose_name="type",
                    ),
                ),
                (
                    "description",
                    models.TextField(blank=True, db_default="", default="", verbose_name="description in English"),
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
                (
                    "retraction_reason",
                    models.TextField(blank=True, help_text="Shown to the public.", verbose_name="retraction reason"),
                ),
                (
                    "import_key",
                    models.CharField(blank=True, max_length=100, null=True, unique=True, verbose_name="import key"),
                ),
                (
                    "killed_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="killed (low)"),
                ),
                (
                    "killed_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="killed (best)"),
                ),
                (
                    "killed_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="killed (high)"),
                ),
                (
                    "injured_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="injured (low)"),
                ),
                (
                    "injured_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="injured (best)"),
                ),
                (
                    "injured_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="injured (high)"),
                ),
                (
                    "missing_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="missing (low)"),
                ),
                (
                    "missing_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="missing (best)"),
                ),
                (
                    "missing_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="missing (high)"),
                ),
                (
                    "kidnapped_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="kidnapped (low)"),
                ),
                (
                    "kidnapped_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="kidnapped (best)"),
                ),
                (
                    "kidnapped_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="kidnapped (high)"),
                ),
                (
                    "rescued_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="rescued (low)"),
                ),
                (
                    "rescued_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="rescued (best)"),
                ),
                (
                    "rescued_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="rescued (high)"),
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
                    "site",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="incidents",
                        to="regions.miningsite",
                        verbose_name="mining site",
                    ),
                ),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        help_text="Set when a reviewer merged this duplicate into another incident.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="merged_duplicates",
                        to="incidents.incident",
                        verbose_name="merged into",
                    ),
                ),
                (
                    "injured_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="injured (qualifier)",
                    ),
                ),
                (
                    "kidnapped_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="kidnapped (qualifier)",
                    ),
                ),
                (
                    "killed_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="killed (qualifier)",
                    ),
                ),
                (
                    "missing_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="missing (qualifier)",
                    ),
                ),
                (
                    "rescued_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="rescued (qualifier)",
                    ),
                ),
                (
                    "description_es",
                    models.TextField(blank=True, db_default="", default="", verbose_name="description in Spanish"),
                ),
                (
                    "title_es",
                    models.CharField(
                        blank=True, db_default="", default="", max_length=300, verbose_name="title in Spanish"
                    ),
                ),
                (
                    "sources",
                    models.ManyToManyField(
                        blank=True, related_name="incidents", to="incidents.source", verbose_name="sources"
                    ),
                ),
            ],
            options={
                "verbose_name": "incident",
                "verbose_name_plural": "incidents",
                "ordering": ["-date_start", "-id"],
                "indexes": [
                    models.Index(fields=["region", "date_start"], name="incident_region_date"),
                    models.Index(fields=["province", "date_start"], name="incident_province_date"),
                    models.Index(fields=["district", "date_start"], name="incident_district_date"),
                    models.Index(fields=["status", "date_start"], name="incident_status_date"),
                    django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="incident_search"),
                    models.Index(
                        models.F("region"),
                        models.OrderBy(models.F("date_start"), descending=True),
                        models.OrderBy(models.F("id"), descending=True),
                        condition=models.Q(("status", "published")),
                        name="incident_published_region_date",
                    ),
                    models.Index(
                        models.OrderBy(models.F("date_start"), descending=True),
                        models.OrderBy(models.F("id"), descending=True),
                        condition=models.Q(("status", "published")),
                        name="incident_published_date",
                    ),
                    models.Index(
                        models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                        models.OrderBy(models.F("id"), descending=True),
                        condition=models.Q(("status", "published")),
                        name="incident_published_feed",
                    ),
                    models.Index(
                        models.F("region"),
                        models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                        models.OrderBy(models.F("id"), descending=True),
                        condition=models.Q(("status", "published")),
                        name="incident_published_region_feed",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="incident_coordinates_paired",
                        violation_error_message="Give both latitude and longitude, or neither.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__isnull", True),
                            models.Q(("latitude__gte", -18.4), ("latitude__lte", 0.0)),
                            _connector="OR",
                        ),
                        name="incident_latitude_in_peru",
                        violation_error_message="Latitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("longitude__isnull", True),
                            models.Q(("longitude__gte", -81.4), ("longitude__lte", -68.6)),
                            _connector="OR",
                        ),
                        name="incident_longitude_in_peru",
                        violation_error_message="Longitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("province__isnull", True),
                            ("region", django.db.models.functions.text.Left("province", 2)),
                            _connector="OR",
                        ),
                        name="incident_province_in_region",
                        violation_error_message="The province is not in the region.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("district__isnull", True),
                            ("province", django.db.models.functions.text.Left("district", 4)),
                            _connector="OR",
                        ),
                        name="incident_district_in_province",
                        violation_error_message="The district is not in the province.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "region"), _negated=True),
                            models.Q(("district__isnull", True), ("province__isnull", True)),
                            _connector="OR",
                        ),
                        name="incident_region_precision_names_no_finer_place",
                        violation_error_message="A place known only at region level has no province or district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "province"), _negated=True),
                            models.Q(("district__isnull", True), ("province__isnull", False)),
                            _connector="OR",
                        ),
                        name="incident_province_precision_names_province_only",
                        violation_error_message="A place known at province level needs its province and no district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "district"), _negated=True),
                            ("district__isnull", False),
                            _connector="OR",
                        ),
                        name="incident_district_precision_names_district",
                        violation_error_message="A place known at district level needs its district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision__in", ["exact", "near"]), _negated=True),
                            ("latitude__isnull", False),
                            _connector="OR",
                        ),
                        name="incident_point_precision_has_coordinates",
                        violation_error_message="An exact or nearby place needs coordinates.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("date_end__gte", models.F("date_start"))),
                        name="incident_date_end_not_before_start",
                        violation_error_message="The end date is before the start date.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("date_precision", "day"), _negated=True),
                            ("date_end", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="incident_day_precision_is_one_day",
                        violation_error_message="A date known to the day starts and ends on the same day.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("killed_best__isnull", True), ("killed_qualifier", "")),
                            models.Q(
                                ("killed_low", models.F("killed_high")),
                                ("killed_qualifier__in", ["exact", "about"]),
                                ("killed_best__isnull", False),
                                ("killed_high__isnull", False),
                                ("killed_low__isnull", False),
                            ),
                            models.Q(
                                ("killed_low__lt", models.F("killed_high")),
                                ("killed_qualifier", "range"),
                                ("killed_best__isnull", False),
                                ("killed_high__isnull", False),
                                ("killed_low__isnull", False),
                            ),
                            models.Q(
                                ("killed_high__gt", 0),
                                ("killed_low", 0),
                                ("killed_qualifier", "up_to"),
                                ("killed_best__isnull", False),
                                ("killed_high__isnull", False),
                                ("killed_low__isnull", False),
                            ),
                            models.Q(
                                ("killed_qualifier", "at_least"),
                                ("killed_best__isnull", False),
                                ("killed_high__isnull", False),
                                ("killed_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_killed_qualifier_fits",
                        violation_error_message="A figure's qualifier must fit its low, best and high figures.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("killed_best__isnull", True),
                                ("killed_high__isnull", True),
                                ("killed_low__isnull", True),
                            ),
                            models.Q(
                                ("killed_best__gte", models.F("killed_low")),
                                ("killed_high__gte", models.F("killed_best")),
                                ("killed_low__gte", 0),
                                ("killed_best__isnull", False),
                                ("killed_high__isnull", False),
                                ("killed_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_killed_low_best_high_ordered",
                        violation_error_message="Figures must satisfy 0 ≤ low ≤ best ≤ high.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("injured_best__isnull", True), ("injured_qualifier", "")),
                            models.Q(
                                ("injured_low", models.F("injured_high")),
                                ("injured_qualifier__in", ["exact", "about"]),
                                ("injured_best__isnull", False),
                                ("injured_high__isnull", False),
                                ("injured_low__isnull", False),
                            ),
                            models.Q(
                                ("injured_low__lt", models.F("injured_high")),
                                ("injured_qualifier", "range"),
                                ("injured_best__isnull", False),
                                ("injured_high__isnull", False),
                                ("injured_low__isnull", False),
                            ),
                            models.Q(
                                ("injured_high__gt", 0),
                                ("injured_low", 0),
                                ("injured_qualifier", "up_to"),
                                ("injured_best__isnull", False),
                                ("injured_high__isnull", False),
                                ("injured_low__isnull", False),
                            ),
                            models.Q(
                                ("injured_qualifier", "at_least"),
                                ("injured_best__isnull", False),
                                ("injured_high__isnull", False),
                                ("injured_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_injured_qualifier_fits",
                        violation_error_message="A figure's qualifier must fit its low, best and high figures.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("injured_best__isnull", True),
                                ("injured_high__isnull", True),
                                ("injured_low__isnull", True),
                            ),
                            models.Q(
                                ("injured_best__gte", models.F("injured_low")),
                                ("injured_high__gte", models.F("injured_best")),
                                ("injured_low__gte", 0),
                                ("injured_best__isnull", False),
                                ("injured_high__isnull", False),
                                ("injured_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_injured_low_best_high_ordered",
                        violation_error_message="Figures must satisfy 0 ≤ low ≤ best ≤ high.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("missing_best__isnull", True), ("missing_qualifier", "")),
                            models.Q(
                                ("missing_low", models.F("missing_high")),
                                ("missing_qualifier__in", ["exact", "about"]),
                                ("missing_best__isnull", False),
                                ("missing_high__isnull", False),
                                ("missing_low__isnull", False),
                            ),
                            models.Q(
                                ("missing_low__lt", models.F("missing_high")),
                                ("missing_qualifier", "range"),
                                ("missing_best__isnull", False),
                                ("missing_high__isnull", False),
                                ("missing_low__isnull", False),
                            ),
                            models.Q(
                                ("missing_high__gt", 0),
                                ("missing_low", 0),
                                ("missing_qualifier", "up_to"),
                                ("missing_best__isnull", False),
                                ("missing_high__isnull", False),
                                ("missing_low__isnull", False),
                            ),
                            models.Q(
                                ("missing_qualifier", "at_least"),
                                ("missing_best__isnull", False),
                                ("missing_high__isnull", False),
                                ("missing_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_missing_qualifier_fits",
                        violation_error_message="A figure's qualifier must fit its low, best and high figures.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("missing_best__isnull", True),
                                ("missing_high__isnull", True),
                                ("missing_low__isnull", True),
                            ),
                            models.Q(
                                ("missing_best__gte", models.F("missing_low")),
                                ("missing_high__gte", models.F("missing_best")),
                                ("missing_low__gte", 0),
                                ("missing_best__isnull", False),
                                ("missing_high__isnull", False),
                                ("missing_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_missing_low_best_high_ordered",
                        violation_error_message="Figures must satisfy 0 ≤ low ≤ best ≤ high.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kidnapped_best__isnull", True), ("kidnapped_qualifier", "")),
                            models.Q(
                                ("kidnapped_low", models.F("kidnapped_high")),
                                ("kidnapped_qualifier__in", ["exact", "about"]),
                                ("kidnapped_best__isnull", False),
                                ("kidnapped_high__isnull", False),
                                ("kidnapped_low__isnull", False),
                            ),
                            models.Q(
                                ("kidnapped_low__lt", models.F("kidnapped_high")),
                                ("kidnapped_qualifier", "range"),
                                ("kidnapped_best__isnull", False),
                                ("kidnapped_high__isnull", False),
                                ("kidnapped_low__isnull", False),
                            ),
                            models.Q(
                                ("kidnapped_high__gt", 0),
                                ("kidnapped_low", 0),
                                ("kidnapped_qualifier", "up_to"),
                                ("kidnapped_best__isnull", False),
                                ("kidnapped_high__isnull", False),
                                ("kidnapped_low__isnull", False),
                            ),
                            models.Q(
                                ("kidnapped_qualifier", "at_least"),
                                ("kidnapped_best__isnull", False),
                                ("kidnapped_high__isnull", False),
                                ("kidnapped_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_kidnapped_qualifier_fits",
                        violation_error_message="A figure's qualifier must fit its low, best and high figures.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("kidnapped_best__isnull", True),
                                ("kidnapped_high__isnull", True),
                                ("kidnapped_low__isnull", True),
                            ),
                            models.Q(
                                ("kidnapped_best__gte", models.F("kidnapped_low")),
                                ("kidnapped_high__gte", models.F("kidnapped_best")),
                                ("kidnapped_low__gte", 0),
                                ("kidnapped_best__isnull", False),
                                ("kidnapped_high__isnull", False),
                                ("kidnapped_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_kidnapped_low_best_high_ordered",
                        violation_error_message="Figures must satisfy 0 ≤ low ≤ best ≤ high.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("rescued_best__isnull", True), ("rescued_qualifier", "")),
                            models.Q(
                                ("rescued_low", models.F("rescued_high")),
                                ("rescued_qualifier__in", ["exact", "about"]),
                                ("rescued_best__isnull", False),
                                ("rescued_high__isnull", False),
                                ("rescued_low__isnull", False),
                            ),
                            models.Q(
                                ("rescued_low__lt", models.F("rescued_high")),
                                ("rescued_qualifier", "range"),
                                ("rescued_best__isnull", False),
                                ("rescued_high__isnull", False),
                                ("rescued_low__isnull", False),
                            ),
                            models.Q(
                                ("rescued_high__gt", 0),
                                ("rescued_low", 0),
                                ("rescued_qualifier", "up_to"),
                                ("rescued_best__isnull", False),
                                ("rescued_high__isnull", False),
                                ("rescued_low__isnull", False),
                            ),
                            models.Q(
                                ("rescued_qualifier", "at_least"),
                                ("rescued_best__isnull", False),
                                ("rescued_high__isnull", False),
                                ("rescued_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_rescued_qualifier_fits",
                        violation_error_message="A figure's qualifier must fit its low, best and high figures.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("rescued_best__isnull", True),
                                ("rescued_high__isnull", True),
                                ("rescued_low__isnull", True),
                            ),
                            models.Q(
                                ("rescued_best__gte", models.F("rescued_low")),
                                ("rescued_high__gte", models.F("rescued_best")),
                                ("rescued_low__gte", 0),
                                ("rescued_best__isnull", False),
                                ("rescued_high__isnull", False),
                                ("rescued_low__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="incident_rescued_low_best_high_ordered",
                        violation_error_message="Figures must satisfy 0 ≤ low ≤ best ≤ high.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("title", ""), _negated=True),
                            models.Q(("title_es", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="incident_has_a_title",
                        violation_error_message="Give a title in English, in Spanish or in both.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "retracted"), _negated=True),
                            models.Q(("retraction_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="incident_retraction_has_reason",
                        violation_error_message="A retracted incident needs a public reason.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "description_es", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "injured_qualifier", "kidnapped_best", "kidnapped_high", "kidnapped_low", "kidnapped_qualifier", "killed_best", "killed_high", "killed_low", "killed_qualifier", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "missing_qualifier", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "rescued_qualifier", "retraction_reason", "site_id", "status", "title", "title_es", "updated_at") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."description", NEW."description_es", NEW."district_id", NEW."id", NEW."import_key", NEW."incident_type", NEW."injured_best", NEW."injured_high", NEW."injured_low", NEW."injured_qualifier", NEW."kidnapped_best", NEW."kidnapped_high", NEW."kidnapped_low", NEW."kidnapped_qualifier", NEW."killed_best", NEW."killed_high", NEW."killed_low", NEW."killed_qualifier", NEW."latitude", NEW."location_name", NEW."longitude", NEW."merged_into_id", NEW."missing_best", NEW."missing_high", NEW."missing_low", NEW."missing_qualifier", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."place_precision", NEW."province_id", NEW."published_at", NEW."region_id", NEW."rescued_best", NEW."rescued_high", NEW."rescued_low", NEW."rescued_qualifier", NEW."retraction_reason", NEW."site_id", NEW."status", NEW."title", NEW."title_es", NEW."updated_at"); RETURN NULL;',
                            hash="4df74647d0b668a6edd7a3f11aca8e607b1e99a2",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_edffb",
                            table="incidents_incident",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."date_end" IS DISTINCT FROM (NEW."date_end") OR OLD."date_precision" IS DISTINCT FROM (NEW."date_precision") OR OLD."date_start" IS DISTINCT FROM (NEW."date_start") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."description_es" IS DISTINCT FROM (NEW."description_es") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."incident_type" IS DISTINCT FROM (NEW."incident_type") OR OLD."injured_best" IS DISTINCT FROM (NEW."injured_best") OR OLD."injured_high" IS DISTINCT FROM (NEW."injured_high") OR OLD."injured_low" IS DISTINCT FROM (NEW."injured_low") OR OLD."injured_qualifier" IS DISTINCT FROM (NEW."injured_qualifier") OR OLD."kidnapped_best" IS DISTINCT FROM (NEW."kidnapped_best") OR OLD."kidnapped_high" IS DISTINCT FROM (NEW."kidnapped_high") OR OLD."kidnapped_low" IS DISTINCT FROM (NEW."kidnapped_low") OR OLD."kidnapped_qualifier" IS DISTINCT FROM (NEW."kidnapped_qualifier") OR OLD."killed_best" IS DISTINCT FROM (NEW."killed_best") OR OLD."killed_high" IS DISTINCT FROM (NEW."killed_high") OR OLD."killed_low" IS DISTINCT FROM (NEW."killed_low") OR OLD."killed_qualifier" IS DISTINCT FROM (NEW."killed_qualifier") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."location_name" IS DISTINCT FROM (NEW."location_name") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."merged_into_id" IS DISTINCT FROM (NEW."merged_into_id") OR OLD."missing_best" IS DISTINCT FROM (NEW."missing_best") OR OLD."missing_high" IS DISTINCT FROM (NEW."missing_high") OR OLD."missing_low" IS DISTINCT FROM (NEW."missing_low") OR OLD."missing_qualifier" IS DISTINCT FROM (NEW."missing_qualifier") OR OLD."place_precision" IS DISTINCT FROM (NEW."place_precision") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."published_at" IS DISTINCT FROM (NEW."published_at") OR OLD."region_id" IS DISTINCT FROM (NEW."region_id") OR OLD."rescued_best" IS DISTINCT FROM (NEW."rescued_best") OR OLD."rescued_high" IS DISTINCT FROM (NEW."rescued_high") OR OLD."rescued_low" IS DISTINCT FROM (NEW."rescued_low") OR OLD."rescued_qualifier" IS DISTINCT FROM (NEW."rescued_qualifier") OR OLD."retraction_reason" IS DISTINCT FROM (NEW."retraction_reason") OR OLD."site_id" IS DISTINCT FROM (NEW."site_id") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."title" IS DISTINCT FROM (NEW."title") OR OLD."title_es" IS DISTINCT FROM (NEW."title_es"))',
                            func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "description_es", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "injured_qualifier", "kidnapped_best", "kidnapped_high", "kidnapped_low", "kidnapped_qualifier", "killed_best", "killed_high", "killed_low", "killed_qualifier", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "missing_qualifier", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "rescued_qualifier", "retraction_reason", "site_id", "status", "title", "title_es", "updated_at") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."description", NEW."description_es", NEW."district_id", NEW."id", NEW."import_key", NEW."incident_type", NEW."injured_best", NEW."injured_high", NEW."injured_low", NEW."injured_qualifier", NEW."kidnapped_best", NEW."kidnapped_high", NEW."kidnapped_low", NEW."kidnapped_qualifier", NEW."killed_best", NEW."killed_high", NEW."killed_low", NEW."killed_qualifier", NEW."latitude", NEW."location_name", NEW."longitude", NEW."merged_into_id", NEW."missing_best", NEW."missing_high", NEW."missing_low", NEW."missing_qualifier", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."place_precision", NEW."province_id", NEW."published_at", NEW."region_id", NEW."rescued_best", NEW."rescued_high", NEW."rescued_low", NEW."rescued_qualifier", NEW."retraction_reason", NEW."site_id", NEW."status", NEW."title", NEW."title_es", NEW."updated_at"); RETURN NULL;',
                            hash="6cadf18ad253cb405fead3d8b15ad39b03abb779",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_41444",
                            table="incidents_incident",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "description_es", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "injured_qualifier", "kidnapped_best", "kidnapped_high", "kidnapped_low", "kidnapped_qualifier", "killed_best", "killed_high", "killed_low", "killed_qualifier", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "missing_qualifier", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "rescued_qualifier", "retraction_reason", "site_id", "status", "title", "title_es", "updated_at") VALUES (OLD."created_at", OLD."date_end", OLD."date_precision", OLD."date_start", OLD."description", OLD."description_es", OLD."district_id", OLD."id", OLD."import_key", OLD."incident_type", OLD."injured_best", OLD."injured_high", OLD."injured_low", OLD."injured_qualifier", OLD."kidnapped_best", OLD."kidnapped_high", OLD."kidnapped_low", OLD."kidnapped_qualifier", OLD."killed_best", OLD."killed_high", OLD."killed_low", OLD."killed_qualifier", OLD."latitude", OLD."location_name", OLD."longitude", OLD."merged_into_id", OLD."missing_best", OLD."missing_high", OLD."missing_low", OLD."missing_qualifier", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."place_precision", OLD."province_id", OLD."published_at", OLD."region_id", OLD."rescued_best", OLD."rescued_high", OLD."rescued_low", OLD."rescued_qualifier", OLD."retraction_reason", OLD."site_id", OLD."status", OLD."title", OLD."title_es", OLD."updated_at"); RETURN NULL;',
                            hash="7962b75d0afa1d8b1e6b44cf02a24d08e2e3ba26",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_2fefa",
                            table="incidents_incident",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Casualty",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("killed", "killed"),
                            ("injured", "injured"),
                            ("missing", "missing"),
                            ("kidnapped", "kidnapped"),
                            ("rescued", "rescued or found alive"),
                        ],
                        max_length=10,
                        verbose_name="outcome",
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("miner", "miner"),
                            ("security_forces", "security forces"),
                            ("civilian", "civilian"),
                            ("assailant", "assailant"),
                            ("unknown", "unknown"),
                        ],
                        default="unknown",
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "count",
                    models.PositiveIntegerField(
                        default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name="count"
                    ),
                ),
                ("name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                (
                    "age",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(120)],
                        verbose_name="age",
                    ),
                ),
                (
                    "sex",
                    models.CharField(
                        choices=[("female", "female"), ("male", "male"), ("unknown", "unknown")],
                        default="unknown",
                        max_length=10,
                        verbose_name="sex",
                    ),
                ),
                ("name_is_public", models.BooleanField(default=False, verbose_name="name is public")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="casualties",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "casualty",
                "verbose_name_plural": "casualties",
                "indexes": [models.Index(fields=["incident", "outcome"], name="casualty_incident_outcome")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("count__gte", 1)),
                        name="casualty_count_positive",
                        violation_error_message="A casualty record counts at least one person.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("age__isnull", True), ("age__lte", 120), _connector="OR"),
                        name="casualty_age_plausible",
                        violation_error_message="Age must be 120 or less.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("name", ""), ("count", 1), _connector="OR"),
                        name="casualty_named_person_counts_one",
                        violation_error_message="A named casualty counts exactly one person.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_casualtyevent" ("age", "count", "created_at", "id", "incident_id", "name", "name_is_public", "notes", "outcome", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "sex", "updated_at") VALUES (NEW."age", NEW."count", NEW."created_at", NEW."id", NEW."incident_id", NEW."name", NEW."name_is_public", NEW."notes", NEW."outcome", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."role", NEW."sex", NEW."updated_at"); RETURN NULL;',
                            hash="4ff0a9a57d53e9d6e00b4c05f2d18c844a2b7586",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_05165",
                            table="incidents_casualty",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."age" IS DISTINCT FROM (NEW."age") OR OLD."count" IS DISTINCT FROM (NEW."count") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."incident_id" IS DISTINCT FROM (NEW."incident_id") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."name_is_public" IS DISTINCT FROM (NEW."name_is_public") OR OLD."notes" IS DISTINCT FROM (NEW."notes") OR OLD."outcome" IS DISTINCT FROM (NEW."outcome") OR OLD."role" IS DISTINCT FROM (NEW."role") OR OLD."sex" IS DISTINCT FROM (NEW."sex"))',
                            func='INSERT INTO "incidents_casualtyevent" ("age", "count", "created_at", "id", "incident_id", "name", "name_is_public", "notes", "outcome", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "sex", "updated_at") VALUES (NEW."age", NEW."count", NEW."created_at", NEW."id", NEW."incident_id", NEW."name", NEW."name_is_public", NEW."notes", NEW."outcome", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."role", NEW."sex", NEW."updated_at"); RETURN NULL;',
                            hash="f5126d65c3ffe8dff578b6ae5727a8674a67d437",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_caa4f",
                            table="incidents_casualty",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_casualtyevent" ("age", "count", "created_at", "id", "incident_id", "name", "name_is_public", "notes", "outcome", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "sex", "updated_at") VALUES (OLD."age", OLD."count", OLD."created_at", OLD."id", OLD."incident_id", OLD."name", OLD."name_is_public", OLD."notes", OLD."outcome", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."role", OLD."sex", OLD."updated_at"); RETURN NULL;',
                            hash="198a225998d75067cd6e30fce0de05f36bfd954a",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_c17ab",
                            table="incidents_casualty",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Claim",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "claimed_on",
                    models.DateField(help_text="The date the source gave these figures.", verbose_name="claimed on"),
                ),
                ("killed", models.PositiveIntegerField(blank=True, null=True, verbose_name="killed")),
                ("injured", models.PositiveIntegerField(blank=True, null=True, verbose_name="injured")),
                ("missing", models.PositiveIntegerField(blank=True, null=True, verbose_name="missing")),
                ("kidnapped", models.PositiveIntegerField(blank=True, null=True, verbose_name="kidnapped")),
                ("rescued", models.PositiveIntegerField(blank=True, null=True, verbose_name="rescued")),
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
                (
                    "grade",
                    models.CharField(
                        choices=[
                            ("confirmed", "confirmed"),
                            ("reliable", "reliable sources"),
                            ("single_source", "single source"),
                            ("contested", "contested"),
                            ("discounted", "discounted"),
                        ],
                        default="single_source",
                        max_length=15,
                        verbose_name="grade",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claims",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="incidents.source",
                        verbose_name="source",
                    ),
                ),
                (
                    "chosen_as_best",
                    models.BooleanField(
                        default=False,
                        help_text="The incident's best figures come from this claim where it gives one. At most one claim per incident; only reviewers may choose it.",
                        verbose_name="chosen as best by a reviewer",
                    ),
                ),
            ],
            options={
                "verbose_name": "claim",
                "verbose_name_plural": "claims",
                "ordering": ["claimed_on", "id"],
                "indexes": [models.Index(fields=["incident", "claimed_on"], name="claim_incident_date")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("killed__isnull", False),
                            ("injured__isnull", False),
                            ("missing__isnull", False),
                            ("kidnapped__isnull", False),
                            ("rescued__isnull", False),
                            _connector="OR",
                        ),
                        name="claim_gives_a_figure",
                        violation_error_message="A claim gives at least one figure.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("chosen_as_best", True)),
                        fields=("incident",),
                        name="claim_one_chosen_as_best_per_incident",
                        violation_error_message="Another claim of this incident is already chosen as best.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_claimevent" ("chosen_as_best", "claimed_on", "created_at", "grade", "id", "incident_id", "injured", "kidnapped", "killed", "missing", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "rescued", "source_id", "updated_at", "wording") VALUES (NEW."chosen_as_best", NEW."claimed_on", NEW."created_at", NEW."grade", NEW."id", NEW."incident_id", NEW."injured", NEW."kidnapped", NEW."killed", NEW."missing", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."rescued", NEW."source_id", NEW."updated_at", NEW."wording"); RETURN NULL;',
                            hash="a4679660499a49bbb7e01d16d425c7a9c61477c6",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_f1e86",
                            table="incidents_claim",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."chosen_as_best" IS DISTINCT FROM (NEW."chosen_as_best") OR OLD."claimed_on" IS DISTINCT FROM (NEW."claimed_on") OR OLD."grade" IS DISTINCT FROM (NEW."grade") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."incident_id" IS DISTINCT FROM (NEW."incident_id") OR OLD."injured" IS DISTINCT FROM (NEW."injured") OR OLD."kidnapped" IS DISTINCT FROM (NEW."kidnapped") OR OLD."killed" IS DISTINCT FROM (NEW."killed") OR OLD."missing" IS DISTINCT FROM (NEW."missing") OR OLD."notes" IS DISTINCT FROM (NEW."notes") OR OLD."rescued" IS DISTINCT FROM (NEW."rescued") OR OLD."source_id" IS DISTINCT FROM (NEW."source_id") OR OLD."wording" IS DISTINCT FROM (NEW."wording"))',
                            func='INSERT INTO "incidents_claimevent" ("chosen_as_best", "claimed_on", "created_at", "grade", "id", "incident_id", "injured", "kidnapped", "killed", "missing", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "rescued", "source_id", "updated_at", "wording") VALUES (NEW."chosen_as_best", NEW."claimed_on", NEW."created_at", NEW."grade", NEW."id", NEW."incident_id", NEW."injured", NEW."kidnapped", NEW."killed", NEW."missing", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."rescued", NEW."source_id", NEW."updated_at", NEW."wording"); RETURN NULL;',
                            hash="f5dd2b3403f1d3f59fb4f458288a5aadf39ddc24",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_93cc4",
                            table="incidents_claim",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_claimevent" ("chosen_as_best", "claimed_on", "created_at", "grade", "id", "incident_id", "injured", "kidnapped", "killed", "missing", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "rescued", "source_id", "updated_at", "wording") VALUES (OLD."chosen_as_best", OLD."claimed_on", OLD."created_at", OLD."grade", OLD."id", OLD."incident_id", OLD."injured", OLD."kidnapped", OLD."killed", OLD."missing", OLD."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."rescued", OLD."source_id", OLD."updated_at", OLD."wording"); RETURN NULL;',
                            hash="6b9bef980d4f68d9881cc499d4ec7c066a04ab1e",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_45510",
                            table="incidents_claim",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="IncidentActor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[("perpetrator", "perpetrator"), ("target", "target"), ("responder", "responder")],
                        max_length=12,
                        verbose_name="role",
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="incident_roles",
                        to="incidents.actor",
                        verbose_name="actor",
                    ),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="actor_roles",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "actor in incident",
                "verbose_name_plural": "actors in incident",
                "constraints": [
                    models.UniqueConstraint(fields=("incident", "actor", "role"), name="incident_actor_role_unique")
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_incidentactorevent" ("actor_id", "id", "incident_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role") VALUES (NEW."actor_id", NEW."id", NEW."incident_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."role"); RETURN NULL;',
                            hash="e4d33541754926e93d154ab3a0ec93c388002bcf",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_c88a8",
                            table="incidents_incidentactor",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                            func='INSERT INTO "incidents_incidentactorevent" ("actor_id", "id", "incident_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role") VALUES (NEW."actor_id", NEW."id", NEW."incident_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."role"); RETURN NULL;',
                            hash="10ed33e2ff44cf1060499a120fcbd5df03e60518",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_7facf",
                            table="incidents_incidentactor",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_incidentactorevent" ("actor_id", "id", "incident_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role") VALUES (OLD."actor_id", OLD."id", OLD."incident_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."role"); RETURN NULL;',
                            hash="347ee1cf18402f6d6a2936f6eeaf32fdcf2bc2e6",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_9d9b9",
                            table="incidents_incidentactor",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="incident",
            name="actors",
            field=models.ManyToManyField(
                related_name="incidents", through="incidents.IncidentActor", to="incidents.actor", verbose_name="actors"
            ),
        ),
        migrations.CreateModel(
            name="CasualtyOutcomeChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "from_outcome",
                    models.CharField(
                        choices=[
                            ("killed", "killed"),
                            ("injured", "injured"),
                            ("missing", "missing"),
                            ("kidnapped", "kidnapped"),
                            ("rescued", "rescued or found alive"),
                        ],
                        max_length=10,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_outcome",
                    models.CharField(
                        choices=[
                            ("killed", "killed"),
                            ("injured", "injured"),
                            ("missing", "missing"),
                            ("kidnapped", "kidnapped"),
                            ("rescued", "rescued or found alive"),
                        ],
                        max_length=10,
                        verbose_name="to",
                    ),
                ),
                ("changed_on", models.DateField(verbose_name="changed on")),
                (
                    "casualty",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outcome_changes",
                        to="incidents.casualty",
                        verbose_name="casualty",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="incidents.source",
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "verbose_name": "casualty outcome change",
                "verbose_name_plural": "casualty outcome changes",
                "ordering": ["changed_on", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("from_outcome", models.F("to_outcome")), _negated=True),
                        name="casualty_outcome_change_changes",
                        violation_error_message="The new outcome must differ from the old one.",
                    )
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_casualtyoutcomechangeevent" ("casualty_id", "changed_on", "from_outcome", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source_id", "to_outcome") VALUES (NEW."casualty_id", NEW."changed_on", NEW."from_outcome", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."source_id", NEW."to_outcome"); RETURN NULL;',
                            hash="65011488c5623f4f8cae5bda0360f796418d9575",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_22ba3",
                            table="incidents_casualtyoutcomechange",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                            func='INSERT INTO "incidents_casualtyoutcomechangeevent" ("casualty_id", "changed_on", "from_outcome", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source_id", "to_outcome") VALUES (NEW."casualty_id", NEW."changed_on", NEW."from_outcome", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."source_id", NEW."to_outcome"); RETURN NULL;',
                            hash="609670a5fa1a6f62596faf0d1a6c742688e62c34",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_a86ed",
                            table="incidents_casualtyoutcomechange",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_casualtyoutcomechangeevent" ("casualty_id", "changed_on", "from_outcome", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source_id", "to_outcome") VALUES (OLD."casualty_id", OLD."changed_on", OLD."from_outcome", OLD."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."source_id", OLD."to_outcome"); RETURN NULL;',
                            hash="5c208d51ec3d8957c4425c9d6163ccf46e0982d7",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_debd2",
                            table="incidents_casualtyoutcomechange",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ActorEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("criminal_group", "criminal group"),
                            ("security_forces", "security forces"),
                            ("prosecutors", "prosecutors"),
                            ("miners_informal", "informal or illegal miners"),
                            ("miners_formal", "formal miners"),
                            ("community", "community"),
                            ("company", "company"),
                            ("government", "government"),
                            ("unknown", "unknown"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="incidents.actor",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="CasualtyEvent",
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
                    "outcome",
                    models.CharField(
                        choices=[
                            ("killed", "killed"),
                            ("injured", "injured"),
                            ("missing", "missing"),
                            ("kidnapped", "kidnapped"),
                            ("rescued", "rescued or found alive"),
                        ],
                        max_length=10,
                        verbose_name="outcome",
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("miner", "miner"),
                            ("security_forces", "security forces"),
                            ("civilian", "civilian"),
                            ("assailant", "assailant"),
                            ("unknown", "unknown"),
                        ],
                        default="unknown",
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "count",
                    models.PositiveIntegerField(
                        default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name="count"
                    ),
                ),
                ("name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                (
                    "age",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(120)],
                        verbose_name="age",
                    ),
                ),
                (
                    "sex",
                    models.CharField(
                        choices=[("female", "female"), ("male", "male"), ("unknown", "unknown")],
                        default="unknown",
                        max_length=10,
                        verbose_name="sex",
                    ),
                ),
                ("name_is_public", models.BooleanField(default=False, verbose_name="name is public")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
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
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="incidents.casualty",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="CasualtyOutcomeChangeEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "from_outcome",
                    models.CharField(
                        choices=[
                            ("killed", "killed"),
                            ("injured", "injured"),
                            ("missing", "missing"),
                            ("kidnapped", "kidnapped"),
                            ("rescued", "rescued or found alive"),
                        ],
                        max_length=10,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_outcome",
                    models.CharField(
                        choices=[
                            ("killed", "killed"),
                            ("injured", "injured"),
                            ("missing", "missing"),
                            ("kidnapped", "kidnapped"),
                            ("rescued", "rescued or found alive"),
                        ],
                        max_length=10,
                        verbose_name="to",
                    ),
                ),
                ("changed_on", models.DateField(verbose_name="changed on")),
                (
                    "casualty",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.casualty",
                        verbose_name="casualty",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="incidents.casualtyoutcomechange",
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
            name="ClaimEvent",
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
                    "claimed_on",
                    models.DateField(help_text="The date the source gave these figures.", verbose_name="claimed on"),
                ),
                ("killed", models.PositiveIntegerField(blank=True, null=True, verbose_name="killed")),
                ("injured", models.PositiveIntegerField(blank=True, null=True, verbose_name="injured")),
                ("missing", models.PositiveIntegerField(blank=True, null=True, verbose_name="missing")),
                ("kidnapped", models.PositiveIntegerField(blank=True, null=True, verbose_name="kidnapped")),
                ("rescued", models.PositiveIntegerField(blank=True, null=True, verbose_name="rescued")),
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
                (
                    "grade",
                    models.CharField(
                        choices=[
                            ("confirmed", "confirmed"),
                            ("reliable", "reliable sources"),
                            ("single_source", "single source"),
                            ("contested", "contested"),
                            ("discounted", "discounted"),
                        ],
                        default="single_source",
                        max_length=15,
                        verbose_name="grade",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
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
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="incidents.claim",
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
                (
                    "chosen_as_best",
                    models.BooleanField(
                        default=False,
                        help_text="The incident's best figures come from this claim where it gives one. At most one claim per incident; only reviewers may choose it.",
                        verbose_name="chosen as best by a reviewer",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="IncidentActorEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "role",
                    models.CharField(
                        choices=[("perpetrator", "perpetrator"), ("target", "target"), ("responder", "responder")],
                        max_length=12,
                        verbose_name="role",
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.actor",
                        verbose_name="actor",
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
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="incidents.incidentactor",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="IncidentEvent",
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
                (
                    "title",
                    models.CharField(
                        blank=True, db_default="", default="", max_length=300, verbose_name="title in English"
                    ),
                ),
                (
                    "incident_type",
                    models.CharField(
                        choices=[
                            ("armed_attack", "armed attack"),
                            ("massacre", "massacre (4 or more killed)"),
                            ("kidnapping", "kidnapping"),
                            ("extortion", "extortion"),
                            ("attack_on_security_forces", "attack on security forces (incl. arson)"),
                            ("clash_with_security_forces", "clash with security forces"),
                            ("protest_violence", "riot or protest violence"),
                            ("trafficking", "human trafficking or rescue"),
                            ("other", "other"),
                        ],
                        max_length=30,
                        verbose_name="type",
                    ),
                ),
                (
                    "description",
                    models.TextField(blank=True, db_default="", default="", verbose_name="description in English"),
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
                (
                    "retraction_reason",
                    models.TextField(blank=True, help_text="Shown to the public.", verbose_name="retraction reason"),
                ),
                ("import_key", models.CharField(blank=True, max_length=100, null=True, verbose_name="import key")),
                (
                    "killed_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="killed (low)"),
                ),
                (
                    "killed_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="killed (best)"),
                ),
                (
                    "killed_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="killed (high)"),
                ),
                (
                    "injured_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="injured (low)"),
                ),
                (
                    "injured_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="injured (best)"),
                ),
                (
                    "injured_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="injured (high)"),
                ),
                (
                    "missing_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="missing (low)"),
                ),
                (
                    "missing_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="missing (best)"),
                ),
                (
                    "missing_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="missing (high)"),
                ),
                (
                    "kidnapped_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="kidnapped (low)"),
                ),
                (
                    "kidnapped_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="kidnapped (best)"),
                ),
                (
                    "kidnapped_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="kidnapped (high)"),
                ),
                (
                    "rescued_low",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="rescued (low)"),
                ),
                (
                    "rescued_best",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="rescued (best)"),
                ),
                (
                    "rescued_high",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="rescued (high)"),
                ),
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
                        to="incidents.incident",
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
                    "site",
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
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        help_text="Set when a reviewer merged this duplicate into another incident.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.incident",
                        verbose_name="merged into",
                    ),
                ),
                (
                    "injured_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="injured (qualifier)",
                    ),
                ),
                (
                    "kidnapped_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="kidnapped (qualifier)",
                    ),
                ),
                (
                    "killed_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="killed (qualifier)",
                    ),
                ),
                (
                    "missing_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="missing (qualifier)",
                    ),
                ),
                (
                    "rescued_qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("exact", "exact"),
                            ("about", "about (approximate)"),
                            ("at_least", "at least (no upper bound)"),
                            ("up_to", "up to"),
                            ("range", "range (sources disagree)"),
                        ],
                        default="",
                        editable=False,
                        max_length=10,
                        verbose_name="rescued (qualifier)",
                    ),
                ),
                (
                    "description_es",
                    models.TextField(blank=True, db_default="", default="", verbose_name="description in Spanish"),
                ),
                (
                    "title_es",
                    models.CharField(
                        blank=True, db_default="", default="", max_length=300, verbose_name="title in Spanish"
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="IncidentSource",
            fields=[],
            options={
                "verbose_name": "source of an incident",
                "verbose_name_plural": "sources of incidents",
                "proxy": True,
            },
            bases=("incidents.incident_sources",),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="incidentsource",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "incidents_incidentsourceevent" ("id", "incident_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "source_id") VALUES (NEW."id", NEW."incident_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."source_id"); RETURN NULL;',
                    hash="28c27e751f43975dfdcf8f2d2e1dcfa55f0edf01",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_1ad0a",
                    table="incidents_incident_sources",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="incidentsource",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "incidents_incidentsourceevent" ("id", "incident_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "source_id") VALUES (NEW."id", NEW."incident_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."source_id"); RETURN NULL;',
                    hash="986f481930731769312b62b0f870dc7a101f7f73",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_4e37d",
                    table="incidents_incident_sources",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="incidentsource",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "incidents_incidentsourceevent" ("id", "incident_id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "source_id") VALUES (OLD."id", OLD."incident_id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."source_id"); RETURN NULL;',
                    hash="25c2ad2941bba815dcbc2f73cca90c2a00677bf2",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_67c87",
                    table="incidents_incident_sources",
                    when="AFTER",
                ),
            ),
        ),
        migrations.CreateModel(
            name="IncidentSourceEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "incident",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.incident",
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
            name="SourceEvent",
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
                    "outlet",
                    models.CharField(
                        blank=True, help_text="Empty when not known.", max_length=200, verbose_name="outlet"
                    ),
                ),
                ("title", models.CharField(max_length=500, verbose_name="title")),
                ("url", models.URLField(blank=True, max_length=1000, verbose_name="URL")),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="published on")),
                (
                    "language",
                    models.CharField(
                        choices=[("es", "Spanish"), ("en", "English"), ("pt", "Portuguese"), ("other", "other")],
                        default="es",
                        max_length=5,
                        verbose_name="language",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("news", "news report"),
                            ("official", "official statement or report"),
                            ("ngo", "NGO or research report"),
                            ("other", "other"),
                        ],
                        default="news",
                        max_length=10,
                        verbose_name="kind",
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
                        to="incidents.source",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="IncidentRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(max_length=10)),
                ("incident_type", models.CharField(max_length=30)),
                ("start_month", models.DateField(help_text="First day of the month of the start date.")),
                ("end_month", models.DateField(help_text="First day of the month of the end date.")),
                ("year_only", models.BooleanField(help_text="Dated only to the year.")),
                ("incidents", models.BigIntegerField()),
                ("killed_low", models.BigIntegerField()),
                ("killed_best", models.BigIntegerField()),
                ("killed_high", models.BigIntegerField()),
                ("injured_low", models.BigIntegerField()),
                ("injured_best", models.BigIntegerField()),
                ("injured_high", models.BigIntegerField()),
                ("missing_low", models.BigIntegerField()),
                ("missing_best", models.BigIntegerField()),
                ("missing_high", models.BigIntegerField()),
                ("kidnapped_low", models.BigIntegerField()),
                ("kidnapped_best", models.BigIntegerField()),
                ("kidnapped_high", models.BigIntegerField()),
                ("rescued_low", models.BigIntegerField()),
                ("rescued_best", models.BigIntegerField()),
                ("rescued_high", models.BigIntegerField()),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
                ("injured_open", models.BigIntegerField()),
                ("kidnapped_open", models.BigIntegerField()),
                ("killed_open", models.BigIntegerField()),
                ("missing_open", models.BigIntegerField()),
                ("rescued_open", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "incident rollup",
                "verbose_name_plural": "incident rollups",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("status", "region", "incident_type", "start_month", "end_month", "year_only"),
                        name="incident_rollup_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="IncidentRegionMonthRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("with_drafts", models.BooleanField(help_text="Counts every status, not only published incidents.")),
                (
                    "month",
                    models.DateField(
                        help_text="First day of the month of the start date (of the year, with year_only)."
                    ),
                ),
                ("year_only", models.BooleanField(help_text="Dated only to the year.")),
                ("incidents", models.BigIntegerField()),
                ("killed_low", models.BigIntegerField()),
                ("killed_best", models.BigIntegerField()),
                ("killed_high", models.BigIntegerField()),
                ("injured_low", models.BigIntegerField()),
                ("injured_best", models.BigIntegerField()),
                ("injured_high", models.BigIntegerField()),
                ("missing_low", models.BigIntegerField()),
                ("missing_best", models.BigIntegerField()),
                ("missing_high", models.BigIntegerField()),
                ("kidnapped_low", models.BigIntegerField()),
                ("kidnapped_best", models.BigIntegerField()),
                ("kidnapped_high", models.BigIntegerField()),
                ("rescued_low", models.BigIntegerField()),
                ("rescued_best", models.BigIntegerField()),
                ("rescued_high", models.BigIntegerField()),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
                ("injured_open", models.BigIntegerField()),
                ("kidnapped_open", models.BigIntegerField()),
                ("killed_open", models.BigIntegerField()),
                ("missing_open", models.BigIntegerField()),
                ("rescued_open", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "incident rollup by region and month",
                "verbose_name_plural": "incident rollups by region and month",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("with_drafts", "region", "month", "year_only"), name="incident_region_month_rollup_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="IncidentRelation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Shown to the public on both incidents' pages, e.g. the sources place both in the same district.",
                        max_length=300,
                        verbose_name="why they are related, in English",
                    ),
                ),
                (
                    "note_es",
                    models.CharField(blank=True, max_length=300, verbose_name="why they are related, in Spanish"),
                ),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations_from",
                        to="incidents.incident",
                        verbose_name="incident",
                    ),
                ),
                (
                    "related",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations_to",
                        to="incidents.incident",
                        verbose_name="related incident",
                    ),
                ),
            ],
            options={
                "verbose_name": "related incident",
                "verbose_name_plural": "related incidents",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("incident", models.F("related")), _negated=True),
                        name="incident_relation_not_to_itself",
                        violation_error_message="An incident cannot be related to itself.",
                    ),
                    models.UniqueConstraint(fields=("incident", "related"), name="incident_relation_unique"),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_incidentrelationevent" ("created_at", "id", "incident_id", "note", "note_es", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "related_id", "updated_at") VALUES (NEW."created_at", NEW."id", NEW."incident_id", NEW."note", NEW."note_es", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."related_id", NEW."updated_at"); RETURN NULL;',
                            hash="fc85a57954f11238da707ebdf10b1af8d730eb46",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_bfdb1",
                            table="incidents_incidentrelation",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."incident_id" IS DISTINCT FROM (NEW."incident_id") OR OLD."note" IS DISTINCT FROM (NEW."note") OR OLD."note_es" IS DISTINCT FROM (NEW."note_es") OR OLD."related_id" IS DISTINCT FROM (NEW."related_id"))',
                            func='INSERT INTO "incidents_incidentrelationevent" ("created_at", "id", "incident_id", "note", "note_es", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "related_id", "updated_at") VALUES (NEW."created_at", NEW."id", NEW."incident_id", NEW."note", NEW."note_es", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."related_id", NEW."updated_at"); RETURN NULL;',
                            hash="21bfce8f07e59b3d0827c4577be34b08b3d48fcf",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_d0548",
                            table="incidents_incidentrelation",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "incidents_incidentrelationevent" ("created_at", "id", "incident_id", "note", "note_es", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "related_id", "updated_at") VALUES (OLD."created_at", OLD."id", OLD."incident_id", OLD."note", OLD."note_es", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."related_id", OLD."updated_at"); RETURN NULL;',
                            hash="15ce7098f781e9045bd9a41972c6fe4762e27d2e",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_96a6e",
                            table="incidents_incidentrelation",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="IncidentRelationEvent",
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
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Shown to the public on both incidents' pages, e.g. the sources place both in the same district.",
                        max_length=300,
                        verbose_name="why they are related, in English",
                    ),
                ),
                (
                    "note_es",
                    models.CharField(blank=True, max_length=300, verbose_name="why they are related, in Spanish"),
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
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="incidents.incidentrelation",
                    ),
                ),
                (
                    "related",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="incidents.incident",
                        verbose_name="related incident",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.RunSQL(TOMBSTONE_TRIGGERS, DROP_TOMBSTONE_TRIGGERS),
        migrations.RunSQL(SEARCH_RENAMES, DROP_SEARCH_RENAMES),
        migrations.RunSQL(search_sql.FORWARD, search_sql.BACKWARD),
        migrations.RunSQL(
            [f"ALTER TABLE {table} SET ({AUTOVACUUM})" for table in ROLLUPS],
            [f"ALTER TABLE {table} RESET ({AUTOVACUUM_RESET})" for table in ROLLUPS],
        ),
        migrations.RunPython(install_rollups, uninstall_rollups),
    ]
