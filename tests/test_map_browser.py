"""The map in a real browser: region polygons, markers, the choropleth's legend and clicks.

The browser's server sees the session's committed data only: Veta's real records. None of
them has coordinates (their sources name a region, a province or a district, never a
point), so the tests that need markers answer the API's GeoJSON request themselves with
points shaped exactly as the API gives them.
"""

import base64
import json
import re

import pytest
from django.template import Context, Template

from tests.browser import screenshot

pytestmark = pytest.mark.django_db

POINTS = re.compile(r".*/incidents/export/\?format=geojson.*")
# A 1×1 transparent PNG, for the tile server test.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def feature(pk: int, title: str, lon: float, lat: float, killed: int | None, **dates) -> dict:
    figures = {"low": killed, "best": killed, "high": killed}
    return {
        "type": "Feature",
        "id": pk,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "title": title,
            "type": "armed_attack",
            "date_start": dates.get("start", "2022-08-25"),
            "date_end": dates.get("end", dates.get("start", "2022-08-25")),
            "date_precision": dates.get("precision", "day"),
            "region": "17",
            "province": None,
            "district": None,
            "place_precision": "near",
            "killed": figures,
            "injured": {"low": None, "best": None, "high": None},
            "missing": {"low": None, "best": None, "high": None},
        },
    }


POINT_ANSWER = {
    "type": "FeatureCollection",
    "features": [
        feature(901, "Arson at the <La Pampa> post", -69.95, -12.98, 1),
        feature(902, "Second incident near La Pampa", -69.951, -12.981, 0, start="2025-05-01", precision="month"),
        feature(
            903, "Attack at a tunnel, Pataz", -77.6, -7.8, 3, start="2025-12-31", end="2026-01-01", precision="days"
        ),
    ],
    "metadata": {"features": 3, "without_coordinates": 0},
}


def answer_points(page) -> list[str]:
    """Serve POINT_ANSWER for the map's API request; returns the URLs asked for."""
    asked: list[str] = []

    def fulfil(route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="application/geo+json", body=json.dumps(POINT_ANSWER))

    page.route(POINTS, fulfil)
    return asked


def open_map(page, url: str = "/map/") -> None:
    page.goto(url)
    page.wait_for_selector(".map[data-regions-drawn]")
    page.wait_for_selector(".map[data-points-drawn]")


def test_the_map_draws_every_region_coloured_by_incidents_with_a_legend(page) -> None:
    open_map(page)
    assert page.locator(".map").get_attribute("data-regions-drawn") == "25"
    assert page.locator(".leaflet-overlay-pane path").count() >= 25
    assert page.locator(".leaflet-overlay-pane path.map-region").count() == 25
    # No tile server: no tiles, a plain background, and the boundaries credited.
    assert page.locator(".leaflet-tile-pane img").count() == 0
    assert "map--plain" in page.locator(".map").get_attribute("class")
    assert "Region limits: INEI" in page.locator(".leaflet-control-attribution").inner_text()
    legend = page.locator(".map-legend")
    assert legend.locator(".map-legend__title").inner_text() == "Incidents per region"
    # Each class has its colour: Amazonas (no incident), La Libertad (2), Madre de Dios (3).
    la_libertad = page.locator("path.map-region--13").get_attribute("fill")
    madre_de_dios = page.locator("path.map-region--17").get_attribute("fill")
    amazonas = page.locator("path.map-region--01").get_attribute("fill")
    assert len({la_libertad, madre_de_dios, amazonas}) == 3
    assert legend.locator(".map-legend__class").all_inner_texts() == ["0", "1", "2", "3"]
    # The real records have no coordinates: nothing to draw as markers, and the page says so.
    assert page.locator(".map").get_attribute("data-points-drawn") == "0"
    assert "0 of the 5 incidents shown have coordinates" in page.locator(".map-note").inner_text()
    assert page.locator(".map-regions-table tbody tr").count() == 25
    screenshot(page, "map")


def test_switching_the_choropleth_to_killed_changes_the_legend_and_the_url(page) -> None:
    open_map(page)
    before = page.locator("path.map-region--13").get_attribute("fill")
    # By keyboard: the radio group moves with the arrow keys.
    page.locator("input[name=metric][value=incidents]").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("input[name=metric][value=killed]").is_checked()
    legend = page.locator(".map-legend")
    assert legend.get_attribute("data-metric") == "killed"
    assert legend.locator(".map-legend__title").inner_text() == "People killed per region (best figures)"
    # 16 killed in La Libertad, 4 in Madre de Dios: classes of 5.
    assert legend.locator(".map-legend__class").all_inner_texts() == ["0", "1–5", "6–10", "11–15", "16–20"]
    assert page.locator("path.map-region--13").get_attribute("fill") != before
    assert "metric=killed" in page.url
    page.locator("input[name=metric][value=killed]").blur()
    screenshot(page, "map-killed")
    # The URL carries the choice: a reload keeps it.
    open_map(page, page.url)
    assert page.locator(".map-legend").get_attribute("data-metric") == "killed"


