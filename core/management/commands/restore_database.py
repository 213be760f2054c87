"""python manage.py restore_database FILE [--database NAME] [--replace] — a backup back into a fresh database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core.backups import restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_database into a freshly created database: the configured one "
        "(refused if it holds tables, unless --replace) or --database NAME."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A backup file written by backup_database (pg_dump custom format).")
        parser.add_argument("--database", dest="name", help="Restore into this database instead of the configured one.")
        parser.add_argument("--replace", action="store_true", help="Drop the database first if it holds tables.")

    def handle(self, *args, file: str, name: str | None, replace: bool, **options) -> None:
        restored = restore(Path(file), name=name, replace=replace)
        self.stderr.write(f"Restored {file} into the database {restored!r}.")
