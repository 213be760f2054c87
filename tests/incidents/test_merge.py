"""Merging duplicate incidents: what moves, what the duplicate becomes, who may do it, from the admin and the API."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core.choices import ModerationStatus, Wording
from core.models import Tombstone
from enforcement.choices import IncidentLinkKind, OperationKind
from enforcement.models import EnforcementOperation, OperationIncidentLink
from incidents.choices import ActorKind, ActorRole, CasualtyOutcome, ClaimGrade
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from incidents.services import MergeError, add_claim, merge_incidents
from tests.accounts import member

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 2, 10)
PUBLISHED_AT = datetime.datetime(2026, 2, 11, 12, tzinfo=datetime.UTC)


@pytest.fixture
def reviewer() -> User:
    return member("reviewer-rita", "reviewer")


@pytest.fixture
def editor() -> User:
    return member("editor-eva", "editor")


def make_incident(title: str, status: str = ModerationStatus.PUBLISHED) -> Incident:
    return Incident.objects.create(
        title=title,
        incident_type="armed_attack",
        date_start=DAY,
        date_end=DAY,
        region_id="13",
        place_precision="region",
        status=status,
        published_at=None if status in (ModerationStatus.DRAFT, ModerationStatus.IN_REVIEW) else PUBLISHED_AT,
    )


def source(title: str) -> Source:
    return Source.objects.create(title=title, outlet="Diario de prueba", url=f"https://example.org/{title}")


def claim(incident: Incident, src: Source, claimed_on: datetime.date, **figures) -> Claim:
    return add_claim(Claim(incident=incident, source=src, claimed_on=claimed_on, **figures))


@pytest.fixture
def pair() -> tuple[Incident, Incident, dict]:
    """Two reports of one attack: the kept one says 3 killed, the duplicate 5 killed and 7 missing."""
    kept = make_incident("Ataque a mineros en Pataz")
    duplicate = make_incident("Asesinan a mineros en socavón de Pataz")
    radio, diario, shared = source("radio"), source("diario"), source("compartida")
    kept.sources.add(radio, shared)
    duplicate.sources.add(diario, shared)
    claim(kept, radio, DAY, killed=3, wording=Wording.AT_LEAST, grade=ClaimGrade.RELIABLE)
    claim(duplicate, diario, DAY + datetime.timedelta(days=2), killed=5, missing=7, grade=ClaimGrade.SINGLE_SOURCE)
    gang = Actor.objects.create(name="Banda de prueba", kind=ActorKind.CRIMINAL_GROUP)
    miners = Actor.objects.create(name="Mineros artesanales de prueba", kind=ActorKind.MINERS_INFORMAL)
    IncidentActor.objects.create(incident=kept, actor=gang, role=ActorRole.PERPETRATOR)
    IncidentActor.objects.create(incident=duplicate, actor=gang, role=ActorRole.PERPETRATOR)
    IncidentActor.objects.create(incident=duplicate, actor=miners, role=ActorRole.TARGET)
    Casualty.objects.create(incident=duplicate, outcome=CasualtyOutcome.MISSING, count=7)
    operation = EnforcementOperation.objects.create(
        title="Operativo de prueba",
        kind=OperationKind.INTERDICTION,
        date_start=DAY,
        date_end=DAY,
        region_id="13",
        place_precision="region",
    )
    OperationIncidentLink.objects.create(operation=operation, incident=duplicate, relation=IncidentLinkKind.RESPONDED)
    return kept, duplicate, {"diario": diario, "shared": shared, "miners": miners, "operation": operation}


# --- What moves ------------------------------------------------------------------------------


def test_merging_moves_the_duplicates_claims_and_derives_the_figures_from_both(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    merge_incidents(duplicate, kept, reviewer)
    kept.refresh_from_db()
    assert Claim.objects.filter(incident=kept).count() == 2
    assert kept.figures("killed") == (3, 3, 5)  # low from "at least 3", best from the reliable claim, high 5
    assert kept.figures("missing") == (7, 7, 7)


def test_merging_moves_casualties_operation_links_and_adds_missing_sources_and_actors_once(pair, reviewer) -> None:
    kept, duplicate, extra = pair
    result = merge_incidents(duplicate, kept, reviewer)
    assert set(kept.sources.all()) == {extra["diario"], extra["shared"], *kept.sources.filter(title="radio")}
    assert kept.sources.count() == 3
    assert IncidentActor.objects.filter(incident=kept).count() == 2
    assert IncidentActor.objects.filter(incident=kept, actor=extra["miners"], role=ActorRole.TARGET).exists()
    assert Casualty.objects.filter(incident=kept, outcome=CasualtyOutcome.MISSING, count=7).exists()
    assert OperationIncidentLink.objects.filter(incident=kept, operation=extra["operation"]).exists()
    assert result.moved == {"claims": 1, "casualties": 1, "sources": 1, "actors": 1, "operations": 1}


def test_the_kept_incidents_chosen_claim_stands_over_the_duplicates(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    Claim.objects.filter(incident=kept).update(chosen_as_best=True)
    Claim.objects.filter(incident=duplicate).update(chosen_as_best=True)
    merge_incidents(duplicate, kept, reviewer)
    chosen = Claim.objects.filter(incident=kept, chosen_as_best=True)
    assert chosen.count() == 1
    assert chosen.get().killed == 3


# --- What the duplicate becomes --------------------------------------------------------------


def test_a_published_duplicate_is_retracted_with_a_public_reason_naming_the_incident_kept(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    merge_incidents(duplicate, kept, reviewer)
    duplicate.refresh_from_db()
    assert duplicate.status == ModerationStatus.RETRACTED
    assert duplicate.merged_into == kept
    assert kept.title in duplicate.retraction_reason
    assert duplicate.figures("killed") == (None, None, None)
    assert Tombstone.objects.filter(
        model_label="incidents.incident", object_id=str(duplicate.pk), reason=Tombstone.Reason.UNPUBLISHED
    ).exists()


def test_the_reviewers_own_reason_is_the_public_one(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    merge_incidents(duplicate, kept, reviewer, reason="  Mismo hecho, reportado dos veces.  ")
    duplicate.refresh_from_db()
    assert duplicate.retraction_reason == "Mismo hecho, reportado dos veces."


def test_a_duplicate_never_published_is_deleted(reviewer) -> None:
    kept = make_incident("Ataque publicado")
    draft = make_incident("Borrador duplicado", ModerationStatus.DRAFT)
    claim(draft, source("borrador"), DAY, killed=2)
    result = merge_incidents(draft, kept, reviewer)
    assert result.duplicate_deleted
    assert not Incident.objects.filter(pk=draft.pk).exists()
    assert Claim.objects.filter(incident=kept, killed=2).exists()


def test_the_duplicates_page_says_it_was_merged_and_links_to_the_incident_kept(pair, reviewer, client) -> None:
    kept, duplicate, _ = pair
    merge_incidents(duplicate, kept, reviewer)
    html = client.get(reverse("incident-detail", args=[duplicate.pk])).content.decode()
    assert "This incident was retracted" in html
    assert f'href="{reverse("incident-detail", args=[kept.pk])}"' in html


def test_the_merge_is_recorded_in_the_history_with_the_reviewer(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    merge_incidents(duplicate, kept, reviewer)
    event = Incident.pgh_event_model.objects.filter(pgh_obj_id=duplicate.pk).order_by("-pgh_id").first()
    assert event.status == ModerationStatus.RETRACTED
    assert event.pgh_context["user"] == reviewer.pk
    assert event.pgh_context["moderation"] == "merge"


# --- Refused merges --------------------------------------------------------------------------


def test_an_editor_may_not_merge_and_nothing_moves(pair, editor) -> None:
    kept, duplicate, _ = pair
    with pytest.raises(PermissionDenied):
        merge_incidents(duplicate, kept, editor)
    assert Claim.objects.filter(incident=duplicate).count() == 1
    duplicate.refresh_from_db()
    assert duplicate.status == ModerationStatus.PUBLISHED


def test_an_incident_cannot_be_merged_into_itself(pair, reviewer) -> None:
    kept, _, _ = pair
    with pytest.raises(MergeError, match="itself"):
        merge_incidents(kept, kept, reviewer)


def test_a_duplicate_already_merged_cannot_be_merged_again(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    merge_incidents(duplicate, kept, reviewer)
    other = make_incident("Un tercer reporte")
    with pytest.raises(MergeError, match="already merged"):
        merge_incidents(duplicate, other, reviewer)


def test_nothing_is_merged_into_a_retracted_incident(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    Incident.objects.filter(pk=kept.pk).update(status=ModerationStatus.RETRACTED, retraction_reason="Falso.")
    kept.refresh_from_db()
    with pytest.raises(MergeError, match="retracted"):
        merge_incidents(duplicate, kept, reviewer)
    assert Claim.objects.filter(incident=duplicate).count() == 1


# --- From the API and the admin --------------------------------------------------------------


def api_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_a_reviewer_merges_through_the_api(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    response = api_client(reviewer).post(
        reverse("api:incident-merge", args=[duplicate.pk]), {"into": kept.pk}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kept"] == kept.pk
    assert body["duplicate_deleted"] is False
    assert body["moved"]["claims"] == 1


def test_an_editor_is_refused_by_the_api_with_403(pair, editor) -> None:
    kept, duplicate, _ = pair
    response = api_client(editor).post(
        reverse("api:incident-merge", args=[duplicate.pk]), {"into": kept.pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Claim.objects.filter(incident=duplicate).count() == 1


@pytest.mark.parametrize(
    ("into", "field"),
    [("self", "into"), (999999, "into"), ("not a number", "into")],
)
def test_the_api_names_the_field_of_a_bad_merge_request(pair, reviewer, into, field) -> None:
    _, duplicate, _ = pair
    target = duplicate.pk if into == "self" else into
    response = api_client(reviewer).post(
        reverse("api:incident-merge", args=[duplicate.pk]), {"into": target}, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_a_second_merge_of_the_same_duplicate_is_a_409(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    merge_incidents(duplicate, kept, reviewer)
    other = make_incident("Otro reporte")
    response = api_client(reviewer).post(
        reverse("api:incident-merge", args=[duplicate.pk]), {"into": other.pk}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "already merged" in response.json()["detail"]


def test_a_reviewer_merges_from_the_admin_list_after_choosing_the_incident_to_keep(pair, reviewer) -> None:
    kept, duplicate, _ = pair
    client = Client()
    client.force_login(reviewer)
    url = reverse("admin:incidents_incident_changelist")
    selection = {"action": "merge_selected", "_selected_action": [kept.pk, duplicate.pk]}
    asked = client.post(url, selection)
    assert asked.status_code == 200
    assert "Incident to keep" in asked.content.decode()
    assert Claim.objects.filter(incident=duplicate).count() == 1  # nothing moves before the confirmation
    done = client.post(url, {**selection, "_merge_confirm": "1", "keep": kept.pk, "reason": "Duplicado."})
    assert done.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert duplicate.retraction_reason == "Duplicado."


def test_the_admin_does_not_offer_merging_to_an_editor(editor) -> None:
    client = Client()
    client.force_login(editor)
    page = client.get(reverse("admin:incidents_incident_changelist"))
    assert page.status_code == 200
    assert "merge_selected" not in page.content.decode()
