"""The record pages in a real browser: mining sites, operations, REINFO and About.

The browser's server sees only the session's committed real records (tests/conftest.py),
never rows a test creates; the server-side tests cover filtering and matches in detail.
"""

import pytest

from enforcement.models import EnforcementOperation, ReinfoRecord
from enforcement.validators import ruc_check_digit
from regions.models import MiningSite
from tests.browser import screenshot

pytestmark = pytest.mark.django_db

NARROW = {"width": 390, "height": 844}


def valid_ruc(first_ten: str = "2010004721") -> str:
    return first_ten + str(ruc_check_digit(first_ten))


def page_overflows(page) -> bool:
    """Whether the page scrolls sideways (wide tables scroll inside their own box instead)."""
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


def test_site_list_filters_by_region_from_the_form(page):
    page.goto("/sites/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mining sites"
    assert page.get_by_text("5 mining sites").is_visible()
    screenshot(page, "site-list")

    page.get_by_label("Region").select_option(label="La Libertad")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()

    assert "region=13" in page.url
    assert page.get_by_text("1 mining site", exact=True).is_visible()
    assert page.get_by_role("link", name="Tunnel entrance of the New Year attack (La Libertad)").is_visible()

    page.set_viewport_size(NARROW)
    page.goto("/sites/")
    assert not page_overflows(page)
    screenshot(page, "site-list-narrow")


def test_site_list_column_headers_sort_the_table(page):
    page.goto("/sites/")
    page.get_by_role("link", name="Name").click()
    page.wait_for_load_state()

    assert "sort=-name" in page.url
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Name")


def test_site_detail_shows_the_site_with_its_incidents(page):
    la_pampa = MiningSite.objects.get(name="La Pampa")

    page.goto(f"/sites/{la_pampa.pk}/")

    assert page.get_by_role("heading", level=1).inner_text().startswith("La Pampa")
    page.get_by_role("link", name="Illegal miners set fire to a police-military post, La Pampa").is_visible()
    screenshot(page, "site-detail")
    page.set_viewport_size(NARROW)
    assert not page_overflows(page)
    screenshot(page, "site-detail-narrow")


def test_operation_list_filters_by_agency_and_links_to_the_csv(page):
    page.goto("/operations/")
    assert page.get_by_text("2 operations").is_visible()
    assert page.get_by_text("S/ 3,700 million").is_visible()
    screenshot(page, "operation-list")

    page.get_by_label("Agency").select_option("pnp")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()

    assert page.get_by_text("1 operation", exact=True).is_visible()
    csv = page.get_by_role("link", name="CSV", exact=True)
    assert csv.get_attribute("href") == "/operations/export/?agency=pnp&format=csv"

    page.set_viewport_size(NARROW)
    page.goto("/operations/")
    assert not page_overflows(page)
    screenshot(page, "operation-list-narrow")


def test_operation_detail_shows_the_operation_and_its_linked_incident(page):
    operation = EnforcementOperation.objects.get(import_key="operation-2022-08-24-interoceanic-interdiction")

    page.goto(f"/operations/{operation.pk}/")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Interdiction operation")
    assert page.get_by_text("24 August 2022").is_visible()
    arson = page.get_by_role("link", name="Illegal miners set fire to a police-military post, La Pampa")
    assert arson.get_attribute("href") == f"/incidents/{operation.incidents.get().pk}/"
    assert page.get_by_text("The sources name no agency.").is_visible()
    screenshot(page, "operation-detail")
    page.set_viewport_size(NARROW)
    assert not page_overflows(page)
    screenshot(page, "operation-detail-narrow")


@pytest.fixture
def tab_expecting_400(browser, http_server):
    """A tab like the `page` fixture's, for a page answered with 400 on purpose.

    Chromium logs every 4xx answer as a console error; this tab records the console so
    the test can check that the refusal is the only error.
    """
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, base_url=http_server)
    outside_requests: list[str] = []
    console_errors: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(http_server):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: console_errors.append(str(error)))
    yield tab, console_errors
    context.close()
    assert outside_requests == [], f"the page asked for outside resources: {outside_requests}"


def test_reinfo_search_by_ruc_shows_the_result_or_the_empty_state(page):
    page.goto("/reinfo/")
    assert page.get_by_role("heading", level=1).inner_text() == "REINFO registry"
    ruc = valid_ruc()

    page.get_by_label("RUC").fill(ruc)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()

    assert f"ruc={ruc}" in page.url
    if ReinfoRecord.objects.filter(ruc=ruc).exists():
        assert page.get_by_role("cell", name=ruc).is_visible()
    else:
        assert page.get_by_text("No REINFO record matches this search.").is_visible()
    screenshot(page, "reinfo")


def test_reinfo_search_with_a_wrong_check_digit_explains_the_error(tab_expecting_400):
    page, console_errors = tab_expecting_400
    ruc = valid_ruc()
    page.goto("/reinfo/")

    page.get_by_label("RUC").fill(ruc[:10] + str((int(ruc[10]) + 1) % 10))
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()

    assert page.get_by_text("The RUC's check digit is wrong.").is_visible()
    assert page.get_by_label("RUC").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("RUC").input_value() == ruc[:10] + str((int(ruc[10]) + 1) % 10)
    screenshot(page, "reinfo-bad-ruc")
    assert console_errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]


def test_about_page_has_a_table_of_contents_and_the_codebook(page):
    page.goto("/about/")

    toc = page.get_by_role("navigation", name="On this page")
    toc.get_by_role("link", name="Incident types").first.click()
    assert page.url.endswith("#incident-types")
    assert page.locator("#code-incident-type").get_by_text("armed_attack").is_visible()
    assert page.locator("#code-reinfo-status").get_by_text("not_listed").is_visible()
    screenshot(page, "about")

    page.set_viewport_size(NARROW)
    page.goto("/about/")
    assert not page_overflows(page)
    screenshot(page, "about-narrow")
