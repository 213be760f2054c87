"""Each derived figure keeps its qualifier (exact, about, at least, up to, range) beside low, best and high.

The qualifiers are filled from the claims by the same rule as `incidents.services.derive_figures`
(the figures themselves do not change: "at least N" already gave high N). The rollups gain,
per outcome, the number of incidents whose figure is open above (`<outcome>_open`), so a total
with an open part can say "at least": their triggers and JSON columns are written again from
the models and the measures (incidents.rollup), and the rollups refilled.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from incidents import rollup
from incidents.choices import FIGURE_OUTCOMES
from incidents.services import derive_figures

BATCH = 2000


class _Claim:
    """A historical claim as `derive_figures` reads it."""

    def __init__(self, claim) -> None:
        self.__dict__.update({f: getattr(claim, f) for f in ("pk", "source_id", "claimed_on", "grade", "wording")})
        self.chosen_as_best = claim.chosen_as_best
        self.claim = claim

    def figure(self, outcome: str):
        return getattr(self.claim, outcome)


# The real records' second report on the New Year attack says the death toll "could rise": its
# claim was entered as exact; overview/data/real_records.json now words it "at least", as here.
SEED_CLAIM = {
    "incident__import_key": "incident-2026-la-libertad-new-year-attack",
    "source__import_key": "source-peru-mine-attack-3-dead-7-missing",
    "killed": 3,
    "missing": 7,
    "wording": "exact",
}
SEED_CLAIM_NOTES = (
    "Local police reports: three deaths confirmed by initial information, the death toll could rise; "
    "search for the missing continuing. Article undated: the claim is dated to the last day of the event."
)


def fill_qualifiers(apps, schema_editor) -> None:
    """Derive every incident's qualifiers from its claims, in batches."""
    Incident = apps.get_model("incidents", "Incident")
    Claim = apps.get_model("incidents", "Claim")
    Claim.objects.filter(**SEED_CLAIM).update(wording="at_least", notes=SEED_CLAIM_NOTES)
    fields = [f"{outcome.value}_qualifier" for outcome in FIGURE_OUTCOMES]
    ids = list(Incident.objects.filter(claims__isnull=False).order_by("pk").values_list("pk", flat=True).distinct())
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        claims: dict[int, list] = {}
        for claim in Claim.objects.filter(incident_id__in=chunk):
            claims.setdefault(claim.incident_id, []).append(_Claim(claim))
        incidents = list(Incident.objects.filter(pk__in=chunk).only("pk", *fields))
        for incident in incidents:
            for outcome in FIGURE_OUTCOMES:
                figures = derive_figures(claims.get(incident.pk, []), outcome)
                setattr(incident, f"{outcome.value}_qualifier", figures.qualifier)
        Incident.objects.bulk_update(incidents, fields)


def install_rollups(apps, schema_editor) -> None:
    """The rollups' JSON columns, triggers and rows, as the models of this point in the migrations declare them."""
    models_ = [apps.get_model("incidents", "IncidentRollup"), apps.get_model("incidents", "IncidentRegionMonthRollup")]
    schema_editor.execute(rollup.json_columns_sql(models_[1]), params=None)
    schema_editor.execute(rollup.trigger_sql(*models_), params=None)
    schema_editor.execute(rollup.fill_sql(*models_), params=None)


