"""Moderation: every move allowed and refused, the compare-and-swap, and the API and admin that call it."""

import datetime
import json

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core import moderation
from core.choices import ModerationStatus
from enforcement.choices import OperationKind
from enforcement.models import EnforcementOperation
from incidents.models import Incident
from regions.choices import SiteKind
from regions.models import MiningSite
from tests.accounts import member

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, RETRACTED = (
    ModerationStatus.DRAFT,
    ModerationStatus.IN_REVIEW,
    ModerationStatus.PUBLISHED,
    ModerationStatus.RETRACTED,
)
DAY = datetime.date(2026, 3, 4)


@pytest.fixture
def editor() -> User:
    return member("editor-eva", "editor")


@pytest.fixture
def reviewer() -> User:
    return member("reviewer-rita", "reviewer")


@pytest.fixture
def outsider() -> User:
    return member("reader-rosa", None)


def make_incident(status: str = DRAFT, **fields) -> Incident:
    return Incident.objects.create(
        title=fields.pop("title", "Shots fired at a dredge on the Malinowski"),
        incident_type="armed_attack",
        date_start=DAY,
        date_end=DAY,
        region_id="17",
        place_precision="region",
        status=status,
        **fields,
    )


def make_operation(status: str = DRAFT) -> EnforcementOperation:
    return EnforcementOperation.objects.create(
        title="Interdiction on the Malinowski river",
        kind=OperationKind.INTERDICTION,
        date_start=DAY,
        date_end=DAY,
        region_id="17",
        place_precision="region",
        status=status,
    )


def make_site(status: str = DRAFT) -> MiningSite:
    return MiningSite.objects.create(
        name="Test dredge field", kind=SiteKind.ALLUVIAL_AREA, region_id="17", place_precision="region", status=status
    )


def stored_status(obj) -> str:
    return type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).get()


# --- Moves allowed ---------------------------------------------------------------------------


def test_an_editor_submits_a_draft_for_review(editor) -> None:
    incident = make_incident()
    moderation.submit(incident, editor)
    assert incident.status == IN_REVIEW
    assert stored_status(incident) == IN_REVIEW


def test_an_editor_returns_a_record_in_review_to_draft(editor) -> None:
    incident = make_incident(IN_REVIEW)
    moderation.return_to_draft(incident, editor)
    assert stored_status(incident) == DRAFT


def test_a_reviewer_publishes_a_record_in_review_and_its_publication_time_is_set(reviewer) -> None:
    incident = make_incident(IN_REVIEW)
    moderation.publish(incident, reviewer)
    incident.refresh_from_db()
    assert incident.status == PUBLISHED
    assert incident.published_at is not None


def test_a_reviewer_retracts_a_published_record_with_a_public_reason(reviewer) -> None:
    incident = make_incident(IN_REVIEW)
    moderation.publish(incident, reviewer)
    moderation.retract(incident, reviewer, "  The source withdrew its report.  ")
    incident.refresh_from_db()
    assert incident.status == RETRACTED
    assert incident.retraction_reason == "The source withdrew its report."


def test_republishing_keeps_the_first_publication_time_and_clears_the_reason(reviewer) -> None:
    incident = make_incident(IN_REVIEW)
    moderation.publish(incident, reviewer)
    first = Incident.objects.get(pk=incident.pk).published_at
    moderation.retract(incident, reviewer, "Wrong district.")
    moderation.republish(incident, reviewer)
    incident.refresh_from_db()
    assert incident.status == PUBLISHED
    assert incident.published_at == first
    assert incident.retraction_reason == ""


def test_a_second_publication_through_review_keeps_the_first_publication_time(reviewer) -> None:
    published_at = datetime.datetime(2025, 1, 2, 3, 4, tzinfo=datetime.UTC)
    incident = make_incident(IN_REVIEW, published_at=published_at)
    moderation.publish(incident, reviewer)
    assert Incident.objects.get(pk=incident.pk).published_at == published_at
    assert incident.published_at == published_at


def test_a_retracted_record_reopened_as_draft_goes_through_review_again(editor, reviewer) -> None:
    incident = make_incident(RETRACTED, retraction_reason="Wrong date.")
    moderation.transition(incident, "reopen", editor)
    moderation.submit(incident, editor)
    moderation.publish(incident, reviewer)
    incident.refresh_from_db()
    assert (incident.status, incident.retraction_reason) == (PUBLISHED, "")


