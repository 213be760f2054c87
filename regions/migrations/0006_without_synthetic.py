"""Synthetic rows leave the production schema: the is_synthetic columns go (see incidents/0018)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


# The tombstone triggers on regions_miningsite (incidents/0004, 0008) spared synthetic rows by a condition on
# is_synthetic: written again without it before the column goes, since dropping the column
# would drop them with it (DROP COLUMN … CASCADE).
TOMBSTONE_TRIGGERS = """
DROP TRIGGER IF EXISTS mining_site_tombstone_deleted ON regions_miningsite;
DROP TRIGGER IF EXISTS mining_site_tombstone_unpublished ON regions_miningsite;
CREATE TRIGGER mining_site_tombstone_deleted AFTER DELETE ON regions_miningsite
    FOR EACH ROW WHEN (OLD.status = 'published'{extra})
    EXECUTE FUNCTION veta_tombstone_deleted('regions.miningsite');
CREATE TRIGGER mining_site_tombstone_unpublished AFTER UPDATE OF status ON regions_miningsite
    FOR EACH ROW WHEN (OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published'{extra})
    EXECUTE FUNCTION veta_tombstone_unpublished('regions.miningsite');
"""


class Migration(migrations.Migration):
    dependencies = [
        # The tombstone triggers rewritten here were made by the incidents app.
        ("incidents", "0008_synthetic_tombstones"),
        ("regions", "0005_synthetic_db_default"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="miningsite",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="miningsite",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="miningsite",
            name="delete_delete",
        ),
        migrations.RunSQL(
            TOMBSTONE_TRIGGERS.format(extra=""), TOMBSTONE_TRIGGERS.format(extra=" AND NOT OLD.is_synthetic")
        ),
        migrations.RemoveField(
            model_name="miningsite",
            name="is_synthetic",
        ),
        migrations.RemoveField(
            model_name="miningsiteevent",
            name="is_synthetic",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="miningsite",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "regions_miningsiteevent" ("aliases", "created_at", "district_id", "id", "import_key", "kind", "latitude", "legal_status", "location_name", "longitude", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "protected_area_id", "province_id", "region_id", "status", "updated_at") VALUES (NEW."aliases", NEW."created_at", NEW."district_id", NEW."id", NEW."import_key", NEW."kind", NEW."latitude", NEW."legal_status", NEW."location_name", NEW."longitude", NEW."name", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."place_precision", NEW."protected_area_id", NEW."province_id", NEW."region_id", NEW."status", NEW."updated_at"); RETURN NULL;',
                    hash="80f4cbe921f3ed2ffa05c1a7c0744955b7c4008b",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_92f1e",
                    table="regions_miningsite",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="miningsite",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."aliases" IS DISTINCT FROM (NEW."aliases") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."legal_status" IS DISTINCT FROM (NEW."legal_status") OR OLD."location_name" IS DISTINCT FROM (NEW."location_name") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."notes" IS DISTINCT FROM (NEW."notes") OR OLD."place_precision" IS DISTINCT FROM (NEW."place_precision") OR OLD."protected_area_id" IS DISTINCT FROM (NEW."protected_area_id") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."region_id" IS DISTINCT FROM (NEW."region_id") OR OLD."status" IS DISTINCT FROM (NEW."status"))',
                    func='INSERT INTO "regions_miningsiteevent" ("aliases", "created_at", "district_id", "id", "import_key", "kind", "latitude", "legal_status", "location_name", "longitude", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "protected_area_id", "province_id", "region_id", "status", "updated_at") VALUES (NEW."aliases", NEW."created_at", NEW."district_id", NEW."id", NEW."import_key", NEW."kind", NEW."latitude", NEW."legal_status", NEW."location_name", NEW."longitude", NEW."name", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."place_precision", NEW."protected_area_id", NEW."province_id", NEW."region_id", NEW."status", NEW."updated_at"); RETURN NULL;',
                    hash="42429629d4eff4002e10cba5fd8735512e53e178",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_af660",
                    table="regions_miningsite",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="miningsite",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "regions_miningsiteevent" ("aliases", "created_at", "district_id", "id", "import_key", "kind", "latitude", "legal_status", "location_name", "longitude", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "protected_area_id", "province_id", "region_id", "status", "updated_at") VALUES (OLD."aliases", OLD."created_at", OLD."district_id", OLD."id", OLD."import_key", OLD."kind", OLD."latitude", OLD."legal_status", OLD."location_name", OLD."longitude", OLD."name", OLD."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."place_precision", OLD."protected_area_id", OLD."province_id", OLD."region_id", OLD."status", OLD."updated_at"); RETURN NULL;',
                    hash="dedca8149f315190f86550a4edb4c62147b7661a",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_5da1d",
                    table="regions_miningsite",
                    when="AFTER",
                ),
            ),
        ),
    ]
