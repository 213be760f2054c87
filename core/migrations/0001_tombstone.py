"""The tombstones move to the kernel: the table `incidents_tombstone` becomes `core_tombstone`.

Its rows, its index and the trigger functions that write it stay; the functions are
redefined to insert into the renamed table. `incidents/0017` drops the model from the
incidents app's state.
"""

import django.utils.timezone
from django.db import migrations, models

FUNCTIONS = """
CREATE OR REPLACE FUNCTION veta_tombstone_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO {table} (model_label, object_id, removed_at, reason)
    VALUES (TG_ARGV[0], OLD.id::text, now(), 'deleted');
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION veta_tombstone_unpublished() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO {table} (model_label, object_id, removed_at, reason)
    VALUES (TG_ARGV[0], NEW.id::text, now(), 'unpublished');
    RETURN NULL;
END;
$$;
"""

FORWARD = "ALTER TABLE incidents_tombstone RENAME TO core_tombstone;\n" + FUNCTIONS.format(table="core_tombstone")
BACKWARD = "ALTER TABLE core_tombstone RENAME TO incidents_tombstone;\n" + FUNCTIONS.format(table="incidents_tombstone")


class Migration(migrations.Migration):
    initial = True

    dependencies = [("incidents", "0016_feed_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tombstone",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "model_label",
                            models.CharField(
                                help_text='Lower-case label, e.g. "incidents.incident".',
                                max_length=100,
                                verbose_name="model",
                            ),
                        ),
                        ("object_id", models.CharField(max_length=20, verbose_name="object id")),
                        (
                            "removed_at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now, verbose_name="removed at"
                            ),
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
                        "indexes": [
                            models.Index(fields=["model_label", "removed_at"], name="tombstone_model_removed_at")
                        ],
                    },
                ),
            ],
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
        ),
    ]
