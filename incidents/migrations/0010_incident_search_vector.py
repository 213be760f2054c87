"""A stored full-text document per incident, with a GIN index, kept by triggers.

`veta_incident_search_vector` builds exactly the document the search filter used to compute
on every row at query time (`incidents.filtersets.INCIDENT_SEARCH_FIELDS`): the title,
description and location name, the region, province and district names and the mining
site's name, accents dropped, in Spanish. A BEFORE trigger fills it on every insert and
update of an incident; renaming a place or a site refreshes its incidents' documents.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


FUNCTION = """
CREATE FUNCTION veta_incident_search_vector(
    title text, description text, location_name text, region text, province text, district text, site bigint
) RETURNS tsvector
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT to_tsvector('spanish'::regconfig,
        COALESCE(veta_unaccent(title), '') || ' ' || COALESCE(veta_unaccent(description), '') || ' '
        || COALESCE(veta_unaccent(location_name), '') || ' '
        || COALESCE(veta_unaccent((SELECT display_name FROM regions_region WHERE code = region)), '') || ' '
        || COALESCE(veta_unaccent((SELECT display_name FROM regions_province WHERE code = province)), '') || ' '
        || COALESCE(veta_unaccent((SELECT display_name FROM regions_district WHERE code = district)), '') || ' '
        || COALESCE(veta_unaccent((SELECT name FROM regions_miningsite WHERE id = site)), ''))
$$;

CREATE FUNCTION veta_incident_search_vector_fill() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.search_vector := veta_incident_search_vector(
        NEW.title, NEW.description, NEW.location_name, NEW.region_id, NEW.province_id, NEW.district_id, NEW.site_id
    );
    RETURN NEW;
END;
$$;

CREATE TRIGGER incident_search_vector BEFORE INSERT OR UPDATE OF
    title, description, location_name, region_id, province_id, district_id, site_id, search_vector
    ON incidents_incident FOR EACH ROW EXECUTE FUNCTION veta_incident_search_vector_fill();

-- A renamed place or site: refresh the documents of its incidents (the trigger above recomputes them).
CREATE FUNCTION veta_incident_search_vector_rename() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'regions_region' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE region_id = NEW.code;
    ELSIF TG_TABLE_NAME = 'regions_province' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE province_id = NEW.code;
    ELSIF TG_TABLE_NAME = 'regions_district' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE district_id = NEW.code;
    ELSE
        UPDATE incidents_incident SET search_vector = NULL WHERE site_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER region_renamed_incident_search AFTER UPDATE OF display_name ON regions_region
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION veta_incident_search_vector_rename();
CREATE TRIGGER province_renamed_incident_search AFTER UPDATE OF display_name ON regions_province
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION veta_incident_search_vector_rename();
CREATE TRIGGER district_renamed_incident_search AFTER UPDATE OF display_name ON regions_district
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION veta_incident_search_vector_rename();
CREATE TRIGGER site_renamed_incident_search AFTER UPDATE OF name ON regions_miningsite
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION veta_incident_search_vector_rename();

UPDATE incidents_incident SET search_vector = NULL;
ANALYZE incidents_incident;
"""

DROP = """
DROP TRIGGER IF EXISTS region_renamed_incident_search ON regions_region;
DROP TRIGGER IF EXISTS province_renamed_incident_search ON regions_province;
DROP TRIGGER IF EXISTS district_renamed_incident_search ON regions_district;
DROP TRIGGER IF EXISTS site_renamed_incident_search ON regions_miningsite;
DROP TRIGGER IF EXISTS incident_search_vector ON incidents_incident;
DROP FUNCTION IF EXISTS veta_incident_search_vector_rename();
DROP FUNCTION IF EXISTS veta_incident_search_vector_fill();
DROP FUNCTION IF EXISTS veta_incident_search_vector(text, text, text, text, text, text, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0009_incident_rollup"),
        ("regions", "0004_synthetic"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(FUNCTION, DROP),
        migrations.AddIndex(
            model_name="incident",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="incident_search"),
        ),
    ]
