"""A list page's export buttons download a file of exactly the page's filter, named after what and when,
through the page's own address: never a redirect into the API, never the API's throttling."""

import csv
import io
import json
import re

import pytest
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from incidents.models import Incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhausted_api(client, monkeypatch):
    """The anonymous API budget spent: the API answers 429."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "4/minute"})
    for _ in range(2):
        client.get("/api/v1/incidents/")
    assert client.get("/api/v1/incidents/").status_code == 429
    return client


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.parametrize(
    ("page", "format_name", "extension"),
    [
        ("/incidents/?region=17", "csv", "csv"),
        ("/incidents/?region=17", "geojson", "geojson"),
        ("/incidents/?region=17", "acled", "csv"),
        ("/incidents/?region=17", "ucdp", "csv"),
        ("/operations/?region=17", "csv", "csv"),
        ("/sites/?region=17", "geojson", "geojson"),
        ("/reinfo/?region=17", "csv", "csv"),
    ],
)
def test_every_export_button_downloads_a_named_file_while_the_api_is_throttled(
    exhausted_api, page, format_name, extension
) -> None:
    html = exhausted_api.get(page).content.decode()
    links = re.findall(r'href="([^"]*/export/\?[^"]*format=' + format_name + r'[^"]*)"[^>]*download', html)
    assert links, f"{page} offers a {format_name} download"
    href = links[0].replace("&amp;", "&")
    assert "region=17" in href and "/api/" not in href

    response = exhausted_api.get(href)

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    today = timezone.localdate().isoformat()
    assert re.fullmatch(rf'attachment; filename="veta-[a-z-]+-region-17-{today}\.{extension}"', disposition), (
        disposition
    )
    if format_name == "acled":
        assert "-acled-" in disposition
    text = body(response)
    if extension == "geojson":
        assert json.loads(text)["type"] == "FeatureCollection"
    else:
        assert next(csv.reader(io.StringIO(text)))  # a header row


def test_the_download_has_the_same_incidents_as_the_page_and_the_api(client) -> None:
    page_export = body(client.get("/incidents/export/?format=csv&region=17"))
    api_export = body(client.get("/api/v1/incidents/?format=csv&region=17"))
    assert page_export == api_export
    assert len(list(csv.DictReader(io.StringIO(page_export)))) >= 1


def test_a_format_the_list_does_not_offer_is_refused_clearly(client) -> None:
    response = client.get("/reinfo/export/?format=geojson")
    assert response.status_code == 400
    assert response.content.decode() == "format: choose one of csv."
    assert client.get("/incidents/export/").status_code == 400


def test_a_bad_filter_in_a_download_names_the_filter(client) -> None:
    response = client.get("/incidents/export/?format=csv&region=99")
    assert response.status_code == 400
    assert "No region has the code 99." in response.content.decode()


def test_drafts_stay_out_of_the_download(client) -> None:
    draft = Incident.objects.create(
        title="A draft no download may show",
        incident_type="armed_attack",
        date_start="2025-06-01",
        date_end="2025-06-01",
        region_id="17",
        place_precision="region",
        status="draft",
    )
    assert draft.title not in body(client.get("/incidents/export/?format=csv&region=17"))
