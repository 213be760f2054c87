"""API v1 for what the state does: operations, summary reports and the REINFO registry.

The test database holds Veta's real records (see tests/conftest.py): two published
operations in Madre de Dios, the Inter-Oceanic interdiction (region level, no agencies,
followed by the La Pampa arson) and the San Jacinto camp dismantled by the PNP
(province 1701), and one summary report of 960 operations in La Libertad.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.test import APIClient

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from enforcement.choices import Agency, IncidentLinkKind, MachineryKind, OperationKind, ReinfoStatus
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationIncidentLink,
    OperationReport,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from enforcement.validators import ruc_check_digit
from incidents.choices import IncidentType
from incidents.models import Incident, Source
from regions.models import MiningSite
from tests.exports import CC_BY_METADATA, csv_records, geojson

pytestmark = pytest.mark.django_db

API = "/api/v1"
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
RECENTLY = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
DAY = datetime.date(2024, 3, 14)


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """The anonymous rate limit counts requests in the cache; every test starts afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_with(django_user_model, username: str, *permissions: str) -> APIClient:
    """A client logged in as a user holding the given "app_label.codename" permissions."""
    user = django_user_model.objects.create_user(username, password="not-used")
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    client = APIClient()
    client.force_authenticate(user)
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> list[int]:
    return [row["id"] for row in results(response)]


def ruc(first_ten: str) -> str:
    """A valid RUC: the ten digits given and SUNAT's check digit."""
    return first_ten + str(ruc_check_digit(first_ten))


# Operations


@pytest.fixture
def interdiction() -> EnforcementOperation:
    return EnforcementOperation.objects.get(import_key="operation-2022-08-24-interoceanic-interdiction")


@pytest.fixture
def camp() -> EnforcementOperation:
    return EnforcementOperation.objects.get(import_key="operation-2022-10-04-san-jacinto-camp")


@pytest.fixture
def arson() -> Incident:
    return Incident.objects.get(import_key="incident-2022-08-25-la-pampa-arson")


@pytest.fixture
def raid() -> EnforcementOperation:
    """A published raid at district level, with coordinates, money and machinery."""
    operation = EnforcementOperation.objects.create(
        title="Operativo en el sector Jayave",
        kind=OperationKind.RAID,
        agencies=[Agency.ARMY, Agency.FEMA],
        date_start=DAY,
        date_end=DAY,
        region_id="17",
        province_id="1701",
        district_id="170101",
        place_precision=PlacePrecision.EXACT,
        latitude=Decimal("-12.600000"),
        longitude=Decimal("-69.200000"),
        value_destroyed=Decimal("1234.50"),
        mercury_seized_kg=Decimal("2.500"),
        arrests=4,
        status=ModerationStatus.PUBLISHED,
    )
    MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.ENGINE, count=2)
    MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.DREDGE, count=3)
    return operation


@pytest.fixture
def draft_operation() -> EnforcementOperation:
    """A draft with coordinates, so that it would be drawn on the map if it leaked."""
    return EnforcementOperation.objects.create(
        title="Borrador: interdicción sin confirmar",
        kind=OperationKind.INTERDICTION,
        agencies=[Agency.NAVY],
        date_start=DAY,
        date_end=DAY,
        region_id="17",
        place_precision=PlacePrecision.NEAR,
        latitude=Decimal("-12.500000"),
        longitude=Decimal("-69.500000"),
        status=ModerationStatus.DRAFT,
    )


@pytest.fixture
def draft_incident(interdiction) -> Incident:
    """A draft incident linked to the published interdiction."""
    incident = Incident.objects.create(
        title="Borrador: enfrentamiento durante la interdicción",
        incident_type=IncidentType.CLASH_WITH_SECURITY_FORCES,
        date_start=datetime.date(2022, 8, 24),
        date_end=datetime.date(2022, 8, 24),
        region_id="17",
        status=ModerationStatus.DRAFT,
    )
    OperationIncidentLink.objects.create(operation=interdiction, incident=incident, relation=IncidentLinkKind.DURING)
    return incident


@pytest.fixture
def operation_editor(django_user_model) -> APIClient:
    return client_with(
        django_user_model,
        "operation-editor",
        "enforcement.add_enforcementoperation",
        "enforcement.change_enforcementoperation",
    )