def uninstall_rollups(apps, schema_editor) -> None:
    """No rollup triggers and JSON columns, for their columns to change."""
    schema_editor.execute(f"{rollup.DROP_TRIGGERS} {rollup.DROP_JSON_COLUMNS}", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0019_search_public_site_name"),
        ("regions", "0007_indicator_moves_to_overview"),
    ]

    operations = [
        migrations.RunPython(uninstall_rollups, install_rollups),
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
        migrations.AddField(
            model_name="incident",
            name="injured_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incident",
            name="kidnapped_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incident",
            name="killed_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incident",
            name="missing_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incident",
            name="rescued_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incidentevent",
            name="injured_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incidentevent",
            name="kidnapped_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incidentevent",
            name="killed_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incidentevent",
            name="missing_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incidentevent",
            name="rescued_qualifier",
            field=models.CharField(
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
        migrations.AddField(
            model_name="incidentregionmonthrollup",
            name="injured_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentregionmonthrollup",
            name="kidnapped_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentregionmonthrollup",
            name="killed_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentregionmonthrollup",
            name="missing_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentregionmonthrollup",
            name="rescued_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentrollup",
            name="injured_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentrollup",
            name="kidnapped_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentrollup",
            name="killed_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentrollup",
            name="missing_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incidentrollup",
            name="rescued_open",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="claim",
            name="wording",
            field=models.CharField(
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
        migrations.AlterField(
            model_name="claimevent",
            name="wording",
            field=models.CharField(
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
        migrations.RunPython(fill_qualifiers, migrations.RunPython.noop),
        pgtrigger.migrations.AddTrigger(
            model_name="incident",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "injured_qualifier", "kidnapped_best", "kidnapped_high", "kidnapped_low", "kidnapped_qualifier", "killed_best", "killed_high", "killed_low", "killed_qualifier", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "missing_qualifier", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "rescued_qualifier", "retraction_reason", "site_id", "status", "title", "updated_at") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."description", NEW."district_id", NEW."id", NEW."import_key", NEW."incident_type", NEW."injured_best", NEW."injured_high", NEW."injured_low", NEW."injured_qualifier", NEW."kidnapped_best", NEW."kidnapped_high", NEW."kidnapped_low", NEW."kidnapped_qualifier", NEW."killed_best", NEW."killed_high", NEW."killed_low", NEW."killed_qualifier", NEW."latitude", NEW."location_name", NEW."longitude", NEW."merged_into_id", NEW."missing_best", NEW."missing_high", NEW."missing_low", NEW."missing_qualifier", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."place_precision", NEW."province_id", NEW."published_at", NEW."region_id", NEW."rescued_best", NEW."rescued_high", NEW."rescued_low", NEW."rescued_qualifier", NEW."retraction_reason", NEW."site_id", NEW."status", NEW."title", NEW."updated_at"); RETURN NULL;',
                    hash="928cc2b6986fe9a08fab99967bc4fad1ecc75d9b",
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
                    condition='WHEN (OLD."date_end" IS DISTINCT FROM (NEW."date_end") OR OLD."date_precision" IS DISTINCT FROM (NEW."date_precision") OR OLD."date_start" IS DISTINCT FROM (NEW."date_start") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."import_key" IS DISTINCT FROM (NEW."import_key") OR OLD."incident_type" IS DISTINCT FROM (NEW."incident_type") OR OLD."injured_best" IS DISTINCT FROM (NEW."injured_best") OR OLD."injured_high" IS DISTINCT FROM (NEW."injured_high") OR OLD."injured_low" IS DISTINCT FROM (NEW."injured_low") OR OLD."injured_qualifier" IS DISTINCT FROM (NEW."injured_qualifier") OR OLD."kidnapped_best" IS DISTINCT FROM (NEW."kidnapped_best") OR OLD."kidnapped_high" IS DISTINCT FROM (NEW."kidnapped_high") OR OLD."kidnapped_low" IS DISTINCT FROM (NEW."kidnapped_low") OR OLD."kidnapped_qualifier" IS DISTINCT FROM (NEW."kidnapped_qualifier") OR OLD."killed_best" IS DISTINCT FROM (NEW."killed_best") OR OLD."killed_high" IS DISTINCT FROM (NEW."killed_high") OR OLD."killed_low" IS DISTINCT FROM (NEW."killed_low") OR OLD."killed_qualifier" IS DISTINCT FROM (NEW."killed_qualifier") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."location_name" IS DISTINCT FROM (NEW."location_name") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."merged_into_id" IS DISTINCT FROM (NEW."merged_into_id") OR OLD."missing_best" IS DISTINCT FROM (NEW."missing_best") OR OLD."missing_high" IS DISTINCT FROM (NEW."missing_high") OR OLD."missing_low" IS DISTINCT FROM (NEW."missing_low") OR OLD."missing_qualifier" IS DISTINCT FROM (NEW."missing_qualifier") OR OLD."place_precision" IS DISTINCT FROM (NEW."place_precision") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."published_at" IS DISTINCT FROM (NEW."published_at") OR OLD."region_id" IS DISTINCT FROM (NEW."region_id") OR OLD."rescued_best" IS DISTINCT FROM (NEW."rescued_best") OR OLD."rescued_high" IS DISTINCT FROM (NEW."rescued_high") OR OLD."rescued_low" IS DISTINCT FROM (NEW."rescued_low") OR OLD."rescued_qualifier" IS DISTINCT FROM (NEW."rescued_qualifier") OR OLD."retraction_reason" IS DISTINCT FROM (NEW."retraction_reason") OR OLD."site_id" IS DISTINCT FROM (NEW."site_id") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."title" IS DISTINCT FROM (NEW."title"))',
                    func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "injured_qualifier", "kidnapped_best", "kidnapped_high", "kidnapped_low", "kidnapped_qualifier", "killed_best", "killed_high", "killed_low", "killed_qualifier", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "missing_qualifier", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "rescued_qualifier", "retraction_reason", "site_id", "status", "title", "updated_at") VALUES (NEW."created_at", NEW."date_end", NEW."date_precision", NEW."date_start", NEW."description", NEW."district_id", NEW."id", NEW."import_key", NEW."incident_type", NEW."injured_best", NEW."injured_high", NEW."injured_low", NEW."injured_qualifier", NEW."kidnapped_best", NEW."kidnapped_high", NEW."kidnapped_low", NEW."kidnapped_qualifier", NEW."killed_best", NEW."killed_high", NEW."killed_low", NEW."killed_qualifier", NEW."latitude", NEW."location_name", NEW."longitude", NEW."merged_into_id", NEW."missing_best", NEW."missing_high", NEW."missing_low", NEW."missing_qualifier", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."place_precision", NEW."province_id", NEW."published_at", NEW."region_id", NEW."rescued_best", NEW."rescued_high", NEW."rescued_low", NEW."rescued_qualifier", NEW."retraction_reason", NEW."site_id", NEW."status", NEW."title", NEW."updated_at"); RETURN NULL;',
                    hash="b2f537e2fc3f2a230fc8f01744a2b726bb28eeb1",
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
                    func='INSERT INTO "incidents_incidentevent" ("created_at", "date_end", "date_precision", "date_start", "description", "district_id", "id", "import_key", "incident_type", "injured_best", "injured_high", "injured_low", "injured_qualifier", "kidnapped_best", "kidnapped_high", "kidnapped_low", "kidnapped_qualifier", "killed_best", "killed_high", "killed_low", "killed_qualifier", "latitude", "location_name", "longitude", "merged_into_id", "missing_best", "missing_high", "missing_low", "missing_qualifier", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place_precision", "province_id", "published_at", "region_id", "rescued_best", "rescued_high", "rescued_low", "rescued_qualifier", "retraction_reason", "site_id", "status", "title", "updated_at") VALUES (OLD."created_at", OLD."date_end", OLD."date_precision", OLD."date_start", OLD."description", OLD."district_id", OLD."id", OLD."import_key", OLD."incident_type", OLD."injured_best", OLD."injured_high", OLD."injured_low", OLD."injured_qualifier", OLD."kidnapped_best", OLD."kidnapped_high", OLD."kidnapped_low", OLD."kidnapped_qualifier", OLD."killed_best", OLD."killed_high", OLD."killed_low", OLD."killed_qualifier", OLD."latitude", OLD."location_name", OLD."longitude", OLD."merged_into_id", OLD."missing_best", OLD."missing_high", OLD."missing_low", OLD."missing_qualifier", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."place_precision", OLD."province_id", OLD."published_at", OLD."region_id", OLD."rescued_best", OLD."rescued_high", OLD."rescued_low", OLD."rescued_qualifier", OLD."retraction_reason", OLD."site_id", OLD."status", OLD."title", OLD."updated_at"); RETURN NULL;',
                    hash="0ec0395d50a736c921b18572879f25c4b4b77146",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_2fefa",
                    table="incidents_incident",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="incident",
            constraint=models.CheckConstraint(
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
        ),
        migrations.AddConstraint(
            model_name="incident",
            constraint=models.CheckConstraint(
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
        ),
        migrations.AddConstraint(
            model_name="incident",
            constraint=models.CheckConstraint(
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
        ),
        migrations.AddConstraint(
            model_name="incident",
            constraint=models.CheckConstraint(
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
        ),
        migrations.AddConstraint(
            model_name="incident",
            constraint=models.CheckConstraint(
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
        ),
        migrations.RunPython(install_rollups, uninstall_rollups),
    ]
