"""Tombstones: a trace of every public record deleted or unpublished, written by triggers.

Triggers rather than signals, so that queryset.delete(), queryset.update() and raw SQL
leave a trace too. Only rows that were published get one: drafts were never public.
(TRUNCATE fires no row triggers and leaves no trace.) The SQL is frozen here on
purpose; `core.tombstones` describes what the API makes of it.
"""

import django.utils.timezone
from django.db import migrations, models

# (trigger name prefix, table, model label)
TRACKED = [
    ("incident", "incidents_incident", "incidents.incident"),
    ("operation", "enforcement_enforcementoperation", "enforcement.enforcementoperation"),
    ("mining_site", "regions_miningsite", "regions.miningsite"),
]

FUNCTIONS = """
CREATE OR REPLACE FUNCTION veta_tombstone_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO incidents_tombstone (model_label, object_id, removed_at, reason)
    VALUES (TG_ARGV[0], OLD.id::text, now(), 'deleted');
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION veta_tombstone_unpublished() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO incidents_tombstone (model_label, object_id, removed_at, reason)
    VALUES (TG_ARGV[0], NEW.id::text, now(), 'unpublished');
    RETURN NULL;
END;
$$;
"""

TRIGGERS = """
CREATE TRIGGER {name}_tombstone_deleted AFTER DELETE ON {table}
    FOR EACH ROW WHEN (OLD.status = 'published')
    EXECUTE FUNCTION veta_tombstone_deleted('{label}');

CREATE TRIGGER {name}_tombstone_unpublished AFTER UPDATE OF status ON {table}
    FOR EACH ROW WHEN (OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published')
    EXECUTE FUNCTION veta_tombstone_unpublished('{label}');
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS {name}_tombstone_deleted ON {table};
DROP TRIGGER IF EXISTS {name}_tombstone_unpublished ON {table};
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS veta_tombstone_deleted();
DROP FUNCTION IF EXISTS veta_tombstone_unpublished();
"""

CREATE = FUNCTIONS + "".join(TRIGGERS.format(name=name, table=table, label=label) for name, table, label in TRACKED)
DROP = "".join(DROP_TRIGGERS.format(name=name, table=table) for name, table, _ in TRACKED) + DROP_FUNCTIONS


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0003_figures_known_together"),
        ("enforcement", "0002_initial"),
        ("regions", "0002_veta_unaccent"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tombstone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "model_label",
                    models.CharField(
                        help_text='Lower-case label, e.g. "incidents.incident".', max_length=100, verbose_name="model"
                    ),
                ),
                ("object_id", models.CharField(max_length=20, verbose_name="object id")),
                (
                    "removed_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="removed at"),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[("deleted", "deleted"), ("unpublished", "unpublished")],
                        max_length=12,
                        verbose_name="reason",
                    ),
                ),
            ],
            options={
                "verbose_name": "tombstone",
                "verbose_name_plural": "tombstones",
                "ordering": ["removed_at", "id"],
                "indexes": [models.Index(fields=["model_label", "removed_at"], name="tombstone_model_removed_at")],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
