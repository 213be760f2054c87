"""/intake/: editors and reviewers only; highlighted evidence; corrected drafts, attachments, uploads, bad input."""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.choices import ModerationStatus
from incidents.models import Incident, Source
from tests.accounts import member
from tests.intake.test_api import FOLLOW_UP, SPANISH

pytestmark = pytest.mark.django_db

PAGE = "/intake/"


@pytest.fixture
def editor_client() -> Client:
    client = Client()
    client.force_login(member("page-editor", "editor"))
    return client


def test_anonymous_readers_are_sent_to_sign_in_and_the_public_is_refused() -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    outsider = Client()
    outsider.force_login(User.objects.create_user("outsider", password="a long password 123", is_staff=True))
    assert outsider.get(PAGE).status_code == 403


def test_the_proposal_shows_the_evidence_highlighted_and_writes_nothing(editor_client) -> None:
    before = Incident.objects.count()
    response = editor_client.post(PAGE, {"text": SPANISH, "published_on": "2026-02-13", "action": "propose"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark data-field="figure:killed" title="figure:killed">cuatro</mark>' in html
    assert '<mark data-field="date"' in html
    assert 'value="massacre" selected' in html
    assert 'name="killed" value="4"' in html
    assert Incident.objects.count() == before


def test_a_corrected_draft_is_saved_in_moderation(editor_client) -> None:
    response = editor_client.post(
        PAGE,
        {
            "text": SPANISH,
            "published_on": "2026-02-13",
            "action": "draft",
            "kind": "incident",
            "title": "Ataque armado en Parcoy",
            "incident_type": "armed_attack",
            "date_start": "2026-02-12",
            "date_precision": "day",
            "region": "13",
            "district": "130808",
            "place_precision": "district",
            "killed": "5",
            "killed_wording": "at_least",
            "submit_for_review": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    incident = Incident.objects.get(title="Ataque armado en Parcoy")
    assert incident.status == ModerationStatus.IN_REVIEW
    assert incident.incident_type == "armed_attack"
    assert (incident.province_id, incident.killed_low) == ("1308", 5)


def test_a_draft_breaking_a_rule_is_refused_with_the_field_named(editor_client) -> None:
    before = Incident.objects.count()
    response = editor_client.post(
        PAGE,
        {
            "text": SPANISH,
            "published_on": "2026-02-13",
            "action": "draft",
            "kind": "incident",
            "title": "Ataque",
            "incident_type": "armed_attack",
            "date_start": "2026-02-12",
            "date_end": "2026-02-10",
            "date_precision": "day",
            "region": "13",
            "district": "170101",
            "place_precision": "district",
        },
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    assert Incident.objects.count() == before


def test_attaching_a_follow_up_changes_the_figures(editor_client) -> None:
    editor_client.post(
        PAGE,
        {
            "text": SPANISH,
            "published_on": "2026-02-13",
            "action": "draft",
            "kind": "incident",
            "title": "Ataque armado en Parcoy",
            "incident_type": "massacre",
            "date_start": "2026-02-12",
            "date_precision": "day",
            "region": "13",
            "district": "130808",
            "place_precision": "district",
            "killed": "4",
            "killed_wording": "at_least",
        },
    )
    incident = Incident.objects.get(title="Ataque armado en Parcoy")
    proposal = editor_client.post(PAGE, {"text": FOLLOW_UP, "published_on": "2026-02-16", "action": "propose"})
    html = proposal.content.decode()
    assert f'name="attach" value="{incident.pk}"' in html
    attached = editor_client.post(
        PAGE, {"text": FOLLOW_UP, "published_on": "2026-02-16", "attach": str(incident.pk), "killed": "6"}
    )
    assert attached.status_code == 302
    incident.refresh_from_db()
    assert (incident.killed_low, incident.killed_best, incident.killed_high) == (4, 6, 6)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The text is empty"),
        ("\x01\x02\x03 minería" * 50, "binary"),
        ("<p>Ataque en Lima</p>", "too short"),
    ],
)
def test_bad_input_is_a_clear_message(editor_client, text: str, message: str) -> None:
    response = editor_client.post(PAGE, {"text": text, "action": "propose"})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_several_articles_are_uploaded_at_once(editor_client) -> None:
    csv_file = SimpleUploadedFile(
        "articles.csv",
        (
            'text,url,published_on\n"' + SPANISH.replace('"', '""') + '",https://a.example/1,2026-02-13\n'
            '"El equipo local venció por 3 a 1 en un partido disputado el domingo.",,2026-02-13\n'
            "Tres mineros,,13/02/2026\n"
        ).encode(),
        content_type="text/csv",
    )
    text_file = SimpleUploadedFile("follow-up.txt", FOLLOW_UP.encode("utf-8"), content_type="text/plain")
    before = Source.objects.count()
    response = editor_client.post(PAGE, {"action": "propose", "files": [csv_file, text_file]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "articles.csv, line 2" in html and "<strong>incident</strong>" in html
    assert "articles.csv, line 3" in html and "<strong>irrelevant</strong>" in html
    assert "articles.csv, line 4: published_on" in html
    assert "follow-up.txt" in html
    assert Source.objects.count() == before
