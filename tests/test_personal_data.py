"""Victims' names and ages are private unless an editor marks them public: proof for every output.

Each output is read as an anonymous visitor and as a partner (an API key without any change
permission). A private name or age must never appear; a public name must appear wherever
the output shows names at all.
"""

import csv
import datetime
import html
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from incidents.models import Casualty, CasualtyOutcomeChange, Claim, Incident, Source
from incidents.services import add_claim
from overview import package

pytestmark = pytest.mark.django_db

PRIVATE_NAME = "Rosalinda Privadísima Quispe"
PRIVATE_AGE = 117
PUBLIC_NAME = "Juan Públicus Mamani"
PUBLIC_AGE = 44
TITLE = "Shooting at a dredge camp on the Malinowski river"


@pytest.fixture
def incident() -> Incident:
    """A published incident with one private and one public named victim, and a missing person found dead."""
    day = datetime.date(2026, 2, 3)
    incident = Incident.objects.create(
        title=TITLE, incident_type="armed_attack", description="Two miners were shot at a dredge camp.",
        date_start=day, date_end=day, date_precision="day", region_id="17", province_id="1701",
        district_id="170101", place_precision="exact", latitude=Decimal("-12.7"), longitude=Decimal("-69.3"),
        status="published",
    )  # fmt: skip
    source = Source.objects.create(title="Two miners shot at a dredge camp", outlet="Radio Madre de Dios")
    incident.sources.add(source)
    add_claim(Claim(incident=incident, source=source, claimed_on=day, killed=2, grade="reliable"))
    Casualty.objects.create(
        incident=incident, outcome="killed", role="miner", name=PRIVATE_NAME, age=PRIVATE_AGE, sex="female",
        notes=f"Family asked that {PRIVATE_NAME} not be named.",
    )  # fmt: skip
    public = Casualty.objects.create(
        incident=incident, outcome="killed", role="miner", name=PUBLIC_NAME, age=PUBLIC_AGE, name_is_public=True
    )
    CasualtyOutcomeChange.objects.create(
        casualty=public, from_outcome="missing", to_outcome="killed", changed_on=datetime.date(2026, 2, 5)
    )
    return incident


def partner() -> User:
    user = User.objects.create(username="partner-ngo")
    user.set_unusable_password()
    user.save()
    return user


def viewers() -> list[tuple[str, Client]]:
    token, _ = Token.objects.get_or_create(user=partner())
    return [("anonymous", Client()), ("partner", Client(HTTP_AUTHORIZATION=f"Token {token.key}"))]


def text_of(response) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content).decode()
    else:
        body = response.content.decode()
    return html.unescape(body)


# An age shows as "117 years" (or "años") on pages, as "age": 117 in JSON, or in an age column of a CSV.
AGE_PATTERNS = (
    re.compile(rf"\b{PRIVATE_AGE}\s*(years|años|a\.)", re.I),
    re.compile(rf'"age"\s*:\s*"?{PRIVATE_AGE}\b'),
)


def assert_private_data_absent(text: str, where: str) -> None:
    assert PRIVATE_NAME not in text, where
    assert "Privadísima" not in text and "Rosalinda" not in text, where
    for pattern in AGE_PATTERNS:
        assert not pattern.search(text), where
    first_line = text.split("\n", 1)[0]
    if "," in first_line and "age" in first_line.split(","):
        for row in csv.DictReader(io.StringIO(text, newline="")):
            assert row["age"] != str(PRIVATE_AGE), where


def casualties_in(data: dict) -> dict[int, dict]:
    return {item["id"]: item for item in data["casualties"]}


# Pages and feeds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/incidents/",
        "/incidents/?q=Malinowski",
        "/timeline/",
        "/feeds/incidents/",
        "/feeds/regions/17/",
        "/",
        "/map/",
    ],
)
def test_lists_timeline_and_feeds_never_show_a_private_name_or_age(client: Client, incident, path: str) -> None:
    for who, viewer in viewers():
        text = text_of(viewer.get(path))
        assert_private_data_absent(text, f"{path} as {who}")


def test_the_incident_page_shows_the_public_name_and_withholds_the_private_one(incident) -> None:
    for who, viewer in viewers():
        text = text_of(viewer.get(f"/incidents/{incident.pk}/"))
        assert_private_data_absent(text, who)
        assert "Family asked" not in text
        assert f"{PUBLIC_NAME}, {PUBLIC_AGE} years" in text, who
        assert "name withheld" in text


