"""In a real browser: an editor changes a published incident, the public still sees the published one, a reviewer
accepts the proposal in the review queue, and then the public sees the change and its correction note.

The users and the incident are created (and deleted at the end) on a connection of their own
that commits at once, so the browser's server thread sees them (see tests/threads.py).
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from core import revisions
from core.choices import ModerationStatus, RevisionStatus
from core.models import Revision, Tombstone
from incidents.models import Claim, Incident, Source
from incidents.services import add_claim
from tests.browser import screenshot
from tests.threads import committed

pytestmark = pytest.mark.django_db

PASSWORD = "a long browser-test password"
TITLE = "Revision walk: shots fired at a dredge on the Inambari"
NEW_TITLE = "Revision walk: gunmen kill five at a dredge on the Inambari"
SOURCE_URL = "https://example.org/revision-walk"


def create_walk_data() -> dict[str, int]:
    ids = {}
    for role in ("editor", "reviewer"):
        user = User.objects.create_user(f"revision-{role}", password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        ids[role] = user.pk
    incident = Incident.objects.create(
        title=TITLE,
        incident_type="armed_attack",
        date_start=datetime.date(2026, 3, 4),
        date_end=datetime.date(2026, 3, 4),
        region_id="17",
        place_precision="region",
        status=ModerationStatus.PUBLISHED,
        published_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC),
    )
    source = Source.objects.create(title="Revision walk report", url=SOURCE_URL, published_on=datetime.date(2026, 3, 5))
    incident.sources.add(source)
    add_claim(Claim(incident=incident, source=source, claimed_on=datetime.date(2026, 3, 5), killed=3))
    ids["incident"] = incident.pk
    return ids


def delete_walk_data() -> None:
    pks = list(Incident.objects.filter(title__startswith="Revision walk").values_list("pk", flat=True))
    Revision.objects.filter(model_label="incidents.incident", object_id__in=pks).delete()
    Incident.objects.filter(pk__in=pks).delete()
    Source.objects.filter(url=SOURCE_URL).delete()
    Tombstone.objects.filter(model_label="incidents.incident", object_id__in=[str(pk) for pk in pks]).delete()
    User.objects.filter(username__in=["revision-editor", "revision-reviewer"]).delete()


def sign_in(page, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_editor_proposes_the_public_keeps_the_old_version_until_a_reviewer_accepts(page) -> None:
    committed(delete_walk_data)  # left over from an interrupted run
    ids = committed(create_walk_data)
    incident_page = f"/incidents/{ids['incident']}/"
    try:
        # The editor corrects the title and the claim's toll in the admin and saves.
        sign_in(page, "revision-editor", f"/admin/incidents/incident/{ids['incident']}/change/")
        expect(page.locator(".field-moderation_controls")).to_contain_text("your changes are proposed for review")
        page.locator("#id_title").fill(NEW_TITLE)
        page.locator("#id_claims-0-killed").fill("5")
        page.locator('input[name="_save"]').first.click()
        expect(page.locator(".messagelist")).to_contain_text("Your change is proposed for review.")
        expect(page.locator(".revision-pending")).to_contain_text(NEW_TITLE)
        revision = committed(lambda: Revision.objects.get(object_id=ids["incident"]))
        assert revision.status == RevisionStatus.PROPOSED

        # The public still sees the published version.
        page.context.clear_cookies()
        assert page.goto(incident_page).status == 200
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator("body")).not_to_contain_text(NEW_TITLE)

        # The reviewer sees the proposal beside the published version in the queue, and accepts it.
        sign_in(page, "revision-reviewer", "/review/")
        item = page.locator(".review-revision").filter(has_text=TITLE)
        expect(item.locator(".review-old").first).to_have_text(TITLE)
        expect(item.locator(".review-new").first).to_have_text(NEW_TITLE)
        expect(item).to_contain_text("Killed (best), derived from the claims")
        screenshot(page, "review-queue-revision")
        item.get_by_role("button", name=f"Accept: {TITLE}").click()
        expect(page.locator(".review-messages")).to_contain_text("is accepted and live")
        expect(page.locator(".review-revision")).to_have_count(0)

        # Now the public sees the new version, its figures derived again, and the correction note.
        page.context.clear_cookies()
        assert page.goto(incident_page).status == 200
        expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
        expect(page.locator(".corrections-table")).to_contain_text(str(revisions.DEFAULT_PUBLIC_NOTE))
        stored = committed(lambda: Incident.objects.values("title", "killed_best").get(pk=ids["incident"]))
        assert stored == {"title": NEW_TITLE, "killed_best": 5}
    finally:
        committed(delete_walk_data)