def test_operations_and_sites_go_through_the_same_moves(editor, reviewer) -> None:
    for record in (make_operation(), make_site()):
        moderation.submit(record, editor)
        moderation.publish(record, reviewer)
        assert stored_status(record) == PUBLISHED
    operation = EnforcementOperation.objects.get(title="Interdiction on the Malinowski river")
    assert operation.published_at is not None


def test_a_move_is_recorded_in_history_with_its_user_and_action(editor) -> None:
    incident = make_incident()
    moderation.submit(incident, editor)
    event = incident.events.order_by("-pgh_id").first()
    assert event.status == IN_REVIEW
    assert event.pgh_context["user"] == editor.pk
    assert event.pgh_context["moderation"] == "submit"


def test_allowed_actions_follow_the_state_and_the_users_permissions(editor, reviewer, outsider) -> None:
    def actions(obj, user):
        return [move.action for move in moderation.allowed_actions(obj, user)]

    assert actions(make_incident(DRAFT), editor) == ["submit"]
    assert actions(make_incident(IN_REVIEW), editor) == ["return_to_draft"]
    assert actions(make_incident(IN_REVIEW), reviewer) == ["return_to_draft", "publish"]
    assert actions(make_incident(PUBLISHED), editor) == []
    assert actions(make_incident(PUBLISHED), reviewer) == ["retract"]
    assert actions(make_incident(RETRACTED, retraction_reason="x"), reviewer) == ["republish", "reopen"]
    assert actions(make_incident(RETRACTED, retraction_reason="x"), editor) == ["reopen"]
    assert actions(make_incident(DRAFT), outsider) == []
    # A mining site has nowhere to store a public reason: it cannot be retracted.
    assert actions(make_site(PUBLISHED), reviewer) == []


# --- Moves refused ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "wrong_states"),
    [
        ("submit", [IN_REVIEW, PUBLISHED, RETRACTED]),
        ("return_to_draft", [DRAFT, PUBLISHED, RETRACTED]),
        ("publish", [DRAFT, PUBLISHED, RETRACTED]),
        ("retract", [DRAFT, IN_REVIEW, RETRACTED]),
        ("republish", [DRAFT, IN_REVIEW, PUBLISHED]),
        ("reopen", [DRAFT, IN_REVIEW, PUBLISHED]),
    ],
)
def test_each_move_from_a_wrong_state_is_refused_naming_the_current_state(reviewer, action, wrong_states) -> None:
    for state in wrong_states:
        incident = make_incident(state, retraction_reason="Withdrawn." if state == RETRACTED else "")
        with pytest.raises(moderation.StateConflict) as refused:
            moderation.transition(incident, action, reviewer, reason="A reason.")
        assert refused.value.current_status == state
        assert str(ModerationStatus(state).label) in refused.value.message
        assert "reload" in refused.value.message
        assert stored_status(incident) == state


def test_the_message_says_what_state_the_record_is_in(reviewer) -> None:
    incident = make_incident(PUBLISHED)
    with pytest.raises(moderation.TransitionError, match=r"This incident is published, not in review; reload it\."):
        moderation.publish(incident, reviewer)


def test_an_editor_may_not_publish_retract_or_republish(editor) -> None:
    with pytest.raises(PermissionDenied):
        moderation.publish(make_incident(IN_REVIEW), editor)
    with pytest.raises(PermissionDenied):
        moderation.retract(make_incident(PUBLISHED), editor, "Because.")
    with pytest.raises(PermissionDenied):
        moderation.republish(make_incident(RETRACTED, retraction_reason="x"), editor)


def test_a_user_without_the_change_permission_may_not_submit(outsider) -> None:
    incident = make_incident()
    with pytest.raises(PermissionDenied):
        moderation.submit(incident, outsider)
    assert stored_status(incident) == DRAFT


def test_an_anonymous_user_may_make_no_move() -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        moderation.submit(make_incident(), AnonymousUser())


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_retraction_without_a_reason_is_refused(reviewer, reason) -> None:
    incident = make_incident(PUBLISHED)
    with pytest.raises(moderation.MissingReason):
        moderation.retract(incident, reviewer, reason)
    assert stored_status(incident) == PUBLISHED


