"""The shared layout in a real browser: switching language, keyboard navigation."""

import pytest

from tests.browser import screenshot

pytestmark = pytest.mark.django_db


def test_switching_to_spanish_translates_the_navigation_and_is_remembered(page):
    page.goto("/")
    navigation = page.get_by_role("navigation", name="Main")
    assert navigation.get_by_role("link", name="Incidents").is_visible()

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()

    navigation = page.get_by_role("navigation", name="Principal")
    assert navigation.get_by_role("link", name="Incidentes").is_visible()
    assert navigation.get_by_role("link", name="Mapa").is_visible()
    assert page.locator("html").get_attribute("lang") == "es"
    screenshot(page, "dashboard-es")

    page.goto("/timeline/")
    assert page.get_by_role("navigation", name="Principal").get_by_role("link", name="Cronología").is_visible()


def test_the_skip_link_is_the_first_stop_for_the_keyboard_and_moves_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
