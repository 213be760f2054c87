"""python manage.py export_package OUT.zip — the public data package (CSV, GeoJSON, datapackage.json)."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from overview.package import build_package


class Command(BaseCommand):
    help = (
        "Write Veta's public data package: one CSV per table, a GeoJSON of the incidents, a datapackage.json "
        "(Frictionless Data Package) describing every field and code, and the licence and citation texts. "
        "Only published records are included."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", metavar="OUT.zip", help="The zip file to write (replaced if it exists).")
        parser.add_argument(
            "--site-url", help="The address of Veta's website, for the citation (e.g. https://veta.example.org/)."
        )

    def handle(self, *args, **options) -> None:
        target = Path(options["out"])
        if target.suffix.lower() != ".zip":
            raise CommandError(f"{target}: the package is a zip file; name it *.zip.")
        directory = target.resolve().parent
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        # Written next to the target and moved into place, so a failed run leaves no half-written zip.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".veta-package-", suffix=".zip")
        os.close(handle)
        try:
            counts = build_package(Path(temporary), options["site_url"])
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Wrote {target}: {summary}.")
