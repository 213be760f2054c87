"""Peru's regions, provinces and districts, protected areas and mining sites, with their history.

Squashes 0001–0007 (`replaces`): a database migrated with those counts this one as applied, and a new
database gets the schema they left, down to the order of each table's columns (a column added later
comes last) and the names of its constraints and indexes. The history triggers are in the models'
options, so pgtrigger's schema editor installs them with each table; a proxy model's come after it
(creating a proxy touches no table).

Context figures, first made here, are the overview app's (their tables keep their first names).
"""

import django.contrib.postgres.fields
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import pghistory.utils
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


# veta_unaccent(text): accent-free text for search, without needing the unaccent extension.
# The embedded PostgreSQL ships without contrib extensions, so this plain SQL function does the
# job on every server Veta runs on; it keeps ñ, a letter of its own in Spanish.
ACCENTED = "ÁÉÍÓÚÜÀÈÌÒÙáéíóúüàèìòù"
PLAIN = "AEIOUUAEIOUaeiouuaeiou"
UNACCENT = f"""
CREATE OR REPLACE FUNCTION veta_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate($1, '{ACCENTED}', '{PLAIN}') $$;
"""

# Only a published record leaves a tombstone when it is deleted or unpublished (drafts were never public).
TOMBSTONE_TRIGGERS = """
CREATE TRIGGER mining_site_tombstone_deleted AFTER DELETE ON regions_miningsite
    FOR EACH ROW WHEN (OLD.status = 'published')
    EXECUTE FUNCTION veta_tombstone_deleted('regions.miningsite');
CREATE TRIGGER mining_site_tombstone_unpublished AFTER UPDATE OF status ON regions_miningsite
    FOR EACH ROW WHEN (OLD.status = 'published' AND NEW.status IS DISTINCT FROM 'published')
    EXECUTE FUNCTION veta_tombstone_unpublished('regions.miningsite');
"""
DROP_TOMBSTONE_TRIGGERS = """
DROP TRIGGER IF EXISTS mining_site_tombstone_deleted ON regions_miningsite;
DROP TRIGGER IF EXISTS mining_site_tombstone_unpublished ON regions_miningsite;
"""


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("regions", "0001_initial"),
        ("regions", "0002_veta_unaccent"),
        ("regions", "0003_history"),
        ("regions", "0004_synthetic"),
        ("regions", "0005_synthetic_db_default"),
        ("regions", "0006_without_synthetic"),
        ("regions", "0007_indicator_moves_to_overview"),
    ]

    dependencies = [
        ("core", "0001_squashed_0002"),
    ]

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "name",
                    models.CharField(
                        help_text="As INEI writes it: upper case.", max_length=100, verbose_name="official name"
                    ),
                ),
                (
                    "display_name",
                    models.CharField(help_text="With accents, for people.", max_length=100, verbose_name="name"),
                ),
                ("capital", models.CharField(blank=True, max_length=100, verbose_name="capital")),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital latitude"
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital longitude"
                    ),
                ),
                (
                    "area_km2",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="area (km²)"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=2,
                        primary_key=True,
                        serialize=False,
                        validators=[django.core.validators.RegexValidator("^\\d{2}$", "Two digits.")],
                        verbose_name="INEI code",
                    ),
                ),
                ("iso_code", models.CharField(max_length=6, unique=True, verbose_name="ISO 3166-2 code")),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regions",
                "ordering": ["code"],
                "abstract": False,
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("code__regex", "^\\d{2}$")), name="region_code_two_digits"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="region_coordinates_paired",
                        violation_error_message="Give both latitude and longitude, or neither.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__isnull", True),
                            models.Q(("latitude__gte", -18.4), ("latitude__lte", 0.0)),
                            _connector="OR",
                        ),
                        name="region_latitude_in_peru",
                        violation_error_message="Latitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("longitude__isnull", True),
                            models.Q(("longitude__gte", -81.4), ("longitude__lte", -68.6)),
                            _connector="OR",
                        ),
                        name="region_longitude_in_peru",
                        violation_error_message="Longitude lies outside Peru.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "regions_regionevent" ("area_km2", "capital", "code", "created_at", "display_name", "iso_code", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."area_km2", NEW."capital", NEW."code", NEW."created_at", NEW."display_name", NEW."iso_code", NEW."latitude", NEW."longitude", NEW."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."code", NEW."updated_at"); RETURN NULL;',
                            hash="0ed8714f504fbbca5067db882be445a1dd9fe2b0",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_5c668",
                            table="regions_region",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."area_km2" IS DISTINCT FROM (NEW."area_km2") OR OLD."capital" IS DISTINCT FROM (NEW."capital") OR OLD."code" IS DISTINCT FROM (NEW."code") OR OLD."display_name" IS DISTINCT FROM (NEW."display_name") OR OLD."iso_code" IS DISTINCT FROM (NEW."iso_code") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."name" IS DISTINCT FROM (NEW."name"))',
                            func='INSERT INTO "regions_regionevent" ("area_km2", "capital", "code", "created_at", "display_name", "iso_code", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."area_km2", NEW."capital", NEW."code", NEW."created_at", NEW."display_name", NEW."iso_code", NEW."latitude", NEW."longitude", NEW."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."code", NEW."updated_at"); RETURN NULL;',
                            hash="87eb14108b37e05e9264bea7405eeb65d1a0ac11",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_ce801",
                            table="regions_region",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "regions_regionevent" ("area_km2", "capital", "code", "created_at", "display_name", "iso_code", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (OLD."area_km2", OLD."capital", OLD."code", OLD."created_at", OLD."display_name", OLD."iso_code", OLD."latitude", OLD."longitude", OLD."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."code", OLD."updated_at"); RETURN NULL;',
                            hash="f172372c11080c7dbb2944c9e8d15cd64ceb628d",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_dc4f6",
                            table="regions_region",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Province",
            fields=[
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "name",
                    models.CharField(
                        help_text="As INEI writes it: upper case.", max_length=100, verbose_name="official name"
                    ),
                ),
                (
                    "display_name",
                    models.CharField(help_text="With accents, for people.", max_length=100, verbose_name="name"),
                ),
                ("capital", models.CharField(blank=True, max_length=100, verbose_name="capital")),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital latitude"
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital longitude"
                    ),
                ),
                (
                    "area_km2",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="area (km²)"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=4,
                        primary_key=True,
                        serialize=False,
                        validators=[django.core.validators.RegexValidator("^\\d{4}$", "Four digits.")],
                        verbose_name="INEI code",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="provinces",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "province",
                "verbose_name_plural": "provinces",
                "ordering": ["code"],
                "abstract": False,
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("code__regex", "^\\d{4}$")), name="province_code_four_digits"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("region", django.db.models.functions.text.Left("code", 2))),
                        name="province_code_starts_with_region",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="province_coordinates_paired",
                        violation_error_message="Give both latitude and longitude, or neither.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__isnull", True),
                            models.Q(("latitude__gte", -18.4), ("latitude__lte", 0.0)),
                            _connector="OR",
                        ),
                        name="province_latitude_in_peru",
                        violation_error_message="Latitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("longitude__isnull", True),
                            models.Q(("longitude__gte", -81.4), ("longitude__lte", -68.6)),
                            _connector="OR",
                        ),
                        name="province_longitude_in_peru",
                        violation_error_message="Longitude lies outside Peru.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "regions_provinceevent" ("area_km2", "capital", "code", "created_at", "display_name", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "updated_at") VALUES (NEW."area_km2", NEW."capital", NEW."code", NEW."created_at", NEW."display_name", NEW."latitude", NEW."longitude", NEW."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."code", NEW."region_id", NEW."updated_at"); RETURN NULL;',
                            hash="5371c4b22eb762c8388d495f451893d52ddf9192",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_6722a",
                            table="regions_province",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."area_km2" IS DISTINCT FROM (NEW."area_km2") OR OLD."capital" IS DISTINCT FROM (NEW."capital") OR OLD."code" IS DISTINCT FROM (NEW."code") OR OLD."display_name" IS DISTINCT FROM (NEW."display_name") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."region_id" IS DISTINCT FROM (NEW."region_id"))',
                            func='INSERT INTO "regions_provinceevent" ("area_km2", "capital", "code", "created_at", "display_name", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "updated_at") VALUES (NEW."area_km2", NEW."capital", NEW."code", NEW."created_at", NEW."display_name", NEW."latitude", NEW."longitude", NEW."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."code", NEW."region_id", NEW."updated_at"); RETURN NULL;',
                            hash="7cf47cb714e622262891712a22a9ae0361aeb279",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_1763b",
                            table="regions_province",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "regions_provinceevent" ("area_km2", "capital", "code", "created_at", "display_name", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region_id", "updated_at") VALUES (OLD."area_km2", OLD."capital", OLD."code", OLD."created_at", OLD."display_name", OLD."latitude", OLD."longitude", OLD."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."code", OLD."region_id", OLD."updated_at"); RETURN NULL;',
                            hash="ca400de0bd73f10a26a10eb236ae55651d172dbd",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_4ad44",
                            table="regions_province",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="District",
            fields=[
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "name",
                    models.CharField(
                        help_text="As INEI writes it: upper case.", max_length=100, verbose_name="official name"
                    ),
                ),
                (
                    "display_name",
                    models.CharField(help_text="With accents, for people.", max_length=100, verbose_name="name"),
                ),
                ("capital", models.CharField(blank=True, max_length=100, verbose_name="capital")),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital latitude"
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital longitude"
                    ),
                ),
                (
                    "area_km2",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="area (km²)"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=6,
                        primary_key=True,
                        serialize=False,
                        validators=[django.core.validators.RegexValidator("^\\d{6}$", "Six digits.")],
                        verbose_name="INEI code",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="districts",
                        to="regions.province",
                        verbose_name="province",
                    ),
                ),
            ],
            options={
                "verbose_name": "district",
                "verbose_name_plural": "districts",
                "ordering": ["code"],
                "abstract": False,
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("code__regex", "^\\d{6}$")), name="district_code_six_digits"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("province", django.db.models.functions.text.Left("code", 4))),
                        name="district_code_starts_with_province",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="district_coordinates_paired",
                        violation_error_message="Give both latitude and longitude, or neither.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__isnull", True),
                            models.Q(("latitude__gte", -18.4), ("latitude__lte", 0.0)),
                            _connector="OR",
                        ),
                        name="district_latitude_in_peru",
                        violation_error_message="Latitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("longitude__isnull", True),
                            models.Q(("longitude__gte", -81.4), ("longitude__lte", -68.6)),
                            _connector="OR",
                        ),
                        name="district_longitude_in_peru",
                        violation_error_message="Longitude lies outside Peru.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "regions_districtevent" ("area_km2", "capital", "code", "created_at", "display_name", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "province_id", "updated_at") VALUES (NEW."area_km2", NEW."capital", NEW."code", NEW."created_at", NEW."display_name", NEW."latitude", NEW."longitude", NEW."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."code", NEW."province_id", NEW."updated_at"); RETURN NULL;',
                            hash="d7c2dbac2a5b8a457f13655a5bfadb88c7b7db8b",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_53345",
                            table="regions_district",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."area_km2" IS DISTINCT FROM (NEW."area_km2") OR OLD."capital" IS DISTINCT FROM (NEW."capital") OR OLD."code" IS DISTINCT FROM (NEW."code") OR OLD."display_name" IS DISTINCT FROM (NEW."display_name") OR OLD."latitude" IS DISTINCT FROM (NEW."latitude") OR OLD."longitude" IS DISTINCT FROM (NEW."longitude") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id"))',
                            func='INSERT INTO "regions_districtevent" ("area_km2", "capital", "code", "created_at", "display_name", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "province_id", "updated_at") VALUES (NEW."area_km2", NEW."capital", NEW."code", NEW."created_at", NEW."display_name", NEW."latitude", NEW."longitude", NEW."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."code", NEW."province_id", NEW."updated_at"); RETURN NULL;',
                            hash="816f31453fd0b67fb627b01461cbcabfdb6504a9",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_4b17f",
                            table="regions_district",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "regions_districtevent" ("area_km2", "capital", "code", "created_at", "display_name", "latitude", "longitude", "name", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "province_id", "updated_at") VALUES (OLD."area_km2", OLD."capital", OLD."code", OLD."created_at", OLD."display_name", OLD."latitude", OLD."longitude", OLD."name", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."code", OLD."province_id", OLD."updated_at"); RETURN NULL;',
                            hash="1ed67df2a1ad4919ca27c53275aaca312a4dc309",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_df295",
                            table="regions_district",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ProtectedArea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("national_park", "national park"),
                            ("national_reserve", "national reserve"),
                            ("national_sanctuary", "national sanctuary"),
                            ("historic_sanctuary", "historic sanctuary"),
                            ("communal_reserve", "communal reserve"),
                            ("wildlife_refuge", "wildlife refuge"),
                            ("landscape_reserve", "landscape reserve"),
                            ("protection_forest", "protection forest"),
                            ("hunting_reserve", "hunting reserve"),
                            ("reserved_zone", "reserved zone"),
                            ("regional_conservation_area", "regional conservation area"),
                            ("private_conservation_area", "private conservation area"),
                        ],
                        max_length=30,
                        verbose_name="category",
                    ),
                ),
                (
                    "hectares",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="hectares",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "regions",
                    models.ManyToManyField(related_name="protected_areas", to="regions.region", verbose_name="regions"),
                ),
            ],
            options={
                "verbose_name": "protected area",
                "verbose_name_plural": "protected areas",
                "ordering": ["name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("hectares__gte", 0)), name="protected_area_hectares_not_negative"
                    )
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
                        name="insert_insert",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "regions_protectedareaevent" ("category", "created_at", "hectares", "id", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."category", NEW."created_at", NEW."hectares", NEW."id", NEW."name", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."updated_at"); RETURN NULL;',
                            hash="79065c668af931d394f3e68c43cd05c387c5d35b",
                            operation="INSERT",
                            pgid="pgtrigger_insert_insert_822c3",
                            table="regions_protectedarea",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="update_update",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            condition='WHEN (OLD."category" IS DISTINCT FROM (NEW."category") OR OLD."hectares" IS DISTINCT FROM (NEW."hectares") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."notes" IS DISTINCT FROM (NEW."notes"))',
                            func='INSERT INTO "regions_protectedareaevent" ("category", "created_at", "hectares", "id", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."category", NEW."created_at", NEW."hectares", NEW."id", NEW."name", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."updated_at"); RETURN NULL;',
                            hash="26d9d5ec7bdf4cd2846bbc01e4b21eaf2d0eb62e",
                            operation="UPDATE",
                            pgid="pgtrigger_update_update_a2449",
                            table="regions_protectedarea",
                            when="AFTER",
                        ),
                    ),
                    pgtrigger.compiler.Trigger(
                        name="delete_delete",
                        sql=pgtrigger.compiler.UpsertTriggerSql(
                            func='INSERT INTO "regions_protectedareaevent" ("category", "created_at", "hectares", "id", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (OLD."category", OLD."created_at", OLD."hectares", OLD."id", OLD."name", OLD."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."updated_at"); RETURN NULL;',
                            hash="335f9322ffdc8eff3bab9bc0ef017532e1813364",
                            operation="DELETE",
                            pgid="pgtrigger_delete_delete_28023",
                            table="regions_protectedarea",
                            when="AFTER",
                        ),
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="MiningSite",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated at")),
                (
                    "place_precision",
                    models.CharField(
                        choices=[
                            ("exact", "exact place"),
                            ("near", "near a named place (~25 km)"),
                            ("district", "district"),
                            ("province", "province"),
                            ("region", "region"),
                        ],
                        default="region",
                        max_length=10,
                        verbose_name="place precision",
                    ),
                ),
                (
                    "location_name",
                    models.CharField(
                        blank=True,
                        help_text="Named place as sources give it, e.g. a sector or town.",
                        max_length=200,
                        verbose_name="location name",
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="latitude"),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="longitude"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "aliases",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=200),
                        blank=True,
                        default=list,
                        help_text="Other names sources use, separated by commas.",
                        size=None,
                        verbose_name="other names",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("tunnel_entrance", "tunnel entrance (socavón)"),
                            ("alluvial_area", "alluvial mining area"),
                            ("river_dredging", "river dredging (rafts and dredges)"),
                            ("camp", "mining camp"),
                            ("plant", "processing plant"),
                            ("other", "other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "legal_status",
                    models.CharField(
                        choices=[
                            ("concession", "concession"),
                            ("reinfo_registered", "REINFO-registered"),
                            ("illegal", "illegal"),
                            ("unknown", "unknown"),
                        ],
                        default="unknown",
                        max_length=20,
                        verbose_name="legal status",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("in_review", "in review"),
                            ("published", "published"),
                            ("retracted", "retracted"),
                        ],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "import_key",
                    models.CharField(
                        blank=True,
                        help_text="Identifier given by the import that created the record; re-imports match on it.",
                        max_length=100,
                        null=True,
                        unique=True,
                        verbose_name="import key",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="regions.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "protected_area",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mining_sites",
                        to="regions.protectedarea",
                        verbose_name="protected area",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="regions.province",
                        verbose_name="province",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="regions.region", verbose_name="region"
                    ),
                ),
            ],
            options={
                "verbose_name": "mining site",
                "verbose_name_plural": "mining sites",
                "ordering": ["name"],
                "indexes": [models.Index(fields=["region", "province", "district"], name="mining_site_place")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(("latitude__isnull", False), ("longitude__isnull", False)),
                            _connector="OR",
                        ),
                        name="mining_site_coordinates_paired",
                        violation_error_message="Give both latitude and longitude, or neither.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__isnull", True),
                            models.Q(("latitude__gte", -18.4), ("latitude__lte", 0.0)),
                            _connector="OR",
                        ),
                        name="mining_site_latitude_in_peru",
                        violation_error_message="Latitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("longitude__isnull", True),
                            models.Q(("longitude__gte", -81.4), ("longitude__lte", -68.6)),
                            _connector="OR",
                        ),
                        name="mining_site_longitude_in_peru",
                        violation_error_message="Longitude lies outside Peru.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("province__isnull", True),
                            ("region", django.db.models.functions.text.Left("province", 2)),
                            _connector="OR",
                        ),
                        name="mining_site_province_in_region",
                        violation_error_message="The province is not in the region.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("district__isnull", True),
                            ("province", django.db.models.functions.text.Left("district", 4)),
                            _connector="OR",
                        ),
                        name="mining_site_district_in_province",
                        violation_error_message="The district is not in the province.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "region"), _negated=True),
                            models.Q(("district__isnull", True), ("province__isnull", True)),
                            _connector="OR",
                        ),
                        name="mining_site_region_precision_names_no_finer_place",
                        violation_error_message="A place known only at region level has no province or district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "province"), _negated=True),
                            models.Q(("district__isnull", True), ("province__isnull", False)),
                            _connector="OR",
                        ),
                        name="mining_site_province_precision_names_province_only",
                        violation_error_message="A place known at province level needs its province and no district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision", "district"), _negated=True),
                            ("district__isnull", False),
                            _connector="OR",
                        ),
                        name="mining_site_district_precision_names_district",
                        violation_error_message="A place known at district level needs its district.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("place_precision__in", ["exact", "near"]), _negated=True),
                            ("latitude__isnull", False),
                            _connector="OR",
                        ),
                        name="mining_site_point_precision_has_coordinates",
                        violation_error_message="An exact or nearby place needs coordinates.",
                    ),
                ],
                "triggers": [
                    pgtrigger.compiler.Trigger(
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
                    pgtrigger.compiler.Trigger(
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
                    pgtrigger.compiler.Trigger(
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
                ],
            },
        ),
        migrations.CreateModel(
            name="DistrictEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "name",
                    models.CharField(
                        help_text="As INEI writes it: upper case.", max_length=100, verbose_name="official name"
                    ),
                ),
                (
                    "display_name",
                    models.CharField(help_text="With accents, for people.", max_length=100, verbose_name="name"),
                ),
                ("capital", models.CharField(blank=True, max_length=100, verbose_name="capital")),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital latitude"
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital longitude"
                    ),
                ),
                (
                    "area_km2",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="area (km²)"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=6,
                        serialize=False,
                        validators=[django.core.validators.RegexValidator("^\\d{6}$", "Six digits.")],
                        verbose_name="INEI code",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="regions.district",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.province",
                        verbose_name="province",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="MiningSiteEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "place_precision",
                    models.CharField(
                        choices=[
                            ("exact", "exact place"),
                            ("near", "near a named place (~25 km)"),
                            ("district", "district"),
                            ("province", "province"),
                            ("region", "region"),
                        ],
                        default="region",
                        max_length=10,
                        verbose_name="place precision",
                    ),
                ),
                (
                    "location_name",
                    models.CharField(
                        blank=True,
                        help_text="Named place as sources give it, e.g. a sector or town.",
                        max_length=200,
                        verbose_name="location name",
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="latitude"),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="longitude"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "aliases",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=200),
                        blank=True,
                        default=list,
                        help_text="Other names sources use, separated by commas.",
                        size=None,
                        verbose_name="other names",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("tunnel_entrance", "tunnel entrance (socavón)"),
                            ("alluvial_area", "alluvial mining area"),
                            ("river_dredging", "river dredging (rafts and dredges)"),
                            ("camp", "mining camp"),
                            ("plant", "processing plant"),
                            ("other", "other"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "legal_status",
                    models.CharField(
                        choices=[
                            ("concession", "concession"),
                            ("reinfo_registered", "REINFO-registered"),
                            ("illegal", "illegal"),
                            ("unknown", "unknown"),
                        ],
                        default="unknown",
                        max_length=20,
                        verbose_name="legal status",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("in_review", "in review"),
                            ("published", "published"),
                            ("retracted", "retracted"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "import_key",
                    models.CharField(
                        blank=True,
                        help_text="Identifier given by the import that created the record; re-imports match on it.",
                        max_length=100,
                        null=True,
                        verbose_name="import key",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="regions.miningsite",
                    ),
                ),
                (
                    "protected_area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.protectedarea",
                        verbose_name="protected area",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.province",
                        verbose_name="province",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ProtectedAreaEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("national_park", "national park"),
                            ("national_reserve", "national reserve"),
                            ("national_sanctuary", "national sanctuary"),
                            ("historic_sanctuary", "historic sanctuary"),
                            ("communal_reserve", "communal reserve"),
                            ("wildlife_refuge", "wildlife refuge"),
                            ("landscape_reserve", "landscape reserve"),
                            ("protection_forest", "protection forest"),
                            ("hunting_reserve", "hunting reserve"),
                            ("reserved_zone", "reserved zone"),
                            ("regional_conservation_area", "regional conservation area"),
                            ("private_conservation_area", "private conservation area"),
                        ],
                        max_length=30,
                        verbose_name="category",
                    ),
                ),
                (
                    "hectares",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="hectares",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="regions.protectedarea",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ProtectedAreaRegion",
            fields=[],
            options={
                "verbose_name": "region of a protected area",
                "verbose_name_plural": "regions of protected areas",
                "proxy": True,
            },
            bases=("regions.protectedarea_regions",),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="protectedarearegion",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "regions_protectedarearegionevent" ("id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "protectedarea_id", "region_id") VALUES (NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."protectedarea_id", NEW."region_id"); RETURN NULL;',
                    hash="35428e9879d954fdfcce171987737e04d7291c01",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_c2e05",
                    table="regions_protectedarea_regions",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="protectedarearegion",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "regions_protectedarearegionevent" ("id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "protectedarea_id", "region_id") VALUES (NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."protectedarea_id", NEW."region_id"); RETURN NULL;',
                    hash="d752bb762288445b1482f2f109fea766834f69db",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_20893",
                    table="regions_protectedarea_regions",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="protectedarearegion",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "regions_protectedarearegionevent" ("id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "protectedarea_id", "region_id") VALUES (OLD."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."protectedarea_id", OLD."region_id"); RETURN NULL;',
                    hash="c75ac9ee1a52bded9abdc0c35982cee3f990867e",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_968c1",
                    table="regions_protectedarea_regions",
                    when="AFTER",
                ),
            ),
        ),
        migrations.CreateModel(
            name="ProtectedAreaRegionEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("id", models.BigIntegerField()),
                (
                    "protectedarea",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.protectedarea",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        db_tablespace="",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.region",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ProvinceEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "name",
                    models.CharField(
                        help_text="As INEI writes it: upper case.", max_length=100, verbose_name="official name"
                    ),
                ),
                (
                    "display_name",
                    models.CharField(help_text="With accents, for people.", max_length=100, verbose_name="name"),
                ),
                ("capital", models.CharField(blank=True, max_length=100, verbose_name="capital")),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital latitude"
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital longitude"
                    ),
                ),
                (
                    "area_km2",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="area (km²)"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=4,
                        serialize=False,
                        validators=[django.core.validators.RegexValidator("^\\d{4}$", "Four digits.")],
                        verbose_name="INEI code",
                    ),
                ),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="regions.province",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="RegionEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("pgh_context", pghistory.utils.JSONField(null=True)),
                ("pgh_context_id", models.UUIDField(null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "name",
                    models.CharField(
                        help_text="As INEI writes it: upper case.", max_length=100, verbose_name="official name"
                    ),
                ),
                (
                    "display_name",
                    models.CharField(help_text="With accents, for people.", max_length=100, verbose_name="name"),
                ),
                ("capital", models.CharField(blank=True, max_length=100, verbose_name="capital")),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital latitude"
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="capital longitude"
                    ),
                ),
                (
                    "area_km2",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="area (km²)"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=2,
                        serialize=False,
                        validators=[django.core.validators.RegexValidator("^\\d{2}$", "Two digits.")],
                        verbose_name="INEI code",
                    ),
                ),
                ("iso_code", models.CharField(max_length=6, verbose_name="ISO 3166-2 code")),
                (
                    "pgh_obj",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="events",
                        to="regions.region",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.RunSQL(UNACCENT, "DROP FUNCTION IF EXISTS veta_unaccent(text);"),
        migrations.RunSQL(TOMBSTONE_TRIGGERS, DROP_TOMBSTONE_TRIGGERS),
    ]
