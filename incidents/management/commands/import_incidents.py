"""python manage.py import_incidents FILE [--skip-invalid] — import incidents as drafts from a spreadsheet.

The columns are documented in docs/import-format.md. Every row is checked first; every
problem is printed as `line N, COLUMN: problem` and nothing is written while any row
fails, unless --skip-invalid is given. The write is one transaction. Rows are matched to
incidents by `import_key`, so re-importing the same file changes nothing.
"""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from core.commands import ProgressLine, RecordedCommand
from incidents.importers import ImportRefused, ImportSummary, TableError, import_incidents, read_incident_file


class Command(RecordedCommand):
    help = (
        "Import incidents (CSV or XLSX, in the layout of docs/import-format.md) as drafts, with their sources, "
        "claims, casualties and actors. Checks every row first; one transaction; idempotent by import_key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The file, as CSV (UTF-8 or Windows-1252/Latin-1) or XLSX.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and report the others as skipped, instead of writing nothing.",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        progress = ProgressLine(self.stderr) if options["verbosity"] >= 1 else None
        try:
            parsed = read_incident_file(data, path.name, progress=progress)
        except TableError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{path.name} cannot be read as an incident file; nothing was written.") from error
        for problem in parsed.problems:
            self.stderr.write(str(problem))
        if parsed.problems and not options["skip_invalid"]:
            raise CommandError(
                f"{parsed.skipped} of {parsed.data_rows} rows have problems ({len(parsed.problems)} in all); "
                "nothing was written. Fix the file, or use --skip-invalid to import the valid rows."
            )
        try:
            summary = import_incidents(parsed, skip_invalid=options["skip_invalid"], progress=progress)
        except ImportRefused as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError("Nothing was written.") from error
        if options["verbosity"] >= 1:
            self.write_summary(summary)

    def write_summary(self, summary: ImportSummary) -> None:
        heading = (
            f"Imported {summary.file_name}:" if summary.wrote_anything else f"{summary.file_name}: nothing changed."
        )
        lines = [
            heading,
            f"  rows                {summary.rows:>8}",
            f"  new incidents       {summary.new:>8}  (drafts)",
            f"  updated             {summary.updated:>8}",
            f"  unchanged           {summary.unchanged:>8}",
            f"  skipped (invalid)   {summary.skipped:>8}",
            f"  new sources         {summary.sources_created:>8}",
        ]
        if summary.skipped_lines:
            lines.append("  skipped lines: " + ", ".join(str(line) for line in summary.skipped_lines))
        self.stdout.write("\n".join(lines))
