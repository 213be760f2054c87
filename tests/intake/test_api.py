"""POST /api/v1/intake/: editors' keys only; a proposal writes nothing; drafts and attachments on request; bad input."""

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.choices import ModerationStatus
from incidents.models import Claim, Incident, IncidentEvent, Source
from tests.accounts import member

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/"
SPANISH = (
    "Al menos cuatro mineros muertos en ataque armado en Pataz\n\n"
    "Al menos cuatro mineros artesanales murieron el jueves en un ataque armado contra un socavón en el distrito de "
    "Parcoy, provincia de Pataz, en La Libertad. Según la Policía, hombres armados dispararon contra los trabajadores. "
    "Otros dos mineros resultaron heridos."
)
FOLLOW_UP = (
    "Death toll in Parcoy mine attack rises to six\n\n"
    "The death toll from last Thursday's attack on miners in Parcoy, in Peru's La Libertad region, has risen to six "
    "after rescuers found the bodies of two miners inside the tunnel, police said."
)


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor() -> APIClient:
    return client_for(member("intake-editor", "editor"))


def counts() -> tuple[int, int, int]:
    return Incident.objects.count(), Source.objects.count(), Claim.objects.count()


def test_anonymous_callers_and_keys_without_editing_rights_are_refused() -> None:
    assert APIClient().post(URL, {"text": SPANISH}, format="json").status_code in (401, 403)
    partner = User.objects.create_user("partner-pia", password="a long password 123")
    assert client_for(partner).post(URL, {"text": SPANISH}, format="json").status_code == 403


def test_a_proposal_with_evidence_writes_nothing(editor) -> None:
    before = counts()
    response = editor.post(URL, {"text": SPANISH, "published_on": "2026-02-13"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kind"] == "incident"
    incident = body["incident"]
    assert incident["incident_type"] == "massacre"
    assert (incident["date_start"], incident["date_precision"]) == ("2026-02-12", "day")
    assert (incident["region"], incident["district"]) == ("13", "130808")
    assert incident["figures"]["killed"] == {"value": 4, "wording": "at_least", "role": "miner"}
    assert incident["figures"]["injured"]["value"] == 2
    killed = next(e for e in body["evidence"] if e["field"] == "figure:killed")
    assert killed["value"] == "at least 4"
    assert "Al menos cuatro mineros" in killed["quote"]
    assert SPANISH[killed["start"] : killed["end"]].lower() == "cuatro"
    assert counts() == before


def test_create_makes_a_draft_with_the_article_as_source_and_history_naming_it(editor) -> None:
    response = editor.post(
        URL,
        {"text": SPANISH, "published_on": "2026-02-13", "url": "https://news.example.org/parcoy", "create": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()["created"]
    incident = Incident.objects.get(pk=created["id"])
    assert incident.status == ModerationStatus.DRAFT
    assert (incident.killed_low, incident.killed_best, incident.killed_high) == (4, 4, 4)
    assert incident.sources.get().url == "https://news.example.org/parcoy"
    claim = incident.claims.get(killed=4)
    assert claim.wording == "at_least"
    assert claim.claimed_on.isoformat() == "2026-02-13"
    event = IncidentEvent.objects.filter(pgh_obj_id=incident.pk, pgh_label="insert").get()
    assert event.pgh_context["drafted_from"].endswith("<https://news.example.org/parcoy>")
    assert incident.claims.get(killed=4).notes == "Drafted from the article through intake."


def test_the_follow_up_is_found_and_attached_and_the_figures_change(editor) -> None:
    first = editor.post(URL, {"text": SPANISH, "published_on": "2026-02-13", "create": True}, format="json")
    incident_id = first.json()["created"]["id"]
    proposal = editor.post(URL, {"text": FOLLOW_UP, "published_on": "2026-02-16"}, format="json").json()
    assert proposal["kind"] == "follow_up"
    assert proposal["follow_up_of"] == incident_id
    assert proposal["candidates"][0]["incident"] == incident_id
    assert "dates overlap at their precision" in proposal["candidates"][0]["reasons"]
    attached = editor.post(
        URL, {"text": FOLLOW_UP, "published_on": "2026-02-16", "attach_to": incident_id}, format="json"
    )
    assert attached.status_code == 201, attached.content
    incident = Incident.objects.get(pk=incident_id)
    assert incident.sources.count() == 2
    assert (incident.killed_low, incident.killed_best, incident.killed_high) == (4, 6, 6)


def test_a_known_address_is_recognised(editor) -> None:
    editor.post(
        URL,
        {"text": SPANISH, "published_on": "2026-02-13", "url": "https://x.example/a", "create": True},
        format="json",
    )
    again = editor.post(
        URL, {"text": SPANISH, "published_on": "2026-02-13", "url": "https://x.example/a"}, format="json"
    )
    assert again.json()["known_source"]["reason"] == "Veta already holds a source at this address."


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"text": ""}, "text", "empty"),
        ({"text": "mineros " * 20_000}, "text", "at most"),
        ({"text": "abc\x00def" * 30}, "text", "NUL"),
        ({"text": SPANISH, "published_on": "13/02/2026"}, "published_on", "format"),
        ({"text": SPANISH, "attach_to": 999999999}, "attach_to", "No such incident"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(editor, payload, field, words) -> None:
    before = counts()
    response = editor.post(URL, {**payload, "create": True}, format="json")
    assert response.status_code == 400, response.content
    assert words.lower() in " ".join(response.json()[field]).lower()
    assert counts() == before


def test_html_is_read_as_text(editor) -> None:
    html = "<html><body><h1>Ataque en Parcoy</h1><p>" + SPANISH.replace("\n\n", "</p><p>") + "</p></body></html>"
    body = editor.post(URL, {"text": html, "published_on": "2026-02-13"}, format="json").json()
    assert body["kind"] == "incident"
    assert any("HTML" in warning for warning in body["warnings"])


def test_an_article_about_another_country_drafts_nothing(editor) -> None:
    text = (
        "Ataque a mineros en Antioquia, Colombia\n\nAl menos seis mineros murieron el viernes en un ataque "
        "armado en una mina de oro del departamento de Antioquia, en Colombia, informó el ejército colombiano."
    )
    before = counts()
    response = editor.post(URL, {"text": text, "published_on": "2026-08-15", "create": True}, format="json")
    assert response.status_code == 400
    assert "Colombia" in response.json()["create"][0]
    assert counts() == before


def test_the_endpoint_is_in_the_openapi_schema() -> None:
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/intake/"]["post"]
    assert operation["operationId"] == "intake"
    assert "text" in str(operation["requestBody"])
    assert "IntakeProposal" in str(operation["responses"]["200"])
