"""The review queue at /review/: who sees it, what it lists and in which order, the diff, and its buttons."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from core import moderation
from core.choices import ModerationStatus
from enforcement.models import EnforcementOperation
from incidents.models import Incident
from regions.models import MiningSite
from tests.accounts import member
from tests.test_moderation import make_incident, make_operation, make_site

pytestmark = pytest.mark.django_db

QUEUE = "/review/"
IN_REVIEW = ModerationStatus.IN_REVIEW


@pytest.fixture
def editor() -> User:
    return member("editor-eva", "editor")


@pytest.fixture
def reviewer() -> User:
    return member("reviewer-rita", "reviewer")


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    client = Client()
    client.force_login(reviewer)
    return client


def entered_review_at(record, when: datetime.datetime) -> None:
    """Date the record's events back, as if it had entered review at `when`."""
    type(record).pgh_event_model.objects.filter(pgh_obj_id=record.pk).update(pgh_created_at=when)


def titles(response) -> list[str]:
    return [str(item.record) for item in response.context["items"]]


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/review/"


def test_editors_who_may_not_publish_are_refused(editor) -> None:
    client = Client()
    client.force_login(editor)
    assert client.get(QUEUE).status_code == 403
    assert (
        client.post(QUEUE, {"record_type": "incidents.incident", "record_id": "1", "action": "publish"}).status_code
        == 403
    )


def test_the_queue_lists_everything_in_review_and_nothing_else(reviewer_client) -> None:
    incident = make_incident(IN_REVIEW, title="Incident waiting")
    make_incident(ModerationStatus.DRAFT, title="Incident still a draft")
    make_incident(ModerationStatus.PUBLISHED, title="Incident already out")
    operation = make_operation(IN_REVIEW)
    site = make_site(IN_REVIEW)
    response = reviewer_client.get(QUEUE)
    assert response.status_code == 200
    assert set(titles(response)) == {str(incident), str(operation), str(site)}
    page = response.content.decode()
    assert "3 records are waiting for review, oldest first." in page
    assert page.count("New record: never published before.") == 3
    assert f'href="/admin/incidents/incident/{incident.pk}/change/"' in page
    assert f'href="/incidents/{incident.pk}/"' in page


def test_the_queue_puts_the_record_that_entered_review_first_on_top(reviewer_client) -> None:
    newest = make_incident(IN_REVIEW, title="Entered review yesterday")
    oldest = make_site(IN_REVIEW)
    middle = make_operation(IN_REVIEW)
    now = datetime.datetime.now(datetime.UTC)
    entered_review_at(newest, now - datetime.timedelta(days=1))
    entered_review_at(oldest, now - datetime.timedelta(days=9))
    entered_review_at(middle, now - datetime.timedelta(days=3))
    assert titles(reviewer_client.get(QUEUE)) == [str(oldest), str(middle), str(newest)]


def test_time_in_review_counts_from_the_last_submission(editor, reviewer, reviewer_client) -> None:
    resubmitted = make_incident(title="Sent back and submitted again")
    waiting = make_incident(title="Waiting since day two")
    now = datetime.datetime.now(datetime.UTC)
    moderation.submit(resubmitted, editor)
    entered_review_at(resubmitted, now - datetime.timedelta(days=10))  # first submitted ten days ago
    moderation.submit(waiting, editor)
    entered_review_at(waiting, now - datetime.timedelta(days=5))
    moderation.return_to_draft(resubmitted, reviewer)
    moderation.submit(resubmitted, editor)  # ...and again now
    assert titles(reviewer_client.get(QUEUE)) == [str(waiting), str(resubmitted)]


def test_a_record_published_before_shows_what_changed_since(editor, reviewer, reviewer_client) -> None:
    incident = make_incident(IN_REVIEW, title="Shots fired at a dredge", location_name="Huepetuhe")
    moderation.publish(incident, reviewer)
    moderation.retract(incident, reviewer, "The place was wrong.")
    moderation.transition(incident, "reopen", editor)
    incident = Incident.objects.get(pk=incident.pk)
    incident.title = "Shots fired at a dredge near Delta 1"
    incident.region_id, incident.location_name = "16", ""
    incident.save()
    moderation.submit(incident, editor)

    response = reviewer_client.get(QUEUE)
    [item] = [item for item in response.context["items"] if item.record.pk == incident.pk]
    assert not item.is_new
    changes = {change.field: (change.published, change.current) for change in item.changes}
    assert changes == {
        "title in English": ("Shots fired at a dredge", "Shots fired at a dredge near Delta 1"),
        "region": ("Madre de Dios", "Loreto"),
        "location name": ("Huepetuhe", "—"),
    }
    page = response.content.decode()
    assert "Changes since the last published version" in page
    assert "New record" not in page


