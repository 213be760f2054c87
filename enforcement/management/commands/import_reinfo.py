"""python manage.py import_reinfo FILE --as-of YYYY-MM-DD — record a published REINFO list.

Every row is checked first; every problem is printed as `line N, COLUMN: problem` and
nothing is written while any row fails, unless --skip-invalid is given. The write is one
transaction. Re-importing the same file changes nothing.
"""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from core.commands import ProgressLine, RecordedCommand, grouped
from enforcement.importers import ImportRefused, ImportSummary, TableError, import_reinfo, read_reinfo_file


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of {value!r} is not a date in the form YYYY-MM-DD.") from error


class Command(RecordedCommand):
    help = (
        "Import a published REINFO list (CSV or XLSX) as the snapshot of its date: new records, status changes "
        "and, for a complete list, records no longer listed. Checks every row first; one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The list, as CSV (UTF-8 or Windows-1252/Latin-1) or XLSX.")
        parser.add_argument("--as-of", required=True, type=iso_date, help="The list's date, YYYY-MM-DD.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and report the others as skipped, instead of writing nothing.",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file is part of the list: records missing from it are left as they are.",
        )
        parser.add_argument("--title", default="", help="A title for the snapshot.")
        parser.add_argument("--dry-run", action="store_true", help="Check and compare, but write nothing.")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        verbosity = options["verbosity"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        progress = ProgressLine(self.stderr) if verbosity >= 1 else None
        started = time.perf_counter()
        try:
            parsed = read_reinfo_file(data, path.name, progress=progress)
        except TableError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{path.name} cannot be read as a REINFO list; nothing was written.") from error
        for problem in parsed.problems:
            self.stderr.write(str(problem))
        if parsed.problems and not options["skip_invalid"]:
            raise CommandError(
                f"{grouped(parsed.skipped)} of {grouped(parsed.data_rows)} rows have problems "
                f"({grouped(parsed.problem_count)} in all); nothing was written. "
                "Fix the file, or use --skip-invalid to import the valid rows."
            )
        try:
            summary = import_reinfo(
                parsed,
                options["as_of"],
                is_complete=not options["partial"],
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
                title=options["title"],
                progress=progress,
            )
        except ImportRefused as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError("Nothing was written.") from error
        summary.timings = {"read": time.perf_counter() - started - summary.seconds, **summary.timings}
        summary.seconds = time.perf_counter() - started
        if verbosity >= 1:
            self.write_summary(summary, parsed.invalid_lines)
        if verbosity >= 2:
            self.stdout.write(
                "Timings: " + " · ".join(f"{phase} {seconds:.2f} s" for phase, seconds in summary.timings.items())
            )

    def write_summary(self, summary: ImportSummary, skipped_lines: list[int]) -> None:
        if summary.dry_run:
            heading = f"Dry run: nothing was written. The REINFO list of {summary.as_of.isoformat()} would give:"
        elif summary.snapshot_created:
            heading = f"REINFO list of {summary.as_of.isoformat()} recorded as snapshot {summary.snapshot_id}:"
        elif summary.wrote_anything:
            heading = f"REINFO list of {summary.as_of.isoformat()} imported again into snapshot {summary.snapshot_id}:"
        else:
            heading = (
                f"REINFO list of {summary.as_of.isoformat()} was already imported (snapshot {summary.snapshot_id}): "
                "nothing changed."
            )
        lines = [
            heading,
            f"  rows imported       {grouped(summary.rows):>10}  ({'complete' if summary.is_complete else 'partial'} "
            f"list, {summary.file_name})",
            f"  new records         {grouped(summary.new):>10}",
            f"  status changed      {grouped(summary.status_changed):>10}",
            f"  unchanged           {grouped(summary.unchanged):>10}",
            f"  details updated     {grouped(summary.details_updated):>10}  (names or district; counted above too)",
            f"  no longer listed    {grouped(summary.no_longer_listed):>10}",
            f"  skipped (invalid)   {grouped(summary.skipped):>10}",
        ]
        if skipped_lines:
            shown = ", ".join(str(line) for line in skipped_lines[:50])
            more = f" and {grouped(len(skipped_lines) - 50)} more" if len(skipped_lines) > 50 else ""
            lines.append(f"  skipped lines: {shown}{more}")
        transitions = summary.transition_rows()
        if transitions:
            lines.append("  status changes:")
            lines.extend(f"    {old} → {new}: {grouped(count)}" for old, new, count in transitions)
        rate = summary.rows / summary.seconds if summary.seconds else 0
        lines.append(f"Done in {summary.seconds:.1f} s ({grouped(round(rate))} rows/s).")
        self.stdout.write("\n".join(lines))
