"""Veta answers over real HTTP: the home page, the admin and the static files."""

import urllib.request

import pytest


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


@pytest.mark.django_db
def test_the_home_page_lists_the_real_incidents(http_server: str) -> None:
    status, body = fetch(http_server + "/")
    assert status == 200
    assert "Armed attack on informal miners at a tunnel entrance, La Libertad" in body
    assert "May 2025" in body  # shown at its month precision, not as 1 May
    assert "leaflet.js" in body and "chart.umd.min.js" in body  # the map and the chart load from our own static files


@pytest.mark.django_db
def test_the_admin_login_page_and_the_stylesheet_are_served(http_server: str) -> None:
    status, body = fetch(http_server + "/admin/login/")
    assert status == 200
    assert 'name="username"' in body
    status, body = fetch(http_server + "/static/css/veta.css")
    assert status == 200
    assert "--accent" in body


@pytest.mark.django_db
def test_a_partner_pulls_filtered_incidents_as_json_and_csv_over_http(http_server: str) -> None:
    import json

    status, body = fetch(http_server + "/api/v1/incidents/?region=13&date_from=2025-01-01")
    assert status == 200
    rows = json.loads(body)["results"]
    assert {row["figures"]["killed"]["best"] for row in rows} == {3, 13}
    status, body = fetch(http_server + "/api/v1/incidents/?region=13&date_from=2025-01-01&format=csv")
    assert status == 200
    lines = body.strip().splitlines()
    assert lines[0].startswith("id,title,type")
    assert len(lines) == 3