def test_the_publish_button_publishes_and_says_so(reviewer_client) -> None:
    incident = make_incident(IN_REVIEW, title="Ready to go out")
    response = reviewer_client.post(
        QUEUE, {"record_type": "incidents.incident", "record_id": incident.pk, "action": "publish"}, follow=True
    )
    assert response.redirect_chain == [("/review/", 302)]
    assert Incident.objects.get(pk=incident.pk).status == ModerationStatus.PUBLISHED
    page = response.content.decode()
    assert "Incident “Ready to go out” is now published." in page
    assert "Nothing is waiting for review." in page


def test_the_return_to_draft_button_sends_an_operation_back(reviewer_client) -> None:
    operation = make_operation(IN_REVIEW)
    reviewer_client.post(
        QUEUE,
        {"record_type": "enforcement.enforcementoperation", "record_id": operation.pk, "action": "return_to_draft"},
    )
    assert EnforcementOperation.objects.get(pk=operation.pk).status == ModerationStatus.DRAFT


def test_a_button_on_a_stale_queue_shows_the_conflict(reviewer_client) -> None:
    site = make_site(IN_REVIEW)
    MiningSite.objects.filter(pk=site.pk).update(status=ModerationStatus.PUBLISHED)  # someone was faster
    response = reviewer_client.post(
        QUEUE, {"record_type": "regions.miningsite", "record_id": site.pk, "action": "publish"}, follow=True
    )
    assert "This mining site is published, not in review; reload it." in response.content.decode()


@pytest.mark.parametrize(
    "form",
    [
        {"record_type": "auth.user", "record_id": "1", "action": "publish"},
        {"record_type": "incidents.incident", "record_id": "x", "action": "publish"},
        {"record_type": "incidents.incident", "record_id": "1", "action": "retract"},
        {"record_type": "incidents.incident", "record_id": "999999", "action": "publish"},
    ],
)
def test_a_malformed_post_changes_nothing_and_says_so(reviewer_client, form) -> None:
    response = reviewer_client.post(QUEUE, form, follow=True)
    assert response.status_code == 200
    assert "review-message--error" in response.content.decode()


def test_the_buttons_are_csrf_protected_post_forms(reviewer) -> None:
    make_incident(IN_REVIEW)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 3  # language switcher, publish, return to draft
    incident = Incident.objects.get(status=IN_REVIEW)
    refused = client.post(QUEUE, {"record_type": "incidents.incident", "record_id": incident.pk, "action": "publish"})
    assert refused.status_code == 403
    assert Incident.objects.get(pk=incident.pk).status == IN_REVIEW


def _fill_queue(count: int, editor: User, reviewer: User) -> None:
    """`count` records of each kind in review, a third of the incidents published before and changed since."""
    for number in range(count):
        make_operation(IN_REVIEW)
        make_site(IN_REVIEW)
        incident = make_incident(IN_REVIEW, title=f"Incident {number}")
        if number % 3 == 0:
            moderation.publish(incident, reviewer)
            moderation.retract(incident, reviewer, "To check.")
            moderation.transition(incident, "reopen", editor)
            Incident.objects.filter(pk=incident.pk).update(title=f"Incident {number}, corrected", region_id="16")
            moderation.submit(incident, editor)


@pytest.mark.parametrize("count", [1, 10])
def test_the_queue_takes_the_same_number_of_queries_for_3_and_30_records(
    editor, reviewer, reviewer_client, django_assert_num_queries, count
) -> None:
    _fill_queue(count, editor, reviewer)
    reviewer_client.get(QUEUE)  # the session is read once and cached
    # Session and user; the user's and their groups' permissions; the records in review of each
    # of the three kinds; the incidents' last published versions; the regions' names; the
    # proposed revisions (none here).
    with django_assert_num_queries(10):
        response = reviewer_client.get(QUEUE)
    assert len(response.context["items"]) == 3 * count
