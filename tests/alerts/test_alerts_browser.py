"""In a real browser: a reader follows a place, confirms from the message received, and unsubscribes from another.

The server thread sees only committed rows: the reader's earlier alert is created, and
everything the address followed is deleted at the end, in a thread of its own
(tests/threads.py). Messages go to a real SMTP server on loopback.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert, Follower
from tests.alerts.conftest import path_of, use_smtp
from tests.alerts.smtp import SmtpServer
from tests.threads import committed

pytestmark = pytest.mark.django_db

ADDRESS = "monitora@example.org"


def existing_alert() -> None:
    """The address already follows Madre de Dios (confirmed last week)."""
    follower = Follower.objects.create(email=ADDRESS)
    last_week = timezone.now() - datetime.timedelta(days=7)
    Alert.objects.create(
        follower=follower, query="region=17", region_id="17", language="en", frequency="weekly",
        confirmed_at=last_week, watermark=last_week,
    )  # fmt: skip


def forget_address() -> None:
    Follower.objects.filter(email__iexact=ADDRESS).delete()


def test_a_reader_follows_a_place_confirms_and_unsubscribes_from_another(page, http_server, settings):
    server = SmtpServer().start()
    use_smtp(settings, server.port, site_url=http_server)
    committed(existing_alert)
    try:
        page.goto("/regions/13/")
        page.get_by_role("link", name="Follow La Libertad by e-mail").click()
        expect(page.locator(".alert-description")).to_have_text("La Libertad")
        page.get_by_label("Your e-mail address").fill(ADDRESS)
        page.get_by_label("Daily digest").check()
        page.get_by_role("button", name="Follow").click()
        expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text(ADDRESS)

        [message] = server.inbox.to(ADDRESS)
        assert message.message["Subject"] == "Confirm your Veta alerts"
        page.goto(path_of(message.link("/alerts/confirm/")))
        expect(page.locator(".alert-list")).to_contain_text("La Libertad")
        page.get_by_role("button", name="Confirm").click()
        expect(page.get_by_role("heading", name="Alerts confirmed")).to_be_visible()

        page.get_by_role("link", name="Manage your alerts").click()
        rows = page.locator(".alert-table tbody tr")
        expect(rows).to_have_count(2)
        expect(page.locator("main")).not_to_contain_text(ADDRESS)
        page.get_by_role("button", name="Unsubscribe from Madre de Dios").click()
        expect(page.get_by_role("status")).to_contain_text("Unsubscribed from “Madre de Dios”")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("La Libertad")
        expect(rows.first).to_contain_text("confirmed")

        remaining = committed(
            lambda: list(Alert.objects.filter(follower__email=ADDRESS).values_list("query", "frequency"))
        )
        assert remaining == [("region=13", "daily")]
    finally:
        committed(forget_address)
        server.stop()
