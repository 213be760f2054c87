"""Embeds for newsrooms: chart, map and incident pages any site may frame, the chart as SVG and PNG,
the "Embed" snippet, and oEmbed."""

import http.server
import re
import threading
from functools import partial

import pytest
from django.test import Client

from incidents.models import Incident

pytestmark = pytest.mark.django_db
MADRE_DE_DIOS = "17"


def published_incident() -> Incident:
    return Incident.objects.published().filter(region=MADRE_DE_DIOS).order_by("pk").first()


@pytest.mark.parametrize(
    "address",
    [f"/embed/regions/{MADRE_DE_DIOS}/casualties/", f"/embed/regions/{MADRE_DE_DIOS}/map/", "incident"],
)
def test_an_embed_may_be_framed_anywhere_sets_no_cookie_and_links_back(client: Client, address: str) -> None:
    if address == "incident":
        address = f"/embed/incidents/{published_incident().pk}/"
    response = client.get(address)
    assert response.status_code == 200
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert not response.has_header("X-Frame-Options")
    assert not response.cookies
    body = response.content.decode()
    assert "See it on Veta" in body and 'rel="license"' in body and "Data as of" in body
    assert "https://" not in re.sub(r'href="https://creativecommons[^"]*"', "", body).replace("http://testserver", "")


def test_the_chart_embed_draws_the_chart_in_the_page_with_its_table(client: Client) -> None:
    body = client.get(f"/embed/regions/{MADRE_DE_DIOS}/casualties/?lang=es").content.decode()
    assert '<html lang="es">' in body
    assert "<svg" in body and "<script" not in body
    assert "bigotes" in body and "whiskers" not in body  # the chart's words in Spanish
    assert 'href="/embed/regions/17/casualties.svg?lang=es"' in body
    assert "<table>" in body


@pytest.mark.parametrize(
    ("extension", "signature", "content_type"), [("svg", b"<?xml", "image/svg+xml"), ("png", b"\x89PNG", "image/png")]
)
def test_the_chart_comes_as_svg_and_png(client: Client, extension: str, signature: bytes, content_type: str) -> None:
    response = client.get(f"/embed/regions/{MADRE_DE_DIOS}/casualties.{extension}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(signature)
    assert len(response.content) > 2000


def test_the_same_figures_are_drawn_once_and_a_changed_figure_is_drawn_anew(client: Client, monkeypatch) -> None:
    from overview import embeds

    drawn = []
    draw = embeds.casualty_figure
    monkeypatch.setattr(embeds, "casualty_figure", lambda *args: drawn.append(args) or draw(*args))
    address = f"/embed/regions/{MADRE_DE_DIOS}/casualties.svg"
    first = client.get(address).content
    assert client.get(address).content == first
    assert client.get(f"/embed/regions/{MADRE_DE_DIOS}/casualties/").status_code == 200  # the same SVG inside
    assert len(drawn) == 1
    assert client.get(address + "?lang=es").content != first  # another language is another chart
    assert len(drawn) == 2

    incident = published_incident()
    incident.killed_low = incident.killed_best = incident.killed_high = (incident.killed_best or 0) + 5
    incident.save()
    changed = client.get(address).content
    assert len(drawn) == 3
    assert changed != first


def test_a_chart_file_of_another_kind_or_an_unknown_region_is_not_found(client: Client) -> None:
    assert client.get(f"/embed/regions/{MADRE_DE_DIOS}/casualties.gif").status_code == 404
    assert client.get("/embed/regions/99/casualties/").status_code == 404


def test_a_draft_incident_has_no_embed(client: Client) -> None:
    draft = Incident.objects.create(
        title="Borrador sin publicar", incident_type="armed_attack", date_start="2025-01-01", date_end="2025-01-01",
        region_id=MADRE_DE_DIOS, place_precision="region", status="draft",
    )  # fmt: skip
    assert client.get(f"/embed/incidents/{draft.pk}/").status_code == 404
    assert client.get("/oembed/", {"url": f"http://testserver/incidents/{draft.pk}/"}).status_code == 404


def test_region_and_incident_pages_offer_the_embed_snippet_and_oembed_discovery(client: Client) -> None:
    incident = published_incident()
    for page, embed in [
        (f"/regions/{MADRE_DE_DIOS}/", f"/embed/regions/{MADRE_DE_DIOS}/casualties/"),
        (f"/incidents/{incident.pk}/", f"/embed/incidents/{incident.pk}/"),
    ]:
        body = client.get(page).content.decode()
        assert "<summary>Embed</summary>" in body
        assert f"&lt;iframe src=&quot;http://testserver{embed}?lang=en&quot;" in body
        assert 'type="application/json+oembed"' in body


def test_oembed_gives_a_rich_iframe_for_an_incident_and_a_region(client: Client) -> None:
    incident = published_incident()
    answer = client.get("/oembed/", {"url": f"http://testserver/incidents/{incident.pk}/", "maxwidth": "400"}).json()
    assert answer["version"] == "1.0" and answer["type"] == "rich" and answer["provider_name"] == "Veta"
    assert answer["title"] == incident.title and answer["width"] == 400
    assert f'src="http://testserver/embed/incidents/{incident.pk}/?lang=en"' in answer["html"]
    region = client.get("/oembed/", {"url": f"http://testserver/regions/{MADRE_DE_DIOS}/"}).json()
    assert "/embed/regions/17/casualties/" in region["html"]
    assert client.get("/oembed/", {"url": "https://elsewhere.example/incidents/1/"}).status_code == 404
    assert client.get("/oembed/", {"url": "http://testserver/about/"}).status_code == 404
    assert (
        client.get("/oembed/", {"url": f"http://testserver/incidents/{incident.pk}/", "maxwidth": "x"}).status_code
        == 400
    )
    assert client.get("/oembed/", {"url": "http://testserver/regions/17/", "format": "xml"}).status_code == 501


def test_an_embed_renders_in_a_page_of_another_origin(browser, http_server, tmp_path) -> None:
    """A newsroom's page on another origin (127.0.0.2) frames the chart and the incident; the browser draws
    them, asking nothing of any other host."""
    incident = published_incident()
    (tmp_path / "article.html").write_text(
        "<!DOCTYPE html><html><body><h1>Article</h1>"
        f'<iframe id="chart" src="{http_server}/embed/regions/17/casualties/" width="640" height="420"></iframe>'
        f'<iframe id="card" src="{http_server}/embed/incidents/{incident.pk}/" width="480" height="260"></iframe>'
        "</body></html>"
    )
    newsroom = http.server.ThreadingHTTPServer(
        ("127.0.0.2", 0), partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    )
    threading.Thread(target=newsroom.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    origin = f"http://127.0.0.2:{newsroom.server_address[1]}"
    context = browser.new_context()
    elsewhere: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith((http_server, origin)):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        tab = context.new_page()
        tab.goto(f"{origin}/article.html")
        chart = tab.frame_locator("#chart")
        chart.locator("svg").first.wait_for(timeout=15000)
        assert chart.locator("svg").first.is_visible()
        assert tab.frame_locator("#card").locator("h1").inner_text() == incident.title
        assert elsewhere == []
    finally:
        context.close()
        newsroom.shutdown()
