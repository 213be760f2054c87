"""Province outlines: a layer of the 196 provinces with their figures, the map page's province level,
and province and district pages outlining their province."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.test import Client

from incidents.models import Incident
from overview.maps import LEVELS
from regions.models import Province

pytestmark = pytest.mark.django_db

PUNO, PUTINA, ANANEA = "21", "2110", "211002"
LAYER = "/map/provinces.geojson"


def add_incident(region: str, province: str | None = None, district: str | None = None, killed: int = 1) -> Incident:
    day = datetime.date(2024, 6, 1)
    precision = "district" if district else "province" if province else "region"
    return Incident.objects.create(
        title=f"Test incident in {district or province or region}", incident_type="armed_attack",
        date_start=day, date_end=day, region_id=region, province_id=province, district_id=district,
        place_precision=precision, status="published", killed_low=killed, killed_best=killed, killed_high=killed,
    )  # fmt: skip


def features(client: Client, query: str = "") -> dict[str, dict]:
    response = client.get(LAYER + (f"?{query}" if query else ""))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return {feature["id"]: feature for feature in json.loads(response.content)["features"]}


def test_every_one_of_the_196_provinces_has_its_outline() -> None:
    collection = json.loads(Path(LEVELS["province"].file).read_text())
    codes = {feature["properties"]["code"] for feature in collection["features"]}
    assert codes == set(Province.objects.values_list("code", flat=True))
    assert len(codes) == 196
    assert all(feature["geometry"]["type"] in ("Polygon", "MultiPolygon") for feature in collection["features"])
    assert (Path(LEVELS["province"].file).parent / "LICENSE").read_text().startswith("MIT License")


def test_the_layer_counts_each_provinces_incidents_and_links_its_page(client: Client) -> None:
    add_incident(PUNO, PUTINA, ANANEA, killed=3)
    add_incident(PUNO, PUTINA, killed=2)
    add_incident(PUNO)  # known only to the region: in no province
    putina = features(client)[PUTINA]["properties"]
    assert (putina["incidents"], putina["killed"]) == (2, 5)
    assert putina["url"] == f"/provinces/{PUTINA}/"
    assert features(client)["2101"]["properties"]["incidents"] == 0


def test_within_a_region_only_its_provinces_are_drawn(client: Client) -> None:
    drawn = features(client, f"within={PUNO}")
    assert set(drawn) == set(Province.objects.filter(region=PUNO).values_list("code", flat=True))
    assert len(drawn) == 13


@pytest.mark.parametrize(
    ("query", "name"), [("within=99", "within"), ("nonsense=1", "nonsense"), ("region=99", "region")]
)
def test_a_bad_parameter_is_a_400_naming_it(client: Client, query: str, name: str) -> None:
    response = client.get(f"{LAYER}?{query}")
    assert response.status_code == 400
    assert name in response.json()


def test_the_map_page_colours_provinces_when_asked(client: Client) -> None:
    add_incident(PUNO, PUTINA, ANANEA)
    add_incident(PUNO)
    body = client.get("/map/?level=province").content.decode()
    assert 'data-regions-url="/map/provinces.geojson"' in body
    assert 'data-region-link="/incidents/?province="' in body
    assert "Incidents and people killed per province" in body
    assert f'<a href="/provinces/{PUTINA}/">' in body
    region_only = Incident.objects.published().filter(province__isnull=True).count()
    assert f"{region_only} incidents are known only to their region and are in no province" in body
    assert 'value="province" checked' in body


@pytest.mark.parametrize(
    ("page", "outlined", "note"),
    [
        (f"/provinces/{PUTINA}/", PUTINA, "among the other provinces of its region"),
        (f"/districts/{ANANEA}/", PUTINA, "the district's own outline is not in Veta's data"),
        (f"/regions/{PUNO}/", PUNO, None),
    ],
)
def test_a_place_page_outlines_its_province(client: Client, page: str, outlined: str, note: str | None) -> None:
    body = client.get(page).content.decode()
    container = re.search(r'<div class="map map--small"[^>]*>', body).group(0)
    assert f'data-region="{outlined}"' in container
    expected = "/map/regions.geojson" if outlined == PUNO else f"/map/provinces.geojson?within={PUNO}"
    assert f'data-regions-url="{expected}"' in container
    if note:
        assert note in body
