"""The SQL of the incidents' stored search document, in Spanish and English together.

Written by migration incidents/0001_squashed_0024 and read by the tests; the type labels
are frozen here as the migration writes them, and `tests/incidents/test_search_vector.py`
checks they still match `IncidentType` in both languages.
"""

# (code, English label, Spanish label) of each incident type, as the document holds them.
TYPE_LABELS = [
    ("armed_attack", "armed attack", "ataque armado"),
    ("massacre", "massacre (4 or more killed)", "masacre (4 o más muertos)"),
    ("kidnapping", "kidnapping", "secuestro"),
    ("extortion", "extortion", "extorsión"),
    (
        "attack_on_security_forces",
        "attack on security forces (incl. arson)",
        "ataque a las fuerzas del orden (incl. incendio)",
    ),
    ("clash_with_security_forces", "clash with security forces", "enfrentamiento con las fuerzas del orden"),
    ("protest_violence", "riot or protest violence", "disturbios o violencia en protestas"),
    ("trafficking", "human trafficking or rescue", "trata de personas o rescate"),
    ("other", "other", "otro"),
]

# The text configurations the document and the queries are stemmed with.
SEARCH_CONFIGS = ("spanish", "english")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def type_labels_function() -> str:
    cases = "\n".join(f"        WHEN {_literal(code)} THEN {_literal(en + ' ' + es)}" for code, en, es in TYPE_LABELS)
    return f"""
CREATE OR REPLACE FUNCTION veta_incident_type_labels(code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE code
{cases}
        ELSE '' END
$$;
"""


FORWARD = (
    """
DROP TRIGGER IF EXISTS incident_search_vector ON incidents_incident;
DROP FUNCTION IF EXISTS veta_incident_search_vector_fill();
DROP FUNCTION IF EXISTS veta_incident_search_vector(text, text, text, text, text, text, bigint);
"""
    + type_labels_function()
    + """
-- The words of an incident: its texts in both languages, its type's labels in both, the
-- names of its places (as people write them and as INEI does), its mining site (and the
-- site's other names) and its actors; accents dropped, ñ kept.
-- PL/pgSQL rather than SQL: a trigger calls them once per row, and PL/pgSQL keeps their
-- plans for the session where a SQL function would be planned again at every call.
CREATE OR REPLACE FUNCTION veta_incident_search_text(i incidents_incident) RETURNS text
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
BEGIN
    RETURN veta_unaccent(concat_ws(' ',
        i.title, i.title_es, i.description, i.description_es, i.location_name,
        veta_incident_type_labels(i.incident_type),
        (SELECT display_name || ' ' || name FROM regions_region WHERE code = i.region_id),
        (SELECT display_name || ' ' || name FROM regions_province WHERE code = i.province_id),
        (SELECT display_name || ' ' || name FROM regions_district WHERE code = i.district_id),
        -- Only a published site's names: a draft site stays withheld, search included (core.visibility).
        (SELECT name || ' ' || array_to_string(aliases, ' ') FROM regions_miningsite
            WHERE id = i.site_id AND status = 'published'),
        (SELECT string_agg(a.name, ' ') FROM incidents_incidentactor ia
            JOIN incidents_actor a ON a.id = ia.actor_id WHERE ia.incident_id = i.id)));
END;
$$;

-- Stemmed in Spanish and in English: 'mineros' and 'attacks' each find their words.
CREATE OR REPLACE FUNCTION veta_incident_search_vector(i incidents_incident) RETURNS tsvector
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
    words text := veta_incident_search_text(i);
BEGIN
    RETURN to_tsvector('spanish'::regconfig, words) || to_tsvector('english'::regconfig, words);
END;
$$;

CREATE OR REPLACE FUNCTION veta_incident_search_vector_fill() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.search_vector := veta_incident_search_vector(NEW);
    RETURN NEW;
END;
$$;

CREATE TRIGGER incident_search_vector BEFORE INSERT OR UPDATE OF
    title, title_es, description, description_es, location_name, incident_type,
    region_id, province_id, district_id, site_id, search_vector
    ON incidents_incident FOR EACH ROW EXECUTE FUNCTION veta_incident_search_vector_fill();

-- An actor added to, changed in or removed from incidents, or renamed: refresh their documents.
CREATE FUNCTION veta_incident_actor_search() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'incidents_actor' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE id IN (
            SELECT ia.incident_id FROM incidents_incidentactor ia JOIN new_rows n ON n.id = ia.actor_id);
    ELSIF TG_OP = 'INSERT' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE id IN (SELECT incident_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE incidents_incident SET search_vector = NULL WHERE id IN (SELECT incident_id FROM old_rows);
    ELSE
        UPDATE incidents_incident SET search_vector = NULL WHERE id IN (
            SELECT incident_id FROM new_rows UNION SELECT incident_id FROM old_rows);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER incident_actor_added_search AFTER INSERT ON incidents_incidentactor
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION veta_incident_actor_search();
CREATE TRIGGER incident_actor_changed_search AFTER UPDATE ON incidents_incidentactor
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION veta_incident_actor_search();
CREATE TRIGGER incident_actor_removed_search AFTER DELETE ON incidents_incidentactor
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION veta_incident_actor_search();
CREATE TRIGGER actor_renamed_incident_search AFTER UPDATE ON incidents_actor
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION veta_incident_actor_search();

-- A site's other names are in the document too; publishing or unpublishing a site refreshes it.
DROP TRIGGER IF EXISTS site_renamed_incident_search ON regions_miningsite;
CREATE TRIGGER site_renamed_incident_search AFTER UPDATE OF name, aliases, status ON regions_miningsite
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.aliases IS DISTINCT FROM NEW.aliases
        OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION veta_incident_search_vector_rename();

UPDATE incidents_incident SET search_vector = NULL;
ANALYZE incidents_incident;
"""
)

BACKWARD = """
DROP TRIGGER IF EXISTS incident_actor_added_search ON incidents_incidentactor;
DROP TRIGGER IF EXISTS incident_actor_changed_search ON incidents_incidentactor;
DROP TRIGGER IF EXISTS incident_actor_removed_search ON incidents_incidentactor;
DROP TRIGGER IF EXISTS actor_renamed_incident_search ON incidents_actor;
DROP FUNCTION IF EXISTS veta_incident_actor_search();
DROP TRIGGER IF EXISTS incident_search_vector ON incidents_incident;
DROP FUNCTION IF EXISTS veta_incident_search_vector_fill();
DROP FUNCTION IF EXISTS veta_incident_search_vector(incidents_incident);
DROP FUNCTION IF EXISTS veta_incident_search_text(incidents_incident);
DROP FUNCTION IF EXISTS veta_incident_type_labels(text);
"""