def test_a_site_cannot_be_retracted_for_it_has_no_field_for_the_reason(reviewer) -> None:
    with pytest.raises(moderation.UnknownAction):
        moderation.retract(make_site(PUBLISHED), reviewer, "Not a mine.")


def test_an_unknown_action_is_refused(reviewer) -> None:
    with pytest.raises(moderation.UnknownAction):
        moderation.transition(make_incident(), "delete", reviewer)


# --- Compare-and-swap ------------------------------------------------------------------------


def test_a_move_fails_when_the_record_changed_state_behind_its_back_and_overwrites_nothing(reviewer) -> None:
    incident = make_incident(IN_REVIEW)
    # Another reviewer returns it to draft while this one still has it open as "in review".
    Incident.objects.filter(pk=incident.pk).update(status=DRAFT)
    assert incident.status == IN_REVIEW
    with pytest.raises(moderation.StateConflict, match=r"This incident is draft, not in review; reload it\."):
        moderation.publish(incident, reviewer)
    fresh = Incident.objects.get(pk=incident.pk)
    assert fresh.status == DRAFT
    assert fresh.published_at is None
    assert incident.status == IN_REVIEW  # the stale object is left as it was, not pretended moved


def test_two_reviewers_publishing_the_same_record_one_wins_and_the_other_is_told(reviewer) -> None:
    incident = make_incident(IN_REVIEW)
    first, second = Incident.objects.get(pk=incident.pk), Incident.objects.get(pk=incident.pk)
    moderation.publish(first, reviewer)
    with pytest.raises(moderation.StateConflict, match="published"):
        moderation.publish(second, reviewer)


def test_a_move_on_a_deleted_record_says_it_is_gone(reviewer) -> None:
    incident = make_incident(IN_REVIEW)
    stale = Incident.objects.get(pk=incident.pk)
    incident.delete()
    with pytest.raises(moderation.StateConflict, match="no longer exists"):
        moderation.publish(stale, reviewer)


# --- The API ---------------------------------------------------------------------------------


