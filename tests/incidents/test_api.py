"""/api/v1/incidents/: filters, pagination, exports and query counts, over real HTTP handlers and PostgreSQL."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.test import Client

from incidents.models import Actor, Incident, IncidentActor
from regions.models import MiningSite

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"
NEW_YEAR = "Armed attack on informal miners at a tunnel entrance, La Libertad"
MAY_2025 = "Attack by criminal gangs kills 13 miners, La Libertad"
RIOTS = "Police gunfire kills three during miners' strike riots, Puerto Maldonado"
RESCUE = "Police rescue about 200 trafficked women and girls from brothels, Madre de Dios"
ARSON = "Illegal miners set fire to a police-military post, La Pampa"


def titles(client: Client, query: str = "") -> set[str]:
    response = client.get(URL + "?" + query + "&page_size=1000")
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def make_incident(**fields) -> Incident:
    defaults = {
        "title": "Test incident",
        "incident_type": "extortion",
        "date_start": datetime.date(2026, 2, 10),
        "date_end": datetime.date(2026, 2, 10),
        "date_precision": "day",
        "region_id": "12",
        "place_precision": "region",
        "status": "published",
    }
    return Incident.objects.create(**{**defaults, **fields})


def test_the_real_records_come_back_with_their_figures(client: Client) -> None:
    rows = {row["title"]: row for row in client.get(URL).json()["results"]}
    assert set(rows) == {NEW_YEAR, MAY_2025, RIOTS, RESCUE, ARSON}
    new_year = rows[NEW_YEAR]
    assert new_year["figures"]["killed"] == {"low": 3, "best": 3, "high": 3, "qualifier": "at_least"}
    assert new_year["figures"]["missing"] == {"low": 7, "best": 7, "high": 7, "qualifier": "at_least"}
    assert new_year["region"] == {"code": "13", "name": "La Libertad"}
    assert new_year["province"] is None
    assert new_year["date_label"] == "31 December 2025 – 1 January 2026"
    assert len(new_year["claims"]) == 2
    # Both reports say the toll could be higher.
    assert {claim["wording"] for claim in new_year["claims"]} == {"at_least"}
    assert rows[ARSON]["figures"]["injured"] == {"low": 14, "best": 14, "high": 14, "qualifier": "exact"}
    assert rows[RESCUE]["figures"]["rescued"] == {"low": 200, "best": 200, "high": 200, "qualifier": "about"}
    assert rows[MAY_2025]["date_precision"] == "month"
    for row in rows.values():
        assert row["url"].endswith(f"/api/v1/incidents/{row['id']}/")
        assert row["created_at"] and row["updated_at"]
        assert row["sources"], row["title"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=13", {NEW_YEAR, MAY_2025}),
        ("region=17", {RIOTS, RESCUE, ARSON}),
        ("region=13,17", {NEW_YEAR, MAY_2025, RIOTS, RESCUE, ARSON}),
        ("region=12", set()),
        ("province=1701", {RIOTS}),
        ("province=1308", set()),
        ("district=170101", {RIOTS}),
        ("district=170102", set()),
        ("date_from=2025-01-01", {NEW_YEAR, MAY_2025}),
        ("date_from=2026-01-01", {NEW_YEAR}),
        ("date_from=2026-01-02", set()),
        ("date_to=2011-12-31", {RESCUE}),
        ("date_from=2025-05-31&date_to=2025-05-31", {MAY_2025}),
        ("date_from=2012-03-14&date_to=2012-03-14", {RIOTS}),
        ("type=massacre", {MAY_2025}),
        ("type=massacre,trafficking", {MAY_2025, RESCUE}),
        ("type=kidnapping", set()),
        ("min_killed=13", {MAY_2025}),
        ("min_killed=3", {NEW_YEAR, MAY_2025, RIOTS}),
        ("min_killed=14", set()),
        ("min_missing=7", {NEW_YEAR}),
        ("min_missing=8", set()),
        ("q=maldonado", {RIOTS}),
        ("q=tunnel", {NEW_YEAR}),
        ("q=pampa", {ARSON}),
        ("q=nonexistentword", set()),
        ("region=13&type=massacre", {MAY_2025}),
        ("region=17&date_from=2022-01-01&min_killed=1", {ARSON}),
    ],
)
def test_each_filter_matches_the_real_records_it_should(client: Client, query: str, expected: set[str]) -> None:
    assert titles(client, query) == expected


def test_a_province_level_incident_matches_its_region_and_province_but_not_a_district(client: Client) -> None:
    make_incident(title="Province-level extortion", region_id="13", province_id="1308", place_precision="province")
    assert "Province-level extortion" in titles(client, "region=13")
    assert "Province-level extortion" in titles(client, "province=1308")
    assert "Province-level extortion" not in titles(client, "district=130801")


def test_text_search_ignores_accents_both_ways(client: Client) -> None:
    make_incident(title="Extorsión a mineros en Junín", region_id="12")
    assert titles(client, "q=junin") == {"Extorsión a mineros en Junín"}
    assert titles(client, "q=Junín") == {"Extorsión a mineros en Junín"}
    assert titles(client, "q=extorsion") == {"Extorsión a mineros en Junín"}


def test_the_actor_and_site_filters_match_only_linked_incidents(client: Client) -> None:
    gangs = Actor.objects.get(name="Criminal gangs (unidentified)")
    assert titles(client, f"actor={gangs.pk}") == {MAY_2025}
    la_pampa = MiningSite.objects.get(import_key="site-la-pampa")
    assert titles(client, f"site={la_pampa.pk}") == {ARSON}
    lonely = Actor.objects.create(name="Actor with no incident", kind="unknown")
    assert titles(client, f"actor={lonely.pk}") == set()
    incident = make_incident(title="Two roles, one row")
    IncidentActor.objects.create(incident=incident, actor=lonely, role="perpetrator")
    IncidentActor.objects.create(incident=incident, actor=lonely, role="target")
    response = client.get(f"{URL}?actor={lonely.pk}")
    assert [row["title"] for row in response.json()["results"]] == ["Two roles, one row"]


def test_the_bounding_box_matches_incidents_with_coordinates_inside_it(client: Client) -> None:
    make_incident(
        title="Pointed incident",
        region_id="17",
        place_precision="exact",
        latitude=Decimal("-12.600000"),
        longitude=Decimal("-69.190000"),
    )
    assert titles(client, "bbox=-70,-13,-69,-12") == {"Pointed incident"}
    assert titles(client, "bbox=-75,-10,-74,-9") == set()


def test_updated_since_returns_only_records_changed_since(client: Client) -> None:
    future = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert titles(client, f"updated_since={future}") == set()
    assert titles(client, "updated_since=2000-01-01T00:00:00Z") == {NEW_YEAR, MAY_2025, RIOTS, RESCUE, ARSON}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("date_from=2025-13-45", "date_from"),
        ("date_to=yesterday", "date_to"),
        ("region=ZZ", "region"),
        ("region=99", "region"),
        ("province=13", "province"),
        ("district=1701", "district"),
        ("bbox=1,2", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=-69,-12,-70,-13", "bbox"),
        ("type=volcano", "type"),
        ("min_killed=-1", "min_killed"),
        ("min_killed=three", "min_killed"),
        ("updated_since=last-week", "updated_since"),
        ("page_size=5000", "page_size"),
        ("page_size=0", "page_size"),
        ("ordering=title", "ordering"),
        ("cursor=not-a-cursor", "cursor"),
        ("regoin=13", "regoin"),
        ("q=" + "x" * 201, "q"),
        ("q=%00", "q"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(client: Client, query: str, parameter: str) -> None:
    response = client.get(URL + "?" + query)
    assert response.status_code == 400
    body = response.json()
    assert parameter in body
    assert body[parameter][0]


def test_sql_looking_search_text_is_just_text(client: Client) -> None:
    response = client.get(URL + "?q=' OR 1=1; DROP TABLE incidents_incident; --")
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert Incident.objects.exists()


def test_cursor_pages_have_no_gaps_or_repeats_while_rows_are_inserted(client: Client) -> None:
    for number in range(12):
        make_incident(title=f"Paged {number}", date_start=datetime.date(2026, 3, 1), date_end=datetime.date(2026, 3, 1))
    expected = set(titles(client))
    seen: list[str] = []
    url = URL + "?page_size=4"
    pages = 0
    while url:
        body = client.get(url).json()
        seen.extend(row["title"] for row in body["results"])
        pages += 1
        # Insert rows that sort before, among and after the current position.
        make_incident(
            title=f"Inserted early {pages}", date_start=datetime.date(2030, 1, 1), date_end=datetime.date(2030, 1, 1)
        )
        make_incident(
            title=f"Inserted tie {pages}", date_start=datetime.date(2026, 3, 1), date_end=datetime.date(2026, 3, 1)
        )
        url = body["next"]
    originals = [title for title in seen if not title.startswith("Inserted")]
    assert len(originals) == len(set(originals))
    assert set(originals) == expected
    assert pages == 5


def test_ordering_by_update_time_ascending_pages_through_everything(client: Client) -> None:
    seen = []
    url = URL + "?ordering=updated_at&page_size=2"
    while url:
        body = client.get(url).json()
        seen.extend(row["id"] for row in body["results"])
        url = body["next"]
    assert len(seen) == len(set(seen)) == 5


def test_csv_streams_the_whole_filtered_result_not_one_page(client: Client) -> None:
    for number in range(5):
        make_incident(title=f"Madre de Dios extra {number}", region_id="17")
    response = client.get(URL + "?format=csv&region=17&page_size=2")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 8
    assert {row["region_code"] for row in rows} == {"17"}
    arson = next(row for row in rows if row["title"] == ARSON)
    assert (arson["killed_low"], arson["killed_best"], arson["injured_high"]) == ("1", "1", "14")
    assert arson["missing_best"] == ""
    assert arson["date_start"] == "2022-08-25"


def test_geojson_draws_incidents_with_coordinates_and_counts_the_others(client: Client) -> None:
    make_incident(
        title="Pointed incident",
        region_id="17",
        place_precision="exact",
        latitude=Decimal("-12.600000"),
        longitude=Decimal("-69.190000"),
    )
    response = client.get(URL + "?format=geojson&region=17")
    assert response.status_code == 200
    collection = json.loads(b"".join(response.streaming_content))
    assert collection["type"] == "FeatureCollection"
    by_title = {feature["properties"]["title"]: feature for feature in collection["features"]}
    pointed = by_title["Pointed incident"]
    assert pointed["geometry"] == {"type": "Point", "coordinates": [-69.19, -12.6]}
    assert (pointed["properties"]["point_is_area"], pointed["properties"]["point_place"]) == (False, None)
    # Every other incident of the region is drawn at its finest place's point, and says so.
    assert collection["metadata"]["features"] == len(by_title) == 4
    assert collection["metadata"]["without_coordinates"] == 0
    for title, feature in by_title.items():
        if title != "Pointed incident":
            assert feature["properties"]["point_is_area"] is True
            assert feature["properties"]["point_place"] == feature["properties"]["place_precision"] or (
                feature["properties"]["point_place"] in ("district", "province", "region")
            )


def test_a_bad_filter_on_an_export_is_still_a_400(client: Client) -> None:
    response = client.get(URL + "?format=csv&region=ZZ")
    assert response.status_code == 400
    assert "region" in json.loads(response.content)


def test_drafts_never_reach_the_public_list_detail_or_exports(client: Client) -> None:
    draft = make_incident(title="Secret draft", status="draft", region_id="17")
    assert "Secret draft" not in titles(client)
    assert client.get(f"{URL}{draft.pk}/").status_code == 404
    assert b"Secret draft" not in b"".join(client.get(URL + "?format=csv").streaming_content)
    assert b"Secret draft" not in b"".join(client.get(URL + "?format=geojson").streaming_content)


def list_queries(client: Client, django_assert_num_queries, count: int) -> None:
    # One query: PostgreSQL renders the page with its places, actors, casualties, claims and sources.
    with django_assert_num_queries(1):
        response = client.get(URL + "?page_size=1000")
    assert len(response.json()["results"]) == count


def test_the_list_runs_the_same_queries_for_3_or_30_more_incidents(client: Client, django_assert_num_queries) -> None:
    Incident.objects.bulk_create(
        [Incident(title=f"Bulk {n}", incident_type="extortion", date_start=datetime.date(2026, 1, 5),
                  date_end=datetime.date(2026, 1, 5), region_id="17", province_id="1701", district_id="170101",
                  place_precision="district", status="published") for n in range(3)]
    )  # fmt: skip
    list_queries(client, django_assert_num_queries, 8)
    Incident.objects.bulk_create(
        [Incident(title=f"Bulk more {n}", incident_type="extortion", date_start=datetime.date(2026, 1, 5),
                  date_end=datetime.date(2026, 1, 5), region_id="13", place_precision="region",
                  status="published") for n in range(27)]
    )  # fmt: skip
    list_queries(client, django_assert_num_queries, 35)
