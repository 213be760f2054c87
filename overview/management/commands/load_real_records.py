"""python manage.py load_real_records — create Veta's first real records where missing."""

from core.commands import RecordedCommand
from overview.real_records import load_real_records


class Command(RecordedCommand):
    help = "Create the real incidents, operations, sites and figures from Veta's first sources, if missing."

    def handle(self, *args, **options) -> None:
        created = load_real_records()
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(
            f"Real records created: {summary}." if any(created.values()) else "Real records: all present."
        )
