"""python manage.py backup_database [FILE] — the configured database as one pg_dump custom-format file."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.backups import backup
from core.embedded_db import project_data_dir


class Command(BaseCommand):
    help = "Back up Veta's database (embedded or DATABASE_URL's) with pg_dump, in its custom format."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", nargs="?", help="Where to write it; by default <VETA_DATA_DIR>/backups/veta-<time>.dump."
        )

    def handle(self, *args, file: str | None, **options) -> None:
        if file:
            target = Path(file)
        else:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = project_data_dir(settings.BASE_DIR) / "backups" / f"veta-{stamp}.dump"
        written = backup(target)
        self.stderr.write(f"Backed up the database to {written} ({written.stat().st_size:,} bytes).")
        self.stdout.write(str(written))
