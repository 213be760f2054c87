"""The incident pages in a real browser: htmx filtering, the incident page, the keyboard, screenshots.

The browser's server sees only committed data, so these tests use the session's real records.
"""

import re

import pytest

from incidents.models import Incident
from tests.browser import screenshot

pytestmark = pytest.mark.django_db

NEW_YEAR = "Armed attack on informal miners at a tunnel entrance, La Libertad"
ARSON = "Illegal miners set fire to a police-military post, La Pampa"
RIOTS = "Police gunfire kills three during miners' strike riots, Puerto Maldonado"
RESCUE = "Police rescue about 200 trafficked women and girls from brothels, Madre de Dios"


def row_titles(page) -> list[str]:
    return page.locator("#results tbody tr td:nth-child(2) a").all_inner_texts()


def test_filtering_by_region_and_date_swaps_the_results_and_updates_the_url(page) -> None:
    page.goto("/incidents/")
    assert len(row_titles(page)) == 5
    screenshot(page, "incident-list")
    # A marker on the window survives only if the page is never reloaded: htmx swaps the results.
    page.evaluate("window.vetaNoReload = true")

    page.select_option("#id_region", "17")
    page.wait_for_url(re.compile(r"/incidents/\?region=17$"))
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 3")
    assert set(row_titles(page)) == {ARSON, RIOTS, RESCUE}
    # The province select now offers Madre de Dios' provinces.
    assert page.locator("#id_province").is_enabled()
    assert "Tambopata" in page.locator("#id_province option").all_inner_texts()

    page.fill("#id_date_from", "2022-01-01")
    page.wait_for_url(re.compile(r"/incidents/\?region=17&date_from=2022-01-01$"))
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert row_titles(page) == [ARSON]
    assert page.locator(".result-count").inner_text() == "1 incident matches these filters."
    csv_link = page.locator('.export-links a[data-format="csv"]').get_attribute("href")
    assert csv_link == "/incidents/export/?format=csv&region=17&date_from=2022-01-01"
    assert page.evaluate("window.vetaNoReload") is True
    screenshot(page, "incident-list-filtered")

    # The filtered address can be shared: opened afresh it shows the same results.
    page.goto(page.url)
    assert row_titles(page) == [ARSON]
    assert page.locator("#id_region").input_value() == "17"
    assert page.locator("#id_date_from").input_value() == "2022-01-01"


def test_changing_the_region_resets_the_province_and_district(page) -> None:
    page.goto("/incidents/?region=17&province=1701&district=170101")
    assert row_titles(page) == [RIOTS]
    page.select_option("#id_region", "13")
    page.wait_for_url(re.compile(r"/incidents/\?region=13$"))
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 2")
    assert page.locator("#id_province").input_value() == ""
    assert "Pataz" in page.locator("#id_province option").all_inner_texts()
    assert page.locator("#id_district").is_disabled()


def test_sorting_a_column_swaps_the_results_and_keeps_the_filter(page) -> None:
    page.goto("/incidents/?region=17")
    page.evaluate("window.vetaNoReload = true")
    page.get_by_role("link", name="Title", exact=True).click()
    page.wait_for_url(re.compile(r"/incidents/\?region=17&sort=title$"))
    page.wait_for_function("document.querySelector('th[aria-sort]').textContent.trim() === 'Title'")
    assert row_titles(page) == sorted([ARSON, RIOTS, RESCUE])
    assert page.evaluate("window.vetaNoReload") is True


def test_the_filter_form_can_be_filled_and_submitted_with_the_keyboard(page) -> None:
    page.goto("/incidents/")
    for _ in range(60):
        if page.evaluate("document.activeElement.id") == "id_region":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_region"
    page.keyboard.type("Madre")  # type-ahead picks Madre de Dios
    page.wait_for_url(re.compile(r"region=17"))
    page.wait_for_function("!document.getElementById('id_province').disabled")
    assert page.evaluate("document.activeElement.id") == "id_region"

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_province"
    page.keyboard.press("Tab")  # the district select waits for a province, so focus moves on
    assert page.evaluate("document.activeElement.id") == "id_date_from"
    page.keyboard.type("01012022")  # day, month, year in an en-GB browser
    for _ in range(10):
        if page.evaluate("document.activeElement.type") == "submit":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Show incidents"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/incidents/\?region=17&date_from=2022-01-01$"))
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert row_titles(page) == [ARSON]


def test_the_incident_page_shows_at_least_3_killed_7_missing_and_its_sources(page) -> None:
    new_year = Incident.objects.get(title=NEW_YEAR)
    page.goto(f"/incidents/{new_year.pk}/")
    assert page.locator("h1").inner_text() == NEW_YEAR
    assert page.locator("#incident-toll").inner_text() == "At least 3 killed, at least 7 missing"
    figures = page.locator(".incident-figures")
    assert "Killed\nat least 3" in figures.inner_text() and "Missing\nat least 7" in figures.inner_text()
    claims = page.locator(".claim-table tbody")
    assert claims.locator("tr").count() == 2
    assert "at least 3" in claims.inner_text() and "at least 7" in claims.inner_text()
    sources = page.locator(".source-list li")
    assert sources.count() == 2
    assert "Peru mine attack: 3 dead and 7 missing in La Libertad" in page.locator(".source-list").inner_text()
    cite = page.locator("#citation").inner_text()
    assert NEW_YEAR in cite and "Veta" in cite and f"/incidents/{new_year.pk}/" in cite
    screenshot(page, "incident-detail")

    page.set_viewport_size({"width": 390, "height": 844})
    # Nothing sticks out sideways on a phone: tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "incident-detail-narrow")


def test_the_incident_page_without_coordinates_outlines_its_region_on_the_map(page) -> None:
    new_year = Incident.objects.get(title=NEW_YEAR)
    assert new_year.latitude is None and new_year.region_id == "13"
    page.goto(f"/incidents/{new_year.pk}/")
    page.wait_for_selector(".map[data-regions-drawn]")

    region = page.locator(".map path.map-region--13")
    assert region.count() == 1
    assert region.get_attribute("stroke") == "#8a5a00"  # drawn as the highlighted region
    assert page.locator(".map .leaflet-marker-icon").count() == 0  # no point where none is known
    # The map is zoomed to the region: its outline fills much of the map, inside it.
    box, frame = region.bounding_box(), page.locator(".map").bounding_box()
    assert box["width"] > frame["width"] / 3 or box["height"] > frame["height"] / 3
    assert frame["x"] - 1 <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    assert page.locator(".map").get_attribute("aria-label") == "The region of the incident, La Libertad"
    page.locator("#map-heading").scroll_into_view_if_needed()
    screenshot(page, "incident-detail-region-map")


def test_a_source_page_opens_from_the_incident_and_lists_the_incident_it_supports(page) -> None:
    new_year = Incident.objects.get(title=NEW_YEAR)
    source = new_year.sources.get(title="Peru mine attack: 3 dead and 7 missing in La Libertad")
    page.goto(f"/incidents/{new_year.pk}/")
    page.locator(f'.source-list a[href="/sources/{source.pk}/"]').click()
    page.wait_for_url(f"**/sources/{source.pk}/")
    assert page.locator("h1").inner_text() == source.title
    supported = page.locator("table.source-incidents tbody tr")
    assert supported.count() == Incident.objects.published().filter(sources=source).count()
    assert NEW_YEAR in page.locator("table.source-incidents").inner_text()
    screenshot(page, "source-detail")


def test_the_incident_list_fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/incidents/?region=17")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "incident-list-narrow")
