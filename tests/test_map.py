"""The map: the region layer's outlines and figures, the /map/ page and the map includes."""

import datetime
import importlib.util
import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.contrib.staticfiles import finders
from django.db.models import Count, Sum
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from incidents.models import Incident
from overview.maps import BOUNDARIES_FILE
from regions.models import Region

pytestmark = pytest.mark.django_db

LAYER = "/map/regions.geojson"
AYACUCHO, LA_LIBERTAD, MADRE_DE_DIOS = "05", "13", "17"


def add_incident(region: str, *, killed: int | None = None, status: str = "published", **fields) -> Incident:
    figures = {} if killed is None else {"killed_low": killed, "killed_best": killed, "killed_high": killed}
    date = fields.pop("date_start", datetime.date(2024, 6, 1))
    return Incident.objects.create(
        title=fields.pop("title", f"Test incident in {region}"),
        incident_type=fields.pop("incident_type", "armed_attack"),
        date_start=date,
        date_end=date,
        date_precision="day",
        region_id=region,
        place_precision="region",
        status=status,
        **figures,
        **fields,
    )


def add_incidents(count: int, region: str = AYACUCHO) -> None:
    Incident.objects.bulk_create(
        Incident(
            title=f"Bulk incident {number}",
            incident_type="extortion",
            date_start=datetime.date(2024, 1, 1),
            date_end=datetime.date(2024, 1, 1),
            date_precision="day",
            region_id=region,
            place_precision="region",
            status="published",
            killed_low=1,
            killed_best=1,
            killed_high=1,
        )
        for number in range(count)
    )


def layer(client: Client, query: str = "") -> dict:
    response = client.get(LAYER + (f"?{query}" if query else ""))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return {feature["id"]: feature for feature in json.loads(response.content)["features"]}


def figures(client: Client, query: str = "") -> dict[str, tuple[int, int]]:
    """{code: (incidents, killed)} for the regions with at least one incident."""
    return {
        code: (feature["properties"]["incidents"], feature["properties"]["killed"])
        for code, feature in layer(client, query).items()
        if feature["properties"]["incidents"]
    }


@pytest.fixture
def editor_client() -> Client:
    editor = User.objects.create(username="map-editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_incident", content_type__app_label="incidents"))
    client = Client()
    client.force_login(editor)
    return client


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# The region layer: outlines


def test_every_one_of_the_25_regions_has_its_polygon_in_the_layer(client: Client) -> None:
    features = layer(client)
    codes = set(Region.objects.values_list("code", flat=True))
    assert len(codes) == 25
    assert set(features) == codes
    for code, feature in features.items():
        geometry = feature["geometry"]
        assert geometry and geometry["type"] in ("Polygon", "MultiPolygon"), code
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], code
                for lon, lat in ring:
                    assert -81.5 <= lon <= -68.5 and -18.5 <= lat <= 0.1, code


def test_each_polygon_is_the_region_its_code_names(client: Client) -> None:
    """The boundary file's names agree with INEI's under the same code (Lima 15, Callao 07...)."""
    boundaries = json.loads(Path(BOUNDARIES_FILE).read_text(encoding="utf-8"))["features"]
    official = dict(Region.objects.values_list("code", "name"))
    assert {feature["properties"]["code"]: feature["properties"]["name"] for feature in boundaries} == official
    features = layer(client)
    assert features["15"]["properties"]["name"] == "Lima"
    assert features["07"]["properties"]["name"] == "Callao"
    assert features["12"]["properties"]["name"] == "Junín"
    assert strip_accents(features["12"]["properties"]["name"]).upper() == official["12"]


