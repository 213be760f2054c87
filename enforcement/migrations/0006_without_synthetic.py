"""Synthetic rows leave the production schema: the is_synthetic columns go (see incidents/0018)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


# The tombstone triggers on enforcement_enforcementoperation (incidents/0004, 0008) spared synthetic rows by a condition on
# is_synthetic: written again without it before the column goes, since dropping the column
# would drop them with it (DROP COLUMN … CASCADE).
TOMBSTONE_TRIGGERS = """
DROP TRIGGER IF EXISTS operation_tombstone_deleted ON enforcement_enforcementoperation;
DROP TRIGGER IF EXISTS operation_tombstone_unpublished ON enforcement_enforcementoperation;
CREATE TRIGGER operation_tombstone_deleted AFTER DELETE ON enforcement_enforcementoperation
    FOR EACH ROW WHEN (OLD.status = 'published'{extra})
    EXECUTE FUNCTION veta_tombstone_deleted('enforcement.enforcementoperation');
CREATE TRIGGER operation_tombstone_unpublished AFTER UPDATE OF status ON enforcement_enforcementoperation
    FOR EACH ROW WHEN (OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published'{extra})
    EXECUTE FUNCTION veta_tombstone_unpublished('enforcement.enforcementoperation');
"""


class Migration(migrations.Migration):
    dependencies = [
        # The tombstone triggers rewritten here were made by the incidents app.
        ("incidents", "0008_synthetic_tombstones"),
        ("enforcement", "0005_synthetic_db_default"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="enforcementoperation",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="enforcementoperation",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="enforcementoperation",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reinforecord",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reinforecord",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reinforecord",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reinfosnapshot",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reinfosnapshot",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reinfosnapshot",
            name="delete_delete",
        ),
        migrations.RunSQL(
            TOMBSTONE_TRIGGERS.format(extra=""), TOMBSTONE_TRIGGERS.format(extra=" AND NOT OLD.is_synthetic")
        ),
        migrations.RemoveField(
            model_name="enforcementoperation",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="enforcementoperationevent",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="reinforecord",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="reinforecordevent",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="reinfosnapshot",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="reinfosnapshotevent",
            name="is_synthetic",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="enforcementoperation",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="enforcementoperation",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="enforcementoperation",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reinforecord",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reinforecord",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reinforecord",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reinfosnapshot",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reinfosnapshot",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reinfosnapshot",
            trigger=pgtrigger.compiler.Trigger(
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
        ),
    ]
