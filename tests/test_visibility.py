"""One rule of visibility (core.visibility), seen from every surface.

A draft mining site linked to a published incident, a published operation and a REINFO
record is withheld from the public everywhere: pages say "withheld", JSON gives null, CSV
"withheld", search does not match its name, the site filter matches nothing, and the
corrections log does not name it. A source and an actor used only by a draft are not
public at all: API lists, details, filters, the list page's actor choices, the source
page and the data package leave them out. The newsroom sees everything, and publishing
the records makes them public, so each check can fail.
"""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone

from core import visibility
from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from enforcement.choices import OperationKind, ReinfoStatus
from enforcement.models import EnforcementOperation, ReinfoRecord, ReinfoSnapshot
from enforcement.validators import ruc_check_digit
from incidents.choices import ActorKind, ActorRole, IncidentType
from incidents.models import Actor, Claim, Incident, IncidentActor, Source
from overview.package import build_package
from regions.choices import SiteKind
from regions.models import MiningSite
from tests.accounts import member

pytestmark = pytest.mark.django_db

API = "/api/v1"
SITE_NAME = "Socavón Quimérico"
SITE_WORD = "Quimérico"
SOURCE_TITLE = "Crónica inédita de Huaypetue"
ACTOR_NAME = "Banda de los Borradores"
DAY = datetime.date(2025, 9, 14)
PUBLIC = ("anonymous", "partner")
NEWSROOM = ("editor", "reviewer")


@pytest.fixture
def clients() -> dict[str, Client]:
    out = io.StringIO()
    call_command("create_api_key", "visibility-partner", stdout=out, stderr=io.StringIO())
    cast = {"anonymous": Client(), "partner": Client(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")}
    for role in NEWSROOM:
        client = Client()
        client.force_login(member(f"visibility-{role}", role))
        cast[role] = client
    return cast


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(body(response))))


def earlier() -> None:
    """Make the history recorded so far look committed an hour ago (the test runs in one transaction)."""
    Incident.pgh_event_model.objects.update(pgh_created_at=F("pgh_created_at") - datetime.timedelta(hours=1))


@pytest.fixture
def draft_site() -> MiningSite:
    return MiningSite.objects.create(
        name=SITE_NAME,
        kind=SiteKind.TUNNEL_ENTRANCE,
        region_id="17",
        province_id="1701",
        place_precision=PlacePrecision.PROVINCE,
        status=ModerationStatus.DRAFT,
    )


