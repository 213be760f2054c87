"""python manage.py load_real_records — create Veta's first real records where missing."""

from pathlib import Path

from django.core.management.base import CommandError

from core.commands import RecordedCommand
from overview.real_records import DATA_FILE, RealRecordsError, load_real_records


class Command(RecordedCommand):
    help = "Create the real incidents, operations, sites and figures from Veta's first sources, if missing."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DATA_FILE, help="The records to load (default: the file Veta ships)."
        )

    def handle(self, *args, **options) -> None:
        try:
            created = load_real_records(options["file"])
        except RealRecordsError as error:
            raise CommandError(f"Nothing loaded; the records have problems:\n{error}") from error
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(
            f"Real records created: {summary}." if any(created.values()) else "Real records: all present."
        )