def test_the_operations_list_gives_the_real_operations_latest_first(api, interdiction, camp) -> None:
    assert ids(api.get(f"{API}/operations/")) == [camp.pk, interdiction.pk]


def test_the_operations_can_be_ordered_oldest_first(api, interdiction, camp) -> None:
    assert ids(api.get(f"{API}/operations/", {"ordering": "date_start"})) == [interdiction.pk, camp.pk]


def test_an_operation_detail_shows_its_place_sources_and_the_incident_it_triggered(api, interdiction, arson) -> None:
    response = api.get(f"{API}/operations/{interdiction.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == interdiction.pk
    assert body["url"] == f"http://testserver/api/v1/operations/{interdiction.pk}/"
    assert body["incidents"] == [{"id": arson.pk, "relation": "triggered"}]
    assert body["sources"] == [Source.objects.get(import_key="source-dialogo-tambopata-bahuaja-sonene").pk]
    assert body["region"] == {"code": "17", "name": "Madre de Dios"}
    assert (body["province"], body["district"], body["agencies"]) == (None, None, [])
    assert body["machinery"] == []
    assert body["value_destroyed"] is None
    assert body["date_label"] == "24 August 2022"
    assert body["created_at"] and body["updated_at"]
    assert response["Last-Modified"]


def test_the_camp_operation_names_the_pnp_its_province_and_its_target_site(api, camp) -> None:
    body = api.get(f"{API}/operations/{camp.pk}/").json()
    assert body["agencies"] == ["pnp"]
    assert body["province"] == {"code": "1701", "name": "Tambopata"}
    assert body["district"] is None
    assert body["target_site"] == MiningSite.objects.get(import_key="site-san-jacinto-de-aguajal-camp").pk
    assert body["incidents"] == []


def test_money_and_quantities_are_exact_decimal_strings_and_machinery_is_inline(api, raid) -> None:
    body = api.get(f"{API}/operations/{raid.pk}/").json()
    assert body["value_destroyed"] == "1234.50"
    assert body["mercury_seized_kg"] == "2.500"
    assert body["arrests"] == 4
    assert body["machinery"] == [{"kind": "dredge", "count": 3}, {"kind": "engine", "count": 2}]


def test_a_draft_incident_linked_to_an_operation_is_not_shown_to_the_public(
    api, interdiction, arson, draft_incident
) -> None:
    assert api.get(f"{API}/operations/{interdiction.pk}/").json()["incidents"] == [
        {"id": arson.pk, "relation": "triggered"}
    ]
    listed = next(row for row in results(api.get(f"{API}/operations/")) if row["id"] == interdiction.pk)
    assert [link["id"] for link in listed["incidents"]] == [arson.pk]
    _, rows = csv_records(api.get(f"{API}/operations/", {"format": "csv"}))
    assert next(row for row in rows if row["id"] == str(interdiction.pk))["incident_ids"] == str(arson.pk)


def test_incident_editors_see_the_draft_incident_link(django_user_model, interdiction, arson, draft_incident) -> None:
    editor = client_with(django_user_model, "incident-editor", "incidents.change_incident")
    links = editor.get(f"{API}/operations/{interdiction.pk}/").json()["incidents"]
    assert links == sorted(
        [{"id": arson.pk, "relation": "triggered"}, {"id": draft_incident.pk, "relation": "during"}],
        key=lambda link: link["id"],
    )


def site_id(key: str) -> str:
    return str(MiningSite.objects.get(import_key=key).pk)


@pytest.mark.parametrize(
    ("parameter", "matching", "not_matching"),
    [
        ("agency", "pnp", "navy"),
        ("agency", "navy,pnp", "army,fema"),
        ("kind", "camp_dismantled", "raid,seizure"),
        ("region", "17", "13"),
        ("province", "1701", "1702"),
        ("date_from", "2022-10-04", "2022-10-05"),
        ("date_to", "2022-10-04", "2022-10-03"),
        ("site", "site-san-jacinto-de-aguajal-camp", "site-la-pampa"),
        ("q", "Aguajal", "highway"),
    ],
)
def test_each_operation_filter_matches_and_excludes_the_camp_operation(
    api, camp, parameter, matching, not_matching
) -> None:
    if parameter == "site":
        matching, not_matching = site_id(matching), site_id(not_matching)
    assert camp.pk in ids(api.get(f"{API}/operations/", {parameter: matching}))
    assert camp.pk not in ids(api.get(f"{API}/operations/", {parameter: not_matching}))


def test_the_agency_filter_never_matches_an_operation_naming_no_agency(api, interdiction) -> None:
    every_agency = ",".join(Agency.values)
    assert interdiction.pk not in ids(api.get(f"{API}/operations/", {"agency": every_agency}))
    assert interdiction.pk in ids(api.get(f"{API}/operations/", {"kind": "interdiction"}))


def test_a_province_level_operation_matches_its_region_and_province_but_not_a_district(api, camp) -> None:
    assert camp.pk in ids(api.get(f"{API}/operations/", {"region": "17"}))
    assert camp.pk in ids(api.get(f"{API}/operations/", {"province": "1701"}))
    assert camp.pk not in ids(api.get(f"{API}/operations/", {"district": "170101"}))


def test_the_district_filter_matches_operations_filed_in_that_district(api, raid) -> None:
    assert ids(api.get(f"{API}/operations/", {"district": "170101"})) == [raid.pk]
    assert ids(api.get(f"{API}/operations/", {"district": "170102"})) == []


def test_bbox_matches_only_operations_with_coordinates_inside_the_box(api, raid) -> None:
    assert ids(api.get(f"{API}/operations/", {"bbox": "-70,-13,-69,-12"})) == [raid.pk]
    assert ids(api.get(f"{API}/operations/", {"bbox": "-75,-10,-74,-9"})) == []


def test_updated_since_lists_only_the_operations_changed_since(api, camp) -> None:
    EnforcementOperation.objects.update(updated_at=LONG_AGO)
    EnforcementOperation.objects.filter(pk=camp.pk).update(updated_at=RECENTLY)
    assert ids(api.get(f"{API}/operations/", {"updated_since": "2025-01-01T00:00:00Z"})) == [camp.pk]
    assert ids(api.get(f"{API}/operations/", {"updated_since": "2026-06-01T00:00:00Z"})) == []


def test_the_csv_of_operations_has_a_header_and_one_row_per_filtered_operation(api, camp, raid) -> None:
    header, rows = csv_records(api.get(f"{API}/operations/", {"province": "1701", "format": "csv"}))
    assert header[:3] == ["id", "title", "kind"]
    assert [row["id"] for row in rows] == [str(raid.pk), str(camp.pk)]
    assert rows[0]["value_destroyed"] == "1234.50"
    assert rows[0]["agencies"] == "army;fema"
    assert rows[0]["machinery"] == "dredge:3;engine:2"
    assert (rows[1]["province_code"], rows[1]["district_code"], rows[1]["agencies"]) == ("1701", "", "pnp")


def test_the_geojson_of_operations_draws_those_with_coordinates_and_counts_the_others(api, raid) -> None:
    collection = geojson(api.get(f"{API}/operations/", {"format": "geojson"}))
    assert collection["type"] == "FeatureCollection"
    assert [feature["id"] for feature in collection["features"]] == [raid.pk]
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-69.2, -12.6]}
    assert feature["properties"]["value_destroyed"] == "1234.50"
    assert feature["properties"]["agencies"] == ["army", "fema"]
    assert collection["metadata"] == {"features": 1, "without_coordinates": 2, "license": CC_BY_METADATA}


