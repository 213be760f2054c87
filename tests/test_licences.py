"""Veta's data is CC BY 4.0 and its code AGPL-3.0-or-later: in the repository, the API root, every
download's metadata, the data package and /about/."""

import json
import zipfile
from pathlib import Path

import pytest

from core.licences import CODE_LICENCE, DATA_LICENCE

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
LINK = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_the_repository_holds_both_licences() -> None:
    assert (ROOT / "LICENSE").read_text().startswith("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3")
    assert (ROOT / "LICENSE-DATA").read_text().startswith("Creative Commons Attribution 4.0 International")
    assert (CODE_LICENCE.spdx, DATA_LICENCE.spdx) == ("AGPL-3.0-or-later", "CC-BY-4.0")


def test_the_api_root_names_the_licences(client) -> None:
    root = client.get("/api/v1/").json()
    assert root["licence"]["name"] == "CC-BY-4.0"
    assert root["licence"]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "credit Veta" in root["licence"]["attribution"]
    assert root["code_licence"]["name"] == "AGPL-3.0-or-later"
    assert "incidents" in root  # the lists are still there


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/",
        "/api/v1/incidents/",
        "/api/v1/incidents/?format=csv",
        "/api/v1/incidents/?format=geojson",
        "/api/v1/incidents/?format=acled",
        "/api/v1/operations/?format=csv",
        "/feeds/incidents/",
        "/about/veta-data.zip",
    ],
)
def test_every_download_names_the_licence_in_a_link_header(client, address) -> None:
    response = client.get(address)
    assert response.status_code == 200
    assert response["Link"] == LINK


def test_pages_that_are_not_data_carry_no_licence_link(client) -> None:
    assert not client.get("/about/").has_header("Link")


def test_the_geojson_names_the_licence(client) -> None:
    response = client.get("/api/v1/incidents/?format=geojson")
    collection = json.loads(b"".join(response.streaming_content))
    assert collection["metadata"]["license"]["name"] == "CC-BY-4.0"


def test_the_data_package_carries_the_licence_and_its_text(client, tmp_path) -> None:
    response = client.get("/about/veta-data.zip")
    path = tmp_path / "package.zip"
    path.write_bytes(b"".join(response.streaming_content))
    with zipfile.ZipFile(path) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        text = archive.read("LICENSE.txt").decode()
    assert descriptor["licenses"][0] == {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International (Veta's data; see LICENSE.txt)",
    }
    assert "Creative Commons Attribution 4.0 International" in text
    assert "Section 1 – Definitions." in text  # the licence's own text, not only its name
    assert "AGPL-3.0-or-later" in text


def test_the_about_page_names_both_licences_in_both_languages(client) -> None:
    english = client.get("/about/").content.decode()
    assert "Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in english
    assert "AGPL-3.0-or-later" in english
    spanish = client.get("/about/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "CC BY 4.0" in spanish and "AGPL-3.0-or-later" in spanish
    assert "licencia" in spanish.lower()
