"""Importing incidents from spreadsheets: checks, writes, idempotency, rollback, and the upload page."""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from core import uploads
from core.choices import ModerationStatus
from incidents import importers
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source

pytestmark = pytest.mark.django_db

URL = "/imports/incidents/"
HEADER = [
    "import_key", "title", "type", "date_start", "date_end", "date_precision", "region", "province", "district",
    "place_precision", "location_name", "latitude", "longitude", "description", "source_url", "source_title",
    "source_outlet", "source_published_on", "claimed_on", "killed", "injured", "missing", "wording", "grade",
    "claim_notes", "casualty_role", "perpetrators", "targets",
]  # fmt: skip

KNOWN_SOURCE_URL = "https://example.org/noticias/ataque-pataz"


def row(**cells: str) -> dict[str, str]:
    """A valid row: a district-level attack in Pataz with one known and one new source."""
    base = {
        "import_key": "test-2024-pataz-attack",
        "title": "Ataque armado a mineros en Pataz",
        "type": "armed_attack",
        "date_start": "2024-03-14",
        "region": "La Libertad",
        "province": "Pataz",
        "district": "Tayabamba",
        "location_name": "Socavón Los Pinos",
        "description": "Hombres armados atacaron a mineros informales.",
        "source_url": f"{KNOWN_SOURCE_URL}|https://example.org/otra-nota",
        "source_title": "|Nueva nota sobre el ataque",
        "source_outlet": "|Diario Ejemplo",
        "source_published_on": "|2024-03-16",
        "killed": "4",
        "injured": "2",
        "wording": "at_least",
        "grade": "single_source",
        "casualty_role": "miner",
        "perpetrators": "Unidentified armed assailants",
        "targets": "informal miners",
    }
    return {**base, **cells}