def test_clicking_a_region_lists_its_incidents_under_the_maps_filter(page) -> None:
    open_map(page, "/map/?date_from=2025-01-01")
    page.locator("path.map-region--13").click()
    page.wait_for_url(re.compile(r"/incidents/\?date_from=2025-01-01&region=13$"))


def test_clicking_a_region_without_a_filter_lists_the_regions_incidents(page) -> None:
    open_map(page)
    page.locator("path.map-region--17").click()
    page.wait_for_url(re.compile(r"/incidents/\?region=17$"))


def test_incidents_with_coordinates_are_clustered_markers_with_popups(page) -> None:
    asked = answer_points(page)
    open_map(page, "/map/?type=armed_attack")
    assert asked and "format=geojson" in asked[0] and "type=armed_attack" in asked[0]
    assert page.locator(".map").get_attribute("data-points-drawn") == "3"
    # The two points at La Pampa form a cluster; the one in Pataz is a marker of its own.
    cluster = page.locator(".leaflet-marker-icon.marker-cluster")
    assert cluster.count() == 1 and cluster.inner_text() == "2"
    marker = page.locator(".leaflet-marker-icon[title='Attack at a tunnel, Pataz']")
    assert marker.count() == 1
    assert "/static/vendor/leaflet/images/marker-icon" in marker.get_attribute("src")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", marker.element_handle())
    # A marker opens its popup from the keyboard too.
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup .map-popup")
    popup.wait_for()
    assert popup.locator("a").inner_text() == "Attack at a tunnel, Pataz"
    assert popup.locator("a").get_attribute("href") == "/incidents/903/"
    assert popup.locator(".map-popup__date").inner_text() == "31 December 2025 – 1 January 2026"
    assert popup.locator(".map-popup__killed").inner_text() == "Killed: 3"
    # Opening the cluster shows its markers; their titles are text, never HTML.
    cluster.click()
    page.locator(".leaflet-marker-icon[title='Arson at the <La Pampa> post']").click()
    popup.wait_for()
    assert popup.locator("a").inner_text() == "Arson at the <La Pampa> post"
    assert popup.locator(".map-popup__date").inner_text() == "25 August 2022"
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    screenshot(page, "map-markers")


def test_the_map_fits_a_narrow_screen(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page)
    box = page.locator(".map").bounding_box()
    assert 300 < box["width"] <= 390
    assert page.locator(".leaflet-overlay-pane path.map-region").count() == 25
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(page, "map-narrow")


def test_the_map_adds_base_tiles_with_their_attribution_when_a_tile_server_is_set(page, http_server, settings) -> None:
    settings.MAP_TILE_URL = http_server + "/test-tiles/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "Test tiles"
    tiles: list[str] = []

    def tile(route) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PIXEL)

    page.route(re.compile(r".*/test-tiles/.*"), tile)
    open_map(page)
    page.wait_for_selector(".leaflet-tile-pane img")
    assert tiles
    assert "map--plain" not in page.locator(".map").get_attribute("class")
    assert "Test tiles" in page.locator(".leaflet-control-attribution").inner_text()


def test_the_small_map_include_shows_one_marker_in_its_highlighted_region(page, http_server) -> None:
    """The include as the incident page uses it: a single marker and its region outlined."""
    html = Template(
        '{% load static %}<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Map test</title>'
        '<link rel="stylesheet" href="{% static "css/veta.css" %}">{% include "includes/map_assets.html" %}</head>'
        '<body>{% include "includes/map.html" with map_lat=lat map_lon=lon map_title=title map_region="17" '
        'map_label="Where it happened" map_small=True %}</body></html>'
    ).render(Context({"lat": "-12.98", "lon": "-69.95", "title": "Arson at the La Pampa post"}))

    def serve(route) -> None:
        route.fulfill(status=200, content_type="text/html", body=html)

    page.route(re.compile(r".*/test-map-include/$"), serve)
    page.goto("/test-map-include/")
    page.wait_for_selector(".map[data-regions-drawn]")
    container = page.locator(".map")
    assert "map--small" in container.get_attribute("class")
    assert container.get_attribute("aria-label") == "Where it happened"
    assert page.locator("path.map-region").count() == 25
    assert page.locator("path.map-region--17").get_attribute("stroke") == "#8a5a00"
    assert page.locator("path.map-region--13").get_attribute("stroke") != "#8a5a00"
    marker = page.locator(".leaflet-marker-icon")
    assert marker.count() == 1
    assert marker.get_attribute("title") == "Arson at the La Pampa post"
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", marker.element_handle())
    screenshot(page, "map-small")
