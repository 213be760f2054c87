"""The region list and place profiles in a real browser: sorting, the map, the chart, narrow screens.

The browser's server sees the session's committed data only: Veta's real records, with
Madre de Dios (17) holding three incidents, two operations, four mining sites and its
context figures, and Tambopata (170101) the 2012 riots in Puerto Maldonado.
"""

import pytest

from tests.browser import screenshot

pytestmark = pytest.mark.django_db

NARROW = {"width": 390, "height": 844}


def wait_for_map_and_chart(page) -> None:
    page.wait_for_selector(".map[data-regions-drawn][data-points-drawn]")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('place-casualties'))")


def test_the_region_list_sorts_by_a_column_header(page) -> None:
    page.goto("/regions/")
    rows = page.locator(".region-table tbody tr")
    assert rows.count() == 25
    assert rows.first.locator("th").inner_text() == "Amazonas"
    assert page.locator("th[aria-sort='ascending']").inner_text().startswith("Region")
    screenshot(page, "region-list")

    page.get_by_role("link", name="Killed").click()
    page.wait_for_url("**/regions/?sort=-killed")
    assert page.locator("th[aria-sort='descending']").inner_text().startswith("Killed")
    leaders = page.locator(".region-table tbody tr th").all_inner_texts()[:2]
    assert leaders == ["La Libertad", "Madre de Dios"]
    # A second click turns the order round.
    page.get_by_role("link", name="Killed").click()
    page.wait_for_url("**/regions/?sort=killed")
    assert page.locator("th[aria-sort='ascending']").inner_text().startswith("Killed")

    page.get_by_role("link", name="Madre de Dios").click()
    page.wait_for_url("**/regions/17/")
    assert page.locator("h1").inner_text() == "Madre de Dios"


def test_the_region_list_fits_a_narrow_screen(page) -> None:
    page.set_viewport_size(NARROW)
    page.goto("/regions/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]
    screenshot(page, "region-list-narrow")


def test_the_region_profile_shows_totals_map_chart_and_records(page) -> None:
    page.goto("/regions/17/")
    wait_for_map_and_chart(page)
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Madre de Dios"
    figures = page.locator(".place-figures")
    assert "Incidents\n3" in figures.inner_text()
    assert "2 incidents are known only to the region" in page.locator(".place-note").inner_text()
    # The map outlines the regions and draws the incidents that have coordinates (none yet).
    assert int(page.locator(".map").get_attribute("data-regions-drawn")) == 25
    assert page.locator(".map").get_attribute("data-points-url") == "/incidents/export/?format=geojson&region=17"
    assert page.locator("table.place-incidents tbody tr").count() == 3
    assert page.locator("link[rel='alternate'][href='/feeds/regions/17/']").count() == 1
    assert page.get_by_text("Forest lost in Madre de Dios").is_visible()
    screenshot(page, "region-profile")

    page.get_by_role("link", name="Tambopata", exact=True).first.click()
    page.wait_for_url("**/provinces/1701/")
    assert page.locator(".breadcrumbs").inner_text().split("\n")[:3] == ["Regions", "Madre de Dios", "Tambopata"]
    wait_for_map_and_chart(page)
    assert page.locator("h1").inner_text() == "Tambopata"
    screenshot(page, "province-profile")


def test_the_region_profile_fits_a_narrow_screen(page) -> None:
    page.set_viewport_size(NARROW)
    page.goto("/regions/17/")
    wait_for_map_and_chart(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]
    screenshot(page, "region-profile-narrow")


def test_the_district_profile_leads_back_up_through_its_breadcrumbs(page) -> None:
    page.goto("/districts/170101/")
    wait_for_map_and_chart(page)
    assert page.locator("h1").inner_text() == "Tambopata"
    rows = page.locator("table.place-incidents tbody tr")
    assert rows.count() == 1
    assert "Puerto Maldonado" in rows.first.inner_text()
    assert "known only to" not in page.locator("main").inner_text()
    screenshot(page, "district-profile")

    # Keyboard: the breadcrumb to the province is a link like any other.
    link = page.locator(".breadcrumbs a", has_text="Tambopata").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/provinces/1701/")
    assert "known only to the province" not in page.locator("main").inner_text()