def csv_bytes(rows: list[dict[str, str]], header: list[str] = HEADER, delimiter: str = ",", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def write(tmp_path: Path, rows: list[dict[str, str]], name: str = "incidents.csv", **options) -> Path:
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, **options))
    return path


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_incidents", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: Path, *args: str) -> list[str]:
    """The problems an import refused with, one line each."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_incidents", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


@pytest.fixture(autouse=True)
def uploads_in_tmp(tmp_path, monkeypatch) -> Path:
    """Uploaded files wait for confirmation in a temporary folder, not under .data/."""
    directory = tmp_path / "uploads"
    monkeypatch.setattr(uploads, "upload_dir", lambda: directory)
    return directory


@pytest.fixture
def known_source() -> Source:
    return Source.objects.create(
        title="Ataque en Pataz deja cuatro muertos",
        outlet="Radio Ejemplo",
        url=KNOWN_SOURCE_URL,
        published_on=datetime.date(2024, 3, 15),
    )


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (Incident, Source, Claim, Casualty, IncidentActor, Actor)
    }


# --- A good file ----------------------------------------------------------------------------


def test_a_good_file_creates_draft_incidents_with_sources_claims_casualties_and_figures(tmp_path, known_source) -> None:
    out, err = run(write(tmp_path, [row()]))
    assert err == ""
    assert "new incidents              1" in out
    incident = Incident.objects.get(import_key="test-2024-pataz-attack")
    assert incident.status == ModerationStatus.DRAFT
    assert (incident.region_id, incident.province_id, incident.district_id) == ("13", "1308", "130801")
    assert incident.place_precision == "district"
    assert (incident.date_start, incident.date_end, incident.date_precision) == (
        datetime.date(2024, 3, 14),
        datetime.date(2024, 3, 14),
        "day",
    )
    assert incident.figures("killed") == (4, 4, 4)
    assert incident.figures("injured") == (2, 2, 2)
    assert incident.figures("missing") == (None, None, None)
    new_source = Source.objects.get(url="https://example.org/otra-nota")
    assert (new_source.title, new_source.outlet, new_source.published_on) == (
        "Nueva nota sobre el ataque",
        "Diario Ejemplo",
        datetime.date(2024, 3, 16),
    )
    assert set(incident.sources.all()) == {known_source, new_source}
    claim = incident.claims.get()
    # The claim is the first source's, dated by that source's publication date.
    assert (claim.source, claim.claimed_on, claim.killed, claim.injured, claim.wording) == (
        known_source,
        datetime.date(2024, 3, 15),
        4,
        2,
        "at_least",
    )
    assert {(c.outcome, c.role, c.count) for c in incident.casualties.all()} == {
        ("killed", "miner", 4),
        ("injured", "miner", 2),
    }
    assert {(part.actor.name, part.role) for part in incident.actor_roles.select_related("actor")} == {
        ("Unidentified armed assailants", "perpetrator"),
        ("Informal miners", "target"),
    }
    assert not incident.casualties.exclude(name="").exists()


def test_places_are_read_from_codes_or_names_with_or_without_accents(tmp_path) -> None:
    rows = [
        row(import_key="by-codes", region="", province="", district="170102", source_url="", source_title="",
            source_outlet="", source_published_on="", killed="", injured="", wording="", grade="",
            casualty_role=""),
        row(import_key="by-names", region="MADRE DE DIOS", province="tambopata", district="Las Piedras",
            source_url="", source_title="", source_outlet="", source_published_on="", killed="", injured="",
            wording="", grade="", casualty_role=""),
        row(import_key="region-only", region="Junin", province="", district="", source_url="", source_title="",
            source_outlet="", source_published_on="", killed="", injured="", wording="", grade="",
            casualty_role=""),
        row(import_key="pointed", region="17", province="", district="", place_precision="exact",
            latitude="-12,6", longitude="-69.19", source_url="", source_title="", source_outlet="",
            source_published_on="", killed="", injured="", wording="", grade="", casualty_role=""),
    ]  # fmt: skip
    run(write(tmp_path, rows))
    places = {
        incident.import_key: (incident.region_id, incident.province_id, incident.district_id, incident.place_precision)
        for incident in Incident.objects.filter(import_key__in=["by-codes", "by-names", "region-only", "pointed"])
    }
    assert places == {
        "by-codes": ("17", "1701", "170102", "district"),
        "by-names": ("17", "1701", "170103", "district"),
        "region-only": ("12", None, None, "region"),
        "pointed": ("17", None, None, "exact"),
    }
    pointed = Incident.objects.get(import_key="pointed")
    assert (pointed.latitude, pointed.longitude) == (Decimal("-12.600000"), Decimal("-69.190000"))


def test_a_month_is_stored_as_the_whole_month_and_an_undated_claim_takes_its_last_day(tmp_path) -> None:
    run(
        write(
            tmp_path,
            [
                row(
                    date_start="2025-05-01",
                    date_precision="month",
                    source_url="https://example.org/mayo",
                    source_title="Masacre en mayo",
                    source_outlet="",
                    source_published_on="",
                )
            ],
        )
    )
    incident = Incident.objects.get(import_key="test-2024-pataz-attack")
    assert (incident.date_start, incident.date_end, incident.date_label) == (
        datetime.date(2025, 5, 1),
        datetime.date(2025, 5, 31),
        "May 2025",
    )
    assert incident.claims.get().claimed_on == datetime.date(2025, 5, 31)


def test_xlsx_and_semicolon_windows_1252_files_import_alike(tmp_path, known_source) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    cells = row(import_key="from-xlsx", region="Junín", province="", district="")
    sheet.append([cells.get(name, "") for name in HEADER])
    workbook.save(tmp_path / "incidents.xlsx")
    run(tmp_path / "incidents.xlsx")
    path = write(
        tmp_path,
        [row(import_key="from-cp1252", region="Junín", province="", district="")],
        name="latin.csv",
        delimiter=";",
        encoding="cp1252",
    )
    run(path)
    for key in ("from-xlsx", "from-cp1252"):
        incident = Incident.objects.get(import_key=key)
        assert (incident.region_id, incident.killed_best) == ("12", 4)
        assert incident.title == "Ataque armado a mineros en Pataz"


# --- Every problem, and nothing written -------------------------------------------------------


def test_every_problem_is_reported_as_line_and_column_and_nothing_is_written(tmp_path, known_source) -> None:
    Incident.objects.create(
        import_key="published-one", title="Published", incident_type="extortion", date_start=datetime.date(2024, 1, 1),
        date_end=datetime.date(2024, 1, 1), region_id="13", status=ModerationStatus.PUBLISHED,
    )  # fmt: skip
    bad_rows = [
        row(import_key="ok-row"),  # line 2: valid, but nothing may be written
        row(import_key="p3", title=""),
        row(import_key="p4", type="shooting"),
        row(import_key="p5", date_start="14/13/2024"),
        row(import_key="p6", date_end="2024-03-20"),
        row(import_key="p7", date_end="2024-03-20", date_precision="day"),
        row(import_key="p8", date_start="2025-05-01", date_end="2025-05-20", date_precision="month"),
        row(import_key="p9", region="Atlantis", province="", district=""),
        row(import_key="p10", region="", province="", district="Santa Rosa"),
        row(import_key="p11", region="Junín", province="Pataz", district=""),
        row(import_key="p12", latitude="abc", longitude="-69.1"),
        row(import_key="p13", region="17", province="", district="", place_precision="exact", latitude="5",
            longitude="-90"),
        row(import_key="p14", place_precision="exact"),
        row(import_key="p15", source_url="not a url", source_title="x", source_outlet="", source_published_on=""),
        row(import_key="p16", source_url="https://example.org/unknown", source_title="", source_outlet="",
            source_published_on=""),
        row(import_key="p17", source_title="only one"),
        row(import_key="p18", killed="-3", injured="two"),
        row(import_key="p19", source_url="", source_title="", source_outlet="", source_published_on=""),
        row(import_key="p20", wording="roughly", grade="rumour"),
        row(import_key="p21", perpetrators="Los Fantasmas", targets=""),
        row(import_key="ok-row"),
        row(import_key="p23", killed="", injured="", casualty_role="miner"),
        row(import_key="published-one", title="Changed", region="13", province="", district=""),
    ]  # fmt: skip
    before = counts()
    problems = refused(write(tmp_path, bad_rows))
    assert counts() == before
    assert problems == [
        "line 3, title: the cell is empty; give a title in English (title), in Spanish (title_es) or both.",
        "line 4, type: “shooting” is not a valid incident type; use one of: armed_attack, massacre, kidnapping, "
        "extortion, attack_on_security_forces, clash_with_security_forces, protest_violence, trafficking, other.",
        "line 5, date_start: “14/13/2024” is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY).",
        "line 6, date_precision: a date range needs its precision: days, week, month or year.",
        "line 7, date_end: a date known to the day starts and ends on the same day: leave date_end empty.",
        "line 8, date_end: a date known to the month covers 2025-05-01 to 2025-05-31: leave date_end empty.",
        "line 9, region: “Atlantis” is not a region of Peru.",
        "line 10, district: “Santa Rosa” names several districts (010610, 021510, 030710, 050507, 060812, "
        "140114, 150139, 210504, 210808, 220304): give the INEI code, or the province.",
        "line 11, province: “Pataz” is not in Junín.",
        "line 12, latitude: “abc” is not a number.",
        "line 13, latitude: Latitude lies outside Peru.",
        "line 13, longitude: Longitude lies outside Peru.",
        "line 14, latitude: An exact or nearby place needs coordinates.",
        "line 15, source_url: “not a url” is not a web address (http or https).",
        "line 16, source_title: “https://example.org/unknown” is not among Veta's sources yet: give its title to "
        "add it.",
        "line 17, source_title: give one value per source URL (2), separated by “|”, or leave the cell empty.",
        "line 17, source_title: “https://example.org/otra-nota” is not among Veta's sources yet: give its title to "
        "add it.",
        "line 18, killed: “-3” is not a whole number of people (0 or more).",
        "line 18, injured: “two” is not a whole number of people (0 or more).",
        "line 19, source_url: figures need the source that gives them.",
        "line 20, wording: “roughly” is not a valid wording; use one of: exact, at_least, about, up_to, more_than.",
        "line 20, grade: “rumour” is not a valid claim grade; use one of: confirmed, reliable, single_source, "
        "contested, discounted.",
        "line 21, perpetrators: no actor is named “Los Fantasmas”: add it in the admin first, or leave it out.",
        "line 22, import_key: “ok-row” is already on line 2.",
        "line 23, wording: the claim gives no figure: fill killed, injured, missing, kidnapped or rescued.",
        "line 23, grade: the claim gives no figure: fill killed, injured, missing, kidnapped or rescued.",
        "line 23, casualty_role: a casualty role needs figures (killed, injured…) to count.",
        "line 24, import_key: the incident “published-one” is published and the row would change it: change it "
        "in the admin, or give the row another import_key.",
    ]


def test_an_xlsx_with_bad_rows_reports_every_problem_as_line_and_column_and_writes_nothing(
    tmp_path, known_source
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    rows = [
        row(import_key="xlsx-ok"),  # line 2: valid, but nothing may be written
        row(import_key="xlsx-3", type="shooting", killed=-3),
        row(import_key="xlsx-4", date_start=datetime.datetime(2024, 3, 14), date_end=datetime.datetime(2024, 3, 20)),
        row(import_key="xlsx-5", region=99, province="", district=""),
        row(import_key="xlsx-6", latitude=5.5, longitude=-90, place_precision="exact"),
        row(import_key="xlsx-7", title=None, injured=2.5),
    ]
    for cells in rows:  # numbers, dates and empty cells as a spreadsheet stores them
        sheet.append([cells.get(name) for name in HEADER])
    workbook.save(tmp_path / "bad.xlsx")
    before = counts()

    problems = refused(tmp_path / "bad.xlsx")

    assert counts() == before
    assert problems == [
        "line 3, type: “shooting” is not a valid incident type; use one of: armed_attack, massacre, kidnapping, "
        "extortion, attack_on_security_forces, clash_with_security_forces, protest_violence, trafficking, other.",
        "line 3, killed: “-3” is not a whole number of people (0 or more).",
        "line 4, date_precision: a date range needs its precision: days, week, month or year.",
        "line 5, region: No region has the INEI code 99.",
        "line 6, latitude: Latitude lies outside Peru.",
        "line 6, longitude: Longitude lies outside Peru.",
        "line 7, title: the cell is empty; give a title in English (title), in Spanish (title_es) or both.",
        "line 7, injured: “2.5” is not a whole number of people (0 or more).",
    ]


def test_a_file_without_a_required_column_is_refused_whole(tmp_path) -> None:
    path = write(tmp_path, [row()], header=[name for name in HEADER if name != "date_start"])
    err = io.StringIO()
    with pytest.raises(CommandError, match="cannot be read as an incident file; nothing was written"):
        call_command("import_incidents", str(path), stderr=err)
    assert err.getvalue().strip() == "line 1: the column “date_start” is missing."


def test_skip_invalid_imports_the_valid_rows_and_reports_the_skipped_lines(tmp_path, known_source) -> None:
    rows = [row(import_key="good-1"), row(import_key="bad", type="shooting"), row(import_key="good-2")]
    out, err = run(write(tmp_path, rows), "--skip-invalid")
    assert "line 3, type: “shooting” is not a valid incident type" in err
    assert "new incidents              2" in out
    assert "skipped (invalid)          1" in out
    assert "skipped lines: 3" in out
    imported = Incident.objects.filter(import_key__in=["good-1", "good-2", "bad"]).values_list("import_key", flat=True)
    assert set(imported) == {"good-1", "good-2"}
    # Both rows name the same new source: it is created once.
    assert Source.objects.filter(url="https://example.org/otra-nota").count() == 1


# --- Idempotency and updates -------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(tmp_path, known_source) -> None:
    rows = [
        row(import_key="again-1"),
        row(import_key="again-2", region="17", province="", district="", killed="", injured="", wording="", grade="",
            casualty_role=""),
    ]  # fmt: skip
    path = write(tmp_path, rows)
    run(path)
    before = counts()
    stamps = dict(Incident.objects.filter(import_key__startswith="again-").values_list("import_key", "updated_at"))
    claim_stamps = list(Claim.objects.filter(incident__import_key__startswith="again-").values_list("updated_at"))
    out, _ = run(path)
    assert "nothing changed" in out
    assert "unchanged                  2" in out
    assert counts() == before
    assert dict(Incident.objects.filter(import_key__startswith="again-").values_list("import_key", "updated_at")) == (
        stamps
    )
    assert list(Claim.objects.filter(incident__import_key__startswith="again-").values_list("updated_at")) == (
        claim_stamps
    )


def test_a_changed_row_updates_its_draft_and_its_figures(tmp_path, known_source) -> None:
    run(write(tmp_path, [row()]))
    out, _ = run(write(tmp_path, [row(title="Ataque armado en Tayabamba", killed="5")]))
    assert "updated                    1" in out
    incident = Incident.objects.get(import_key="test-2024-pataz-attack")
    assert incident.title == "Ataque armado en Tayabamba"
    assert incident.figures("killed") == (5, 5, 5)
    assert incident.claims.count() == 1
    assert incident.casualties.get(outcome="killed").count == 5


def test_an_unchanged_row_of_a_published_incident_is_accepted(tmp_path, known_source) -> None:
    path = write(tmp_path, [row()])
    run(path)
    Incident.objects.filter(import_key="test-2024-pataz-attack").update(status=ModerationStatus.PUBLISHED)
    out, _ = run(path)
    assert "nothing changed" in out


# --- Rollback ----------------------------------------------------------------------------------


def test_an_import_interrupted_mid_write_leaves_the_database_as_it_was(tmp_path, known_source, monkeypatch) -> None:
    calls = []
    real_add_claim = importers.add_claim

    def failing_add_claim(claim):
        calls.append(claim.incident.import_key)
        if len(calls) == 2:
            raise RuntimeError("the server went away")
        return real_add_claim(claim)

    monkeypatch.setattr(importers, "add_claim", failing_add_claim)
    before = counts()
    with pytest.raises(RuntimeError, match="went away"):
        run(write(tmp_path, [row(import_key="first"), row(import_key="second"), row(import_key="third")]))
    assert calls == ["first", "second"]
    assert counts() == before
    assert not Source.objects.filter(url="https://example.org/otra-nota").exists()


# --- The upload page -----------------------------------------------------------------------------


def user_with(*codenames: str) -> User:
    """A staff account (as editors are) with these incident permissions."""
    user = User.objects.create_user(
        username="editor-" + "-".join(codenames or ("none",)), password="x" * 12, is_staff=True
    )
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="incidents", codename__in=codenames))
    return user


@pytest.fixture
def editor_client() -> Client:
    client = Client()
    client.force_login(user_with("add_incident", "change_incident"))
    return client


def upload(client: Client, rows: list[dict[str, str]], name: str = "incidents.csv", **options):
    file = io.BytesIO(csv_bytes(rows, **options))
    file.name = name
    return client.post(URL, {"file": file})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/imports/incidents/")


def test_users_who_may_not_add_incidents_are_refused(client) -> None:
    client.force_login(user_with("change_incident"))
    assert client.get(URL).status_code == 403
    assert upload(client, [row()]).status_code == 403


def test_the_upload_form_lists_the_columns(editor_client) -> None:
    response = editor_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Import incidents</h1>" in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    for name in ("import_key", "source_url", "casualty_role", "perpetrators"):
        assert f"<code>{name}</code>" in html


def test_the_page_refuses_a_post_without_a_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with("add_incident"))
    assert upload(client, [row()]).status_code == 403


def test_upload_previews_rows_and_every_problem_then_confirm_writes_and_summarises(
    editor_client, known_source, uploads_in_tmp
) -> None:
    response = upload(editor_client, [row(import_key="page-1"), row(import_key="page-2", type="shooting")])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Check the import" in html
    assert "line 3, type: “shooting” is not a valid incident type" in html
    assert "Ataque armado a mineros en Pataz" in html
    assert "Tayabamba, Pataz, La Libertad" in html
    assert "new draft" in html
    assert not Incident.objects.filter(import_key__startswith="page-").exists()  # nothing written yet
    token = token_of(response)

    # Without "skip the invalid rows", the problems stand and nothing is written.
    refused = editor_client.post(URL, {"token": token})
    assert refused.status_code == 400
    assert "line 3, type:" in refused.content.decode()
    assert not Incident.objects.filter(import_key__startswith="page-").exists()

    done = editor_client.post(URL, {"token": token, "skip_invalid": "on"})
    assert done.status_code == 200
    html = done.content.decode()
    assert "Import done" in html
    assert "/admin/incidents/incident/?status__exact=draft" in html
    assert list(Incident.objects.filter(import_key__startswith="page-").values_list("import_key", "status")) == [
        ("page-1", "draft")
    ]
    assert list(uploads_in_tmp.iterdir()) == []  # the stored upload is deleted once imported
    # The upload is used up: confirming again is refused and writes nothing more.
    again = editor_client.post(URL, {"token": token, "skip_invalid": "on"})
    assert again.status_code == 400
    assert "upload the file again" in again.content.decode()


def test_a_token_from_another_session_is_refused(editor_client, known_source) -> None:
    token = token_of(upload(editor_client, [row(import_key="stolen")]))
    other = Client()
    other.force_login(user_with("add_incident"))
    assert other.post(URL, {"token": token}).status_code == 400
    assert not Incident.objects.filter(import_key="stolen").exists()


def test_an_unreadable_file_is_shown_with_its_problem(editor_client) -> None:
    response = upload(editor_client, [row()], header=[name for name in HEADER if name != "title"])
    assert response.status_code == 400
    assert "line 1: the column “title” is missing." in response.content.decode()


def test_the_page_renders_in_spanish(editor_client) -> None:
    editor_client.cookies["django_language"] = "es"
    try:
        html = editor_client.get(URL, headers={"accept-language": "es"}).content.decode()
    finally:
        translation.activate("en")  # the request left Spanish active in this thread
    assert '<html lang="es">' in html


def test_screenshots_of_the_import_steps(page, editor_client, known_source) -> None:
    """The browser's server cannot see this test's rows or session, so the pages are rendered here and shown."""
    from tests.browser import screenshot

    steps = {
        "incident-import-upload": editor_client.get(URL),
        "incident-import-preview": upload(
            editor_client, [row(import_key="shot-1"), row(import_key="shot-2", region="Atlantis", killed="x")]
        ),
    }
    steps["incident-import-done"] = editor_client.post(
        URL, {"token": token_of(steps["incident-import-preview"]), "skip_invalid": "on"}
    )
    page.goto("/static/css/incident-import.css")  # any address of the test server; no database needed
    for name, response in steps.items():
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.set_content(response.content.decode(), wait_until="load")
            assert page.locator("h1").count() == 1
            screenshot(page, name if width == 1280 else f"{name}-narrow")


def test_the_documented_example_imports_as_documented(tmp_path) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text(encoding="utf-8")
    example = re.search(r"```csv\n(.*?)```", docs, re.DOTALL).group(1)
    path = tmp_path / "example.csv"
    path.write_text(example, encoding="utf-8")
    out, err = run(path)
    assert err == ""
    assert "new incidents              2" in out
    pataz = Incident.objects.get(import_key="pataz-2024-03-14")
    assert (pataz.district_id, pataz.place_precision, pataz.figures("killed")) == ("130801", "district", (4, 4, 4))
    assert pataz.sources.count() == 2
    la_pampa = Incident.objects.get(import_key="mdd-2025-05")
    assert (la_pampa.region_id, la_pampa.place_precision, la_pampa.date_label) == ("17", "region", "May 2025")
    assert la_pampa.claims.get().grade == "reliable"


def test_a_row_may_give_its_title_and_description_in_spanish_only(tmp_path, known_source) -> None:
    header = [*HEADER, "title_es", "description_es"]
    spanish = row(import_key="es-only", title="", title_es="Ataque a mineros en Pataz", description_es="Hubo disparos.")
    run(write(tmp_path, [spanish], header=header))
    incident = Incident.objects.get(import_key="es-only")
    assert (incident.title, incident.title_es, incident.description_es) == (
        "",
        "Ataque a mineros en Pataz",
        "Hubo disparos.",
    )
