"""Importing published REINFO lists: check every row first, then record the list in one transaction.

Two steps, used alike by `manage.py import_reinfo` and the import page:

1. `read_reinfo_file(data, file_name)` reads a CSV or XLSX file in the published layout
   (see `REINFO_COLUMNS`) and checks every row: the RUC's length, prefix and check digit,
   the place (departamento → provincia → distrito, matched to INEI codes without regard to
   case or accents), the status, the required cells, and that no RUC + código único pair
   appears twice (an all-digit código único shorter than nine digits, as a spreadsheet
   stores 010000101, gets its leading zeros back). It returns the valid rows and every
   problem as `line N, COLUMN: problem`, and raises `TableError` when the file as a whole cannot be read.
2. `import_reinfo(parsed, as_of, ...)` records the list as the `ReinfoSnapshot` of its date
   and brings every `ReinfoRecord` (identified by RUC + código único) up to date: new
   records are created, a status that differs from the record's current one is changed and
   adds a `ReinfoStatusChange` dated by the snapshot, and — when the list is complete —
   records missing from it become `not_listed` (kept, never deleted). Nothing is written
   while any row has a problem, unless `skip_invalid` is given. The whole write is one
   transaction: interrupted at any point, it leaves the database as it was.

Re-importing a file is a no-op: the snapshot of that date is found again (by its SHA-256),
every record compares equal, and nothing is written. Lists are imported oldest first; a
different file for a date already imported, or the same file under another date, is refused.

For speed the write uses PostgreSQL's COPY into temporary tables and set-based
INSERT/UPDATE statements, after the comparison has been made in Python.
"""

import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import pghistory
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.commands import ProgressCallback
from core.sql import temporary_table
from core.tabular import Column, Limits, Problem, Row, Table, TableError, fold, read_table
from enforcement.choices import ReinfoStatus
from enforcement.models import ReinfoRecord, ReinfoSnapshot, ReinfoStatusChange
from enforcement.validators import normalize_codigo_unico, ruc_problem
from regions.models import District, Province, Region

__all__ = [
    "REINFO_COLUMNS",
    "ImportRefused",
    "ImportSummary",
    "PlaceLookup",
    "ReinfoFile",
    "ReinfoRow",
    "TableError",
    "import_reinfo",
    "read_reinfo_file",
]

# How many rows the preview shows, and how often a long import reports progress.
PREVIEW_ROWS = 20
PROGRESS_EVERY = 10_000
# A national REINFO list has about 100,000 rows; the file is refused beyond these
# (docs/import-format.md), which keep a worker's memory bounded.
REINFO_FILE_LIMITS = Limits(rows=300_000, columns=100)
# Problems kept to show: a list of 300,000 bad rows has millions, which would fill memory.
KEPT_PROBLEMS = 1_000

# The published layout. Headers match whatever their case, accents and punctuation.
# The names of REINFO's published lists, then the field names of MINEM's map layers
# (GEOCATMIN), which shapefiles cut to ten characters. Headers match without regard to case,
# accents, underscores, articles and the usual abbreviations (core.tabular.header_key).
REINFO_COLUMNS = (
    Column(
        "number", "N°", aliases=("Nº", "N", "NRO", "NUMERO", "ITEM", "N DE ORDEN", "OBJECTID", "FID"), required=False
    ),
    Column("ruc", "RUC", aliases=("N° RUC", "NUMERO DE RUC", "RUC DEL DECLARANTE", "M_RUC", "RUC_MINERO")),
    Column(
        "declarant_name",
        "NOMBRE DEL DECLARANTE",
        aliases=(
            "DECLARANTE", "NOMBRE O RAZON SOCIAL", "RAZON SOCIAL", "NOMBRE / RAZON SOCIAL DEL DECLARANTE",
            "NOMBRE_MIN", "NOMBRE DEL MINERO", "MINERO", "NOMBRE_DEC", "M_NOMBRE",
        ),
    ),
    Column(
        "codigo_unico",
        "CÓDIGO ÚNICO",
        aliases=("CODIGO UNICO DEL DERECHO MINERO", "CODIGO DEL DERECHO MINERO", "CODIGOU", "CODIGO_U", "COD_UNICO"),
        fallbacks=("ID_UNIDAD", "CODIGO"),
    ),
    Column(
        "mining_right_name",
        "NOMBRE DEL DERECHO MINERO",
        aliases=("DERECHO MINERO", "NOMBRE_DM", "NOMBRE_DER", "CONCESION", "NOMBRE DE LA CONCESION"),
    ),
    Column(
        "region", "DEPARTAMENTO", aliases=("REGION", "DPTO", "DEPA", "DEPARTAMEN", "NOMBDEP", "NOM_DEPA", "NOM_DPTO")
    ),
    Column("province", "PROVINCIA", aliases=("PROV", "NOMBPROV", "NOM_PROV")),
    Column("district", "DISTRITO", aliases=("DIST", "NOMBDIST", "NOM_DIST")),
    Column(
        "status", "ESTADO", aliases=("ESTADO REINFO", "ESTADO EN EL REINFO", "SITUACION", "EST_REINFO", "ESTADO_REI")
    ),
)  # fmt: skip
REQUIRED_CELLS = ("ruc", "declarant_name", "codigo_unico", "region", "province", "district", "status")
LISTED_STATUSES = {fold(status.value): status.value for status in ReinfoStatus if status != ReinfoStatus.NOT_LISTED}


