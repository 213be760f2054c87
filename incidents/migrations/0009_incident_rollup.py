"""Incident rollup: per status, region, type and month, kept by statement triggers.

The triggers read the rows each statement inserted, updated or deleted (transition tables),
so a COPY of a million rows costs one grouped upsert, not a million.
"""

import django.db.models.deletion
from django.db import migrations, models

KEY = "status, is_synthetic, region_id, incident_type, start_month, end_month, year_only"
FIGURES = [
    f"{outcome}_{bound}"
    for outcome in ("killed", "injured", "missing", "kidnapped", "rescued")
    for bound in ("low", "best", "high")
]


def grouped(rows: str, sign: str) -> str:
    """The signed per-key counts and sums of a transition table."""
    sums = ", ".join(f"{sign}COALESCE(SUM({name}), 0)" for name in FIGURES)
    return (
        "SELECT status, is_synthetic, region_id, incident_type, date_trunc('month', date_start)::date, "
        f"date_trunc('month', date_end)::date, date_precision = 'year', {sign}COUNT(*), {sums} "
        f"FROM {rows} GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7"
    )


def upsert(rows: str, sign: str) -> str:
    updates = ", ".join(f"{name} = r.{name} + EXCLUDED.{name}" for name in ["incidents", *FIGURES])
    return (
        f"INSERT INTO incidents_incidentrollup AS r ({KEY}, incidents, {', '.join(FIGURES)}) {grouped(rows, sign)} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET {updates};"
    )


CLEAN = (
    "DELETE FROM incidents_incidentrollup r USING (SELECT DISTINCT status, is_synthetic, region_id, incident_type, "
    "date_trunc('month', date_start)::date AS start_month, date_trunc('month', date_end)::date AS end_month, "
    "date_precision = 'year' AS year_only FROM old_rows) k WHERE r.incidents = 0 AND "
    "(r.status, r.is_synthetic, r.region_id, r.incident_type, r.start_month, r.end_month, r.year_only) = "
    "(k.status, k.is_synthetic, k.region_id, k.incident_type, k.start_month, k.end_month, k.year_only);"
)

CREATE = f"""
CREATE FUNCTION veta_incident_rollup() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM incidents_incidentrollup;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {upsert("old_rows", "-")}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {upsert("new_rows", "")}
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {CLEAN}
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER incident_rollup_insert AFTER INSERT ON incidents_incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION veta_incident_rollup();
CREATE TRIGGER incident_rollup_update AFTER UPDATE ON incidents_incident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION veta_incident_rollup();
CREATE TRIGGER incident_rollup_delete AFTER DELETE ON incidents_incident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION veta_incident_rollup();
CREATE TRIGGER incident_rollup_truncate AFTER TRUNCATE ON incidents_incident
    FOR EACH STATEMENT EXECUTE FUNCTION veta_incident_rollup();
INSERT INTO incidents_incidentrollup ({KEY}, incidents, {", ".join(FIGURES)}) {grouped("incidents_incident", "")};
"""

DROP = """
DROP TRIGGER IF EXISTS incident_rollup_insert ON incidents_incident;
DROP TRIGGER IF EXISTS incident_rollup_update ON incidents_incident;
DROP TRIGGER IF EXISTS incident_rollup_delete ON incidents_incident;
DROP TRIGGER IF EXISTS incident_rollup_truncate ON incidents_incident;
DROP FUNCTION IF EXISTS veta_incident_rollup();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0008_synthetic_tombstones"),
        ("regions", "0004_synthetic"),
    ]

    operations = [
        migrations.CreateModel(
            name="IncidentRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(max_length=10)),
                ("is_synthetic", models.BooleanField()),
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
            ],
            options={
                "verbose_name": "incident rollup",
                "verbose_name_plural": "incident rollups",
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "status",
                            "is_synthetic",
                            "region",
                            "incident_type",
                            "start_month",
                            "end_month",
                            "year_only",
                        ),
                        name="incident_rollup_key",
                    )
                ],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