def test_the_toll_evolution_and_corrections_never_name_anyone(incident) -> None:
    # Editors correct the private record after publication: the public log must not show it.
    private = incident.casualties.get(name=PRIVATE_NAME)
    private.name = PRIVATE_NAME + " de la Cruz"
    private.save()
    text = text_of(Client().get(f"/incidents/{incident.pk}/"))
    assert_private_data_absent(text, "incident page after a correction")
    assert "1 missing person found dead" in text
    assert PUBLIC_NAME not in text.split('id="toll-heading"')[1].split("</section>")[0]


def test_the_source_page_never_shows_casualties(incident) -> None:
    source = incident.sources.get()
    for who, viewer in viewers():
        assert_private_data_absent(text_of(viewer.get(f"/sources/{source.pk}/")), who)


# The API --------------------------------------------------------------------------------------


def test_the_api_detail_and_list_hide_private_names_and_ages(incident) -> None:
    private = incident.casualties.get(name=PRIVATE_NAME)
    public = incident.casualties.get(name=PUBLIC_NAME)
    for who, viewer in viewers():
        detail = viewer.get(f"/api/v1/incidents/{incident.pk}/")
        assert_private_data_absent(text_of(detail), f"API detail as {who}")
        casualties = casualties_in(detail.json())
        assert casualties[private.pk]["name"] is None and casualties[private.pk]["age"] is None
        assert casualties[public.pk]["name"] == PUBLIC_NAME and casualties[public.pk]["age"] == PUBLIC_AGE
        assert "notes" not in casualties[private.pk]

        listing = viewer.get("/api/v1/incidents/?q=Malinowski")
        assert_private_data_absent(text_of(listing), f"API list as {who}")
        [item] = listing.json()["results"]
        assert casualties_in(item)[public.pk]["name"] == PUBLIC_NAME


def test_an_editor_sees_private_names_in_the_api(incident) -> None:
    """The hiding is by permission, not by removing the data: the check above is not vacuous."""
    from django.contrib.auth.models import Permission

    editor = User.objects.create(username="editor-ana")
    editor.user_permissions.add(Permission.objects.get(content_type__app_label="incidents", codename="change_casualty"))
    token, _ = Token.objects.get_or_create(user=editor)
    data = Client(HTTP_AUTHORIZATION=f"Token {token.key}").get(f"/api/v1/incidents/{incident.pk}/").json()
    assert PRIVATE_NAME in {item["name"] for item in data["casualties"]}


@pytest.mark.parametrize("export", ["csv", "geojson", "acled", "ucdp"])
def test_no_export_holds_a_private_name_or_age(incident, export: str) -> None:
    for who, viewer in viewers():
        text = text_of(viewer.get(f"/api/v1/incidents/?format={export}"))
        if export != "ucdp":  # UCDP's layout has no title or description column
            assert "dredge camp" in text, f"{export} as {who} should hold the incident"
        assert_private_data_absent(text, f"{export} export as {who}")


def test_the_actor_and_source_endpoints_hold_no_casualty_data(incident) -> None:
    for who, viewer in viewers():
        for path in ("/api/v1/sources/", "/api/v1/actors/", "/api/v1/sources/?format=csv"):
            assert_private_data_absent(text_of(viewer.get(path)), f"{path} as {who}")


# The data package -----------------------------------------------------------------------------


def test_the_data_package_holds_public_names_only(incident, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(package, "package_dir", lambda: tmp_path / "packages")
    target = tmp_path / "veta-data.zip"
    call_command("export_package", str(target), stdout=io.StringIO())
    archive = zipfile.ZipFile(target)
    for name in archive.namelist():
        assert_private_data_absent(archive.read(name).decode("utf-8"), name)
    rows = list(csv.DictReader(io.StringIO(archive.read("data/casualties.csv").decode("utf-8"), newline="")))
    ours = [row for row in rows if row["incident_id"] == str(incident.pk)]
    assert {(row["name"], row["age"]) for row in ours} == {("", ""), (PUBLIC_NAME, str(PUBLIC_AGE))}
    assert TITLE in json.dumps(json.loads(archive.read("data/incidents.geojson")), ensure_ascii=False)


def test_the_downloaded_data_package_holds_no_private_name(client: Client, incident, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(package, "package_dir", lambda: tmp_path / "packages")
    response = client.get("/about/veta-data.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for name in archive.namelist():
        assert_private_data_absent(archive.read(name).decode("utf-8"), name)
