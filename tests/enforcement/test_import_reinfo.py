"""`manage.py import_reinfo`: reading REINFO lists, checking every row, and recording snapshots and status history."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook

from enforcement import importers
from enforcement.choices import ReinfoStatus
from enforcement.models import ReinfoRecord, ReinfoSnapshot, ReinfoStatusChange
from enforcement.validators import ruc_check_digit

pytestmark = pytest.mark.django_db

HEADER = [
    "N°",
    "RUC",
    "NOMBRE DEL DECLARANTE",
    "CÓDIGO ÚNICO",
    "NOMBRE DEL DERECHO MINERO",
    "DEPARTAMENTO",
    "PROVINCIA",
    "DISTRITO",
    "ESTADO",
]
FIRST = date(2025, 11, 30)
SECOND = date(2025, 12, 31)
THIRD = date(2026, 1, 31)


def ruc(first_ten: str) -> str:
    return first_ten + str(ruc_check_digit(first_ten))


RUC_A = ruc("1042424242")
RUC_B = ruc("2060000001")
RUC_C = ruc("1071234567")
RUC_D = ruc("2049876543")


def row(number: int, ruc_: str, name: str, codigo: str, place: tuple[str, str, str], status: str) -> list[str]:
    return [str(number), ruc_, name, codigo, f"DERECHO {codigo}", *place, status]


TAMBOPATA = ("MADRE DE DIOS", "TAMBOPATA", "TAMBOPATA")
INAPARI = ("Madre de Dios", "Tahuamanu", "Iñapari")
PATAZ = ("la libertad", "pataz", "PATAZ")
HUEPETUHE = ("MADRE DE DIOS", "MANU", "HUEPETUHE")

LIST_ONE = [
    row(1, RUC_A, "ÑAHUI QUISPE JOSÉ", "010000101", TAMBOPATA, "VIGENTE"),
    row(2, RUC_B, "MINERA AURÍFERA SAC", "650000202", INAPARI, "VIGENTE"),
    row(3, RUC_C, "HUAMÁN FLORES ROSA", "070000303", PATAZ, "SUSPENDIDO"),
]
# A month later: A unchanged, B suspended, C gone, D new.
LIST_TWO = [
    row(1, RUC_A, "ÑAHUI QUISPE JOSÉ", "010000101", TAMBOPATA, "VIGENTE"),
    row(2, RUC_B, "MINERA AURÍFERA SAC", "650000202", INAPARI, "Suspendido"),
    row(3, RUC_D, "CONDORI RAMOS LUIS", "720000404", HUEPETUHE, "excluido"),
]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",", header=HEADER) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(cells) for cells in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]], header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["REGISTRO INTEGRAL DE FORMALIZACIÓN MINERA"])
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def run(tmp_path: Path):
    """Import bytes as a file with `manage.py import_reinfo`; returns (stdout, stderr)."""

    def run(data: bytes, as_of: date, *options: str, name: str = "reinfo.csv", verbosity: int = 1):
        path = tmp_path / name
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(
                "import_reinfo", str(path), "--as-of", as_of.isoformat(), *options,
                verbosity=verbosity, stdout=out, stderr=err,
            )  # fmt: skip
        except CommandError as error:
            error.stdout, error.stderr = out.getvalue(), err.getvalue()
            raise
        return out.getvalue(), err.getvalue()

    return run


def state() -> dict[str, object]:
    """Everything an import may change, to compare before and after."""
    return {
        "snapshots": list(ReinfoSnapshot.objects.values_list("as_of", "file_sha256", "row_count", "updated_at")),
        "records": list(
            ReinfoRecord.objects.order_by("ruc", "codigo_unico").values_list(
                "ruc", "codigo_unico", "declarant_name", "district_id", "status", "last_snapshot_id", "updated_at"
            )
        ),
        "changes": list(
            ReinfoStatusChange.objects.order_by("id").values_list(
                "record__ruc", "from_status", "to_status", "changed_on"
            )
        ),
    }


def statuses() -> dict[str, str]:
    return dict(ReinfoRecord.objects.values_list("ruc", "status"))


def history(ruc_: str) -> list[tuple[str, str, date]]:
    return list(
        ReinfoStatusChange.objects.filter(record__ruc=ruc_)
        .order_by("changed_on")
        .values_list("from_status", "to_status", "changed_on")
    )


# A first list


def test_a_first_list_becomes_a_snapshot_with_its_records_and_their_first_status(run) -> None:
    data = csv_bytes(LIST_ONE)

    out, err = run(data, FIRST, name="REINFO-2025-11.csv")

    snapshot = ReinfoSnapshot.objects.get()
    assert (snapshot.as_of, snapshot.file_name, snapshot.row_count, snapshot.is_complete) == (
        FIRST,
        "REINFO-2025-11.csv",
        3,
        True,
    )
    assert snapshot.file_sha256 == importers.hashlib.sha256(data).hexdigest()
    records = {record.ruc: record for record in ReinfoRecord.objects.all()}
    assert {key: (r.codigo_unico, r.district_id, r.status) for key, r in records.items()} == {
        RUC_A: ("010000101", "170101", "vigente"),
        RUC_B: ("650000202", "170301", "vigente"),
        RUC_C: ("070000303", "130809", "suspendido"),
    }
    assert records[RUC_A].declarant_name == "ÑAHUI QUISPE JOSÉ"
    assert records[RUC_A].mining_right_name == "DERECHO 010000101"
    assert all(r.first_snapshot == r.last_snapshot == snapshot for r in records.values())
    assert history(RUC_C) == [("", "suspendido", FIRST)]
    assert f"REINFO list of 2025-11-30 recorded as snapshot {snapshot.pk}:" in out
    assert "  new records                  3" in out
    assert err == ""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_csv_list_is_read_in_each_encoding_and_separator(run, encoding: str, delimiter: str) -> None:
    run(csv_bytes(LIST_ONE, encoding, delimiter), FIRST)

    assert dict(ReinfoRecord.objects.values_list("ruc", "declarant_name")) == {
        RUC_A: "ÑAHUI QUISPE JOSÉ",
        RUC_B: "MINERA AURÍFERA SAC",
        RUC_C: "HUAMÁN FLORES ROSA",
    }


def test_an_xlsx_list_is_read_from_its_first_sheet_below_a_title(run) -> None:
    rows = [[int(cells[0]), int(cells[1]), *cells[2:]] for cells in LIST_ONE]  # numbers as Excel stores them

    run(xlsx_bytes(rows), FIRST, name="reinfo.xlsx")

    assert statuses() == {RUC_A: "vigente", RUC_B: "vigente", RUC_C: "suspendido"}


def as_excel_stores_them(cells: list[str]) -> list[object]:
    """A row as a spreadsheet keeps it: digits become numbers (losing leading zeros), empty cells None."""
    return [int(cell) if cell.isdigit() else (cell or None) for cell in cells]


def test_a_numeric_codigo_unico_in_an_xlsx_gets_its_leading_zero_back(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)
    rows = [as_excel_stores_them(cells) for cells in LIST_ONE]
    assert rows[0][3] == 10000101  # the cell as openpyxl reads it back

    out, _err = run(xlsx_bytes(rows), SECOND, name="reinfo.xlsx")

    # The same three records, none duplicated and none marked as no longer listed.
    assert sorted(ReinfoRecord.objects.values_list("codigo_unico", "status")) == [
        ("010000101", "vigente"),
        ("070000303", "suspendido"),
        ("650000202", "vigente"),
    ]
    assert "  unchanged                    3" in out


def test_a_short_all_digit_codigo_unico_in_a_csv_is_padded_alike(run) -> None:
    run(xlsx_bytes([as_excel_stores_them(cells) for cells in LIST_ONE]), FIRST, name="reinfo.xlsx")
    rows = [[*cells[:3], cells[3].lstrip("0"), *cells[4:]] for cells in LIST_ONE]
    rows.append(row(4, RUC_D, "CONDORI RAMOS LUIS", "P-0004", HUEPETUHE, "VIGENTE"))

    run(csv_bytes(rows), SECOND)

    assert sorted(ReinfoRecord.objects.values_list("codigo_unico", flat=True)) == [
        "010000101",
        "070000303",
        "650000202",
        "P-0004",  # not all digits: kept as written
    ]


def test_headers_match_in_their_variants_whatever_the_case_and_accents(run) -> None:
    header = ["Nro", "ruc", "Declarante", "Codigo Unico", "Derecho minero", "Departamento", "Provincia", "Distrito",
              "Estado", "Observación"]  # fmt: skip
    rows = [[*cells, "ninguna"] for cells in LIST_ONE]

    run(csv_bytes(rows, header=header), FIRST)

    assert ReinfoRecord.objects.count() == 3


def test_place_names_match_without_case_or_accents_and_districts_within_their_province(run) -> None:
    rows = [
        row(1, RUC_A, "A", "010000101", ("puno", "El Collao", "Santa Rosa"), "VIGENTE"),
        row(2, RUC_A, "A", "010000102", ("PUNO", "MELGAR", "SANTA ROSA"), "VIGENTE"),
        row(3, RUC_A, "A", "010000103", ("Madre de Dios", "TAHUAMANU", "INAPARI"), "VIGENTE"),
        row(4, RUC_A, "A", "010000104", ("Ancash", "Santa", "Nepena"), "VIGENTE"),
        row(5, RUC_A, "A", "010000105", ("ÁNCASH", "SANTA", "NEPEÑA"), "VIGENTE"),
    ]

    run(csv_bytes(rows), FIRST)

    assert dict(ReinfoRecord.objects.values_list("codigo_unico", "district_id")) == {
        "010000101": "210504",
        "010000102": "210808",
        "010000103": "170301",
        "010000104": "021806",
        "010000105": "021806",
    }


def test_one_ruc_with_several_mining_rights_is_several_records(run) -> None:
    rows = [row(1, RUC_A, "A", "010000101", TAMBOPATA, "VIGENTE"), row(2, RUC_A, "A", "010000102", PATAZ, "EXCLUIDO")]

    run(csv_bytes(rows), FIRST)

    assert list(ReinfoRecord.objects.order_by("codigo_unico").values_list("codigo_unico", "status")) == [
        ("010000101", "vigente"),
        ("010000102", "excluido"),
    ]


# Problems


BAD_ROWS = [
    row(1, RUC_A, "GOOD ROW", "010000101", TAMBOPATA, "VIGENTE"),
    row(2, "2060000001", "WRONG CHECK DIGIT", "2", TAMBOPATA, "VIGENTE"),
    row(3, "104242424", "TOO SHORT", "3", TAMBOPATA, "VIGENTE"),
    row(4, "30424242421", "WRONG PREFIX", "4", TAMBOPATA, "VIGENTE"),
    row(5, RUC_B, "UNKNOWN REGION", "5", ("MADRE DE DIOSES", "TAMBOPATA", "TAMBOPATA"), "VIGENTE"),
    row(6, RUC_B, "UNKNOWN PROVINCE", "6", ("MADRE DE DIOS", "PATAZ", "PATAZ"), "VIGENTE"),
    row(7, RUC_B, "UNKNOWN DISTRICT", "7", ("MADRE DE DIOS", "TAMBOPATA", "LA PAMPA"), "VIGENTE"),
    row(8, RUC_B, "UNKNOWN STATUS", "8", TAMBOPATA, "FORMALIZADO"),
    row(9, RUC_B, "", "9", TAMBOPATA, ""),
    row(10, RUC_A, "DUPLICATE OF LINE 2", "010000101", PATAZ, "EXCLUIDO"),
    row(11, RUC_C, "LAST GOOD ROW", "070000303", PATAZ, "SUSPENDIDO"),
]
BAD_ROW_PROBLEMS = [
    "line 3, RUC: “2060000001”: A RUC has exactly 11 digits.",
    "line 4, RUC: “104242424”: A RUC has exactly 11 digits.",
    "line 5, RUC: “30424242421”: A RUC starts with 10, 15, 16, 17 or 20.",
    "line 6, DEPARTAMENTO: “MADRE DE DIOSES” is not a region (departamento) of Peru.",
    "line 7, PROVINCIA: “PATAZ” is not a province of Madre de Dios.",
    "line 8, DISTRITO: “LA PAMPA” is not a district of the province of Tambopata (Madre de Dios).",
    "line 9, ESTADO: “FORMALIZADO” is not a REINFO status: expected VIGENTE, SUSPENDIDO or EXCLUIDO.",
    "line 10, NOMBRE DEL DECLARANTE: the cell is empty.",
    "line 10, ESTADO: the cell is empty.",
    f"line 11, CÓDIGO ÚNICO: RUC {RUC_A} with código único 010000101 already appears on line 2.",
]


def test_every_problem_is_reported_by_line_and_column_and_nothing_is_written(run) -> None:
    with pytest.raises(CommandError) as error:
        run(csv_bytes(BAD_ROWS), FIRST)

    assert error.value.stderr.splitlines() == BAD_ROW_PROBLEMS
    assert str(error.value) == (
        "9 of 11 rows have problems (10 in all); nothing was written. "
        "Fix the file, or use --skip-invalid to import the valid rows."
    )
    assert ReinfoSnapshot.objects.count() == ReinfoRecord.objects.count() == ReinfoStatusChange.objects.count() == 0


def test_an_xlsx_with_bad_rows_reports_every_problem_by_line_and_column_and_writes_nothing(run) -> None:
    with pytest.raises(CommandError) as error:
        run(xlsx_bytes([as_excel_stores_them(cells) for cells in BAD_ROWS]), FIRST, name="reinfo.xlsx")

    # The workbook has a title row above the header, so each row is one line further down.
    assert error.value.stderr.splitlines() == [
        re.sub(r"line (\d+)", lambda match: f"line {int(match[1]) + 1}", problem) for problem in BAD_ROW_PROBLEMS
    ]
    assert "9 of 11 rows have problems (10 in all); nothing was written." in str(error.value)
    assert ReinfoSnapshot.objects.count() == ReinfoRecord.objects.count() == ReinfoStatusChange.objects.count() == 0


def test_a_wrong_check_digit_is_its_own_problem(run) -> None:
    wrong = RUC_A[:10] + str((int(RUC_A[10]) + 1) % 10)

    with pytest.raises(CommandError) as error:
        run(csv_bytes([row(1, wrong, "A", "1", TAMBOPATA, "VIGENTE")]), FIRST)

    assert error.value.stderr.splitlines() == [f"line 2, RUC: “{wrong}”: The RUC's check digit is wrong."]


def test_skip_invalid_imports_the_valid_rows_and_reports_the_skipped_ones(run) -> None:
    out, err = run(csv_bytes(BAD_ROWS), FIRST, "--skip-invalid")

    assert err.splitlines() == BAD_ROW_PROBLEMS
    assert statuses() == {RUC_A: "vigente", RUC_C: "suspendido"}
    assert ReinfoSnapshot.objects.get().row_count == 2
    assert "  skipped (invalid)            9" in out
    assert "  skipped lines: 3, 4, 5, 6, 7, 8, 9, 10, 11" in out


def test_skip_invalid_refuses_a_file_with_no_valid_row(run) -> None:
    with pytest.raises(CommandError, match="Nothing was written"):
        run(csv_bytes(BAD_ROWS[1:9]), FIRST, "--skip-invalid")

    assert ReinfoSnapshot.objects.count() == 0


def test_a_missing_column_is_one_error_naming_it(run) -> None:
    header = [name for name in HEADER if name != "DISTRITO"]
    rows = [cells[:7] + cells[8:] for cells in LIST_ONE]

    with pytest.raises(CommandError) as error:
        run(csv_bytes(rows, header=header), FIRST)

    assert error.value.stderr.splitlines() == ["line 1: the column “DISTRITO” is missing."]
    assert str(error.value) == "reinfo.csv cannot be read as a REINFO list; nothing was written."


def test_a_wrong_encoding_is_a_clear_error(run) -> None:
    with pytest.raises(CommandError) as error:
        run(csv_bytes(LIST_ONE, encoding="utf-16-le"), FIRST)

    assert error.value.stderr.startswith(
        "line 1: the file contains NUL bytes: it is not UTF-8, Windows-1252 or Latin-1"
    )
    assert ReinfoSnapshot.objects.count() == 0


def test_a_truncated_xlsx_is_a_clear_error(run) -> None:
    data = xlsx_bytes(LIST_ONE)

    with pytest.raises(CommandError) as error:
        run(data[:-200], FIRST, name="reinfo.xlsx")

    assert error.value.stderr.startswith("The XLSX workbook cannot be read: it is damaged or truncated (")
    assert ReinfoSnapshot.objects.count() == 0


def test_a_header_without_rows_is_refused(run) -> None:
    with pytest.raises(CommandError):
        run(csv_bytes([]), FIRST)

    assert ReinfoSnapshot.objects.count() == 0


def test_a_file_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv: No such file or directory"):
        call_command("import_reinfo", str(tmp_path / "missing.csv"), "--as-of", "2025-11-30")


def test_a_date_that_is_not_iso_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a date in the form YYYY-MM-DD"):
        call_command("import_reinfo", str(tmp_path / "x.csv"), "--as-of", "30/11/2025")


# Successive lists


def test_a_second_list_records_status_changes_and_records_no_longer_listed(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)
    first = ReinfoSnapshot.objects.get()

    out, _ = run(csv_bytes(LIST_TWO), SECOND)

    second = ReinfoSnapshot.objects.get(as_of=SECOND)
    assert statuses() == {RUC_A: "vigente", RUC_B: "suspendido", RUC_C: "not_listed", RUC_D: "excluido"}
    assert history(RUC_A) == [("", "vigente", FIRST)]
    assert history(RUC_B) == [("", "vigente", FIRST), ("vigente", "suspendido", SECOND)]
    assert history(RUC_C) == [("", "suspendido", FIRST), ("suspendido", "not_listed", SECOND)]
    assert history(RUC_D) == [("", "excluido", SECOND)]
    assert set(ReinfoStatusChange.objects.filter(changed_on=SECOND).values_list("snapshot", flat=True)) == {second.pk}
    gone = ReinfoRecord.objects.get(ruc=RUC_C)
    assert (gone.first_snapshot, gone.last_snapshot) == (first, first)  # kept, last listed in the first list
    assert ReinfoRecord.objects.get(ruc=RUC_A).last_snapshot == second
    assert ReinfoRecord.objects.get(ruc=RUC_D).first_snapshot == second
    for line in [
        "  new records                  1",
        "  status changed               1",
        "  unchanged                    1",
        "  no longer listed             1",
        "  skipped (invalid)            0",
        "    vigente (current) → suspendido (suspended): 1",
        "    suspendido (suspended) → no longer listed: 1",
        "    — → excluido (excluded): 1",
    ]:
        assert line in out.splitlines()


def test_a_record_listed_again_gets_its_status_back(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)
    run(csv_bytes(LIST_TWO), SECOND)

    run(csv_bytes(LIST_ONE, delimiter=";"), THIRD)  # the same rows, in another file

    assert statuses() == {RUC_A: "vigente", RUC_B: "vigente", RUC_C: "suspendido", RUC_D: "not_listed"}
    assert history(RUC_C)[-1] == ("not_listed", "suspendido", THIRD)
    assert ReinfoSnapshot.objects.count() == 3


def test_a_partial_list_leaves_the_records_it_does_not_name_alone(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)

    out, _ = run(csv_bytes(LIST_TWO[1:2]), SECOND, "--partial")

    assert statuses() == {RUC_A: "vigente", RUC_B: "suspendido", RUC_C: "suspendido"}
    assert ReinfoSnapshot.objects.get(as_of=SECOND).is_complete is False
    assert "  no longer listed             0" in out


def test_a_new_name_or_district_updates_the_record_without_a_status_change(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)
    renamed = [cells[:] for cells in LIST_ONE]
    renamed[0][2] = "ÑAHUI QUISPE JOSÉ LUIS"
    renamed[0][5:8] = HUEPETUHE

    out, _ = run(csv_bytes(renamed), SECOND)

    record = ReinfoRecord.objects.get(ruc=RUC_A)
    assert (record.declarant_name, record.district_id) == ("ÑAHUI QUISPE JOSÉ LUIS", "170204")
    assert history(RUC_A) == [("", "vigente", FIRST)]
    assert "  details updated              1  (names or district; counted above too)" in out


def test_history_events_are_recorded_for_imported_records(run) -> None:
    events = apps.get_model("enforcement", "ReinfoRecordEvent")
    run(csv_bytes(LIST_ONE), FIRST)
    run(csv_bytes(LIST_TWO), SECOND)

    labels = list(events.objects.filter(ruc=RUC_B).order_by("pgh_id").values_list("pgh_label", "status"))
    assert labels == [("insert", "vigente"), ("update", "suspendido")]
    context = events.objects.filter(ruc=RUC_B).last().pgh_context
    assert context["reinfo_import"] == "2025-12-31"
    assert context["file"] == "reinfo.csv"


# Idempotency and conflicts


def test_importing_the_same_file_again_changes_nothing(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)
    run(csv_bytes(LIST_TWO), SECOND)
    before = state()

    out, _ = run(csv_bytes(LIST_TWO), SECOND)

    assert state() == before
    snapshot = ReinfoSnapshot.objects.get(as_of=SECOND)
    assert out.splitlines()[0] == (
        f"REINFO list of 2025-12-31 was already imported (snapshot {snapshot.pk}): nothing changed."
    )
    assert "  unchanged                    3" in out
    assert "  no longer listed             0" in out


def test_a_different_file_for_a_date_already_imported_is_refused(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST, name="first.csv")
    before = state()

    with pytest.raises(CommandError) as error:
        run(csv_bytes(LIST_TWO), FIRST)

    assert error.value.stderr.splitlines() == [
        "A different file (first.csv) is already recorded as the list of 2025-11-30."
    ]
    assert state() == before


def test_a_list_older_than_the_latest_is_refused(run) -> None:
    run(csv_bytes(LIST_TWO), SECOND)

    with pytest.raises(CommandError) as error:
        run(csv_bytes(LIST_ONE), FIRST)

    assert error.value.stderr.splitlines() == [
        "The list of 2025-12-31 is already imported: lists are imported oldest first."
    ]


def test_the_same_file_under_another_date_is_refused(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)

    with pytest.raises(CommandError) as error:
        run(csv_bytes(LIST_ONE), SECOND)

    assert error.value.stderr.splitlines() == ["This file is already recorded as the list of 2025-11-30."]


def test_a_complete_list_cannot_be_imported_again_as_partial(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)

    with pytest.raises(CommandError) as error:
        run(csv_bytes(LIST_ONE), FIRST, "--partial")

    assert error.value.stderr.splitlines() == ["This file was imported as a complete list: import it the same way."]


def test_a_dry_run_reports_what_would_change_and_writes_nothing(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)
    before = state()

    out, _ = run(csv_bytes(LIST_TWO), SECOND, "--dry-run")

    assert state() == before
    assert out.splitlines()[0] == "Dry run: nothing was written. The REINFO list of 2025-12-31 would give:"
    assert "  status changed               1" in out


# One transaction


@pytest.mark.parametrize("failing_copy", [1, 2], ids=["while adding records", "while updating records"])
@pytest.mark.parametrize("failure", [RuntimeError, KeyboardInterrupt])
def test_an_import_interrupted_mid_write_leaves_the_database_as_it_was(
    run, monkeypatch, failing_copy: int, failure: type[BaseException]
) -> None:
    run(csv_bytes(LIST_ONE), FIRST)
    events = apps.get_model("enforcement", "ReinfoRecordEvent")
    before, events_before = state(), events.objects.count()
    copy_rows = importers._copy_rows
    calls = []

    def copy_then_fail(cursor, table, columns, rows, total, progress=None):
        calls.append(table)
        if len(calls) < failing_copy:
            return copy_rows(cursor, table, columns, rows, total, progress)

        def some_rows_then_failure():
            yield next(iter(rows))
            raise failure("interrupted")

        return copy_rows(cursor, table, columns, some_rows_then_failure(), total, progress)

    monkeypatch.setattr(importers, "_copy_rows", copy_then_fail)
    with pytest.raises(failure, match="interrupted"):
        run(csv_bytes(LIST_TWO), SECOND)

    assert len(calls) == failing_copy  # the first step's rows were written before the failure
    assert state() == before
    assert events.objects.count() == events_before


def test_an_import_failing_at_its_last_statement_leaves_the_database_as_it_was(run) -> None:
    run(csv_bytes(LIST_ONE), FIRST)
    before = state()
    seen = []

    def fail_on_the_status_changes(execute, sql, params, many, context):
        seen.append(sql)
        if "ON CONFLICT" in sql:  # the records are already updated by then
            raise RuntimeError("interrupted")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_on_the_status_changes), pytest.raises(RuntimeError, match="interrupted"):
        run(csv_bytes(LIST_TWO), SECOND)

    assert any(sql.startswith("UPDATE") for sql in seen)
    assert state() == before


# Progress


def test_a_long_import_reports_progress_with_rate_and_eta_on_stderr(run, monkeypatch) -> None:
    monkeypatch.setattr(importers, "PROGRESS_EVERY", 2)
    rows = [row(n, RUC_A, "A", f"0100{n:05d}", TAMBOPATA, "VIGENTE") for n in range(1, 6)]

    _, err = run(csv_bytes(rows), FIRST)

    lines = err.splitlines()
    assert lines[0].startswith("reading: 2 of about 5 rows · ")
    assert " rows/s · ETA " in lines[0]
    assert any(line.startswith("comparing: 4 of 5 rows · ") for line in lines)
    assert any(line.startswith("writing: 4 of 5 rows · ") for line in lines)


def test_progress_is_quiet_at_verbosity_zero(run, monkeypatch) -> None:
    monkeypatch.setattr(importers, "PROGRESS_EVERY", 2)
    rows = [row(n, RUC_A, "A", f"0100{n:05d}", TAMBOPATA, "VIGENTE") for n in range(1, 6)]

    out, err = run(csv_bytes(rows), FIRST, verbosity=0)

    assert (out, err) == ("", "")
    assert ReinfoRecord.objects.count() == 5


def test_a_not_listed_status_is_never_read_from_a_file(run) -> None:
    with pytest.raises(CommandError) as error:
        run(csv_bytes([row(1, RUC_A, "A", "1", TAMBOPATA, ReinfoStatus.NOT_LISTED.value)]), FIRST)

    assert "is not a REINFO status" in error.value.stderr
