"""In a real browser: an editor pastes a Spanish article, checks the highlighted evidence, corrects a field and
saves the draft for review; a reviewer finds it in the queue; the editor pastes the English follow-up and attaches
it to that incident, whose figures change.

The server thread sees only committed rows, so the accounts are created (and everything removed at the end) in a
thread of their own; what the page writes is committed by the server.
"""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from core.choices import ModerationStatus
from incidents.models import Incident, Source
from tests.browser import screenshot
from tests.threads import committed

pytestmark = pytest.mark.django_db

PASSWORD = "a long browser-test password"
TITLE = "Ataque armado en Parcoy: cinco mineros muertos (navegador)"
URL_ES = "https://noticias.example.pe/parcoy-ataque"
URL_EN = "https://news.example.com/parcoy-toll"
SPANISH = (
    "Al menos cuatro mineros muertos en ataque armado en Parcoy\n\n"
    "Al menos cuatro mineros artesanales murieron el jueves en un ataque armado contra un socavón en el distrito de "
    "Parcoy, provincia de Pataz, en La Libertad. Según la Policía, hombres armados dispararon contra los trabajadores "
    "a la entrada de la bocamina. Otros dos mineros resultaron heridos."
)
ENGLISH = (
    "Death toll in Parcoy mine attack rises to six\n\n"
    "The death toll from last Thursday's attack on miners in Parcoy, in Peru's La Libertad region, has risen to six "
    "after rescuers found the bodies of two miners inside the tunnel, police said."
)


def create_accounts() -> None:
    for role in ("editor", "reviewer"):
        user = User.objects.create_user(f"intake-{role}", password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))


def delete_everything() -> None:
    Incident.objects.filter(sources__url__in=[URL_ES, URL_EN]).delete()
    Source.objects.filter(url__in=[URL_ES, URL_EN]).delete()
    User.objects.filter(username__in=["intake-editor", "intake-reviewer"]).delete()


def sign_in(page, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def figures_of_the_draft() -> tuple:
    incident = Incident.objects.get(title=TITLE)
    return incident.status, incident.killed_low, incident.killed_best, incident.killed_high, incident.sources.count()


def test_an_editor_drafts_from_an_article_and_attaches_its_follow_up(page) -> None:
    committed(delete_everything)  # left over from an interrupted run
    committed(create_accounts)
    try:
        sign_in(page, "intake-editor", "/intake/")
        expect(page.get_by_role("heading", name="Intake from news articles")).to_be_visible()
        page.get_by_label("Article text").fill(SPANISH)
        page.get_by_label("Address (URL)").fill(URL_ES)
        page.get_by_label("Published on").fill("2026-02-13")
        page.get_by_role("button", name="Read the article").click()

        # The proposal, with its evidence highlighted in the text.
        expect(page.locator(".intake-kind")).to_contain_text("incident")
        expect(page.locator('mark[data-field="figure:killed"]')).to_have_text("cuatro")
        expect(page.locator('mark[data-field="date"]')).to_have_text("jueves")
        expect(page.locator('mark[data-field="place"]')).to_have_text("Parcoy")
        expect(page.locator('.intake-evidence tr[data-field="figure:killed"]')).to_contain_text("at least 4")
        expect(page.get_by_label("Start date")).to_have_value("2026-02-12")
        expect(page.get_by_label("District (INEI code)")).to_have_value("130808")
        screenshot(page, "intake-proposal")

        # One field corrected: the title; then saved for review.
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("Submit the draft for review at once").check()
        page.get_by_role("button", name="Save as draft").click()
        expect(page.locator(".messagelist")).to_contain_text("Draft saved")
        assert committed(figures_of_the_draft) == (ModerationStatus.IN_REVIEW, 4, 4, 4, 1)

        # The reviewer finds it in the review queue.
        sign_in(page, "intake-reviewer", "/review/")
        expect(page.get_by_text(TITLE)).to_be_visible()

        # The English follow-up is recognised and attached; the incident's figures change.
        sign_in(page, "intake-editor", "/intake/")
        page.get_by_label("Article text").fill(ENGLISH)
        page.get_by_label("Address (URL)").fill(URL_EN)
        page.get_by_label("Published on").fill("2026-02-16")
        page.get_by_role("button", name="Read the article").click()
        expect(page.locator(".intake-kind")).to_contain_text("follow_up")
        candidate = page.locator(".intake-candidates li").first
        expect(candidate).to_contain_text(TITLE)
        expect(candidate).to_contain_text("dates overlap at their precision")
        screenshot(page, "intake-follow-up")
        candidate.get_by_role("button", name="Attach the article to this incident").click()
        expect(page.locator(".messagelist")).to_contain_text("as a source with its claim")
        assert committed(figures_of_the_draft) == (ModerationStatus.IN_REVIEW, 4, 6, 6, 2)
    finally:
        committed(delete_everything)
