"""Every list and detail endpoint answers every reader as the OpenAPI schema says (tests/schema.py).

A strict generated client must accept every answer: for the anonymous visitor, a partner
with a key, an editor and a reviewer, each list and one record of each is validated
against the schema, formats included. The records include what differs between readers:
a casualty whose name is not public (null for the public, a string for the newsroom), a
draft mining site of a published incident and operation (null for the public).
"""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from enforcement.models import EnforcementOperation
from incidents.choices import CasualtyOutcome, CasualtyRole
from incidents.models import Casualty, Incident
from regions.choices import SiteKind
from regions.models import MiningSite
from tests.accounts import member
from tests.schema import assert_matches_schema, openapi, validation_errors

pytestmark = pytest.mark.django_db

READERS = ("anonymous", "partner", "editor", "reviewer")
# Not JSON records: the schema itself and the documentation pages.
SKIPPED = re.compile(r"^/api/v1/(schema|docs|redoc)/")
# The newsroom's collections: proposed revisions are for editors and reviewers. The others are
# refused, as the schema documents: 401 without a key, 403 with a key that lacks the permission.
NEWSROOM_ONLY = {"/api/v1/revisions/": {"anonymous": 401, "partner": 403}}


@pytest.fixture(autouse=True)
def _no_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def readers() -> dict[str, Client]:
    out = io.StringIO()
    call_command("create_api_key", "schema-partner", stdout=out, stderr=io.StringIO())
    cast = {"anonymous": Client(), "partner": Client(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")}
    for role in ("editor", "reviewer"):
        client = Client()
        client.force_login(member(f"schema-{role}", role))
        cast[role] = client
    return cast


@pytest.fixture
def records() -> None:
    """What answers differently per reader: a private name and a withheld site, on published records."""
    site = MiningSite.objects.create(
        name="Campamento sin verificar",
        kind=SiteKind.CAMP,
        region_id="17",
        place_precision=PlacePrecision.REGION,
        status=ModerationStatus.DRAFT,
    )
    day = datetime.date(2026, 1, 9)
    incident = Incident.objects.create(
        title="Ataque con una víctima identificada",
        incident_type="armed_attack",
        date_start=day,
        date_end=day,
        date_precision=DatePrecision.DAY,
        region_id="17",
        place_precision=PlacePrecision.REGION,
        site=site,
        status=ModerationStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    Casualty.objects.create(
        incident=incident,
        outcome=CasualtyOutcome.KILLED,
        role=CasualtyRole.MINER,
        count=1,
        name="Nombre Reservado",
        age=34,
        name_is_public=False,
    )
    operation = EnforcementOperation.objects.filter(status=ModerationStatus.PUBLISHED).first()
    operation.target_site = site
    operation.save()


def list_paths() -> list[str]:
    """The schema's GET paths without a parameter in them: lists and other collections."""
    return sorted(
        path
        for path, item in openapi()["paths"].items()
        if "get" in item and "{" not in path and not SKIPPED.match(path)
    )


def detail_paths() -> list[tuple[str, str, str]]:
    """(detail template, its list's path, the parameter) for each GET path ending in one parameter."""
    found = []
    for path, item in openapi()["paths"].items():
        match = re.fullmatch(r"(.*/)\{(\w+)\}/", path)
        if "get" in item and match and match.group(1) in openapi()["paths"]:
            found.append((path, match.group(1), match.group(2)))
    return sorted(found)


def test_the_helper_finds_a_broken_answer() -> None:
    # Shows the sweep below can fail: a casualty's count as text, a missing id.
    body = {"next": None, "results": [{"id": "seven"}]}
    assert validation_errors(body, "/api/v1/actors/") != []


@pytest.mark.parametrize("reader", READERS)
def test_every_list_and_detail_answers_as_the_schema_says(readers, records, reader) -> None:
    client = readers[reader]
    checked = 0
    first_rows = {}
    for path in list_paths():
        response = client.get(path)
        refusal = NEWSROOM_ONLY.get(path, {}).get(reader)
        if refusal:
            assert response.status_code == refusal, (path, response.status_code, response.content[:300])
            assert_matches_schema(response)
            continue
        if response.status_code == 400:
            # A collection that needs a parameter (statistics grouped by something): its refusal is checked too.
            assert_matches_schema(response)
            continue
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        body = assert_matches_schema(response)
        checked += 1
        if isinstance(body, dict) and body.get("results"):
            first_rows[path] = body["results"][0]
    for template, list_path, parameter in detail_paths():
        row = first_rows.get(list_path)
        if row is None:
            continue
        key = row.get(parameter, row.get("id", row.get("code")))
        response = client.get(template.replace(f"{{{parameter}}}", str(key)))
        assert response.status_code == 200, (template, key, response.status_code)
        assert_matches_schema(response)
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("reader", READERS)
def test_the_incident_with_a_private_name_and_a_withheld_site_matches_for_every_reader(
    readers, records, reader
) -> None:
    incident = Incident.objects.get(title="Ataque con una víctima identificada")
    for url in (
        f"/api/v1/incidents/{incident.pk}/",
        "/api/v1/incidents/?region=17",
        f"/api/v1/incidents/{incident.pk}/?format=json",
    ):
        body = assert_matches_schema(readers[reader].get(url))
    casualty = body["casualties"][0]
    if reader in ("anonymous", "partner"):
        assert (casualty["name"], casualty["age"], body["site"]) == (None, None, None)
    else:
        assert casualty["name"] == "Nombre Reservado" and body["site"] is not None


@pytest.mark.parametrize(
    "link", ["https://example.org/a|b", "https://example.org/a b", "https://example.org/{id}", 'https://x.org/"q"']
)
def test_a_source_link_that_is_not_a_uri_is_refused_naming_the_field(readers, link) -> None:
    response = readers["editor"].post(
        "/api/v1/sources/", {"title": "Nota", "link": link}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert "link" in response.json()
    assert_matches_schema(response, "POST")


def test_an_accented_link_is_stored_as_the_uri_a_browser_would_send(readers) -> None:
    response = readers["editor"].post(
        "/api/v1/sources/",
        {"title": "Nota", "link": "https://larepublica.pe/perú/minería-ilegal"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = assert_matches_schema(response, "POST")
    assert body["link"] == "https://larepublica.pe/per%C3%BA/miner%C3%ADa-ilegal"