# Table names, quoted, for the SQL the write runs (temporary tables need no quoting).
quote = connection.ops.quote_name
RECORDS = quote(ReinfoRecord._meta.db_table)
SNAPSHOTS = quote(ReinfoSnapshot._meta.db_table)
CHANGES = quote(ReinfoStatusChange._meta.db_table)
NEW_TABLE = "reinfo_import_new"
UPDATE_TABLE = "reinfo_import_update"
# The record fields a new row and an update carry, in the order of the rows COPY writes;
# the temporary tables take their columns' types from the model.
NEW_FIELDS = ("ruc", "codigo_unico", "declarant_name", "mining_right_name", "district", "status")
UPDATED_FIELDS = ("declarant_name", "mining_right_name", "district", "status")
NEW_COLUMNS = tuple(ReinfoRecord._meta.get_field(name).column for name in NEW_FIELDS)
UPDATED_COLUMNS = tuple(ReinfoRecord._meta.get_field(name).column for name in UPDATED_FIELDS)


def _max_length(name: str) -> int:
    return ReinfoRecord._meta.get_field(name).max_length


MAX_LENGTHS = {key: _max_length(key) for key in ("declarant_name", "codigo_unico", "mining_right_name")}


class ImportRefused(Exception):
    """The import cannot go ahead; `problems` says why. Nothing was written."""

    def __init__(self, problems: Problem | Sequence[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def _refused(message: str) -> ImportRefused:
    return ImportRefused(Problem(None, None, message))


# Places -------------------------------------------------------------------------------


class PlaceLookup:
    """Peru's places by folded name, loaded once: departamento → provincia → distrito → INEI code.

    Names match without regard to case, accents or hyphens, by official (INEI) name or by
    display name. A district is looked up inside its province, so the ten Santa Rosas of
    Peru are told apart.
    """

    def __init__(self) -> None:
        self.regions: dict[str, Region] = {}
        self.provinces: dict[tuple[str, str], Province] = {}
        self.districts: dict[tuple[str, str], str] = {}
        for region in Region.objects.all():
            for name in (region.name, region.display_name):
                self.regions[fold(name)] = region
        for province in Province.objects.all():
            for name in (province.name, province.display_name):
                self.provinces[(province.region_id, fold(name))] = province
        for code, province_id, name, display_name in District.objects.values_list(
            "code", "province_id", "name", "display_name"
        ):
            for each in (name, display_name):
                self.districts[(province_id, fold(each))] = code
        self._cache: dict[tuple[str, str, str], tuple[str | None, tuple[str, str] | None]] = {}

    def resolve(self, region: str, province: str, district: str) -> tuple[str | None, tuple[str, str] | None]:
        """(district code, None), or (None, (column key, problem)) for the first level not found."""
        key = (region, province, district)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._resolve(region, province, district)
        return found

    def _resolve(self, region: str, province: str, district: str) -> tuple[str | None, tuple[str, str] | None]:
        region_obj = self.regions.get(fold(region))
        if region_obj is None:
            return None, ("region", _("“%(value)s” is not a region (departamento) of Peru.") % {"value": region})
        province_obj = self.provinces.get((region_obj.code, fold(province)))
        if province_obj is None:
            return None, (
                "province",
                _("“%(value)s” is not a province of %(region)s.")
                % {"value": province, "region": region_obj.display_name},
            )
        code = self.districts.get((province_obj.code, fold(district)))
        if code is None:
            return None, (
                "district",
                _("“%(value)s” is not a district of the province of %(province)s (%(region)s).")
                % {"value": district, "province": province_obj.display_name, "region": region_obj.display_name},
            )
        return code, None


# Reading and checking -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReinfoRow:
    """One valid row of a list, ready to compare with the records."""

    line: int
    ruc: str
    codigo_unico: str
    declarant_name: str
    mining_right_name: str
    district_id: str
    status: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.ruc, self.codigo_unico)


@dataclass
class ReinfoFile:
    """A REINFO list read and checked: its valid rows, every problem, and a preview."""

    file_name: str
    sha256: str
    format: str
    encoding: str | None
    delimiter: str | None
    headers: dict[str, str]
    ignored_headers: list[str]
    rows: list[ReinfoRow] = field(repr=False)
    problems: list[Problem]  # the first KEPT_PROBLEMS, then one line counting the others
    invalid_lines: list[int]
    data_rows: int
    preview_labels: list[str]
    preview: list[tuple[int, list[str]]]
    problem_count: int = 0  # every problem found, kept or not

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def skipped(self) -> int:
        return len(self.invalid_lines)


def read_reinfo_file(data: bytes, file_name: str, *, progress: ProgressCallback | None = None) -> ReinfoFile:
    """Read and check a REINFO list. Raises TableError when the file as a whole cannot be read."""
    table = read_table(data, file_name, REINFO_COLUMNS, limits=REINFO_FILE_LIMITS)
    checker = RowChecker(table, PlaceLookup())
    keys = [column.key for column in REINFO_COLUMNS if column.key in table.headers]
    rows: list[ReinfoRow] = []
    problems: list[Problem] = []
    problem_count = 0
    invalid_lines: list[int] = []
    preview: list[tuple[int, list[str]]] = []
    first_line: dict[tuple[str, str], int] = {}
    count = 0
    for row in table.rows:
        count += 1
        if len(preview) < PREVIEW_ROWS:
            preview.append((row.line, [row[key] for key in keys]))
        checked, row_problems = checker.check(row)
        if checked is not None:
            seen = first_line.setdefault(checked.key, row.line)
            if seen != row.line:
                row_problems.append(
                    Problem(
                        row.line,
                        table.label("codigo_unico"),
                        _("RUC %(ruc)s with código único %(codigo)s already appears on line %(line)s.")
                        % {"ruc": checked.ruc, "codigo": checked.codigo_unico, "line": seen},
                    )
                )
        if row_problems:
            problem_count += len(row_problems)
            problems.extend(row_problems[: max(KEPT_PROBLEMS - len(problems), 0)])
            invalid_lines.append(row.line)
        else:
            rows.append(checked)
        if progress and count % PROGRESS_EVERY == 0:
            progress("read", count, table.estimated_rows)
    if count == 0:
        raise TableError(Problem(None, None, _("The file has a header but no rows.")))
    if problem_count > len(problems):
        more = problem_count - len(problems)
        problems.append(Problem(None, None, _("… and %(count)s more problems, not listed.") % {"count": f"{more:,}"}))
    return ReinfoFile(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=table.format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        headers=table.headers,
        ignored_headers=table.ignored_headers,
        rows=rows,
        problems=problems,
        invalid_lines=invalid_lines,
        data_rows=count,
        preview_labels=[table.label(key) for key in keys],
        preview=preview,
        problem_count=problem_count,
    )


class RowChecker:
    """Checks rows one by one, remembering what it has already looked up (places, statuses, RUCs)."""

    def __init__(self, table: Table, places: PlaceLookup):
        self.table = table
        self.places = places
        self.statuses: dict[str, str | None] = {}
        self.rucs: dict[str, str | None] = {}

    def status(self, value: str) -> str | None:
        try:
            return self.statuses[value]
        except KeyError:
            code = self.statuses[value] = LISTED_STATUSES.get(fold(value))
            return code

    def ruc_problem(self, value: str) -> str | None:
        try:
            return self.rucs[value]
        except KeyError:
            problem = ruc_problem(value)
            found = self.rucs[value] = str(problem) if problem else None
            return found

    def check(self, row: Row) -> tuple[ReinfoRow | None, list[Problem]]:
        """The row ready to import, or None and its problems."""
        values = row.values
        ruc = values["ruc"]
        status = self.status(values["status"])
        district_id, _problem = self.places.resolve(values["region"], values["province"], values["district"])
        declarant, mining_right = values["declarant_name"], values["mining_right_name"]
        codigo = normalize_codigo_unico(values["codigo_unico"])
        if (
            status
            and district_id
            and declarant
            and codigo
            and self.ruc_problem(ruc) is None
            and len(declarant) <= MAX_LENGTHS["declarant_name"]
            and len(codigo) <= MAX_LENGTHS["codigo_unico"]
            and len(mining_right) <= MAX_LENGTHS["mining_right_name"]
        ):
            return ReinfoRow(row.line, ruc, codigo, declarant, mining_right, district_id, status), []
        return None, self.problems(row)

    def problems(self, row: Row) -> list[Problem]:
        """Every problem of a row that failed the quick check."""
        problems: list[Problem] = []

        def problem(key: str, message: str) -> None:
            problems.append(Problem(row.line, self.table.label(key), message))

        for key in REQUIRED_CELLS:
            if not row[key]:
                problem(key, _("the cell is empty."))
        for key, limit in MAX_LENGTHS.items():
            if len(row[key]) > limit:
                problem(key, _("the text is longer than %(limit)s characters.") % {"limit": limit})
        ruc = row["ruc"]
        if ruc and (ruc_error := self.ruc_problem(ruc)):
            problem("ruc", _("“%(value)s”: %(problem)s") % {"value": ruc, "problem": ruc_error})
        status = row["status"]
        if status and self.status(status) is None:
            problem(
                "status",
                _("“%(value)s” is not a REINFO status: expected VIGENTE, SUSPENDIDO or EXCLUIDO.") % {"value": status},
            )
        if row["region"] and row["province"] and row["district"]:
            _code, place_problem = self.places.resolve(row["region"], row["province"], row["district"])
            if place_problem:
                problem(*place_problem)
        return problems


# Comparing and writing ----------------------------------------------------------------


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    as_of: date
    file_name: str
    is_complete: bool
    snapshot_id: int | None
    snapshot_created: bool
    rows: int
    new: int = 0
    status_changed: int = 0
    unchanged: int = 0
    details_updated: int = 0
    no_longer_listed: int = 0
    skipped: int = 0
    transitions: Counter = field(default_factory=Counter)
    dry_run: bool = False
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def wrote_anything(self) -> bool:
        return bool(
            self.snapshot_created or self.new or self.status_changed or self.details_updated or self.no_longer_listed
        )

    def transition_rows(self) -> list[tuple[str, str, int]]:
        """(from label, to label, count) for every kind of status change, most frequent first."""
        labels = dict(ReinfoStatus.choices)
        return [
            (str(labels.get(old, "—")) if old else "—", str(labels[new]), count)
            for (old, new), count in self.transitions.most_common()
        ]


@dataclass
class _Plan:
    new: list[ReinfoRow] = field(default_factory=list)
    # (id, declarant, mining right, district, new status, old status, listed in this snapshot)
    updates: list[tuple[int, str, str, str, str, str, bool]] = field(default_factory=list)


def find_snapshot(as_of: date, sha256: str, is_complete: bool) -> ReinfoSnapshot | None:
    """The snapshot a re-import of this file reuses, or None for a new list; refuses conflicts."""
    newer = ReinfoSnapshot.objects.filter(as_of__gt=as_of).order_by("-as_of").first()
    same_date = ReinfoSnapshot.objects.filter(as_of=as_of).first()
    same_file = ReinfoSnapshot.objects.filter(file_sha256=sha256).exclude(as_of=as_of).first()
    if same_file is not None:
        raise _refused(
            _("This file is already recorded as the list of %(date)s.") % {"date": same_file.as_of.isoformat()}
        )
    if same_date is not None:
        if same_date.file_sha256 != sha256:
            raise _refused(
                _("A different file (%(name)s) is already recorded as the list of %(date)s.")
                % {"name": same_date.file_name or "?", "date": as_of.isoformat()}
            )
        if same_date.is_complete != is_complete:
            raise _refused(
                _("This file was imported as a complete list: import it the same way.")
                if same_date.is_complete
                else _("This file was imported as a partial list: import it the same way.")
            )
    if newer is not None:
        raise _refused(
            _("The list of %(newer)s is already imported: lists are imported oldest first.")
            % {"newer": newer.as_of.isoformat()}
        )
    return same_date


def import_reinfo(
    parsed: ReinfoFile,
    as_of: date,
    *,
    is_complete: bool = True,
    skip_invalid: bool = False,
    dry_run: bool = False,
    title: str = "",
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Record a checked list as the snapshot of `as_of` and update the records; one transaction.

    Raises ImportRefused, with nothing written, when rows have problems (without
    `skip_invalid`), when no row is valid, or when the date or file conflicts with the
    snapshots already recorded. `dry_run` compares without writing.
    """
    started = time.perf_counter()
    if parsed.problems and not skip_invalid:
        raise ImportRefused(parsed.problems)
    if not parsed.rows:
        raise _refused(_("No row of the file is valid: nothing to import."))
    # The history triggers store this with every event the import causes.
    history = pghistory.context(reinfo_import=as_of.isoformat(), file=parsed.file_name)
    with history, transaction.atomic():
        if not dry_run:
            with connection.cursor() as cursor:
                # Imports run one at a time, and nobody else writes records while one compares and writes.
                cursor.execute(f"LOCK TABLE {SNAPSHOTS}, {RECORDS} IN SHARE ROW EXCLUSIVE MODE")
                _avoid_trigger_subtransactions(cursor)
        snapshot = find_snapshot(as_of, parsed.sha256, is_complete)
        summary = ImportSummary(
            as_of=as_of,
            file_name=parsed.file_name,
            is_complete=is_complete,
            snapshot_id=snapshot.pk if snapshot else None,
            snapshot_created=snapshot is None,
            rows=len(parsed.rows),
            skipped=parsed.skipped,
            dry_run=dry_run,
        )
        plan = _compare(parsed.rows, snapshot.pk if snapshot else None, is_complete, summary, progress)
        summary.timings["compare"] = time.perf_counter() - started
        if not dry_run:
            now = timezone.now()
            if snapshot is None:
                snapshot = ReinfoSnapshot.objects.create(
                    as_of=as_of,
                    title=title,
                    is_complete=is_complete,
                    file_name=parsed.file_name[: ReinfoSnapshot._meta.get_field("file_name").max_length],
                    file_sha256=parsed.sha256,
                    row_count=len(parsed.rows),
                )
                summary.snapshot_id = snapshot.pk
            _write(plan, snapshot, now, progress)
        written = time.perf_counter()
        summary.timings["write"] = written - started - summary.timings["compare"]
    # Foreign keys are checked when the transaction commits.
    summary.timings["commit"] = time.perf_counter() - written
    summary.seconds = time.perf_counter() - started
    return summary


def _avoid_trigger_subtransactions(cursor) -> None:
    """Keep the history triggers linear on 100,000-row writes (they still record every change).

    django-pgtrigger's triggers read the `pgtrigger.ignore` setting inside a PL/pgSQL
    exception block. While the setting is unset (or empty) that read fails for every row,
    and the thousands of failed subtransactions in one transaction make each further row
    slower: 20,000 rows took 30 s instead of 1 s. An empty list, set for this transaction
    only, ignores no trigger and lets the read succeed. A list already set is left alone.
    """
    cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
    if cursor.fetchone()[0] in (None, ""):
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")


def _compare(
    rows: list[ReinfoRow],
    snapshot_id: int | None,
    is_complete: bool,
    summary: ImportSummary,
    progress: ProgressCallback | None,
) -> _Plan:
    """Sort the list's rows into new, changed and unchanged records, and find those no longer listed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ruc, codigo_unico, declarant_name, mining_right_name, district_id, status, last_snapshot_id "
            f"FROM {RECORDS}"
        )
        existing = {(row[1], row[2]): row for row in cursor.fetchall()}
    plan = _Plan()
    transitions = summary.transitions
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        record = existing.pop(row.key, None)
        if record is None:
            plan.new.append(row)
            summary.new += 1
            transitions[("", row.status)] += 1
        else:
            record_id, _ruc, _codigo, declarant, mining_right, district_id, status, last_snapshot_id = record
            details_differ = (declarant, mining_right, district_id) != (
                row.declarant_name,
                row.mining_right_name,
                row.district_id,
            )
            if status != row.status:
                summary.status_changed += 1
                transitions[(status, row.status)] += 1
            else:
                summary.unchanged += 1
            if details_differ:
                summary.details_updated += 1
            if status != row.status or details_differ or last_snapshot_id != snapshot_id:
                plan.updates.append(
                    (record_id, row.declarant_name, row.mining_right_name, row.district_id, row.status, status, True)
                )
        if progress and done % PROGRESS_EVERY == 0:
            progress("compare", done, total)
    if is_complete:
        for record_id, _ruc, _codigo, declarant, mining_right, district_id, status, _last in existing.values():
            if status != ReinfoStatus.NOT_LISTED:
                plan.updates.append(
                    (record_id, declarant, mining_right, district_id, ReinfoStatus.NOT_LISTED.value, status, False)
                )
                summary.no_longer_listed += 1
                transitions[(status, ReinfoStatus.NOT_LISTED.value)] += 1
    return plan


def _write(plan: _Plan, snapshot: ReinfoSnapshot, now: datetime, progress: ProgressCallback | None) -> None:
    """Write the plan with COPY into temporary tables and set-based statements."""
    params = {"snapshot": snapshot.pk, "as_of": snapshot.as_of, "now": now}
    with connection.cursor() as cursor:
        if plan.new:
            cursor.execute(temporary_table(NEW_TABLE, ReinfoRecord, NEW_FIELDS, "line integer"))
            _copy_rows(
                cursor,
                NEW_TABLE,
                ("line", *NEW_COLUMNS),
                (
                    (r.line, r.ruc, r.codigo_unico, r.declarant_name, r.mining_right_name, r.district_id, r.status)
                    for r in plan.new
                ),
                len(plan.new),
                progress,
            )
            cursor.execute(
                "WITH inserted AS ("
                f" INSERT INTO {RECORDS} (ruc, codigo_unico, declarant_name, mining_right_name, district_id,"
                "  status, first_snapshot_id, last_snapshot_id, created_at, updated_at)"
                " SELECT ruc, codigo_unico, declarant_name, mining_right_name, district_id, status,"
                f"  %(snapshot)s, %(snapshot)s, %(now)s, %(now)s FROM {NEW_TABLE} ORDER BY line"
                " RETURNING id, status)"
                f" INSERT INTO {CHANGES} (record_id, snapshot_id, from_status, to_status, changed_on)"
                " SELECT id, %(snapshot)s, '', status, %(as_of)s FROM inserted",
                params,
            )
            cursor.execute(f"DROP TABLE {NEW_TABLE}")
        if plan.updates:
            status_type = ReinfoRecord._meta.get_field("status").db_type(connection)
            cursor.execute(
                temporary_table(
                    UPDATE_TABLE,
                    ReinfoRecord,
                    UPDATED_FIELDS,
                    "id bigint PRIMARY KEY",
                    f"old_status {status_type}",
                    "listed boolean",
                )
            )
            _copy_rows(
                cursor,
                UPDATE_TABLE,
                ("id", *UPDATED_COLUMNS, "old_status", "listed"),
                sorted(plan.updates),
                len(plan.updates),
                progress,
            )
            cursor.execute(
                f"UPDATE {RECORDS} AS record SET declarant_name = u.declarant_name,"
                " mining_right_name = u.mining_right_name, district_id = u.district_id, status = u.status,"
                " last_snapshot_id = CASE WHEN u.listed THEN %(snapshot)s ELSE record.last_snapshot_id END,"
                " updated_at = %(now)s"
                f" FROM {UPDATE_TABLE} AS u WHERE record.id = u.id",
                params,
            )
            # Re-importing a list after records were edited by hand: a change this snapshot
            # already recorded is corrected rather than added twice.
            cursor.execute(
                f"DELETE FROM {CHANGES} AS change USING {UPDATE_TABLE} AS u"
                " WHERE change.record_id = u.id AND change.snapshot_id = %(snapshot)s"
                " AND u.old_status <> u.status AND change.from_status = u.status",
                params,
            )
            cursor.execute(
                f"INSERT INTO {CHANGES} (record_id, snapshot_id, from_status, to_status, changed_on)"
                f" SELECT id, %(snapshot)s, old_status, status, %(as_of)s FROM {UPDATE_TABLE}"
                " WHERE old_status <> status ORDER BY id"
                " ON CONFLICT (record_id, snapshot_id) DO UPDATE SET to_status = EXCLUDED.to_status",
                params,
            )
            cursor.execute(f"DROP TABLE {UPDATE_TABLE}")


def _copy_rows(
    cursor,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    total: int,
    progress: ProgressCallback | None = None,
) -> None:
    """COPY rows into a table over the cursor's connection (psycopg 3)."""
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for done, row in enumerate(rows, start=1):
            copy.write_row(row)
            if progress and done % PROGRESS_EVERY == 0:
                progress("write", done, total)