def test_the_geojson_of_operations_follows_the_filters(api, raid) -> None:
    collection = geojson(api.get(f"{API}/operations/", {"format": "geojson", "agency": "pnp"}))
    assert collection["metadata"] == {"features": 0, "without_coordinates": 1, "license": CC_BY_METADATA}


def test_a_draft_operation_is_invisible_to_the_public(api, draft_operation) -> None:
    assert draft_operation.pk not in ids(api.get(f"{API}/operations/"))
    assert api.get(f"{API}/operations/{draft_operation.pk}/").status_code == 404
    _, rows = csv_records(api.get(f"{API}/operations/", {"format": "csv"}))
    assert len(rows) == 2
    assert str(draft_operation.pk) not in {row["id"] for row in rows}
    collection = geojson(api.get(f"{API}/operations/", {"format": "geojson"}))
    assert collection["features"] == []


def test_a_draft_operation_is_visible_to_those_who_may_change_operations(operation_editor, draft_operation) -> None:
    assert draft_operation.pk in ids(operation_editor.get(f"{API}/operations/"))
    detail = operation_editor.get(f"{API}/operations/{draft_operation.pk}/")
    assert detail.status_code == 200
    assert detail.json()["status"] == "draft"
    _, rows = csv_records(operation_editor.get(f"{API}/operations/", {"format": "csv"}))
    assert str(draft_operation.pk) in {row["id"] for row in rows}
    collection = geojson(operation_editor.get(f"{API}/operations/", {"format": "geojson"}))
    assert [feature["id"] for feature in collection["features"]] == [draft_operation.pk]


