"""Files built to exhaust a worker: every importer refuses them at once, with bounded memory.

A 506 kB workbook of eight million one-cell rows is written here as an attacker would
(the worksheet's XML straight into a zip, where it compresses a thousandfold), with and
without the <dimension> that declares its size, and with one that lies. The real import
commands read them in another process under an address-space limit and a time limit; the
upload pages, which share the reader, refuse them too.
"""

import io
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.tabular import Column, Limits, TableError, read_table
from enforcement.importers import KEPT_PROBLEMS, REINFO_FILE_LIMITS, read_reinfo_file
from incidents.importers import INCIDENT_FILE_LIMITS
from tests.reliability.postgres import test_database_url

pytestmark = pytest.mark.slow

MILLION = 1_000_000
# What a reading process may use: Python, Django and openpyxl take about a third of it.
ADDRESS_SPACE = 1024 * 1024 * 1024
SECONDS = 60  # the refusal takes a second or two; reading the whole file took minutes

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)
INCIDENT_HEADER = ["import_key", "title", "type", "date_start"]
REINFO_HEADER = [
    "RUC", "NOMBRE DEL DECLARANTE", "CÓDIGO ÚNICO", "NOMBRE DEL DERECHO MINERO",
    "DEPARTAMENTO", "PROVINCIA", "DISTRITO", "ESTADO",
]  # fmt: skip


def header_row(names: list[str]) -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>' for i, name in enumerate(names))
    return f'<row r="1">{cells}</row>'.encode()


def workbook(
    rows: int = 0,
    *,
    header: list[str] = INCIDENT_HEADER,
    dimension: str | None = "auto",
    body: bytes = b"",
    extra_part: tuple[str, int] | None = None,
) -> bytes:
    """An XLSX with `header`, then `rows` one-cell rows, written straight into the zip in blocks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>')
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension == "auto":
                sheet.write(b'<dimension ref="A1:D%d"/>' % (rows + 1))
            elif dimension:
                sheet.write(b'<dimension ref="%s"/>' % dimension.encode())
            sheet.write(b"<sheetData>" + header_row(header) + body)
            block = b"<row><c><v>1</v></c></row>" * 100_000
            for _ in range(rows // 100_000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
        if extra_part:
            name, size = extra_part
            with archive.open(name, "w", force_zip64=True) as part:
                for _ in range(size // MILLION):
                    part.write(b" " * MILLION)
    return out.getvalue()


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    """The hostile files, written once: each a few hundred kilobytes at most."""
    folder = tmp_path_factory.mktemp("bombs")
    files = {
        "declared": workbook(8 * MILLION),
        "undeclared": workbook(8 * MILLION, dimension=None),
        "lying": workbook(8 * MILLION, dimension="A1:D2"),
        "reinfo-lying": workbook(8 * MILLION, header=REINFO_HEADER, dimension="A1:H2"),
        "far-row": workbook(
            body=b'<row r="2"><c r="A2"><v>1</v></c></row><row r="1048576"><c r="A1048576"><v>1</v></c></row>'
        ),
        "wide": workbook(body=b'<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>1</v></c></row>', dimension=None),
        "long-cell": workbook(
            body=b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * 100_000 + b"</t></is></c></row>"
        ),
        "unzipped-huge": workbook(extra_part=("xl/styles.xml", 400 * MILLION)),
    }
    paths = {}
    for name, data in files.items():
        assert len(data) < 2 * MILLION, name  # small to upload: it is what it unzips to that is large
        paths[name] = folder / f"{name}.xlsx"
        paths[name].write_bytes(data)
    paths["csv-lines"] = folder / "lines.csv"
    paths["csv-lines"].write_bytes(b"import_key,title,type,date_start\n" + b"k,t,armed_attack,2025-01-01\n" * 400_000)
    return paths


def limited() -> None:
    """Run in the child before the reader starts: cap its address space."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_import(arguments: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": test_database_url(), "DATABASE_POOL": "false"},
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    return finished, time.monotonic() - started


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["declared", "undeclared", "lying", "far-row", "wide", "long-cell", "unzipped-huge"])
def test_import_incidents_refuses_a_hostile_workbook_quickly_within_bounded_memory(bombs, bomb: str) -> None:
    finished, seconds = run_import(["import_incidents", str(bombs[bomb])])
    assert finished.returncode == 1, (finished.stdout[-2000:], finished.stderr[-2000:])
    assert "MemoryError" not in finished.stderr and "Traceback" not in finished.stderr, finished.stderr[-2000:]
    assert "cannot be read as an incident file; nothing was written" in finished.stderr
    assert "Veta reads at most" in finished.stderr or "at most" in finished.stderr
    assert seconds < SECONDS


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["declared", "undeclared", "reinfo-lying", "unzipped-huge"])
def test_import_reinfo_refuses_a_hostile_workbook_quickly_within_bounded_memory(bombs, bomb: str) -> None:
    finished, _seconds = run_import(["import_reinfo", str(bombs[bomb]), "--as-of", "2026-01-31"])
    assert finished.returncode == 1, (finished.stdout[-2000:], finished.stderr[-2000:])
    assert "Traceback" not in finished.stderr, finished.stderr[-2000:]
    assert "cannot be read as a REINFO list; nothing was written" in finished.stderr
    assert "split it into several files" in finished.stderr


