"""Synthetic rows leave no tombstone: they were never part of Veta's public record.

Removing a million synthetic incidents must not write a million tombstones that partners
would then mirror. The trigger conditions of migration 0004 gain `NOT OLD.is_synthetic`.
"""

from django.db import migrations

TRACKED = [
    ("incident", "incidents_incident", "incidents.incident"),
    ("operation", "enforcement_enforcementoperation", "enforcement.enforcementoperation"),
    ("mining_site", "regions_miningsite", "regions.miningsite"),
]

TRIGGERS = """
DROP TRIGGER IF EXISTS {name}_tombstone_deleted ON {table};
DROP TRIGGER IF EXISTS {name}_tombstone_unpublished ON {table};
CREATE TRIGGER {name}_tombstone_deleted AFTER DELETE ON {table}
    FOR EACH ROW WHEN (OLD.status = 'published'{extra})
    EXECUTE FUNCTION veta_tombstone_deleted('{label}');
CREATE TRIGGER {name}_tombstone_unpublished AFTER UPDATE OF status ON {table}
    FOR EACH ROW WHEN (OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published'{extra})
    EXECUTE FUNCTION veta_tombstone_unpublished('{label}');
"""


def triggers(extra: str) -> str:
    return "".join(TRIGGERS.format(name=name, table=table, label=label, extra=extra) for name, table, label in TRACKED)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_synthetic"),
        ("enforcement", "0004_synthetic"),
        ("regions", "0004_synthetic"),
    ]

    operations = [migrations.RunSQL(triggers(" AND NOT OLD.is_synthetic"), triggers(""))]
