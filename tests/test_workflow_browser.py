"""In a real browser: an editor takes a draft to review in the admin, a reviewer publishes it from /review/.

The browser's server thread sees only committed rows, so the users and the draft are
created (and deleted at the end) in a thread of their own, whose database connection
commits at once, outside the test's rolled-back transaction. Their history events stay.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from core.choices import ModerationStatus
from core.models import Tombstone
from incidents.models import Incident
from tests.browser import screenshot
from tests.threads import committed

pytestmark = pytest.mark.django_db

PASSWORD = "a long browser-test password"
TITLE = "Browser walk: shots fired at a dredge on the Malinowski"


def create_walk_data() -> dict[str, int]:
    ids = {}
    for role in ("editor", "reviewer"):
        user = User.objects.create_user(f"walk-{role}", password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        ids[role] = user.pk
    incident = Incident.objects.create(
        title=TITLE,
        incident_type="armed_attack",
        date_start=datetime.date(2026, 3, 4),
        date_end=datetime.date(2026, 3, 4),
        region_id="17",
        place_precision="region",
        status=ModerationStatus.DRAFT,
    )
    ids["incident"] = incident.pk
    return ids


def delete_walk_data() -> None:
    pks = list(Incident.objects.filter(title=TITLE).values_list("pk", flat=True))
    Incident.objects.filter(pk__in=pks).delete()
    # Deleting the published incident left a tombstone; the session's other tests must not see it.
    Tombstone.objects.filter(model_label="incidents.incident", object_id__in=[str(pk) for pk in pks]).delete()
    User.objects.filter(username__in=["walk-editor", "walk-reviewer"]).delete()


def sign_in(page, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_editor_submits_a_draft_and_a_reviewer_publishes_it_from_the_queue(page) -> None:
    committed(delete_walk_data)  # left over from an interrupted run
    ids = committed(create_walk_data)
    try:
        # The editor opens the draft in the admin and submits it for review.
        sign_in(page, "walk-editor", f"/admin/incidents/incident/{ids['incident']}/change/")
        expect(page.get_by_role("heading", name="Moderation")).to_be_visible()
        expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
        page.get_by_role("button", name="Submit for review").click()
        expect(page.locator(".messagelist")).to_contain_text(f"Incident “{TITLE}” is now in review.")
        expect(page.locator(".field-moderation_controls")).to_contain_text("In review")

        # The public does not see it yet.
        page.context.clear_cookies()
        assert page.goto(f"/incidents/{ids['incident']}/").status == 404

        # The editor may not open the queue; the reviewer does, and publishes from it.
        sign_in(page, "walk-editor", "/review/")
        assert page.goto("/review/").status == 403
        sign_in(page, "walk-reviewer", "/review/")
        expect(page.get_by_role("heading", name="Review queue", level=1)).to_be_visible()
        item = page.locator(".review-item").filter(has_text=TITLE)
        expect(item).to_contain_text("New record: never published before.")
        screenshot(page, "review-queue")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "review-queue-narrow")
        page.set_viewport_size({"width": 1280, "height": 900})
        item.get_by_role("button", name=f"Publish: {TITLE}").click()
        expect(page.locator(".review-messages")).to_contain_text(f"Incident “{TITLE}” is now published.")
        expect(page.locator(".review-item").filter(has_text=TITLE)).to_have_count(0)

        # Now anyone can read it.
        page.context.clear_cookies()
        response = page.goto(f"/incidents/{ids['incident']}/")
        assert response.status == 200
        expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
        stored = committed(lambda: Incident.objects.filter(pk=ids["incident"]).values("status", "published_at").get())
        assert stored["status"] == ModerationStatus.PUBLISHED
        assert stored["published_at"] is not None
    finally:
        committed(delete_walk_data)
