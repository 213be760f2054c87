"""Synthetic rows leave the production schema: the is_synthetic columns go, and the rollups lose them as key and audience.

The rollups lose their synthetic key (status × synthetic flag …) and audience (drafts ×
synthetic): their old triggers and rows go first; the triggers are then written again from
the rollup models and the measures (incidents.rollup), and the rollups refilled from the
incidents, each in one grouped INSERT (a million incidents take seconds, not hours).
"""

import importlib

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from incidents import rollup

fine = importlib.import_module("incidents.migrations.0009_incident_rollup")
by_region_month = importlib.import_module("incidents.migrations.0014_incident_region_month_rollup")
ROLLUPS = "incidents_incidentrollup, incidents_incidentregionmonthrollup"
DROP_OLD = f"{rollup.DROP_TRIGGERS} TRUNCATE {ROLLUPS}; {rollup.DROP_JSON_COLUMNS}"
RESTORE_OLD = f"{fine.CREATE} {by_region_month.ADD_JSON} {by_region_month.BOTH} {by_region_month.FILL}"

# The tombstone triggers on incidents_incident (0004, 0008) spared synthetic rows by a condition
# on is_synthetic: written again without it before the column goes, since dropping the column
# would drop them with it (DROP COLUMN … CASCADE).
TOMBSTONE_TRIGGERS = """
DROP TRIGGER IF EXISTS incident_tombstone_deleted ON incidents_incident;
DROP TRIGGER IF EXISTS incident_tombstone_unpublished ON incidents_incident;
CREATE TRIGGER incident_tombstone_deleted AFTER DELETE ON incidents_incident
    FOR EACH ROW WHEN (OLD.status = 'published'{extra})
    EXECUTE FUNCTION veta_tombstone_deleted('incidents.incident');
CREATE TRIGGER incident_tombstone_unpublished AFTER UPDATE OF status ON incidents_incident
    FOR EACH ROW WHEN (OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published'{extra})
    EXECUTE FUNCTION veta_tombstone_unpublished('incidents.incident');
"""


def install_rollups(apps, schema_editor) -> None:
    """The rollups' JSON columns, triggers and rows, as this migration's models declare them."""
    models = [apps.get_model("incidents", "IncidentRollup"), apps.get_model("incidents", "IncidentRegionMonthRollup")]
    schema_editor.execute(rollup.json_columns_sql(models[1]), params=None)
    schema_editor.execute(rollup.trigger_sql(*models), params=None)
    schema_editor.execute(rollup.fill_sql(*models), params=None)