def test_an_editor_records_an_operation_by_province_and_gets_the_region_filled(operation_editor) -> None:
    response = operation_editor.post(
        f"{API}/operations/",
        {
            "title": "Interdicción en Laberinto",
            "kind": "interdiction",
            "agencies": ["pnp_environment", "fema"],
            "date_start": "2025-02-10",
            "province": "1701",
            "place_precision": "province",
            "value_destroyed": "150000.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region"] == {"code": "17", "name": "Madre de Dios"}
    assert (body["date_end"], body["status"], body["value_destroyed"]) == ("2025-02-10", "draft", "150000.00")
    assert EnforcementOperation.objects.get(pk=body["id"]).value_destroyed == Decimal("150000.00")


def test_an_operation_naming_an_unknown_agency_is_refused_naming_the_field(operation_editor) -> None:
    response = operation_editor.post(
        f"{API}/operations/",
        {"title": "x", "kind": "raid", "agencies": ["martians"], "date_start": "2025-02-10", "region": "17"},
        format="json",
    )
    assert response.status_code == 400
    assert "agencies" in response.json()


def test_anonymous_users_cannot_record_operations(api) -> None:
    response = api.post(f"{API}/operations/", {"title": "x"}, format="json")
    assert response.status_code == 401


# Summary reports

REPORT_KEY = "report-2025-12-first-week-960-operations"


@pytest.fixture
def report() -> OperationReport:
    return OperationReport.objects.get(import_key=REPORT_KEY)


def test_the_reports_list_gives_the_960_operations_report(api, report) -> None:
    assert ids(api.get(f"{API}/operation-reports/")) == [report.pk]


def test_a_report_keeps_its_value_destroyed_as_an_exact_string(api, report) -> None:
    response = api.get(f"{API}/operation-reports/{report.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["value_destroyed"] == "3700000000.00"
    assert (body["operations_count"], body["value_wording"]) == (960, "at_least")
    assert body["agencies"] == ["pnp", "navy", "fema"]
    assert body["regions"] == [{"code": "13", "name": "La Libertad"}]
    assert body["provinces"] == [{"code": "1308", "name": "Pataz"}]
    assert body["url"].endswith(f"/api/v1/operation-reports/{report.pk}/")
    assert body["id"] == report.pk
    assert body["created_at"] and body["updated_at"]


@pytest.mark.parametrize(
    ("parameter", "matching", "not_matching"),
    [
        ("date_from", "2025-12-07", "2025-12-08"),
        ("date_to", "2025-12-01", "2025-11-30"),
        ("agency", "navy", "army"),
        ("agency", "army,fema", "sunat,sernanp"),
        ("region", "13", "17"),
    ],
)
def test_each_report_filter_matches_and_excludes_the_report(api, report, parameter, matching, not_matching) -> None:
    assert ids(api.get(f"{API}/operation-reports/", {parameter: matching})) == [report.pk]
    assert ids(api.get(f"{API}/operation-reports/", {parameter: not_matching})) == []


def test_a_report_covering_two_matching_regions_is_listed_once(api, report) -> None:
    report.regions.add("17")
    assert ids(api.get(f"{API}/operation-reports/", {"region": "13,17"})) == [report.pk]


def test_updated_since_lists_only_the_reports_changed_since(api, report) -> None:
    OperationReport.objects.filter(pk=report.pk).update(updated_at=RECENTLY)
    assert ids(api.get(f"{API}/operation-reports/", {"updated_since": "2025-06-01T00:00:00Z"})) == [report.pk]
    assert ids(api.get(f"{API}/operation-reports/", {"updated_since": "2026-06-01T00:00:00Z"})) == []


def test_an_editor_records_a_monthly_report_and_gets_the_whole_month(django_user_model) -> None:
    editor = client_with(django_user_model, "report-editor", "enforcement.add_operationreport")
    source = Source.objects.get(import_key="source-crackdown-reinfo-debate-dec-2025")
    response = editor.post(
        f"{API}/operation-reports/",
        {
            "title": "Balance de noviembre",
            "issuer": "Prueba",
            "date_start": "2025-11-15",
            "date_precision": "month",
            "regions": ["13", "17"],
            "agencies": ["navy"],
            "value_destroyed": "12.30",
            "source": source.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["date_start"], body["date_end"], body["date_label"]) == ("2025-11-01", "2025-11-30", "November 2025")
    assert [region["code"] for region in body["regions"]] == ["13", "17"]
    assert body["value_destroyed"] == "12.30"


def test_the_csv_of_reports_has_a_header_and_the_exact_value(api, report) -> None:
    header, rows = csv_records(api.get(f"{API}/operation-reports/", {"region": "13", "format": "csv"}))
    assert header[:2] == ["id", "title"]
    assert [row["id"] for row in rows] == [str(report.pk)]
    assert rows[0]["value_destroyed"] == "3700000000.00"
    assert (rows[0]["region_codes"], rows[0]["province_codes"]) == ("13", "1308")
    _, none = csv_records(api.get(f"{API}/operation-reports/", {"region": "17", "format": "csv"}))
    assert none == []


# REINFO


@pytest.fixture
def snapshots() -> list[ReinfoSnapshot]:
    return [
        ReinfoSnapshot.objects.create(as_of=as_of, title=f"REINFO {as_of.isoformat()}", row_count=2)
        for as_of in (datetime.date(2024, 1, 31), datetime.date(2024, 6, 30), datetime.date(2025, 1, 31))
    ]


@pytest.fixture
def jayave(snapshots) -> ReinfoRecord:
    """A registration in Tambopata district, suspended after being current."""
    first, middle, last = snapshots
    record = ReinfoRecord.objects.create(
        ruc=ruc("2060000001"),
        declarant_name="Minera Aurífera Jayave S.A.C.",
        codigo_unico="010000123",
        mining_right_name="Jayave Uno",
        district_id="170101",
        status=ReinfoStatus.SUSPENDIDO,
        first_snapshot=first,
        last_snapshot=last,
    )
    # Stored newest first, so that the order the API gives comes from the dates.
    ReinfoStatusChange.objects.create(
        record=record, snapshot=last, from_status="suspendido", to_status="vigente", changed_on=last.as_of
    )
    ReinfoStatusChange.objects.create(
        record=record, snapshot=middle, from_status="vigente", to_status="suspendido", changed_on=middle.as_of
    )
    ReinfoStatusChange.objects.create(
        record=record, snapshot=first, from_status="", to_status="vigente", changed_on=first.as_of
    )
    record.status = ReinfoStatus.VIGENTE
    record.save()
    return record


@pytest.fixture
def parcoy(snapshots) -> ReinfoRecord:
    """A current registration in Parcoy district, Pataz, La Libertad."""
    return ReinfoRecord.objects.create(
        ruc=ruc("1040000002"),
        declarant_name="Quispe Huamán, Rosa",
        codigo_unico="650000777",
        mining_right_name="Virgen del Carmen",
        district_id="130808",
        status=ReinfoStatus.EXCLUIDO,
        first_snapshot=snapshots[0],
        last_snapshot=snapshots[0],
    )


def test_the_reinfo_records_list_gives_every_record(api, jayave, parcoy) -> None:
    assert sorted(ids(api.get(f"{API}/reinfo-records/"))) == sorted([jayave.pk, parcoy.pk])


def test_a_reinfo_record_shows_its_place_and_its_status_history_oldest_first(api, jayave, snapshots) -> None:
    response = api.get(f"{API}/reinfo-records/{jayave.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["ruc"], body["status"]) == (jayave.pk, jayave.ruc, "vigente")
    assert body["url"].endswith(f"/api/v1/reinfo-records/{jayave.pk}/")
    assert body["district"] == {"code": "170101", "name": "Tambopata"}
    assert body["province"] == {"code": "1701", "name": "Tambopata"}
    assert body["region"] == {"code": "17", "name": "Madre de Dios"}
    first, middle, last = snapshots
    assert body["status_history"] == [
        {"from_status": "", "to_status": "vigente", "changed_on": "2024-01-31", "snapshot": first.pk},
        {"from_status": "vigente", "to_status": "suspendido", "changed_on": "2024-06-30", "snapshot": middle.pk},
        {"from_status": "suspendido", "to_status": "vigente", "changed_on": "2025-01-31", "snapshot": last.pk},
    ]
    assert (body["first_snapshot"], body["last_snapshot"]) == (first.pk, last.pk)
    assert body["created_at"] and body["updated_at"]


@pytest.mark.parametrize(
    ("parameter", "matching", "not_matching"),
    [
        ("ruc", ruc("2060000001"), ruc("2060000009")),
        ("codigo_unico", "010000123", "010000124"),
        ("status", "vigente", "suspendido,excluido"),
        ("region", "17", "13"),
        ("region", "13,17", "01,02"),
        ("province", "1701", "1702"),
        ("district", "170101", "170102"),
        ("q", "aurifera", "carmen"),
        ("q", "jayave", "quispe"),
    ],
)
def test_each_reinfo_filter_matches_and_excludes_the_jayave_record(
    api, jayave, parcoy, parameter, matching, not_matching
) -> None:
    assert jayave.pk in ids(api.get(f"{API}/reinfo-records/", {parameter: matching}))
    assert jayave.pk not in ids(api.get(f"{API}/reinfo-records/", {parameter: not_matching}))


def test_a_reinfo_record_is_found_by_the_region_and_province_of_its_district(api, jayave, parcoy) -> None:
    assert ids(api.get(f"{API}/reinfo-records/", {"region": "13"})) == [parcoy.pk]
    assert ids(api.get(f"{API}/reinfo-records/", {"province": "1308"})) == [parcoy.pk]
    assert ids(api.get(f"{API}/reinfo-records/", {"district": "130808"})) == [parcoy.pk]


def test_updated_since_lists_only_the_reinfo_records_changed_since(api, jayave, parcoy) -> None:
    ReinfoRecord.objects.update(updated_at=LONG_AGO)
    ReinfoRecord.objects.filter(pk=parcoy.pk).update(updated_at=RECENTLY)
    assert ids(api.get(f"{API}/reinfo-records/", {"updated_since": "2025-06-01T00:00:00Z"})) == [parcoy.pk]
    assert ids(api.get(f"{API}/reinfo-records/", {"updated_since": "2026-06-01T00:00:00Z"})) == []


def test_the_csv_of_reinfo_records_has_a_header_and_one_row_per_filtered_record(api, jayave, parcoy) -> None:
    header, rows = csv_records(api.get(f"{API}/reinfo-records/", {"region": "17", "format": "csv"}))
    assert header[:2] == ["id", "ruc"]
    assert [row["id"] for row in rows] == [str(jayave.pk)]
    assert (rows[0]["ruc"], rows[0]["district_code"], rows[0]["region_code"]) == (jayave.ruc, "170101", "17")
    assert rows[0]["status_history"] == (
        "2024-01-31:->vigente;2024-06-30:vigente>suspendido;2025-01-31:suspendido>vigente"
    )


def test_an_editor_cannot_register_a_record_with_a_wrong_ruc(django_user_model) -> None:
    editor = client_with(django_user_model, "reinfo-editor", "enforcement.add_reinforecord")
    record = {"declarant_name": "Prueba", "codigo_unico": "1", "district": "170101", "status": "vigente"}
    wrong = ruc("2060000001")[:10] + str((ruc_check_digit("2060000001") + 1) % 10)
    response = editor.post(f"{API}/reinfo-records/", {**record, "ruc": wrong}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["ruc"]
    response = editor.post(f"{API}/reinfo-records/", {**record, "ruc": ruc("2060000001")}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["region"] == {"code": "17", "name": "Madre de Dios"}


def test_the_snapshots_list_gives_the_newest_first(api, snapshots) -> None:
    assert ids(api.get(f"{API}/reinfo-snapshots/")) == [snapshot.pk for snapshot in reversed(snapshots)]
    assert ids(api.get(f"{API}/reinfo-snapshots/", {"ordering": "as_of"})) == [snapshot.pk for snapshot in snapshots]


def test_the_snapshots_list_pages_on_by_date(api, snapshots) -> None:
    first = api.get(f"{API}/reinfo-snapshots/", {"page_size": 2}).json()
    assert [row["as_of"] for row in first["results"]] == ["2025-01-31", "2024-06-30"]
    second = api.get(first["next"]).json()
    assert [row["as_of"] for row in second["results"]] == ["2024-01-31"]
    assert second["next"] is None


def test_a_snapshot_detail_gives_its_date_and_size(api, snapshots) -> None:
    response = api.get(f"{API}/reinfo-snapshots/{snapshots[0].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["as_of"], body["row_count"], body["is_complete"]) == (
        snapshots[0].pk,
        "2024-01-31",
        2,
        True,
    )
    assert body["url"].endswith(f"/api/v1/reinfo-snapshots/{snapshots[0].pk}/")
    assert body["created_at"] and body["updated_at"]


def test_updated_since_lists_only_the_snapshots_changed_since(api, snapshots) -> None:
    ReinfoSnapshot.objects.update(updated_at=LONG_AGO)
    ReinfoSnapshot.objects.filter(pk=snapshots[1].pk).update(updated_at=RECENTLY)
    assert ids(api.get(f"{API}/reinfo-snapshots/", {"updated_since": "2025-06-01"})) == [snapshots[1].pk]
    assert ids(api.get(f"{API}/reinfo-snapshots/", {"updated_since": "2026-06-01"})) == []


def test_the_csv_of_snapshots_has_one_row_per_snapshot(api, snapshots) -> None:
    header, rows = csv_records(api.get(f"{API}/reinfo-snapshots/", {"format": "csv"}))
    assert header[:2] == ["id", "as_of"]
    assert [row["as_of"] for row in rows] == ["2025-01-31", "2024-06-30", "2024-01-31"]


# Bad parameters are refused, naming the parameter


@pytest.mark.parametrize(
    ("endpoint", "parameter", "value"),
    [
        ("operations", "agency", "martians"),
        ("operations", "agency", "pnp,martians"),
        ("operations", "kind", "nope"),
        ("operations", "region", "ZZ"),
        ("operations", "province", "17"),
        ("operations", "district", "1701"),
        ("operations", "district", "179999"),
        ("operations", "date_from", "yesterday"),
        ("operations", "date_to", "2022-13-01"),
        ("operations", "site", "abc"),
        ("operations", "bbox", "1,2"),
        ("operations", "q", "x" * 201),
        ("operations", "updated_since", "soon"),
        ("operations", "ordering", "title"),
        ("operations", "page_size", "0"),
        ("operation-reports", "agency", "martians"),
        ("operation-reports", "region", "ZZ"),
        ("operation-reports", "date_from", "yesterday"),
        ("operation-reports", "date_to", "2025-02-30"),
        ("operation-reports", "updated_since", "soon"),
        ("reinfo-records", "ruc", "123"),
        ("reinfo-records", "ruc", "30600000019"),
        ("reinfo-records", "ruc", ruc("2060000001")[:10] + str((ruc_check_digit("2060000001") + 1) % 10)),
        ("reinfo-records", "codigo_unico", "9" * 31),
        ("reinfo-records", "status", "nope"),
        ("reinfo-records", "region", "ZZ"),
        ("reinfo-records", "region", "99"),
        ("reinfo-records", "province", "99"),
        ("reinfo-records", "district", "999999"),
        ("reinfo-records", "q", "x" * 201),
        ("reinfo-records", "updated_since", "soon"),
        ("reinfo-snapshots", "updated_since", "soon"),
        ("reinfo-snapshots", "ordering", "title"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api, endpoint: str, parameter: str, value: str) -> None:
    response = api.get(f"{API}/{endpoint}/", {parameter: value})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize("endpoint", ["operations", "operation-reports", "reinfo-records", "reinfo-snapshots"])
def test_an_unknown_parameter_is_a_400_naming_it(api, endpoint: str) -> None:
    response = api.get(f"{API}/{endpoint}/", {"agencies": "pnp", "regoin": "17"})
    assert response.status_code == 400
    assert set(response.json()) == {"agencies", "regoin"}


@pytest.mark.parametrize("endpoint", ["operations", "operation-reports", "reinfo-records", "reinfo-snapshots"])
def test_an_unknown_detail_is_a_404(api, endpoint: str) -> None:
    assert api.get(f"{API}/{endpoint}/999999/").status_code == 404


# Query counts do not grow with the number of rows


def add_operations(count: int) -> None:
    arson = Incident.objects.get(import_key="incident-2022-08-25-la-pampa-arson")
    source = Source.objects.get(import_key="source-dialogo-tambopata-bahuaja-sonene")
    operations = EnforcementOperation.objects.bulk_create(
        EnforcementOperation(
            title=f"Operativo de prueba {n}",
            kind=OperationKind.SEIZURE,
            agencies=[Agency.PNP],
            date_start=DAY,
            date_end=DAY,
            date_precision=DatePrecision.DAY,
            region_id="17",
            province_id="1701",
            district_id="170101",
            place_precision=PlacePrecision.DISTRICT,
            value_destroyed=Decimal("10.00"),
            status=ModerationStatus.PUBLISHED,
        )
        for n in range(count)
    )
    MachineryDestroyed.objects.bulk_create(
        MachineryDestroyed(operation=operation, kind=kind, count=1)
        for operation in operations
        for kind in (MachineryKind.DREDGE, MachineryKind.PUMP)
    )
    OperationIncidentLink.objects.bulk_create(
        OperationIncidentLink(operation=operation, incident=arson, relation=IncidentLinkKind.RESPONDED)
        for operation in operations
    )
    through = EnforcementOperation.sources.through
    through.objects.bulk_create(through(enforcementoperation=operation, source=source) for operation in operations)


def add_reports(count: int) -> None:
    source = Source.objects.get(import_key="source-crackdown-reinfo-debate-dec-2025")
    reports = OperationReport.objects.bulk_create(
        OperationReport(
            title=f"Resumen de prueba {n}",
            issuer="Prueba",
            date_start=DAY,
            date_end=DAY,
            value_destroyed=Decimal("1.00"),
            source=source,
        )
        for n in range(count)
    )
    regions, provinces = OperationReport.regions.through, OperationReport.provinces.through
    regions.objects.bulk_create(regions(operationreport=report, region_id="13") for report in reports)
    provinces.objects.bulk_create(provinces(operationreport=report, province_id="1308") for report in reports)


def add_reinfo_records(count: int) -> None:
    first, second = ReinfoSnapshot.objects.bulk_create(
        [ReinfoSnapshot(as_of=datetime.date(2023, 1, 31)), ReinfoSnapshot(as_of=datetime.date(2023, 2, 28))]
    )
    records = ReinfoRecord.objects.bulk_create(
        ReinfoRecord(
            ruc=ruc("2070000000"),
            declarant_name=f"Declarante de prueba {n}",
            codigo_unico=f"C-{n}",
            district_id="130808",
            status=ReinfoStatus.SUSPENDIDO,
        )
        for n in range(count)
    )
    ReinfoStatusChange.objects.bulk_create(
        change
        for record in records
        for change in (
            ReinfoStatusChange(record=record, snapshot=first, to_status="vigente", changed_on=first.as_of),
            ReinfoStatusChange(
                record=record, snapshot=second, from_status="vigente", to_status="suspendido", changed_on=second.as_of
            ),
        )
    )


def add_snapshots(count: int) -> None:
    ReinfoSnapshot.objects.bulk_create(
        ReinfoSnapshot(as_of=datetime.date(2020, 1, 1) + datetime.timedelta(days=n)) for n in range(count)
    )


# (endpoint, rows to add, rows already there, queries): measured once and pinned.
QUERY_COUNT_CASES = [
    ("operations", add_operations, 2, 4),
    ("operation-reports", add_reports, 1, 3),
    ("reinfo-records", add_reinfo_records, 0, 2),
    ("reinfo-snapshots", add_snapshots, 0, 1),
]


@pytest.mark.parametrize("extra", [3, 30])
@pytest.mark.parametrize(("endpoint", "add_rows", "base", "queries"), QUERY_COUNT_CASES)
def test_a_list_takes_the_same_number_of_queries_for_3_or_30_more_rows(
    api, django_assert_num_queries, endpoint, add_rows, base, queries, extra
) -> None:
    add_rows(extra)
    with django_assert_num_queries(queries):
        listed = results(api.get(f"{API}/{endpoint}/"))
    assert len(listed) == base + extra


@pytest.mark.parametrize("extra", [3, 30])
def test_an_editor_s_list_of_operations_takes_the_same_number_of_queries_for_3_or_30_more_rows(
    operation_editor, django_assert_num_queries, extra
) -> None:
    add_operations(extra)
    # Two more than for the public: the editor's permissions are read once.
    with django_assert_num_queries(6):
        assert len(results(operation_editor.get(f"{API}/operations/"))) == 2 + extra