def api_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def post_transition(client: Client, url: str, payload: dict):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_the_api_publishes_an_incident_and_answers_with_its_new_state(reviewer) -> None:
    incident = make_incident(IN_REVIEW)
    response = post_transition(
        api_client(reviewer), f"/api/v1/incidents/{incident.pk}/transition/", {"action": "publish"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "published"
    assert body["published_at"]
    assert body["allowed_actions"] == ["retract"]
    assert stored_status(incident) == PUBLISHED


def test_the_api_moves_operations_and_mining_sites_too(editor) -> None:
    client = api_client(editor)
    operation, site = make_operation(), make_site()
    for url in (f"/api/v1/operations/{operation.pk}/transition/", f"/api/v1/mining-sites/{site.pk}/transition/"):
        response = post_transition(client, url, {"action": "submit"})
        assert response.status_code == 200, (url, response.content)
        assert response.json()["status"] == "in_review"


def test_the_api_answers_409_with_the_message_for_a_wrong_state(reviewer) -> None:
    incident = make_incident(PUBLISHED)
    response = post_transition(
        api_client(reviewer), f"/api/v1/incidents/{incident.pk}/transition/", {"action": "publish"}
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "This incident is published, not in review; reload it.", "status": "published"}


def test_the_api_answers_403_without_the_permission(editor) -> None:
    incident = make_incident(IN_REVIEW)
    response = post_transition(
        api_client(editor), f"/api/v1/incidents/{incident.pk}/transition/", {"action": "publish"}
    )
    assert response.status_code == 403
    assert stored_status(incident) == IN_REVIEW


def test_the_api_refuses_anonymous_callers() -> None:
    incident = make_incident(PUBLISHED)
    response = post_transition(Client(), f"/api/v1/incidents/{incident.pk}/transition/", {"action": "retract"})
    assert response.status_code in (401, 403)
    assert stored_status(incident) == PUBLISHED


def test_the_api_answers_400_for_an_unknown_action_or_a_missing_reason(reviewer) -> None:
    client = api_client(reviewer)
    incident = make_incident(PUBLISHED)
    url = f"/api/v1/incidents/{incident.pk}/transition/"
    assert post_transition(client, url, {"action": "explode"}).status_code == 400
    missing = post_transition(client, url, {"action": "retract", "reason": " "})
    assert missing.status_code == 400
    assert "reason" in missing.json()
    site = make_site(PUBLISHED)
    assert (
        post_transition(
            client, f"/api/v1/mining-sites/{site.pk}/transition/", {"action": "retract", "reason": "x"}
        ).status_code
        == 400
    )
    assert stored_status(incident) == PUBLISHED


def test_the_api_retracts_with_the_reason(reviewer) -> None:
    incident = make_incident(PUBLISHED)
    response = post_transition(
        api_client(reviewer),
        f"/api/v1/incidents/{incident.pk}/transition/",
        {"action": "retract", "reason": "Duplicate."},
    )
    assert response.status_code == 200
    assert response.json()["retraction_reason"] == "Duplicate."


def test_the_schema_documents_the_transition_action(client) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/incidents/{id}/transition/", "/api/v1/operations/{id}/transition/",
                 "/api/v1/mining-sites/{id}/transition/"):  # fmt: skip
        operation = schema["paths"][path]["post"]
        assert {"200", "400", "403", "409"} <= set(operation["responses"])


# --- The admin -------------------------------------------------------------------------------


def admin_change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_the_admin_change_page_shows_the_buttons_the_user_may_use(editor, reviewer) -> None:
    incident = make_incident(IN_REVIEW)
    client = Client()
    client.force_login(editor)
    page = client.get(admin_change_url(incident)).content.decode()
    assert 'name="_transition" value="return_to_draft"' in page
    assert 'value="publish"' not in page
    client.force_login(reviewer)
    page = client.get(admin_change_url(incident)).content.decode()
    assert 'name="_transition" value="publish"' in page


def test_the_admin_button_makes_the_move_without_saving_the_form(editor) -> None:
    incident = make_incident(title="Original title")
    client = Client()
    client.force_login(editor)
    response = client.post(admin_change_url(incident), {"_transition": "submit", "title": "Edited title"}, follow=True)
    assert response.status_code == 200
    fresh = Incident.objects.get(pk=incident.pk)
    assert fresh.status == IN_REVIEW
    assert fresh.title == "Original title"
    assert "is now in review" in response.content.decode()


def test_the_admin_button_shows_a_refusal_as_an_error_message(editor) -> None:
    incident = make_incident(IN_REVIEW)
    client = Client()
    client.force_login(editor)
    response = client.post(admin_change_url(incident), {"_transition": "publish"}, follow=True)
    assert "You lack the permission" in response.content.decode()
    assert stored_status(incident) == IN_REVIEW
    Incident.objects.filter(pk=incident.pk).update(status=DRAFT)
    response = client.post(admin_change_url(incident), {"_transition": "return_to_draft"}, follow=True)
    assert "This incident is draft, not in review; reload it." in response.content.decode()


def test_the_admin_retracts_with_the_reason_typed_next_to_the_button(reviewer) -> None:
    operation = make_operation(PUBLISHED)
    client = Client()
    client.force_login(reviewer)
    client.post(admin_change_url(operation), {"_transition": "retract", "_retraction_reason": ""})
    assert stored_status(operation) == PUBLISHED
    client.post(admin_change_url(operation), {"_transition": "retract", "_retraction_reason": "Never happened."})
    operation.refresh_from_db()
    assert (operation.status, operation.retraction_reason) == (RETRACTED, "Never happened.")


def test_the_status_cannot_be_set_by_editing_the_form(editor) -> None:
    incident = make_incident()
    client = Client()
    client.force_login(editor)
    page = client.get(admin_change_url(incident)).content.decode()
    assert 'name="status"' not in page


def test_the_admin_list_action_submits_the_selected_records(editor) -> None:
    first, second, published = make_incident(), make_incident(title="Second"), make_incident(PUBLISHED, title="Third")
    client = Client()
    client.force_login(editor)
    response = client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "moderation_submit", "_selected_action": [first.pk, second.pk, published.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert [stored_status(r) for r in (first, second, published)] == [IN_REVIEW, IN_REVIEW, PUBLISHED]
    assert "2 records moved." in response.content.decode()
