"""API v1 for places: regions, provinces, districts, protected areas and mining sites.

The test database holds Peru's geography and Veta's real records (see tests/conftest.py):
five published mining sites, among them La Pampa (region 17) and the San Jacinto de
Aguajal camp (province 1701), and two protected areas in Madre de Dios.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from core.choices import ModerationStatus, PlacePrecision
from regions.choices import ProtectedAreaCategory, SiteKind
from regions.models import District, MiningSite, ProtectedArea, Province, Region
from tests.exports import CC_BY_METADATA, csv_records, geojson

pytestmark = pytest.mark.django_db

API = "/api/v1"
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
RECENTLY = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """The anonymous rate limit counts requests in the cache; every test starts afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_with(django_user_model, username: str, *codenames: str) -> APIClient:
    user = django_user_model.objects.create_user(username, password="not-used")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="regions", codename__in=codenames))
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def site_editor(django_user_model) -> APIClient:
    return client_with(django_user_model, "site-editor", "add_miningsite", "change_miningsite")


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def codes(response) -> list[str]:
    return [row["code"] for row in results(response)]


def names(response) -> set[str]:
    return {row["name"] for row in results(response)}


def site(key: str) -> MiningSite:
    return MiningSite.objects.get(import_key=key)


def area(name: str) -> ProtectedArea:
    return ProtectedArea.objects.get(name=name)


# Regions


def test_the_regions_list_gives_peru_s_25_regions_in_code_order(api) -> None:
    listed = codes(api.get(f"{API}/regions/"))
    assert len(listed) == 25
    assert listed == sorted(listed)
    assert listed[0] == "01"


def test_a_region_is_found_by_its_code_with_id_url_and_timestamps(api) -> None:
    response = api.get(f"{API}/regions/12/")
    assert response.status_code == 200
    region = response.json()
    assert (region["id"], region["code"], region["display_name"], region["iso_code"]) == ("12", "12", "Junín", "PE-JUN")
    assert region["url"] == "http://testserver/api/v1/regions/12/"
    assert region["created_at"] and region["updated_at"]
    assert response["Last-Modified"]


def test_an_unknown_region_code_is_a_404(api) -> None:
    assert api.get(f"{API}/regions/99/").status_code == 404


@pytest.mark.parametrize("text", ["junin", "Junín", "JUNIN", "jun"])
def test_q_finds_junin_with_or_without_accents_and_case(api, text: str) -> None:
    assert codes(api.get(f"{API}/regions/", {"q": text})) == ["12"]


def test_q_that_names_no_region_finds_none(api) -> None:
    assert codes(api.get(f"{API}/regions/", {"q": "atlantida"})) == []


def test_the_regions_list_pages_on_by_code(api) -> None:
    first = api.get(f"{API}/regions/", {"page_size": 10}).json()
    second = api.get(first["next"]).json()
    assert [row["code"] for row in first["results"]] == [f"{n:02d}" for n in range(1, 11)]
    assert [row["code"] for row in second["results"]] == [f"{n:02d}" for n in range(11, 21)]


def test_the_regions_can_be_ordered_by_code_descending(api) -> None:
    assert codes(api.get(f"{API}/regions/", {"ordering": "-code"}))[:2] == ["25", "24"]


def test_regions_cannot_be_ordered_by_a_field_not_offered(api) -> None:
    response = api.get(f"{API}/regions/", {"ordering": "id"})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_updated_since_lists_only_the_regions_changed_since(api) -> None:
    Region.objects.update(updated_at=LONG_AGO)
    Region.objects.filter(code="17").update(updated_at=RECENTLY)
    assert codes(api.get(f"{API}/regions/", {"updated_since": "2025-06-01T00:00:00Z"})) == ["17"]
    assert codes(api.get(f"{API}/regions/", {"updated_since": "2026-06-01T00:00:00Z"})) == []


# Provinces


