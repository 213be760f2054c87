"""The rollups are rewritten by triggers on every change of incidents: vacuum them often.

At the default thresholds (a fifth of the table dead) a bulk load left the rollups mostly
dead rows, which every statistics query then read past.
"""

from django.db import migrations

TABLES = ["incidents_incidentrollup", "incidents_incidentregionmonthrollup"]
OPTIONS = (
    "autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, "
    "autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000"
)
RESET = (
    "autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, "
    "autovacuum_analyze_scale_factor, autovacuum_analyze_threshold"
)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0014_incident_region_month_rollup")]

    operations = [
        migrations.RunSQL(
            [f"ALTER TABLE {table} SET ({OPTIONS})" for table in TABLES],
            [f"ALTER TABLE {table} RESET ({RESET})" for table in TABLES],
        )
    ]
