"""python manage.py bootstrap — everything `make run` and `make test` need before serving."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.embedded_db import ensure_database_exists
from core.translations import compile_catalogues


class Command(BaseCommand):
    help = "Create the database if missing, migrate, and load the geography and Veta's real records."

    def handle(self, *args, **options) -> None:
        database = settings.DATABASES["default"]
        if ensure_database_exists(database):
            self.stdout.write(f"Created the database {database['NAME']!r}.")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database schema is up to date.")
        call_command("load_geography", stdout=self.stdout)
        call_command("load_real_records", stdout=self.stdout)
        written = compile_catalogues()
        message = f"Translations: {len(written)} catalogue(s) compiled." if written else "Translations are up to date."
        self.stdout.write(message)