def test_callao_lies_beside_lima_and_cusco_holds_its_capital(client: Client) -> None:
    """A code given the wrong outline would put the region somewhere else on the map."""
    features = layer(client)

    def box(code: str) -> tuple[float, float, float, float]:
        geometry = features[code]["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        points = [point for polygon in polygons for ring in polygon for point in ring]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return min(lons), min(lats), max(lons), max(lats)

    for region in Region.objects.all():
        min_lon, min_lat, max_lon, max_lat = box(region.code)
        assert min_lon <= float(region.longitude) <= max_lon, region.code
        assert min_lat <= float(region.latitude) <= max_lat, region.code
    callao, lima = box("07"), box("15")
    assert lima[0] <= callao[0] and callao[2] <= lima[2] + 0.05


def test_each_feature_links_to_its_region_profile(client: Client) -> None:
    feature = layer(client)[MADRE_DE_DIOS]
    assert feature["properties"]["url"] == "/regions/17/"
    assert feature["properties"]["name"] == "Madre de Dios"
    assert feature["properties"]["code"] == MADRE_DE_DIOS


# The region layer: figures


def test_counts_and_killed_sums_are_those_of_the_published_incidents_per_region(client: Client) -> None:
    add_incident(AYACUCHO, killed=2)
    add_incident(AYACUCHO)  # toll unknown: counts, adds nothing to killed
    add_incident(AYACUCHO, killed=10, status="draft", title="Draft that must not count")
    add_incident(MADRE_DE_DIOS, killed=5, status="review")
    published = Incident.objects.filter(status="published")
    expected = {
        row["region_id"]: (row["n"], row["killed"] or 0)
        for row in published.values("region_id").annotate(n=Count("pk"), killed=Sum("killed_best"))
    }
    assert figures(client) == expected
    # The real records: La Libertad's New Year attack (3) and May 2025 massacre (13); Madre
    # de Dios' riots (3), rescue (no one killed) and arson (1).
    assert expected == {AYACUCHO: (2, 2), LA_LIBERTAD: (2, 16), MADRE_DE_DIOS: (3, 4)}


def test_an_editor_sees_drafts_and_records_in_review_counted(client: Client, editor_client: Client) -> None:
    add_incident(AYACUCHO, killed=10, status="draft")
    add_incident(MADRE_DE_DIOS, killed=5, status="review")
    assert AYACUCHO not in figures(client)
    counted = figures(editor_client)
    assert counted[AYACUCHO] == (1, 10)
    assert counted[MADRE_DE_DIOS] == (4, 9)


def test_the_layer_follows_the_incident_list_filters(client: Client) -> None:
    add_incident(AYACUCHO, killed=2, incident_type="massacre", date_start=datetime.date(2025, 3, 1))
    add_incident(AYACUCHO, killed=1, incident_type="kidnapping", date_start=datetime.date(2020, 3, 1))
    assert figures(client, "date_from=2025-01-01") == {AYACUCHO: (1, 2), LA_LIBERTAD: (2, 16)}
    assert figures(client, "date_to=2012-12-31") == {MADRE_DE_DIOS: (2, 3)}
    assert figures(client, "type=massacre") == {AYACUCHO: (1, 2), LA_LIBERTAD: (1, 13)}
    assert figures(client, "type=massacre,kidnapping&date_to=2024-12-31") == {AYACUCHO: (1, 1)}
    assert figures(client, "region=17") == {MADRE_DE_DIOS: (3, 4)}
    assert figures(client, "q=pampa") == {MADRE_DE_DIOS: (1, 1)}
    # Filtered or not, every region keeps its outline.
    assert len(layer(client, "region=17")) == 25


def test_a_filter_that_joins_actors_counts_each_incident_once(client: Client) -> None:
    incident = Incident.objects.get(import_key="incident-2026-la-libertad-new-year-attack")
    actors = ",".join(str(pk) for pk in incident.actors.values_list("pk", flat=True))
    assert incident.actors.count() == 2
    assert figures(client, f"actor={actors}")[LA_LIBERTAD] == (2, 16)


def test_an_unknown_parameter_or_a_refused_value_is_a_400_naming_it(client: Client) -> None:
    response = client.get(LAYER, {"regoin": "17"})
    assert response.status_code == 400
    assert "regoin" in response.json()
    response = client.get(LAYER, {"region": "99"})
    assert response.status_code == 400
    assert "region" in response.json()
    response = client.get(LAYER, {"date_from": "yesterday"})
    assert response.status_code == 400
    assert "date_from" in response.json()


def test_the_layer_runs_one_query_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    add_incidents(3)
    # Expect 1 query: every region with its incident count, killed sum and located count.
    with django_assert_num_queries(1):
        client.get(LAYER)
    add_incidents(27)
    with django_assert_num_queries(1):
        response = client.get(LAYER)
    assert json.loads(response.content)["features"][4]["properties"]["incidents"] == 30
    # Expect 1 query with a region filter too: the codes are checked against those the server has read.
    with django_assert_num_queries(1):
        client.get(LAYER, {"region": "05,17", "date_from": "2020-01-01"})


def test_the_public_layer_may_be_cached_and_answers_304_when_unchanged(client: Client) -> None:
    response = client.get(LAYER)
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    etag = response["ETag"]
    assert client.get(LAYER, HTTP_IF_NONE_MATCH=etag).status_code == 304
    add_incident(AYACUCHO, killed=1)
    assert client.get(LAYER, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_editors_layer_is_private(editor_client: Client) -> None:
    response = editor_client.get(LAYER)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_boundary_file_is_small_and_licensed() -> None:
    folder = Path(BOUNDARIES_FILE).parent
    assert Path(BOUNDARIES_FILE).stat().st_size < 150_000
    assert "José Daniel" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "limites-peru-geojson" in (folder / "README.md").read_text(encoding="utf-8")


def test_the_simplification_keeps_a_shared_border_shared() -> None:
    spec = importlib.util.spec_from_file_location("simplify", Path(BOUNDARIES_FILE).parent / "simplify.py")
    simplify = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(simplify)
    # Two squares sharing a wiggly border from (1, 0) to (1, 1).
    border = [[1, 0], [1.001, 0.25], [0.999, 0.5], [1.3, 0.75], [1, 1]]
    left = [[0, 0], *border, [0, 1], [0, 0]]
    right = [[2, 0], [2, 1], *reversed(border), [2, 0]]
    collection = {
        "features": [
            {"properties": {"CCDD": "01", "NOMBDEP": "LEFT"}, "geometry": {"type": "Polygon", "coordinates": [left]}},
            {"properties": {"CCDD": "02", "NOMBDEP": "RIGHT"}, "geometry": {"type": "Polygon", "coordinates": [right]}},
        ]
    }
    result = simplify.simplify_collection(collection, tolerance=0.01, decimals=4)
    left_ring, right_ring = (feature["geometry"]["coordinates"][0] for feature in result["features"])
    shared_left = [point for point in left_ring if point[0] >= 0.99]
    shared_right = [point for point in right_ring if point[0] <= 1.31]
    assert [1.3, 0.75] in shared_left  # the bump is kept, the small wiggles are not
    assert [1.001, 0.25] not in shared_left
    assert sorted(shared_left) == sorted(shared_right)


# The /map/ page


def test_the_map_page_renders_the_filter_form_the_map_and_the_table(client: Client) -> None:
    response = client.get("/map/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert '<form class="filters map-filters" method="get"' in body
    for name in ('name="date_from"', 'name="date_to"', 'name="type"'):
        assert name in body
    assert re.search(r'<input type="radio" name="metric" value="incidents" data-map-metric checked>', body)
    assert '<input type="radio" name="metric" value="killed" data-map-metric>' in body
    container = re.search(r"<div class=\"map\" data-map[^>]*>", body).group(0)
    assert 'data-points-url="/incidents/export/?format=geojson"' in container
    assert 'data-regions-url="/map/regions.geojson"' in container
    assert 'data-region-link="/incidents/?region="' in container
    assert "data-choropleth" in container and 'role="region"' in container and "aria-label=" in container
    table = body[body.index('<table class="map-regions-table"') : body.index("</table>")]
    assert table.count('<th scope="row">') == 26  # 25 regions and the total
    assert '<a href="/regions/13/">La Libertad</a>' in table
    assert '<a href="/incidents/?region=13">2</a>' in table
    assert "<caption>" in table


def test_the_map_page_has_no_inline_script_handler_or_style(client: Client) -> None:
    body = client.get("/map/").content.decode()
    for tag in re.findall(r"<script\b[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", body)
    assert "style=" not in body
    assert "hx-on" not in body


def test_the_map_labels_come_from_the_server_in_the_readers_language(client: Client) -> None:
    body = client.get("/map/").content.decode()
    config_script = re.search(r'<script type="application/json" id="veta-map-config">(.*?)</script>', body, re.S)
    config = json.loads(config_script[1])
    assert config["labels"]["legend"] == {
        "incidents": "Incidents per region",
        "killed": "People killed per region (best figures)",
    }
    assert config["icons"]["iconUrl"] == "/static/vendor/leaflet/images/marker-icon.png"
    assert config["urls"]["incident"] == "/incidents/0/"
    script = (Path(settings.BASE_DIR) / "static" / "js" / "map.js").read_text(encoding="utf-8")
    for english in ("Incidents per region", "People killed", '"Killed"', "week of"):
        assert english not in script


def test_the_map_page_carries_its_filter_into_the_data_and_the_links(client: Client) -> None:
    add_incident(AYACUCHO, killed=2, incident_type="massacre", date_start=datetime.date(2025, 3, 1))
    response = client.get("/map/", {"date_from": "2025-01-01", "type": "massacre", "metric": "killed", "utm": "x"})
    assert response.status_code == 200
    body = response.content.decode()
    query = "date_from=2025-01-01&amp;type=massacre"
    assert f'data-points-url="/incidents/export/?format=geojson&amp;{query}"' in body
    assert f'data-regions-url="/map/regions.geojson?{query}"' in body
    assert f'data-region-link="/incidents/?{query}&amp;region="' in body
    assert 'data-metric="killed"' in body
    assert 'value="killed" data-map-metric checked' in body
    assert 'value="2025-01-01"' in body
    assert '<option value="massacre" selected>' in body
    assert f'<a href="/incidents/?{query}&amp;region=13">1</a>' in body
    assert f'<a href="/incidents/?{query}&amp;region=05">1</a>' in body
    assert "utm" not in body.split("<main", 1)[1]
    # Regions with the most incidents first, then the most killed.
    table = body[body.index('<table class="map-regions-table"') :]
    assert table.index("La Libertad") < table.index("Ayacucho") < table.index("Amazonas")
    assert table.index("Amazonas") < table.index("Áncash") < table.index("Apurímac")


def test_the_data_urls_of_the_map_page_are_accepted_by_the_api_and_the_layer(client: Client) -> None:
    body = client.get("/map/", {"date_from": "2011-01-01", "type": "massacre,trafficking", "q": "mineros"}).content
    body = body.decode()
    for attribute in ("data-points-url", "data-regions-url"):
        url = re.search(rf'{attribute}="([^"]+)"', body)[1].replace("&amp;", "&")
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
    assert '<input type="hidden" name="q" value="mineros">' in body


def test_a_click_on_a_region_replaces_any_place_filter_of_the_map(client: Client) -> None:
    body = client.get("/map/", {"region": "17", "date_to": "2024-12-31"}).content.decode()
    assert 'data-region-link="/incidents/?date_to=2024-12-31&amp;region="' in body
    assert 'data-regions-url="/map/regions.geojson?region=17&amp;date_to=2024-12-31"' in body
    assert '<a href="/incidents/?date_to=2024-12-31&amp;region=17">3</a>' in body
    assert '<input type="hidden" name="region" value="17">' in body


def test_several_types_from_the_list_show_as_one_option(client: Client) -> None:
    body = client.get("/map/", {"type": "massacre,trafficking"}).content.decode()
    assert 'value="massacre,trafficking" selected' in body


def test_a_refused_filter_value_is_a_400_with_the_message_and_no_figures(client: Client) -> None:
    response = client.get("/map/", {"date_from": "not-a-date", "region": "99"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert "No region has the code 99." in body
    assert "data-map " not in body
    assert "map-regions-table" not in body


def test_the_map_page_runs_the_same_queries_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    add_incidents(3)
    # Expect 1 query: every region with its figures (the markers come from the API).
    with django_assert_num_queries(1):
        client.get("/map/")
    add_incidents(27)
    with django_assert_num_queries(1):
        response = client.get("/map/", {"metric": "killed"})
    assert '<a href="/incidents/?region=05">30</a>' in response.content.decode()


def test_the_map_page_table_leaves_drafts_out_for_the_public_only(client: Client, editor_client: Client) -> None:
    add_incident(AYACUCHO, killed=4, status="draft")
    assert "/incidents/?region=05" not in client.get("/map/").content.decode()
    body = editor_client.get("/map/").content.decode()
    assert '<a href="/incidents/?region=05">1</a>' in body
    assert "drafts and records in review" in body


def test_the_map_page_says_how_many_incidents_have_coordinates(client: Client) -> None:
    assert "0 of the 5 incidents shown have coordinates" in client.get("/map/").content.decode()
    add_incident(AYACUCHO, latitude="-13.16", longitude="-74.22")
    assert "1 of the 6 incidents shown has coordinates" in client.get("/map/").content.decode()


def test_the_map_page_adds_base_tiles_only_when_a_tile_server_is_set(client: Client, settings) -> None:
    assert "data-tile-url" not in client.get("/map/").content.decode()
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example contributors"
    body = client.get("/map/").content.decode()
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in body
    assert 'data-tile-attribution="© Example contributors"' in body


# The includes other pages use


def render(source: str, **context) -> str:
    return Template("{% load static %}" + source).render(Context(context))


def test_the_map_include_renders_the_container_other_pages_rely_on() -> None:
    html = render(
        '{% include "includes/map.html" with map_points_url=url map_label=label map_small=True %}',
        url="/incidents/export/?format=geojson&region=17",
        label="Incidents in <Madre de Dios>",
    )
    container, _, fallback = html.strip().partition("\n")
    assert container == (
        '<div class="map map--small" data-map data-points-url="/incidents/export/?format=geojson&amp;region=17" '
        'data-regions-url="/map/regions.geojson" role="region" aria-label="Incidents in &lt;Madre de Dios&gt;"></div>'
    )
    # Without JavaScript the map says so and points to the same figures as a table.
    assert fallback.startswith("<noscript>") and "The map needs JavaScript" in fallback


def test_the_map_include_takes_one_marker_and_a_region_to_zoom_to() -> None:
    with translation.override("es"):
        html = render(
            '{% include "includes/map.html" with map_lat=lat map_lon=lon map_title=title map_region="17" %}',
            lat=Decimal("-12.593400"),
            lon=Decimal("-69.189100"),
            title='Arson at "La Pampa"',
        )
    assert 'class="map" data-map data-regions-url="/map/regions.geojson"' in html
    assert 'data-lat="-12.593400" data-lon="-69.189100"' in html  # never "-12,593400"
    assert 'data-title="Arson at &quot;La Pampa&quot;"' in html
    assert 'data-region="17"' in html
    assert "data-points-url" not in html and "data-choropleth" not in html
    assert 'role="region" aria-label="' in html


def test_the_map_assets_load_only_vendored_files_that_exist() -> None:
    html = render('{% include "includes/map_assets.html" %}')
    urls = re.findall(r'(?:href|src)="([^"]+)"', html)
    urls += json.loads(re.search(r'id="veta-map-config">(.*?)</script>', html, re.S)[1])["icons"].values()
    assert len(urls) == 10
    for url in urls:
        assert url.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL)
        assert finders.find(url.split("/static/", 1)[1]), url
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert ("src=" in tag and " defer" in tag) or 'type="application/json"' in tag, tag


def test_the_map_page_works_in_spanish(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get("/map/", {"date_from": "2020-01-01"})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="es">' in body
    config_script = re.search(r'<script type="application/json" id="veta-map-config">(.*?)</script>', body, re.S)
    config = json.loads(config_script[1])
    assert set(config["labels"]) >= {"incidents", "killed", "legend", "weekOf", "boundaries"}
    assert 'data-regions-url="/map/regions.geojson?date_from=2020-01-01"' in body


def test_the_map_and_its_layer_only_answer_reads(client: Client) -> None:
    assert client.post("/map/").status_code == 405
    assert client.post(LAYER).status_code == 405
    assert client.head(LAYER).status_code == 200