@pytest.mark.django_db
def test_a_csv_longer_than_the_limit_is_refused_before_reading(bombs) -> None:
    finished, _seconds = run_import(["import_incidents", str(bombs["csv-lines"])])
    assert finished.returncode == 1
    assert "400,001 lines" in finished.stderr
    assert f"at most {INCIDENT_FILE_LIMITS.rows:,}" in finished.stderr


# --- The upload pages share the reader ---------------------------------------------------------


def signed_in_with(*codenames: str) -> Client:
    user = User.objects.create(username="limits-editor", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["declared", "undeclared", "lying"])
def test_the_incident_upload_page_refuses_the_workbook_at_once(bombs, bomb: str) -> None:
    client = signed_in_with("add_incident", "change_incident")
    started = time.monotonic()
    response = client.post(
        "/imports/incidents/", {"file": SimpleUploadedFile("incidentes.xlsx", bombs[bomb].read_bytes())}
    )
    assert time.monotonic() - started < 20
    assert response.status_code == 400
    assert "split it into several files" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["declared", "reinfo-lying"])
def test_the_reinfo_upload_page_refuses_the_workbook_at_once(bombs, bomb: str) -> None:
    client = signed_in_with("add_reinforecord")
    started = time.monotonic()
    response = client.post(
        "/imports/reinfo/",
        {"file": SimpleUploadedFile("reinfo.xlsx", bombs[bomb].read_bytes()), "as_of": "2026-01-31"},
    )
    assert time.monotonic() - started < 30
    assert response.status_code == 400
    assert "split it into several files" in response.content.decode()


# --- The reader's limits, one by one ------------------------------------------------------------

COLUMNS = [Column("key", "key"), Column("name", "name", required=False)]


def test_a_file_within_the_limits_is_read_whole() -> None:
    data = b"key,name\n" + b"".join(b"k%d,n\n" % n for n in range(99))
    table = read_table(data, "small.csv", COLUMNS, limits=Limits(rows=100))
    assert len(list(table.rows)) == 99


def test_each_limit_names_itself_in_the_refusal() -> None:
    tight = Limits(rows=10, columns=3, cell_chars=5)
    with pytest.raises(TableError, match="11 lines"):
        read_table(b"key\n" + b"k\n" * 10, "long.csv", COLUMNS, limits=tight)
    with pytest.raises(TableError, match="at most 3 columns"):
        list(read_table(b"key,name\nk,n,a,b\n", "wide.csv", COLUMNS, limits=tight).rows)
    with pytest.raises(TableError, match="line 2: cell B holds 6 characters"):
        list(read_table(b"key,name\nk,123456\n", "cell.csv", COLUMNS, limits=tight).rows)


def test_the_importers_declare_their_limits() -> None:
    assert INCIDENT_FILE_LIMITS.rows < REINFO_FILE_LIMITS.rows
    assert REINFO_FILE_LIMITS.rows >= 100_000  # a national list


@pytest.mark.django_db
def test_a_list_of_bad_rows_keeps_a_bounded_number_of_problems() -> None:
    header = ",".join(REINFO_HEADER)
    data = (header + "\n" + "x,x,x,x,x,x,x,x\n" * 1_500).encode()
    parsed = read_reinfo_file(data, "basura.csv")
    assert parsed.skipped == 1_500
    assert parsed.problem_count > KEPT_PROBLEMS
    assert len(parsed.problems) == KEPT_PROBLEMS + 1
    assert str(parsed.problems[-1]) == f"… and {parsed.problem_count - KEPT_PROBLEMS:,} more problems, not listed."