def uninstall_rollups(apps, schema_editor) -> None:
    """Back to no rollup triggers and empty rollups, for the older migrations to restore theirs."""
    schema_editor.execute(DROP_OLD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0017_tombstone_to_core"),
        ("regions", "0006_without_synthetic"),
        ("enforcement", "0006_without_synthetic"),
    ]

    operations = [
        migrations.RunSQL(DROP_OLD, RESTORE_OLD),
        pgtrigger.migrations.RemoveTrigger(
            model_name="incident",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="incident",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="incident",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="source",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="source",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="source",
            name="delete_delete",
        ),
        migrations.RemoveConstraint(
            model_name="incidentregionmonthrollup",
            name="incident_region_month_rollup_key",
        ),
        migrations.RemoveConstraint(
            model_name="incidentrollup",
            name="incident_rollup_key",
        ),
        migrations.RunSQL(
            TOMBSTONE_TRIGGERS.format(extra=""), TOMBSTONE_TRIGGERS.format(extra=" AND NOT OLD.is_synthetic")
        ),
        migrations.RemoveField(
            model_name="incident",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="incidentevent",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="incidentregionmonthrollup",
            name="with_synthetic",
        ),
        migrations.RemoveField(
            model_name="incidentrollup",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="source",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="sourceevent",
            name="is_synthetic",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="incident",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "kidnapped_best", "kidnapped_high", "kidnapped_low", "killed_best", "killed_high", "killed_low", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "retraction_reason", "site_id", "status", "title", "updated_at") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."description", NEW."district_id", NEW."id", NEW."import_key", NEW."incident_type", NEW."injured_best", NEW."injured_high", NEW."injured_low", NEW."kidnapped_best", NEW."kidnapped_high", NEW."kidnapped_low", NEW."killed_best", NEW."killed_high", NEW."killed_low", NEW."latitude", NEW."location_name", NEW."longitude", NEW."merged_into_id", NEW."missing_best", NEW."missing_high", NEW."missing_low", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."place_precision", NEW."province_id", NEW."published_at", NEW."region_id", NEW."rescued_best", NEW."rescued_high", NEW."rescued_low", NEW."retraction_reason", NEW."site_id", NEW."status", NEW."title", NEW."updated_at"); RETURN NULL;',
                    hash="6567c432048fd49a7946686457c434eadfb5a7d5",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_edffb",
                    table="incidents_incident",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="incident",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."date_end" IS DISTINCT FROM (NEW."date_end") OR OLD."date_precision" IS DISTINCT FROM (NEW."date_precision") OR OLD."date_start" IS DISTINCT FROM (NEW."date_start") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."incident_type" IS DISTINCT FROM (NEW."incident_type") OR OLD."injured_best" IS DISTINCT FROM (NEW."injured_best") OR OLD."injured_high" IS DISTINCT FROM (NEW."injured_high") OR OLD."injured_low" IS DISTINCT FROM (NEW."injured_low") OR OLD."kidnapped_best" IS DISTINCT FROM (NEW."kidnapped_best") OR OLD."kidnapped_high" IS DISTINCT FROM (NEW."kidnapped_high") OR OLD."kidnapped_low" IS DISTINCT FROM (NEW."kidnapped_low") OR OLD."killed_best" IS DISTINCT FROM (NEW."killed_best") OR OLD."killed_high" IS DISTINCT FROM (NEW."killed_high") OR OLD."killed_low" IS DISTINCT FROM (NEW."killed_low") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."location_name" IS DISTINCT FROM (NEW."location_name") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."merged_into_id" IS DISTINCT FROM (NEW."merged_into_id") OR OLD."missing_best" IS DISTINCT FROM (NEW."missing_best") OR OLD."missing_high" IS DISTINCT FROM (NEW."missing_high") OR OLD."missing_low" IS DISTINCT FROM (NEW."missing_low") OR OLD."place_precision" IS DISTINCT FROM (NEW."place_precision") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."published_at" IS DISTINCT FROM (NEW."published_at") OR OLD."region_id" IS DISTINCT FROM (NEW."region_id") OR OLD."rescued_best" IS DISTINCT FROM (NEW."rescued_best") OR OLD."rescued_high" IS DISTINCT FROM (NEW."rescued_high") OR OLD."rescued_low" IS DISTINCT FROM (NEW."rescued_low") OR OLD."retraction_reason" IS DISTINCT FROM (NEW."retraction_reason") OR OLD."site_id" IS DISTINCT FROM (NEW."site_id") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."title" IS DISTINCT FROM (NEW."title"))',
                    func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "kidnapped_best", "kidnapped_high", "kidnapped_low", "killed_best", "killed_high", "killed_low", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "retraction_reason", "site_id", "status", "title", "updated_at") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."description", NEW."district_id", NEW."id", NEW."import_key", NEW."incident_type", NEW."injured_best", NEW."injured_high", NEW."injured_low", NEW."kidnapped_best", NEW."kidnapped_high", NEW."kidnapped_low", NEW."killed_best", NEW."killed_high", NEW."killed_low", NEW."latitude", NEW."location_name", NEW."longitude", NEW."merged_into_id", NEW."missing_best", NEW."missing_high", NEW."missing_low", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."place_precision", NEW."province_id", NEW."published_at", NEW."region_id", NEW."rescued_best", NEW."rescued_high", NEW."rescued_low", NEW."retraction_reason", NEW."site_id", NEW."status", NEW."title", NEW."updated_at"); RETURN NULL;',
                    hash="f08288eb3a9fa5b0821f463e9fc5474808e3d4ed",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_41444",
                    table="incidents_incident",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="incident",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "kidnapped_best", "kidnapped_high", "kidnapped_low", "killed_best", "killed_high", "killed_low", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "retraction_reason", "site_id", "status", "title", "updated_at") VALUES (OLD."created_at", OLD."date_end", OLD."date_precision", OLD."date_start", OLD."description", OLD."district_id", OLD."id", OLD."import_key", OLD."incident_type", OLD."injured_best", OLD."injured_high", OLD."injured_low", OLD."kidnapped_best", OLD."kidnapped_high", OLD."kidnapped_low", OLD."killed_best", OLD."killed_high", OLD."killed_low", OLD."latitude", OLD."location_name", OLD."longitude", OLD."merged_into_id", OLD."missing_best", OLD."missing_high", OLD."missing_low", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."place_precision", OLD."province_id", OLD."published_at", OLD."region_id", OLD."rescued_best", OLD."rescued_high", OLD."rescued_low", OLD."retraction_reason", OLD."site_id", OLD."status", OLD."title", OLD."updated_at"); RETURN NULL;',
                    hash="e4256727b9467051cbca91cbda3412c480ec63ad",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_2fefa",
                    table="incidents_incident",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="source",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="source",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="source",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        migrations.AddConstraint(
            model_name="incidentregionmonthrollup",
            constraint=models.UniqueConstraint(
                fields=("with_drafts", "region", "month", "year_only"), name="incident_region_month_rollup_key"
            ),
        ),
        migrations.AddConstraint(
            model_name="incidentrollup",
            constraint=models.UniqueConstraint(
                fields=("status", "region", "incident_type", "start_month", "end_month", "year_only"),
                name="incident_rollup_key",
            ),
        ),
        migrations.RunPython(install_rollups, uninstall_rollups),
    ]