def test_a_province_is_found_by_its_code_with_its_region(api) -> None:
    response = api.get(f"{API}/provinces/1701/")
    assert response.status_code == 200
    province = response.json()
    assert (province["id"], province["display_name"]) == ("1701", "Tambopata")
    assert province["region"] == {"code": "17", "name": "Madre de Dios"}
    assert province["url"].endswith("/api/v1/provinces/1701/")
    assert province["created_at"] and province["updated_at"]


def test_the_provinces_list_answers_in_code_order(api) -> None:
    listed = codes(api.get(f"{API}/provinces/"))
    assert listed[:3] == ["0101", "0102", "0103"]
    assert listed == sorted(listed)


def test_the_region_filter_lists_the_provinces_of_that_region(api) -> None:
    assert codes(api.get(f"{API}/provinces/", {"region": "17"})) == ["1701", "1702", "1703"]
    assert "1701" not in codes(api.get(f"{API}/provinces/", {"region": "13"}))


def test_q_finds_a_province_by_part_of_its_name(api) -> None:
    assert codes(api.get(f"{API}/provinces/", {"q": "tambopata"})) == ["1701"]
    assert "1701" not in codes(api.get(f"{API}/provinces/", {"q": "pataz"}))


def test_updated_since_lists_only_the_provinces_changed_since(api) -> None:
    Province.objects.update(updated_at=LONG_AGO)
    Province.objects.filter(code="1308").update(updated_at=RECENTLY)
    assert codes(api.get(f"{API}/provinces/", {"updated_since": "2025-01-01"})) == ["1308"]
    assert codes(api.get(f"{API}/provinces/", {"updated_since": "2026-06-01"})) == []


# Districts


def test_a_district_is_found_by_its_code_with_its_province_and_region(api) -> None:
    response = api.get(f"{API}/districts/170101/")
    assert response.status_code == 200
    district = response.json()
    assert (district["id"], district["display_name"]) == ("170101", "Tambopata")
    assert district["province"] == {"code": "1701", "name": "Tambopata"}
    assert district["region"] == {"code": "17", "name": "Madre de Dios"}
    assert district["created_at"] and district["updated_at"]


def test_the_districts_list_answers_a_first_page_in_code_order(api) -> None:
    body = api.get(f"{API}/districts/").json()
    listed = [row["code"] for row in body["results"]]
    assert len(listed) == 100
    assert listed[0] == "010101"
    assert listed == sorted(listed)
    assert body["next"]


def test_the_region_filter_lists_the_districts_of_that_region(api) -> None:
    listed = codes(api.get(f"{API}/districts/", {"region": "17"}))
    assert "170101" in listed and "170201" in listed
    assert all(code.startswith("17") for code in listed)
    assert "170101" not in codes(api.get(f"{API}/districts/", {"region": "13"}))


def test_the_province_filter_lists_the_districts_of_that_province(api) -> None:
    assert codes(api.get(f"{API}/districts/", {"province": "1701"})) == ["170101", "170102", "170103", "170104"]
    assert "170101" not in codes(api.get(f"{API}/districts/", {"province": "1702"}))


def test_q_finds_a_district_by_its_accented_name_typed_without_accents(api) -> None:
    accented = District.objects.filter(code="130907").get()
    assert accented.display_name == "Sarín"
    assert "130907" in codes(api.get(f"{API}/districts/", {"q": "sarin"}))
    assert "130907" in codes(api.get(f"{API}/districts/", {"q": "SARIN"}))
    assert "130907" not in codes(api.get(f"{API}/districts/", {"q": "tambopata"}))


def test_updated_since_lists_only_the_districts_changed_since(api) -> None:
    District.objects.filter(province_id="1701").update(updated_at=LONG_AGO)
    District.objects.filter(code="170102").update(updated_at=RECENTLY)
    since = {"province": "1701", "updated_since": "2025-01-01"}
    assert codes(api.get(f"{API}/districts/", since)) == ["170102"]
    assert codes(api.get(f"{API}/districts/", {**since, "updated_since": "2026-06-01"})) == []


