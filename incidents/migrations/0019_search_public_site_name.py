"""An incident's search document holds its mining site's name only while the site is published.

A draft site linked to a published incident made search for the site's name find the
incident, and so told the public the unpublished site's name (core.visibility: a record a
public one points to is withheld while it is not public itself, and search does not match
on its name). The document now takes the site's name only from a published site, and
publishing, unpublishing or renaming a site refreshes its incidents' documents.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION veta_incident_search_vector(
    title text, description text, location_name text, region text, province text, district text, site bigint
) RETURNS tsvector
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT to_tsvector('spanish'::regconfig,
        COALESCE(veta_unaccent(title), '') || ' ' || COALESCE(veta_unaccent(description), '') || ' '
        || COALESCE(veta_unaccent(location_name), '') || ' '
        || COALESCE(veta_unaccent((SELECT display_name FROM regions_region WHERE code = region)), '') || ' '
        || COALESCE(veta_unaccent((SELECT display_name FROM regions_province WHERE code = province)), '') || ' '
        || COALESCE(veta_unaccent((SELECT display_name FROM regions_district WHERE code = district)), '') || ' '
        || COALESCE(veta_unaccent((SELECT name FROM regions_miningsite WHERE id = site AND status = 'published')), ''))
$$;

DROP TRIGGER IF EXISTS site_renamed_incident_search ON regions_miningsite;
CREATE TRIGGER site_renamed_incident_search AFTER UPDATE OF name, status ON regions_miningsite
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION veta_incident_search_vector_rename();

UPDATE incidents_incident SET search_vector = NULL
WHERE site_id IN (SELECT id FROM regions_miningsite WHERE status <> 'published');
"""

REVERSE = """
CREATE OR REPLACE FUNCTION veta_incident_search_vector(
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

DROP TRIGGER IF EXISTS site_renamed_incident_search ON regions_miningsite;
CREATE TRIGGER site_renamed_incident_search AFTER UPDATE OF name ON regions_miningsite
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION veta_incident_search_vector_rename();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0018_without_synthetic"),
        ("regions", "0004_synthetic"),
    ]

    operations = [migrations.RunSQL(FUNCTION, REVERSE)]
