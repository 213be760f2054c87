"""The OpenAPI schema and the documentation pages built on it, served without any CDN."""

import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import drf_spectacular_sidecar
import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from core.api.filters import NON_FILTER_PARAMETERS
from incidents.filtersets import IncidentFilterSet

pytestmark = pytest.mark.django_db

INCIDENT_LIST_PARAMETERS = {
    "region", "province", "district", "date_from", "date_to", "updated_since", "type", "actor", "site",
    "min_killed", "min_missing", "q", "bbox", "cursor", "page_size", "ordering", "format",
}  # fmt: skip
DOCS_PAGES = ["/api/docs/", "/api/redoc/"]
SIDECAR_STATIC = Path(drf_spectacular_sidecar.__file__).parent / "static" / "drf_spectacular_sidecar"


@pytest.fixture(autouse=True)
def _clear_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


# --- The schema ---------------------------------------------------------------------------


def test_the_schema_generates_and_validates_without_warnings(tmp_path) -> None:
    """`manage.py spectacular --validate --fail-on-warn` succeeds, as CI would run it."""
    target = tmp_path / "schema.yaml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(target)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert yaml.safe_load(target.read_text())["openapi"].startswith("3.")


def test_the_schema_url_serves_openapi_3_as_yaml_by_default(client) -> None:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_the_schema_url_serves_openapi_3_as_json(schema) -> None:
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Veta API"
    assert "/api/v1/incidents/" in schema["paths"]


def test_the_incidents_list_documents_every_parameter_it_accepts(schema) -> None:
    operation = schema["paths"]["/api/v1/incidents/"]["get"]
    documented = {parameter["name"] for parameter in operation["parameters"] if parameter["in"] == "query"}
    assert documented >= INCIDENT_LIST_PARAMETERS
    # And nothing the strict filter backend would refuse with a 400.
    assert documented <= set(IncidentFilterSet.base_filters) | NON_FILTER_PARAMETERS


def test_the_schema_documents_api_keys(schema) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


# --- The documentation pages --------------------------------------------------------------

EXTERNAL = re.compile(r"(https?:)?//[^\s\"'<>]+", re.IGNORECASE)
REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)


def referenced_urls(html: str) -> list[str]:
    return [url.replace("&amp;", "&") for url in REFERENCE.findall(html)]


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_the_docs_pages_load_nothing_from_other_sites(client, page) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Veta API" in html
    assert not EXTERNAL.findall(html), EXTERNAL.findall(html)
    for name in ("cdn", "unpkg", "jsdelivr", "googleapis"):
        assert name not in html.lower()
    urls = referenced_urls(html)
    assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls), urls


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_the_docs_pages_have_no_inline_script_or_style(client, page) -> None:
    """So that a Content-Security-Policy without 'unsafe-inline' scripts allows them."""
    html = client.get(page).content.decode()
    assert not INLINE_SCRIPT.findall(html), INLINE_SCRIPT.findall(html)
    assert "<style" not in html.lower()
    assert not re.search(r"<[^>]+\s(on[a-z]+|style)\s*=", html, re.IGNORECASE)  # no handlers, no style attributes


@pytest.mark.parametrize("page", DOCS_PAGES)
def test_every_asset_the_docs_pages_reference_is_served(client, page) -> None:
    html = client.get(page).content.decode()
    for url in referenced_urls(html):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.startswith("/static/"):
            assert b"".join(response.streaming_content), url


def test_the_swagger_page_starts_from_a_separate_script_that_reads_the_json_schema(client) -> None:
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in url for url in scripts)
    init = next(url for url in scripts if url.startswith("/api/docs/?"))
    response = client.get(init.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    script = re.sub(r"\\u([0-9A-Fa-f]{4})", lambda escape: chr(int(escape.group(1), 16)), response.content.decode())
    assert "SwaggerUIBundle(" in script
    assert 'url: "/api/v1/schema/?format=json"' in script
    assert Client().get("/api/v1/schema/?format=json").status_code == 200


def test_the_redoc_page_reads_the_json_schema(client) -> None:
    html = client.get("/api/redoc/").content.decode()
    assert 'spec-url="/api/v1/schema/?format=json"' in html
    assert re.search(r'<script src="/static/drf_spectacular_sidecar/redoc/bundles/redoc\.standalone\.js"', html)


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def test_the_docs_and_their_assets_are_served_over_http(http_server) -> None:
    status, _, body = fetch(http_server + "/api/docs/")
    assert status == 200
    urls = referenced_urls(body.decode())
    assert len(urls) == 5  # favicon, stylesheet, two bundles and the init script
    for url in urls:
        status, content_type, content = fetch(http_server + url)
        assert status == 200, url
        assert content, url
        if url.endswith(".js") or "script=" in url:
            assert "javascript" in content_type, (url, content_type)
        if url.endswith("swagger-ui-bundle.js"):
            assert content == (SIDECAR_STATIC / "swagger-ui-dist" / "swagger-ui-bundle.js").read_bytes()