@pytest.fixture
def incident(draft_site) -> Incident:
    """A published incident, later linked to the draft site (so its corrections log has the change)."""
    incident = Incident.objects.create(
        title="Ataque en un socavón de Madre de Dios",
        incident_type=IncidentType.ARMED_ATTACK,
        date_start=DAY,
        date_end=DAY,
        date_precision=DatePrecision.DAY,
        region_id="17",
        province_id="1701",
        place_precision=PlacePrecision.PROVINCE,
        status=ModerationStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    earlier()
    incident.site = draft_site
    incident.save()
    return incident


@pytest.fixture
def operation(draft_site) -> EnforcementOperation:
    return EnforcementOperation.objects.create(
        title="Interdicción en el socavón",
        kind=OperationKind.INTERDICTION,
        date_start=DAY,
        date_end=DAY,
        date_precision=DatePrecision.DAY,
        region_id="17",
        province_id="1701",
        place_precision=PlacePrecision.PROVINCE,
        target_site=draft_site,
        status=ModerationStatus.PUBLISHED,
        published_at=timezone.now(),
    )


@pytest.fixture
def reinfo_record(draft_site) -> ReinfoRecord:
    snapshot = ReinfoSnapshot.objects.create(as_of=datetime.date(2025, 12, 31), file_name="reinfo.csv", row_count=1)
    return ReinfoRecord.objects.create(
        ruc="2060000002" + str(ruc_check_digit("2060000002")),
        declarant_name="Minera Visible S.A.C.",
        codigo_unico="010000998",
        district_id="170101",
        status=ReinfoStatus.VIGENTE,
        mining_site=draft_site,
        first_snapshot=snapshot,
        last_snapshot=snapshot,
    )


def publish_site(site: MiningSite) -> None:
    site.status = ModerationStatus.PUBLISHED
    site.save()


# --- A draft mining site of public records ---------------------------------------------------


def test_the_incident_page_and_its_corrections_log_withhold_the_draft_site(clients, incident) -> None:
    for role in PUBLIC:
        page = clients[role].get(f"/incidents/{incident.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        assert SITE_WORD not in text, role
        assert "withheld" in text  # the site field, and the correction "— → withheld"
    spanish = clients["anonymous"].get(f"/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert SITE_WORD not in spanish and "reservado" in spanish
    for role in NEWSROOM:
        assert SITE_WORD in clients[role].get(f"/incidents/{incident.pk}/").content.decode()
    publish_site(incident.site)
    assert SITE_WORD in clients["anonymous"].get(f"/incidents/{incident.pk}/").content.decode()


def test_the_api_gives_null_for_the_draft_site_and_the_csv_says_withheld(clients, incident) -> None:
    site = incident.site
    for role in PUBLIC:
        detail = clients[role].get(f"{API}/incidents/{incident.pk}/")
        assert detail.json()["site"] is None, role
        listed = clients[role].get(f"{API}/incidents/?region=17&page_size=500").json()["results"]
        assert next(row for row in listed if row["id"] == incident.pk)["site"] is None
        browsable = clients[role].get(f"{API}/incidents/{incident.pk}/?format=api")
        assert SITE_WORD not in browsable.content.decode()
        rows = csv_rows(clients[role].get(f"{API}/incidents/?region=17&format=csv"))
        row = next(row for row in rows if row["id"] == str(incident.pk))
        assert (row["site_id"], row["site"]) == ("withheld", "withheld"), role
        export = body(clients[role].get(f"{API}/incidents/?region=17&format=geojson"))
        assert SITE_WORD not in export
        for name in ("acled", "ucdp"):
            assert SITE_WORD not in body(clients[role].get(f"{API}/incidents/?region=17&format={name}"))
    for role in NEWSROOM:
        assert clients[role].get(f"{API}/incidents/{incident.pk}/").json()["site"] == site.pk
        rows = csv_rows(clients[role].get(f"{API}/incidents/?region=17&format=csv"))
        row = next(row for row in rows if row["id"] == str(incident.pk))
        assert (row["site_id"], row["site"]) == (str(site.pk), SITE_NAME)
    publish_site(site)
    assert clients["anonymous"].get(f"{API}/incidents/{incident.pk}/").json()["site"] == site.pk
    rows = csv_rows(clients["anonymous"].get(f"{API}/incidents/?region=17&format=csv"))
    assert next(row for row in rows if row["id"] == str(incident.pk))["site"] == SITE_NAME


def test_search_and_the_site_filter_do_not_match_a_draft_site(clients, incident) -> None:
    site = incident.site
    for role in PUBLIC:
        for url in (f"{API}/incidents/?q=quimerico", f"{API}/incidents/?site={site.pk}"):
            assert clients[role].get(url).json()["results"] == [], (role, url)
        page = clients[role].get("/incidents/?q=quimerico").content.decode()
        assert incident.title not in page
        assert incident.title not in clients[role].get("/incidents/?q=Quimérico").content.decode()
    # The newsroom filters by the site it sees; the public searches only public names.
    ids = [row["id"] for row in clients["editor"].get(f"{API}/incidents/?site={site.pk}").json()["results"]]
    assert ids == [incident.pk]
    publish_site(site)
    for url in (f"{API}/incidents/?q=quimerico", f"{API}/incidents/?site={site.pk}"):
        assert [row["id"] for row in clients["anonymous"].get(url).json()["results"]] == [incident.pk], url
    # Unpublished again, it leaves the documents again.
    site.status = ModerationStatus.DRAFT
    site.save()
    assert clients["anonymous"].get(f"{API}/incidents/?q=quimerico").json()["results"] == []


def test_an_operation_withholds_its_draft_target_site(clients, operation) -> None:
    site = operation.target_site
    for role in PUBLIC:
        page = clients[role].get(f"/operations/{operation.pk}/").content.decode()
        assert SITE_WORD not in page and "withheld" in page, role
        assert clients[role].get(f"{API}/operations/{operation.pk}/").json()["target_site"] is None
        rows = csv_rows(clients[role].get(f"{API}/operations/?format=csv"))
        assert next(row for row in rows if row["id"] == str(operation.pk))["target_site_id"] == "withheld"
        assert clients[role].get(f"{API}/operations/?site={site.pk}").json()["results"] == []
    assert clients["editor"].get(f"{API}/operations/{operation.pk}/").json()["target_site"] == site.pk
    assert SITE_WORD in clients["editor"].get(f"/operations/{operation.pk}/").content.decode()
    publish_site(site)
    assert clients["anonymous"].get(f"{API}/operations/{operation.pk}/").json()["target_site"] == site.pk


def test_a_reinfo_record_withholds_its_draft_site(clients, reinfo_record) -> None:
    site = reinfo_record.mining_site
    for role in PUBLIC:
        assert clients[role].get(f"{API}/reinfo-records/{reinfo_record.pk}/").json()["mining_site"] is None
        rows = csv_rows(clients[role].get(f"{API}/reinfo-records/?format=csv"))
        assert next(row for row in rows if row["id"] == str(reinfo_record.pk))["mining_site_id"] == "withheld"
    assert clients["editor"].get(f"{API}/reinfo-records/{reinfo_record.pk}/").json()["mining_site"] == site.pk


def test_the_data_package_leaves_out_the_draft_site(incident, operation, tmp_path) -> None:
    build_package(tmp_path / "package.zip")
    with zipfile.ZipFile(tmp_path / "package.zip") as archive:
        texts = {name: archive.read(name).decode() for name in archive.namelist()}
    assert not any(SITE_WORD in text for text in texts.values())
    incidents = {row["id"]: row for row in csv.DictReader(io.StringIO(texts["data/incidents.csv"]))}
    assert incidents[str(incident.pk)]["site_id"] == ""


# --- A source and an actor used only by drafts ----------------------------------------------


@pytest.fixture
def draft_only() -> dict:
    """A draft incident citing a new source and naming a new actor, used by nothing else."""
    draft = Incident.objects.create(
        title="Borrador sin publicar",
        incident_type=IncidentType.EXTORTION,
        date_start=DAY,
        date_end=DAY,
        date_precision=DatePrecision.DAY,
        region_id="17",
        place_precision=PlacePrecision.REGION,
        status=ModerationStatus.DRAFT,
    )
    source = Source.objects.create(title=SOURCE_TITLE, url="https://example.org/inedita")
    actor = Actor.objects.create(name=ACTOR_NAME, kind=ActorKind.CRIMINAL_GROUP)
    draft.sources.add(source)
    Claim.objects.create(incident=draft, source=source, claimed_on=DAY, killed=1)
    IncidentActor.objects.create(incident=draft, actor=actor, role=ActorRole.PERPETRATOR)
    return {"incident": draft, "source": source, "actor": actor}


def test_a_source_used_only_by_drafts_is_not_public_anywhere(clients, draft_only, tmp_path) -> None:
    source = draft_only["source"]
    for role in PUBLIC:
        client = clients[role]
        assert client.get(f"{API}/sources/{source.pk}/").status_code == 404, role
        assert SOURCE_TITLE not in client.get(f"{API}/sources/?page_size=1000").content.decode()
        assert client.get(f"{API}/sources/?url={source.url}").json()["results"] == []
        assert client.get(f"{API}/sources/?q=inedita").json()["results"] == []
        assert SOURCE_TITLE not in body(client.get(f"{API}/sources/?format=csv"))
        assert client.get(f"/sources/{source.pk}/").status_code == 404
    for role in NEWSROOM:
        assert clients[role].get(f"{API}/sources/{source.pk}/").status_code == 200
        assert clients[role].get(f"/sources/{source.pk}/").status_code == 200
    build_package(tmp_path / "package.zip")
    with zipfile.ZipFile(tmp_path / "package.zip") as archive:
        assert SOURCE_TITLE not in archive.read("data/sources.csv").decode()
    draft_only["incident"].status = ModerationStatus.PUBLISHED
    draft_only["incident"].published_at = timezone.now()
    draft_only["incident"].save()
    assert clients["anonymous"].get(f"{API}/sources/{source.pk}/").status_code == 200
    assert clients["anonymous"].get(f"/sources/{source.pk}/").status_code == 200


def test_an_actor_used_only_by_drafts_is_not_public_anywhere(clients, draft_only) -> None:
    actor = draft_only["actor"]
    for role in PUBLIC:
        client = clients[role]
        assert client.get(f"{API}/actors/{actor.pk}/").status_code == 404, role
        assert ACTOR_NAME not in client.get(f"{API}/actors/?page_size=1000").content.decode()
        assert client.get(f"{API}/actors/?q=Borradores").json()["results"] == []
        assert ACTOR_NAME not in body(client.get(f"{API}/actors/?format=csv"))
        assert ACTOR_NAME not in client.get("/incidents/").content.decode()  # the actor filter's choices
        assert ACTOR_NAME not in client.get("/timeline/").content.decode()
        assert client.get(f"{API}/incidents/?actor={actor.pk}").json()["results"] == []
    assert ACTOR_NAME in clients["editor"].get("/incidents/").content.decode()
    assert clients["editor"].get(f"{API}/actors/{actor.pk}/").status_code == 200
    draft_only["incident"].status = ModerationStatus.PUBLISHED
    draft_only["incident"].published_at = timezone.now()
    draft_only["incident"].save()
    assert clients["anonymous"].get(f"{API}/actors/{actor.pk}/").status_code == 200
    assert ACTOR_NAME in clients["anonymous"].get("/incidents/").content.decode()


def test_every_model_with_a_moderation_status_is_governed_by_it() -> None:
    # The rule lives in one place: models with a moderation status, and those used by them.
    moderated = {
        model
        for model in apps.get_models()
        if any(field.name == "status" and field.choices == ModerationStatus.choices for field in model._meta.fields)
        and not model._meta.db_table.endswith("event")
    }
    rules = {model: visibility._RULES[model].own_status for model in visibility.governed()}
    assert {model for model, own in rules.items() if own} == moderated
    assert {model for model, own in rules.items() if not own} == {Source, Actor}


def test_a_signed_in_account_without_rights_is_the_public(draft_only) -> None:
    nobody = User.objects.create_user("visibility-nobody")
    assert visibility.visible(Source.objects.filter(pk=draft_only["source"].pk), nobody).count() == 0
    assert json.dumps(visibility.is_public(draft_only["source"])) == "false"
