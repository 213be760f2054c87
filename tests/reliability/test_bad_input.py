"""A catalogue of bad input: each gets a clear 4xx naming the field, and writes nothing.

One row per bad input, for the API (reads and an editor's writes), the pages and the
upload forms. For each: the status, the parameter or field the answer names (the JSON
key, or the text beside the field on a page), and unchanged row counts of every kind of
record and of the incidents' history. Rows marked "found by schemathesis" were 500s
before they were fixed; they stay here as regression tests.

The importers' own catalogue already lives next to them and is not repeated here:
tests/enforcement/test_import_reinfo.py (every problem by line and column, a RUC's bad
check digit, a wrong encoding, a truncated XLSX, a missing column, a header without
rows) and tests/incidents/test_import_incidents.py (malformed dates, unknown places,
coordinates outside Peru, negative and non-numeric counts, unknown codes, duplicates);
the rows below add NUL bytes and overlong text in a cell, and the upload pages.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from enforcement.models import EnforcementOperation, ReinfoRecord, ReinfoSnapshot
from incidents.models import Actor, Claim, Incident, Source
from regions.models import MiningSite, ProtectedArea
from tests.enforcement.test_pages import make_operation
from tests.regions.test_site_pages import make_site

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('veta')</script>"
SQL = "'; DROP TABLE incidents_incident; --"
VALID_INCIDENT = {
    "title": "Ataque en Pataz",
    "type": "armed_attack",
    "date_start": "2025-05-02",
    "date_precision": "day",
    "region": "13",
    "place_precision": "region",
}


@dataclass
class Bad:
    """One bad input: the request, and what the answer must be."""

    name: str
    method: str
    path: str
    body: dict | list | None = None
    editor: bool = False
    status: int = 400
    names: str | None = None  # the parameter or field the JSON answer names
    says: str | None = None  # text the answer shows (on a page, beside the field)
    extra: dict = field(default_factory=dict)


CATALOGUE = [
    # --- API reads -----------------------------------------------------------------------
    Bad("malformed date", "GET", "/api/v1/incidents/?date_from=2025-13-45", names="date_from"),
    Bad("unknown region code", "GET", "/api/v1/incidents/?region=99", names="region", says="No region has the code 99"),
    Bad("malformed region code", "GET", "/api/v1/incidents/?region=1", names="region", says="exactly 2 digits"),
    Bad("malformed district code", "GET", "/api/v1/incidents/?district=13080X", names="district"),
    Bad("huge page_size", "GET", "/api/v1/incidents/?page_size=100000000", names="page_size"),
    Bad("negative page_size", "GET", "/api/v1/incidents/?page_size=-1", names="page_size"),
    Bad("negative count", "GET", "/api/v1/incidents/?min_killed=-3", names="min_killed"),
    Bad("box outside the globe", "GET", "/api/v1/incidents/?bbox=-200,0,0,0", names="bbox"),
    Bad("NUL byte in q", "GET", "/api/v1/incidents/?q=ataque%00", names="q"),
    Bad("NUL byte in a code", "GET", "/api/v1/incidents/?region=%0013", names="region"),
    Bad("RUC with a bad check digit", "GET", "/api/v1/reinfo-records/?ruc=20123456780", names="ruc"),
    Bad("unknown parameter", "GET", "/api/v1/incidents/?regoin=13", names="regoin"),
    Bad("forged cursor", "GET", "/api/v1/incidents/?cursor=bm90LWEtY3Vyc29y", names="cursor"),
    Bad("unknown ordering", "GET", "/api/v1/incidents/?ordering=password", names="ordering"),
    Bad("malformed since", "GET", "/api/v1/deletions/?since=yesterday", names="since"),
    # found by schemathesis: each of these was a 500
    Bad("% in a code (found by schemathesis)", "GET", "/api/v1/stats/reinfo/?province=X%25", names="province"),
    Bad("% in a list filter (found by schemathesis)", "GET", "/api/v1/reinfo-records/?province=X%25", names="province"),
    Bad(
        "date and time out of range",
        "GET",
        "/api/v1/incidents/?updated_since=0001-01-01T00:00:00%2B10:00",
        names="updated_since",
    ),
    Bad("unknown format (found by schemathesis)", "GET", "/api/v1/actors/?format=xml", names="format"),
    Bad("bad filter of a CSV export (found by schemathesis)", "GET", "/api/v1/actors/?format=csv&x=1", names="x"),
    Bad("unknown API address (found by schemathesis)", "GET", "/api/v1/no-such-thing/", status=404, names="detail"),
    # --- API writes with an editor's key ---------------------------------------------------
    Bad(
        "coordinates outside Peru",
        "POST",
        "/api/v1/incidents/",
        editor=True,
        names="latitude",
        body={**VALID_INCIDENT, "place_precision": "exact", "latitude": "5.0", "longitude": "-90.0"},
    ),
    Bad(
        "impossible date",
        "POST",
        "/api/v1/incidents/",
        editor=True,
        names="date_start",
        body={**VALID_INCIDENT, "date_start": "2025-02-30"},
    ),
    Bad(
        "overlong title",
        "POST",
        "/api/v1/incidents/",
        editor=True,
        names="title",
        body={**VALID_INCIDENT, "title": "x" * 5000},
    ),
    Bad(
        "unknown region in a write",
        "POST",
        "/api/v1/incidents/",
        editor=True,
        names="region",
        body={**VALID_INCIDENT, "region": "99"},
    ),
    Bad(
        "NUL byte in a title",
        "POST",
        "/api/v1/incidents/",
        editor=True,
        names="title",
        body={**VALID_INCIDENT, "title": "Ataque\x00"},
    ),
    Bad(
        "NUL byte in a region code (found by schemathesis)",
        "POST",
        "/api/v1/protected-areas/",
        editor=True,
        names="regions[0]",
        body={"name": "Área", "category": "national_reserve", "regions": ["\x00q"]},
    ),
    Bad(
        "negative value destroyed",
        "POST",
        "/api/v1/operations/",
        editor=True,
        names="value_destroyed",
        body={"title": "Interdicción", "date_start": "2025-05-02", "region": "17", "value_destroyed": "-5"},
    ),
    Bad(
        "RUC with a bad check digit in a write",
        "POST",
        "/api/v1/reinfo-records/",
        editor=True,
        names="ruc",
        body={"ruc": "20123456780", "codigo_unico": "010000001", "declarant_name": "X", "district": "170101"},
    ),
    Bad("a body that is not JSON", "POST", "/api/v1/actors/", editor=True, body="{not json", names="detail"),
    # --- Pages ---------------------------------------------------------------------------
    Bad("malformed date on a page", "GET", "/incidents/?date_from=2025-13-45", says="Enter a valid date."),
    Bad("unknown code on a page", "GET", "/incidents/?region=99", says="No region has the code 99"),
    Bad("negative count on a page", "GET", "/incidents/?min_killed=-1", says="greater than or equal to 0"),
    Bad("NUL byte on a page", "GET", "/reinfo/?q=%00", says="q: Text must not contain NUL characters"),
    Bad("bad RUC on a page", "GET", "/reinfo/?ruc=20123456780", says="check digit"),
    Bad("NUL byte in an address (found by schemathesis)", "GET", "/regions/%00/", status=404),
    Bad("unknown place code", "GET", "/regions/99/", status=404),
    Bad("unknown incident", "GET", "/incidents/999999999/", status=404),
]


def counts() -> dict[str, int]:
    models = (
        Incident,
        Claim,
        Source,
        Actor,
        EnforcementOperation,
        ReinfoRecord,
        ReinfoSnapshot,
        MiningSite,
        ProtectedArea,
    )
    return {
        **{model.__name__: model.objects.count() for model in models},
        "incident history": Incident.pgh_event_model.objects.count(),
    }


@pytest.fixture
def editor_key() -> str:
    editor = User.objects.create_user("editor-catalogue", email="catalogue@veta.example.org")
    editor.groups.add(Group.objects.get(name="editor"))
    return Token.objects.create(user=editor).key


@pytest.mark.parametrize("bad", CATALOGUE, ids=[bad.name for bad in CATALOGUE])
def test_bad_input_gets_a_clear_4xx_naming_the_field_and_writes_nothing(bad: Bad, editor_key: str) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Token {editor_key}"} if bad.editor else {}
    client = Client(**headers)
    before = counts()
    if bad.method == "GET":
        response = client.get(bad.path)
    else:
        data = bad.body if isinstance(bad.body, str) else __import__("json").dumps(bad.body)
        response = client.generic(bad.method, bad.path, data, content_type="application/json")
    body = response.content.decode()
    assert response.status_code == bad.status, body[:500]
    if bad.names is not None:
        assert response["Content-Type"].startswith("application/json")
        assert bad.names in response.json(), body[:500]
    if bad.says is not None:
        assert bad.says in body, body[:2000]
    assert "Traceback" not in body
    assert counts() == before


def test_a_date_time_with_an_offset_postgresql_cannot_store_is_read_as_its_instant(client) -> None:
    """Found by schemathesis: -21:45 is a valid ISO 8601 offset, but PostgreSQL refused it (a 500)."""
    paths = (
        "/api/v1/actors/?updated_since=1508-03-11T13:41:56-21:45",
        "/api/v1/deletions/?since=2026-01-01T00:00:00-21:45",
    )
    for path in paths:
        assert client.get(path).status_code == 200, path
    # Echoed in UTC: a time far back in Lima's local time has an offset in seconds, not RFC 3339.
    assert client.get("/api/v1/deletions/?since=0057-02-11T08:06:58Z").json()["since"] == "0057-02-11T08:06:58Z"


def test_sql_looking_search_is_only_text(client) -> None:
    before = counts()
    for path in (
        f"/api/v1/incidents/?q={SQL}",
        f"/incidents/?q={SQL}",
        f"/reinfo/?q={SQL}",
        f"/api/v1/sources/?q={SQL}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.get(f"/api/v1/incidents/?q={SQL}").json()["results"] == []
    assert counts() == before and Incident.objects.exists()


def test_html_and_script_in_every_text_field_are_shown_escaped(client) -> None:
    """Veta has no rich text: every text is plain and escaped wherever it is shown."""
    source = Source.objects.create(url="https://example.org/xss", title=SCRIPT, outlet=SCRIPT)
    actor = Actor.objects.create(name=SCRIPT, kind="criminal_group", description=SCRIPT)
    incident = Incident.objects.create(
        title=SCRIPT,
        description=SCRIPT,
        location_name=SCRIPT,
        incident_type="armed_attack",
        status="published",
        date_start="2025-05-02",
        date_end="2025-05-02",
        region_id="13",
        place_precision="region",
    )
    incident.sources.add(source)
    incident.actor_roles.create(actor=actor, role="perpetrator")
    for path in (
        f"/incidents/{incident.pk}/",
        "/incidents/",
        "/",
        "/timeline/",
        f"/sources/{source.pk}/",
        "/feeds/incidents/",
    ):
        body = client.get(path).content.decode()
        assert SCRIPT not in body, path
    assert "&lt;script&gt;" in client.get(f"/incidents/{incident.pk}/").content.decode()
    operation = make_operation(SCRIPT, description=SCRIPT, location_name=SCRIPT)
    site = make_site(SCRIPT, notes=SCRIPT, location_name=SCRIPT)
    for path in ("/operations/", f"/operations/{operation.pk}/", "/sites/", f"/sites/{site.pk}/", "/regions/05/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert SCRIPT not in response.content.decode(), path
        if path.endswith(f"/{operation.pk}/") or path.endswith(f"/{site.pk}/"):
            assert "&lt;script&gt;" in response.content.decode(), path  # shown, as text
    # The API gives the text back as data, unchanged (JSON is not HTML).
    assert client.get(f"/api/v1/incidents/{incident.pk}/").json()["title"] == SCRIPT


# --- The importers: what their own tests do not cover yet -----------------------------------


def reinfo_csv(cells: list[str]) -> bytes:
    header = (
        "N°,RUC,NOMBRE DEL DECLARANTE,CÓDIGO ÚNICO,NOMBRE DEL DERECHO MINERO,DEPARTAMENTO,PROVINCIA,DISTRITO,ESTADO"
    )
    return (header + "\n" + ",".join(cells) + "\n").encode()


@pytest.mark.parametrize(
    ("name", "cells", "problem"),
    [
        (
            "NUL byte in a cell",
            ["1", "20100017491", "MINERA\x00", "010000001", "X", "LIMA", "LIMA", "LIMA", "VIGENTE"],
            "NUL",
        ),
        (
            "overlong name",
            ["1", "20100017491", "M" * 5000, "010000001", "X", "LIMA", "LIMA", "LIMA", "VIGENTE"],
            "line 2, NOMBRE DEL DECLARANTE",
        ),
        (
            "SQL in a cell",
            ["1", "20100017491", "X", SQL, "X", "LIMA", "LIMA", "LIMA", "VIGENTE"],
            "line 2, CÓDIGO ÚNICO",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "",
)
def test_bad_reinfo_cells_are_refused_by_line_and_column(tmp_path: Path, name: str, cells: list[str], problem: str):
    path = tmp_path / "reinfo.csv"
    path.write_bytes(reinfo_csv(cells))
    before = counts()
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_reinfo", str(path), "--as-of", "2032-01-31", stdout=io.StringIO(), stderr=stderr)
    assert problem in stderr.getvalue(), stderr.getvalue()
    assert counts() == before


def test_the_reinfo_upload_page_names_a_malformed_date_and_writes_nothing(editor_key) -> None:
    user = Token.objects.get(key=editor_key).user
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    before = counts()
    upload = io.BytesIO(reinfo_csv(["1", "20100017491", "X", "010000001", "X", "LIMA", "LIMA", "LIMA", "VIGENTE"]))
    upload.name = "reinfo.csv"
    response = client.post("/imports/reinfo/", {"file": upload, "as_of": "2025-13-45"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert counts() == before
