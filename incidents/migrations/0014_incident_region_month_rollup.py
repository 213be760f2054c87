"""Incident rollup by region and month per audience, kept by the statement triggers of incidents/0009.

The trigger function of 0009 is replaced by one that keeps both rollups, with the same
transition tables, in the same transaction. Upserts go in key order, as in 0009, so that
concurrent statements lock rows in the same order.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

fine = importlib.import_module("incidents.migrations.0009_incident_rollup")

FIGURES = fine.FIGURES
KEY = "with_drafts, with_synthetic, region_id, month, year_only"
# Every audience that sees an incident: drafts or published only × synthetic or real only.
AUDIENCES = (
    "JOIN (VALUES (false, false), (false, true), (true, false), (true, true)) AS audience (with_drafts, with_synthetic) "
    "ON (audience.with_drafts OR status = 'published') AND (audience.with_synthetic OR NOT is_synthetic)"
)
MONTH = "date_trunc(CASE WHEN date_precision = 'year' THEN 'year' ELSE 'month' END, date_start)::date"


def grouped(rows: str, sign: str) -> str:
    """The signed per-key counts and sums of a transition table."""
    sums = ", ".join(f"{sign}COALESCE(SUM({name}), 0)" for name in FIGURES)
    return (
        f"SELECT audience.with_drafts, audience.with_synthetic, region_id, {MONTH}, date_precision = 'year', "
        f"{sign}COUNT(*), {sums} FROM {rows} {AUDIENCES} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
    )


def upsert(rows: str, sign: str) -> str:
    updates = ", ".join(f"{name} = r.{name} + EXCLUDED.{name}" for name in ["incidents", *FIGURES])
    return (
        f"INSERT INTO incidents_incidentregionmonthrollup AS r ({KEY}, incidents, {', '.join(FIGURES)}) "
        f"{grouped(rows, sign)} ON CONFLICT ({KEY}) DO UPDATE SET {updates};"
    )


CLEAN = (
    "DELETE FROM incidents_incidentregionmonthrollup r USING (SELECT DISTINCT region_id, "
    f"{MONTH} AS month, date_precision = 'year' AS year_only FROM old_rows) k WHERE r.incidents = 0 AND "
    "(r.region_id, r.month, r.year_only) = (k.region_id, k.month, k.year_only);"
)


def function(old: list[str], new: list[str], clean: list[str], truncate: list[str]) -> str:
    """The trigger function of the rollups: the statements per kind of change."""
    return f"""
CREATE OR REPLACE FUNCTION veta_incident_rollup() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        {" ".join(truncate)}
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {" ".join(old)}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {" ".join(new)}
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {" ".join(clean)}
    END IF;
    RETURN NULL;
END;
$$;
"""


# The JSON of a row's month and figures, as /api/v1/stats/incidents/ writes them, kept with the row:
# month × region answers with thousands of groups, and writing them at every read cost more than
# the query (overview.api.stats.IncidentStatsView; tests compare both with the GROUP BY's answer).
MONTH_JSON = (
    'CASE WHEN year_only THEN \'"month":null,"year":\' || extract(year FROM month)::int::text '
    '|| \',"precision":"year"\' ELSE \'"month":"\' || extract(year FROM month)::int::text || \'-\' '
    "|| lpad(extract(month FROM month)::int::text, 2, '0') || '\"' END"
)
FIGURES_JSON = "'\"incidents\":' || incidents::text || " + " || ".join(
    f'\',"{outcome}":{{"low":\' || {outcome}_low::text || \',"best":\' || {outcome}_best::text '
    f"|| ',\"high\":' || {outcome}_high::text || '}}'"
    for outcome in ("killed", "injured", "missing", "kidnapped", "rescued")
)
ADD_JSON = (
    f"ALTER TABLE incidents_incidentregionmonthrollup ADD COLUMN month_json text GENERATED ALWAYS AS ({MONTH_JSON}) "
    f"STORED, ADD COLUMN figures_json text GENERATED ALWAYS AS ({FIGURES_JSON}) STORED;"
)
DROP_JSON = "ALTER TABLE incidents_incidentregionmonthrollup DROP COLUMN month_json, DROP COLUMN figures_json;"

BOTH = function(
    old=[fine.upsert("old_rows", "-"), upsert("old_rows", "-")],
    new=[fine.upsert("new_rows", ""), upsert("new_rows", "")],
    clean=[fine.CLEAN, CLEAN],
    truncate=["DELETE FROM incidents_incidentrollup;", "DELETE FROM incidents_incidentregionmonthrollup;"],
)
FILL = f"INSERT INTO incidents_incidentregionmonthrollup ({KEY}, incidents, {', '.join(FIGURES)}) {grouped('incidents_incident', '')};"
FINE_ONLY = function(
    old=[fine.upsert("old_rows", "-")],
    new=[fine.upsert("new_rows", "")],
    clean=[fine.CLEAN],
    truncate=["DELETE FROM incidents_incidentrollup;"],
)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0013_incident_merged_into"),
        ("regions", "0005_synthetic_db_default"),
    ]

    operations = [
        migrations.CreateModel(
            name="IncidentRegionMonthRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("with_drafts", models.BooleanField(help_text="Counts every status, not only published incidents.")),
                ("with_synthetic", models.BooleanField(help_text="Counts synthetic incidents too.")),
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
            ],
            options={
                "verbose_name": "incident rollup by region and month",
                "verbose_name_plural": "incident rollups by region and month",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("with_drafts", "with_synthetic", "region", "month", "year_only"),
                        name="incident_region_month_rollup_key",
                    )
                ],
            },
        ),
        migrations.RunSQL(ADD_JSON, DROP_JSON),
        migrations.RunSQL(BOTH + FILL, FINE_ONLY),
    ]
