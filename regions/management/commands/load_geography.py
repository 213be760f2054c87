"""python manage.py load_geography — load or refresh Peru's regions, provinces and districts."""

from core.commands import RecordedCommand
from regions.geography import load_geography


class Command(RecordedCommand):
    help = "Load Peru's 25 regions, 196 provinces and 1,893 districts from the bundled INEI ubigeo files."

    def handle(self, *args, **options) -> None:
        counts = load_geography()
        self.stdout.write(
            f"Geography: {counts.regions} regions, {counts.provinces} provinces, "
            f"{counts.districts} districts ({counts.changed} created or updated)."
        )
