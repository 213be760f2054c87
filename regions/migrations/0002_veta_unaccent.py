"""veta_unaccent(text): accent-free text for search, without needing the unaccent extension.

The embedded PostgreSQL ships without contrib extensions, so this plain SQL function
does the job on every server Veta runs on; it keeps ñ, a letter of its own in Spanish.
"""

from django.db import migrations

ACCENTED = "ÁÉÍÓÚÜÀÈÌÒÙáéíóúüàèìòù"
PLAIN = "AEIOUUAEIOUaeiouuaeiou"

CREATE = f"""
CREATE OR REPLACE FUNCTION veta_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate($1, '{ACCENTED}', '{PLAIN}') $$;
"""


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, "DROP FUNCTION IF EXISTS veta_unaccent(text);")]
