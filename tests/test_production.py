"""What production serves besides the pages: error pages, crawlers' files, link previews, logs, the key."""

import datetime
import io
import json
import logging
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.utils import translation
from PIL import Image

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from core.env import secret_key_from_file
from core.health import server_error, unavailable_response
from core.logs import JsonFormatter
from incidents.models import Incident

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def draft() -> Incident:
    return Incident.objects.create(
        title="A draft nobody may see",
        incident_type="armed_attack",
        date_start=datetime.date(2026, 2, 3),
        date_end=datetime.date(2026, 2, 3),
        date_precision=DatePrecision.DAY,
        region_id="17",
        place_precision=PlacePrecision.REGION,
        status=ModerationStatus.DRAFT,
    )


# --- Error pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "link"),
    [
        ("en", "Page not found", "Search the incidents"),
        ("es", "Página no encontrada", "Buscar en los incidentes"),
    ],
)
def test_an_unknown_address_answers_vetas_own_404_page_in_the_readers_language(client: Client, language, heading, link):
    response = client.get("/no-such-page/", headers={"accept-language": language})
    body = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in body
    assert link in body
    assert '<meta name="robots" content="noindex">' in body
    assert "URLconf" not in body and "Traceback" not in body


def test_a_draft_answers_the_same_404_page_as_an_unknown_address(client: Client, draft: Incident):
    response = client.get(f"/incidents/{draft.pk}/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()
    assert draft.title not in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("en", "Server error"), ("es", "Error del servidor")])
def test_the_500_page_is_vetas_own_and_needs_no_database(language, heading, django_assert_num_queries):
    request = RequestFactory().get("/incidents/")
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert f"<h1>{heading}</h1>" in body
    assert f'<html lang="{language}">' in body


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Veta is briefly unavailable"), ("es", "Veta no está disponible por un momento")]
)
def test_the_503_page_is_translated_and_needs_no_database(language, heading, django_assert_num_queries):
    request = RequestFactory().get("/regions/")
    with translation.override(language), django_assert_num_queries(0):
        response = unavailable_response(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_a_refused_csrf_check_answers_vetas_own_403_page(settings):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "es"}, headers={"accept-language": "es"})
    assert response.status_code == 403
    assert "<h1>No se pudo enviar el formulario</h1>" in response.content.decode()


def test_a_page_the_account_may_not_open_answers_vetas_own_403_page(client: Client):
    user = User.objects.create_user("plain", password="a long enough password")
    client.force_login(user)
    response = client.get("/review/")
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.content.decode()


# --- Crawlers ------------------------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_the_editors_pages_and_names_the_sitemap(client: Client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    for path in ("/admin/", "/review/", "/imports/", "/api/"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_sitemap_lists_published_pages_and_never_a_draft(client: Client, draft: Incident):
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml)</loc>", index)
    assert set(sections) == {
        f"/sitemap-{name}.xml"
        for name in ("sections", "incidents", "operations", "sites", "regions", "provinces", "districts")
    }
    incidents = client.get("/sitemap-incidents.xml").content.decode()
    published = list(Incident.objects.published().values_list("pk", flat=True))
    listed = {int(pk) for pk in re.findall(r"<loc>http://testserver/incidents/(\d+)/</loc>", incidents)}
    assert listed == set(published)
    assert draft.pk not in listed
    districts = client.get("/sitemap-districts.xml").content.decode()
    assert districts.count("<url>") == 1893
    sections_page = client.get("/sitemap-sections.xml").content.decode()
    assert "<loc>http://testserver/about/</loc>" in sections_page


def test_the_favicon_is_an_svg_and_favicon_ico_leads_to_it(client: Client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in client.get("/").content.decode()


# --- Link previews, last updated, the admin ------------------------------------------------------


def meta(body: str, name: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', body)
    assert match, f"no {name} meta tag"
    return match.group(1)


def test_the_dashboard_region_and_incident_pages_share_a_title_description_and_chart(client: Client):
    incident = Incident.objects.published().order_by("pk").first()
    pages = {
        "/": ("Violence around gold mining in Peru", "/share/dashboard.png"),
        f"/regions/{incident.region_id}/": (incident.region.display_name, f"/share/regions/{incident.region_id}.png"),
        f"/incidents/{incident.pk}/": (incident.title, f"/share/incidents/{incident.pk}.png"),
    }
    for address, (title, image) in pages.items():
        body = client.get(address).content.decode()
        assert meta(body, "og:title") == title
        assert meta(body, "twitter:title") == title
        assert meta(body, "og:description")
        assert meta(body, "twitter:card") == "summary_large_image"
        assert meta(body, "og:url") == f"http://testserver{address}"
        assert meta(body, "og:image") == f"http://testserver{image}" == meta(body, "twitter:image")
        response = client.get(image)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        picture = Image.open(io.BytesIO(response.content))
        assert picture.size == (1200, 630)
        assert len(picture.getcolors(1_000_000)) > 5  # a drawn chart, not a blank card


def test_a_drafts_share_image_is_not_shown_to_the_public(client: Client, draft: Incident):
    assert client.get(f"/share/incidents/{draft.pk}.png").status_code == 404


def test_pages_that_show_data_say_when_it_last_changed(client: Client):
    incident = Incident.objects.published().order_by("pk").first()
    for address in ("/", f"/regions/{incident.region_id}/", f"/incidents/{incident.pk}/"):
        body = client.get(address).content.decode()
        assert re.search(r'<p class="last-updated">Last updated: <time datetime="\d{4}-\d\d-\d\dT[^"]+">', body), (
            address
        )
    body = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f'datetime="{incident.updated_at.astimezone().isoformat()}' in body or incident.updated_at.year


def test_the_admin_calls_itself_vetas(admin_client: Client):
    for language, name in (("en", "Veta administration"), ("es", "Administración de Veta")):
        body = admin_client.get("/admin/", headers={"accept-language": language}).content.decode()
        assert name in body
        assert "Django" not in re.search(r"<title>(.*?)</title>", body, re.S).group(1)


# --- Logs and the secret key ---------------------------------------------------------------------


def test_log_records_are_one_json_object_a_line_with_the_traceback_of_an_error():
    formatter = JsonFormatter()
    try:
        raise ValueError("broken\nin two lines")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x/",), sys.exc_info()
        )
    line = formatter.format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /x/"
    assert "Traceback" in entry["exception"] and "ValueError: broken" in entry["exception"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


def test_the_secret_key_file_is_generated_once_readable_by_its_owner_only(tmp_path: Path):
    path = tmp_path / "data" / "secret_key"
    key = secret_key_from_file(path)
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key_from_file(path) == key  # kept, not replaced
    path.write_text("short")
    with pytest.raises(ImproperlyConfigured, match="too short"):
        secret_key_from_file(path)


def test_production_settings_read_the_secret_key_from_its_file(tmp_path: Path):
    key_file = tmp_path / "secret_key"
    env = {name: value for name, value in os.environ.items() if name not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="off", SECRET_KEY_FILE=str(key_file), ALLOWED_HOSTS="veta.example.org")
    script = "import django; django.setup(); from django.conf import settings; print(len(settings.SECRET_KEY))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "veta.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 50
    assert key_file.read_text().strip() not in result.stdout + result.stderr