# Bad parameters are refused, naming the parameter


@pytest.mark.parametrize(
    ("endpoint", "parameter", "value"),
    [
        ("regions", "q", "x" * 201),
        ("regions", "updated_since", "yesterday"),
        ("provinces", "region", "ZZ"),
        ("provinces", "region", "99"),
        ("provinces", "updated_since", "2025-13-01"),
        ("districts", "region", "ZZ"),
        ("districts", "province", "17"),
        ("districts", "province", "9999"),
        ("protected-areas", "category", "nope"),
        ("protected-areas", "region", "ZZ"),
        ("protected-areas", "updated_since", "soon"),
        ("mining-sites", "region", "ZZ"),
        ("mining-sites", "province", "1799"),
        ("mining-sites", "district", "1701"),
        ("mining-sites", "kind", "nope"),
        ("mining-sites", "legal_status", "nope"),
        ("mining-sites", "protected_area", "abc"),
        ("mining-sites", "bbox", "1,2"),
        ("mining-sites", "bbox", "-69,-12,-70,-13"),
        ("mining-sites", "updated_since", "yesterday"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api, endpoint: str, parameter: str, value: str) -> None:
    response = api.get(f"{API}/{endpoint}/", {parameter: value})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize("endpoint", ["regions", "provinces", "districts", "protected-areas", "mining-sites"])
def test_an_unknown_parameter_is_a_400_naming_it(api, endpoint: str) -> None:
    response = api.get(f"{API}/{endpoint}/", {"colour": "red"})
    assert response.status_code == 400
    assert list(response.json()) == ["colour"]


# CSV of the reference data


@pytest.mark.parametrize(
    ("endpoint", "params", "expected_codes"),
    [
        ("regions", {"q": "junin"}, ["12"]),
        ("provinces", {"region": "17"}, ["1701", "1702", "1703"]),
        ("districts", {"province": "1701"}, ["170101", "170102", "170103", "170104"]),
    ],
)
def test_the_csv_of_areas_has_a_header_and_one_row_per_filtered_area(api, endpoint, params, expected_codes) -> None:
    header, rows = csv_records(api.get(f"{API}/{endpoint}/", {**params, "format": "csv"}))
    assert header[:3] == ["code", "name", "display_name"]
    assert [row["code"] for row in rows] == expected_codes


def test_the_csv_of_districts_names_the_province_and_region(api) -> None:
    _, rows = csv_records(api.get(f"{API}/districts/", {"province": "1701", "q": "inambari", "format": "csv"}))
    assert rows == [
        {**rows[0], "code": "170102", "display_name": "Inambari", "province_code": "1701", "region_code": "17"}
    ]
    assert rows[0]["region"] == "Madre de Dios"


# Protected areas


def test_the_protected_areas_list_gives_both_real_areas_with_their_regions(api) -> None:
    listed = results(api.get(f"{API}/protected-areas/"))
    assert {row["name"] for row in listed} == {"Tambopata National Reserve", "Bahuaja-Sonene National Park"}
    assert all(row["regions"] == [{"code": "17", "name": "Madre de Dios"}] for row in listed)


def test_a_protected_area_is_found_by_its_id(api) -> None:
    reserve = area("Tambopata National Reserve")
    response = api.get(f"{API}/protected-areas/{reserve.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["category"]) == (reserve.pk, reserve.name, "national_reserve")
    assert body["url"].endswith(f"/api/v1/protected-areas/{reserve.pk}/")
    assert body["created_at"] and body["updated_at"]


def test_the_category_filter_matches_the_area_s_category(api) -> None:
    assert names(api.get(f"{API}/protected-areas/", {"category": "national_reserve"})) == {"Tambopata National Reserve"}
    assert "Tambopata National Reserve" not in names(
        api.get(f"{API}/protected-areas/", {"category": "national_park,communal_reserve"})
    )


def test_the_region_filter_matches_areas_extending_into_it_once_each(api) -> None:
    shared = ProtectedArea.objects.create(
        name="Área de prueba compartida", category=ProtectedAreaCategory.RESERVED_ZONE
    )
    shared.regions.set(["17", "21"])
    listed = [row["name"] for row in results(api.get(f"{API}/protected-areas/", {"region": "17,21"}))]
    assert sorted(listed) == sorted(["Tambopata National Reserve", "Bahuaja-Sonene National Park", shared.name])
    assert names(api.get(f"{API}/protected-areas/", {"region": "21"})) == {shared.name}
    assert names(api.get(f"{API}/protected-areas/", {"region": "13"})) == set()


def test_q_finds_a_protected_area_by_a_word_of_its_name(api) -> None:
    assert names(api.get(f"{API}/protected-areas/", {"q": "Bahuaja"})) == {"Bahuaja-Sonene National Park"}
    assert "Tambopata National Reserve" not in names(api.get(f"{API}/protected-areas/", {"q": "Bahuaja"}))


def test_updated_since_lists_only_the_protected_areas_changed_since(api) -> None:
    ProtectedArea.objects.update(updated_at=LONG_AGO)
    ProtectedArea.objects.filter(name="Bahuaja-Sonene National Park").update(updated_at=RECENTLY)
    assert names(api.get(f"{API}/protected-areas/", {"updated_since": "2025-01-01"})) == {
        "Bahuaja-Sonene National Park"
    }
    assert names(api.get(f"{API}/protected-areas/", {"updated_since": "2026-06-01"})) == set()


def test_the_csv_of_protected_areas_has_one_row_per_filtered_area(api) -> None:
    header, rows = csv_records(api.get(f"{API}/protected-areas/", {"category": "national_park", "format": "csv"}))
    assert "region_codes" in header
    assert [(row["name"], row["region_codes"]) for row in rows] == [("Bahuaja-Sonene National Park", "17")]


# Mining sites

REAL_SITES = 5


@pytest.fixture
def tambopata_site() -> MiningSite:
    """A published site at district level with coordinates, near Puerto Maldonado."""
    return MiningSite.objects.create(
        name="Campamento del río Inambari",
        kind=SiteKind.CAMP,
        legal_status="concession",
        region_id="17",
        province_id="1701",
        district_id="170101",
        place_precision=PlacePrecision.EXACT,
        latitude="-12.600000",
        longitude="-69.200000",
        location_name="Sector Jayave",
        status=ModerationStatus.PUBLISHED,
    )


@pytest.fixture
def draft_site() -> MiningSite:
    """A draft with coordinates, so that it would be drawn on the map if it leaked."""
    return MiningSite.objects.create(
        name="Borrador: socavón sin verificar",
        kind=SiteKind.TUNNEL_ENTRANCE,
        region_id="13",
        place_precision=PlacePrecision.NEAR,
        latitude="-8.000000",
        longitude="-77.500000",
        status=ModerationStatus.DRAFT,
    )


def test_the_mining_sites_list_gives_the_published_real_sites(api) -> None:
    listed = names(api.get(f"{API}/mining-sites/"))
    assert len(listed) == REAL_SITES
    assert {"La Pampa", "San Jacinto de Aguajal camp", "Tambopata River dredging"} <= listed


def test_a_mining_site_detail_shows_its_place_and_protected_area(api) -> None:
    dredging = site("site-tambopata-river-dredging")
    response = api.get(f"{API}/mining-sites/{dredging.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == dredging.pk
    assert body["url"].endswith(f"/api/v1/mining-sites/{dredging.pk}/")
    assert body["aliases"] == ["Río Tambopata"]
    assert body["region"] == {"code": "17", "name": "Madre de Dios"}
    assert body["province"] is None
    assert body["protected_area"] == area("Tambopata National Reserve").pk
    assert body["created_at"] and body["updated_at"]
    assert "import_key" not in body


@pytest.mark.parametrize(
    ("parameter", "matching", "not_matching", "expected"),
    [
        ("region", "17", "13", "La Pampa"),
        ("province", "1701", "1702", "San Jacinto de Aguajal camp"),
        ("kind", "camp", "plant,tunnel_entrance", "San Jacinto de Aguajal camp"),
        ("legal_status", "illegal", "concession", "La Pampa"),
        ("q", "aguajal", "pataz", "San Jacinto de Aguajal camp"),
    ],
)
def test_each_mining_site_filter_matches_and_excludes(api, parameter, matching, not_matching, expected) -> None:
    assert expected in names(api.get(f"{API}/mining-sites/", {parameter: matching}))
    assert expected not in names(api.get(f"{API}/mining-sites/", {parameter: not_matching}))


def test_the_district_filter_matches_sites_filed_in_that_district(api, tambopata_site) -> None:
    assert names(api.get(f"{API}/mining-sites/", {"district": "170101"})) == {tambopata_site.name}
    assert names(api.get(f"{API}/mining-sites/", {"district": "170102"})) == set()


def test_a_province_level_site_matches_its_region_and_province_but_no_district(api) -> None:
    camp = "San Jacinto de Aguajal camp"
    assert camp in names(api.get(f"{API}/mining-sites/", {"region": "17", "province": "1701"}))
    assert camp not in names(api.get(f"{API}/mining-sites/", {"district": "170101"}))


def test_the_protected_area_filter_matches_sites_inside_the_area(api) -> None:
    reserve, park = area("Tambopata National Reserve"), area("Bahuaja-Sonene National Park")
    assert names(api.get(f"{API}/mining-sites/", {"protected_area": reserve.pk})) == {"Tambopata River dredging"}
    assert names(api.get(f"{API}/mining-sites/", {"protected_area": park.pk})) == set()


def test_q_is_accent_insensitive_over_name_place_and_notes(api, tambopata_site) -> None:
    assert tambopata_site.name in names(api.get(f"{API}/mining-sites/", {"q": "rio inambari"}))
    assert tambopata_site.name in names(api.get(f"{API}/mining-sites/", {"q": "jayave"}))
    assert "La Pampa" in names(api.get(f"{API}/mining-sites/", {"q": "installation"}))  # in the notes
    assert tambopata_site.name not in names(api.get(f"{API}/mining-sites/", {"q": "socavón"}))


def test_bbox_matches_only_sites_with_coordinates_inside_the_box(api, tambopata_site) -> None:
    assert names(api.get(f"{API}/mining-sites/", {"bbox": "-70,-13,-69,-12"})) == {tambopata_site.name}
    assert names(api.get(f"{API}/mining-sites/", {"bbox": "-75,-10,-74,-9"})) == set()


def test_updated_since_lists_only_the_sites_changed_since(api) -> None:
    MiningSite.objects.update(updated_at=LONG_AGO)
    MiningSite.objects.filter(import_key="site-la-pampa").update(updated_at=RECENTLY)
    assert names(api.get(f"{API}/mining-sites/", {"updated_since": "2025-01-01T00:00:00Z"})) == {"La Pampa"}
    assert names(api.get(f"{API}/mining-sites/", {"updated_since": "2026-06-01T00:00:00Z"})) == set()


def test_the_csv_of_mining_sites_has_a_header_and_one_row_per_filtered_site(api, tambopata_site) -> None:
    header, rows = csv_records(api.get(f"{API}/mining-sites/", {"region": "17", "format": "csv"}))
    assert header[:3] == ["id", "name", "aliases"]
    expected = MiningSite.objects.filter(region_id="17", status=ModerationStatus.PUBLISHED)
    assert sorted(int(row["id"]) for row in rows) == sorted(expected.values_list("pk", flat=True))
    assert len(rows) == 5
    dredging = next(row for row in rows if row["name"] == "Tambopata River dredging")
    assert (dredging["aliases"], dredging["protected_area"]) == ("Río Tambopata", "Tambopata National Reserve")
    camp = next(row for row in rows if row["id"] == str(tambopata_site.pk))
    assert (camp["district_code"], camp["latitude"], camp["longitude"]) == ("170101", "-12.600000", "-69.200000")


def test_the_geojson_of_mining_sites_draws_sites_with_coordinates_and_counts_the_others(api, tambopata_site) -> None:
    collection = geojson(api.get(f"{API}/mining-sites/", {"format": "geojson"}))
    assert collection["type"] == "FeatureCollection"
    assert [feature["id"] for feature in collection["features"]] == [tambopata_site.pk]
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-69.2, -12.6]}
    assert feature["properties"]["kind"] == "camp"
    assert feature["properties"]["district"] == "170101"
    assert collection["metadata"] == {"features": 1, "without_coordinates": REAL_SITES, "license": CC_BY_METADATA}


def test_the_geojson_of_mining_sites_follows_the_filters(api, tambopata_site) -> None:
    collection = geojson(api.get(f"{API}/mining-sites/", {"format": "geojson", "region": "13"}))
    assert collection["features"] == []
    assert collection["metadata"] == {"features": 0, "without_coordinates": 1, "license": CC_BY_METADATA}


def test_a_draft_site_is_invisible_to_the_public(api, draft_site) -> None:
    assert draft_site.name not in names(api.get(f"{API}/mining-sites/"))
    assert api.get(f"{API}/mining-sites/{draft_site.pk}/").status_code == 404
    _, rows = csv_records(api.get(f"{API}/mining-sites/", {"format": "csv"}))
    assert str(draft_site.pk) not in {row["id"] for row in rows}
    assert len(rows) == REAL_SITES
    collection = geojson(api.get(f"{API}/mining-sites/", {"format": "geojson"}))
    assert draft_site.pk not in {feature["id"] for feature in collection["features"]}
    assert collection["metadata"]["features"] == 0


def test_a_draft_site_is_visible_to_those_who_may_change_sites(site_editor, draft_site) -> None:
    assert draft_site.name in names(site_editor.get(f"{API}/mining-sites/"))
    detail = site_editor.get(f"{API}/mining-sites/{draft_site.pk}/")
    assert detail.status_code == 200
    assert detail.json()["status"] == "draft"
    _, rows = csv_records(site_editor.get(f"{API}/mining-sites/", {"format": "csv"}))
    assert str(draft_site.pk) in {row["id"] for row in rows}
    collection = geojson(site_editor.get(f"{API}/mining-sites/", {"format": "geojson"}))
    assert [feature["id"] for feature in collection["features"]] == [draft_site.pk]


def test_a_user_without_the_change_permission_does_not_see_drafts(django_user_model, draft_site) -> None:
    reader = client_with(django_user_model, "reader", "view_miningsite")
    assert draft_site.name not in names(reader.get(f"{API}/mining-sites/"))
    assert reader.get(f"{API}/mining-sites/{draft_site.pk}/").status_code == 404


# Writing


def test_an_editor_creates_a_site_given_its_district_and_gets_the_region_filled(site_editor) -> None:
    response = site_editor.post(
        f"{API}/mining-sites/",
        {"name": "Nuevo frente aluvial", "kind": "alluvial_area", "district": "170102", "place_precision": "district"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region"] == {"code": "17", "name": "Madre de Dios"}
    assert body["province"] == {"code": "1701", "name": "Tambopata"}
    assert body["status"] == "draft"
    assert MiningSite.objects.get(pk=body["id"]).region_id == "17"


def test_a_site_whose_levels_disagree_is_a_400_naming_the_field(site_editor) -> None:
    response = site_editor.post(
        f"{API}/mining-sites/",
        {
            "name": "Sitio mal ubicado",
            "kind": "camp",
            "region": "13",
            "province": "1701",
            "place_precision": "province",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "province" in response.json()


def test_anonymous_users_cannot_write(api) -> None:
    response = api.post(f"{API}/mining-sites/", {"name": "x", "kind": "camp", "region": "17"}, format="json")
    assert response.status_code == 401
    assert api.patch(f"{API}/regions/12/", {"display_name": "Otro"}, format="json").status_code == 401
    assert Region.objects.get(code="12").display_name == "Junín"


def test_an_editor_of_sites_may_not_rename_regions(site_editor) -> None:
    response = site_editor.patch(f"{API}/regions/12/", {"display_name": "Otro"}, format="json")
    assert response.status_code == 403


def test_a_region_editor_renames_a_region_but_cannot_change_its_code(django_user_model) -> None:
    editor = client_with(django_user_model, "geography-editor", "change_region")
    response = editor.patch(f"{API}/regions/12/", {"display_name": "Junín (región)", "code": "98"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["code"] == "12"
    assert Region.objects.get(code="12").display_name == "Junín (región)"
    assert not Region.objects.filter(code="98").exists()


# Query counts do not grow with the number of rows


def add_regions(count: int) -> dict:
    Region.objects.bulk_create(
        Region(code=f"{50 + n}", name=f"PRUEBA {n}", display_name=f"Prueba {n}", iso_code=f"PE-T{n:02d}")
        for n in range(count)
    )
    return {}


def add_provinces(count: int) -> dict:
    Province.objects.bulk_create(
        Province(code=f"17{50 + n}", region_id="17", name=f"PRUEBA {n}", display_name=f"Prueba {n}")
        for n in range(count)
    )
    return {"region": "17"}


def add_districts(count: int) -> dict:
    District.objects.bulk_create(
        District(code=f"1701{50 + n}", province_id="1701", name=f"PRUEBA {n}", display_name=f"Prueba {n}")
        for n in range(count)
    )
    return {"province": "1701"}


def add_protected_areas(count: int) -> dict:
    areas = ProtectedArea.objects.bulk_create(
        ProtectedArea(name=f"Área de prueba {n}", category=ProtectedAreaCategory.RESERVED_ZONE) for n in range(count)
    )
    through = ProtectedArea.regions.through
    through.objects.bulk_create(
        through(protectedarea_id=area.pk, region_id=code) for area in areas for code in ("17", "21")
    )
    return {}


def add_mining_sites(count: int) -> dict:
    reserve = area("Tambopata National Reserve")
    MiningSite.objects.bulk_create(
        MiningSite(
            name=f"Sitio de prueba {n}",
            kind=SiteKind.ALLUVIAL_AREA,
            region_id="17",
            province_id="1701",
            district_id="170101",
            place_precision=PlacePrecision.DISTRICT,
            protected_area=reserve,
            status=ModerationStatus.PUBLISHED,
            updated_at=timezone.now(),
        )
        for n in range(count)
    )
    return {}


# (endpoint, rows to add, base rows the request lists, queries): the queries were measured
# once and pinned; a filter by INEI code is checked against the codes the server has read.
QUERY_COUNT_CASES = [
    ("regions", add_regions, 25, 1),
    ("provinces", add_provinces, 3, 1),
    ("districts", add_districts, 4, 1),
    ("protected-areas", add_protected_areas, 2, 2),
    ("mining-sites", add_mining_sites, REAL_SITES, 1),
]


@pytest.mark.parametrize("extra", [3, 30])
@pytest.mark.parametrize(("endpoint", "add_rows", "base", "queries"), QUERY_COUNT_CASES)
def test_a_list_takes_the_same_number_of_queries_for_3_or_30_more_rows(
    api, django_assert_num_queries, endpoint, add_rows, base, queries, extra
) -> None:
    params = add_rows(extra)
    with django_assert_num_queries(queries):
        listed = results(api.get(f"{API}/{endpoint}/", params))
    assert len(listed) == base + extra
