"""/api/v1/stats/: grouped counts and sums, checked against the list endpoints and the real records."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from enforcement.choices import Agency, OperationKind, ReinfoStatus
from enforcement.models import EnforcementOperation, OperationReport, ReinfoRecord
from enforcement.validators import ruc_check_digit
from incidents.choices import FIGURE_OUTCOMES, ActorRole, IncidentType
from incidents.models import Actor, Incident, IncidentActor
from regions.models import District

pytestmark = pytest.mark.django_db

D = datetime.date
OUTCOMES = [str(outcome.value) for outcome in FIGURE_OUTCOMES]
BOUNDS = ("low", "best", "high")
LA_LIBERTAD = {"code": "13", "name": "La Libertad"}
MADRE_DE_DIOS = {"code": "17", "name": "Madre de Dios"}
ZERO = {"low": 0, "best": 0, "high": 0, "open": 0}


@pytest.fixture(autouse=True)
def _clear_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def editor_api(django_user_model) -> APIClient:
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_superuser("stats-editor", "e@example.org", "x"))
    return client


def get(api: APIClient, url: str, status: int = 200) -> dict:
    response = api.get(url)
    assert response.status_code == status, response.content
    return response.json()


def figures(low: int, best: int, high: int, outcome: str = "killed") -> dict:
    return {f"{outcome}_low": low, f"{outcome}_best": best, f"{outcome}_high": high}


def create_incident(start: datetime.date, end: datetime.date | None = None, **fields) -> Incident:
    defaults = {
        "title": "Stats test incident",
        "incident_type": IncidentType.ARMED_ATTACK,
        "region_id": "13",
        "date_precision": DatePrecision.DAY,
        "status": ModerationStatus.PUBLISHED,
    }
    return Incident.objects.create(date_start=start, date_end=end or start, **{**defaults, **fields})


@pytest.fixture
def extra_incidents() -> dict[str, Incident]:
    """Records beside the real ones, for the cases the real ones lack."""
    informal_miners = Actor.objects.get(name="Informal miners")
    illegal_miners = Actor.objects.get(name="Illegal miners")
    incidents = {
        "year_only": create_incident(
            D(2019, 1, 1), D(2019, 12, 31), date_precision=DatePrecision.YEAR, region_id="17", **figures(1, 2, 4)
        ),
        "draft": create_incident(D(2025, 5, 10), status=ModerationStatus.DRAFT, **figures(5, 5, 5)),
        "no_figures": create_incident(D(2024, 3, 3)),
        "province_level": create_incident(
            D(2023, 7, 15),
            region_id="17",
            province_id="1701",
            place_precision=PlacePrecision.PROVINCE,
            incident_type=IncidentType.CLASH_WITH_SECURITY_FORCES,
            **figures(1, 1, 2),
            **figures(2, 3, 3, "injured"),
        ),
        "week_over_month_end": create_incident(
            D(2024, 6, 28), D(2024, 7, 3), date_precision=DatePrecision.WEEK, **figures(2, 2, 2)
        ),
    }
    # The same actor twice (two roles) and two actors: joins must not count the incident twice.
    for incident in (incidents["province_level"], incidents["week_over_month_end"]):
        IncidentActor.objects.create(incident=incident, actor=informal_miners, role=ActorRole.PERPETRATOR)
        IncidentActor.objects.create(incident=incident, actor=informal_miners, role=ActorRole.TARGET)
        IncidentActor.objects.create(incident=incident, actor=illegal_miners, role=ActorRole.PERPETRATOR)
    return incidents


def listed_incidents(api: APIClient, filters: str) -> list[dict]:
    rows, url = [], f"/api/v1/incidents/?page_size=1000&{filters}"
    while url:
        page = get(api, url)
        rows += page["results"]
        url = page["next"]
    return rows


def sum_listed(rows: list[dict]) -> dict:
    return {
        "incidents": len(rows),
        **{
            outcome: {
                **{bound: sum(row["figures"][outcome][bound] or 0 for row in rows) for bound in BOUNDS},
                # How many incidents have the figure open above ("at least").
                "open": sum(row["figures"][outcome]["qualifier"] == "at_least" for row in rows),
            }
            for outcome in OUTCOMES
        },
    }


def sum_groups(groups: list[dict]) -> dict:
    return {
        "incidents": sum(group["incidents"] for group in groups),
        **{
            outcome: {part: sum(group[outcome][part] for group in groups) for part in (*BOUNDS, "open")}
            for outcome in OUTCOMES
        },
    }


def group_for(data: dict, **keys) -> dict:
    matches = [group for group in data["groups"] if all(group.get(key) == value for key, value in keys.items())]
    assert len(matches) == 1, (keys, data["groups"])
    return matches[0]


# --- Incidents ---------------------------------------------------------------------------


FILTERS = [
    "",
    "region=13",
    "region=17",
    "region=13,17",
    "province=1701",
    "district=170101",
    "type=massacre,armed_attack",
    "date_from=2022-01-01",
    "date_to=2012-12-31&region=17",
    "date_from=2025-06-01&date_to=2026-01-31",
    "min_killed=3",
    "actor={informal_miners}",
    "actor={informal_miners},{illegal_miners}",
    "q=mineros",
]
GROUPINGS = ["month", "year", "region", "province", "type", "month,region", "type,province"]


@pytest.mark.parametrize("filters", FILTERS)
def test_the_groups_add_up_to_the_incidents_the_list_endpoint_gives(api, editor_api, extra_incidents, filters) -> None:
    filters = filters.format(
        informal_miners=Actor.objects.get(name="Informal miners").pk,
        illegal_miners=Actor.objects.get(name="Illegal miners").pk,
    )
    for client in (api, editor_api):
        expected = sum_listed(listed_incidents(client, filters))
        for group_by in GROUPINGS:
            data = get(client, f"/api/v1/stats/incidents/?group_by={group_by}&{filters}")
            assert data["group_by"] == group_by.split(",")
            assert sum_groups(data["groups"]) == expected, (filters, group_by)
            assert data["totals"] == expected, (filters, group_by)


def test_the_real_records_by_month_and_region(api) -> None:
    data = get(api, "/api/v1/stats/incidents/?group_by=month,region")
    assert [(group["month"], group["region"]["code"]) for group in data["groups"]] == [
        ("2011-10", "17"),
        ("2012-03", "17"),
        ("2022-08", "17"),
        ("2025-05", "13"),
        ("2025-12", "13"),
    ]
    # The New Year attack (31 Dec 2025 – 1 Jan 2026) counts in the month it began.
    assert group_for(data, month="2025-12") == {
        "month": "2025-12",
        "region": LA_LIBERTAD,
        "incidents": 1,
        "killed": {"low": 3, "best": 3, "high": 3, "open": 1},
        "injured": ZERO,
        "missing": {"low": 7, "best": 7, "high": 7, "open": 1},
        "kidnapped": ZERO,
        "rescued": ZERO,
    }
    # The May 2025 massacre is known to the month, and counted in it.
    assert group_for(data, month="2025-05")["killed"] == {"low": 13, "best": 13, "high": 13, "open": 0}
    assert group_for(data, month="2011-10")["rescued"] == {"low": 200, "best": 200, "high": 200, "open": 0}
    assert group_for(data, month="2022-08")["injured"] == {"low": 14, "best": 14, "high": 14, "open": 0}
    assert data["totals"]["incidents"] == 5
    assert data["totals"]["killed"] == {"low": 20, "best": 20, "high": 20, "open": 1}


def test_the_region_filter_is_honoured(api) -> None:
    data = get(api, "/api/v1/stats/incidents/?group_by=region&region=17")
    assert data["groups"] == [{"region": MADRE_DE_DIOS, **data["totals"]}]
    assert data["totals"]["incidents"] == 3
    assert data["totals"]["killed"] == {"low": 4, "best": 4, "high": 4, "open": 0}

    data = get(api, "/api/v1/stats/incidents/?group_by=year&region=13")
    assert [(group["year"], group["incidents"]) for group in data["groups"]] == [(2025, 2)]
    assert data["totals"]["killed"]["best"] == 16


def test_the_default_grouping_is_by_year(api) -> None:
    data = get(api, "/api/v1/stats/incidents/")
    assert data["group_by"] == ["year"]
    assert [group["year"] for group in data["groups"]] == [2011, 2012, 2022, 2025]


def test_a_draft_counts_for_editors_only(api, editor_api, extra_incidents) -> None:
    url = "/api/v1/stats/incidents/?group_by=month,region&region=13&date_from=2025-05-01&date_to=2025-05-31"
    public = group_for(get(api, url), month="2025-05")
    assert public["incidents"] == 1
    assert public["killed"]["best"] == 13
    editors = group_for(get(editor_api, url), month="2025-05")
    assert editors["incidents"] == 2
    assert editors["killed"]["best"] == 18


def test_an_incident_known_to_the_year_is_never_put_in_a_month(api, extra_incidents) -> None:
    data = get(api, "/api/v1/stats/incidents/?group_by=month")
    assert group_for(data, year=2019) == {
        "month": None,
        "year": 2019,
        "precision": "year",
        "incidents": 1,
        "killed": {"low": 1, "best": 2, "high": 4, "open": 0},
        "injured": ZERO,
        "missing": ZERO,
        "kidnapped": ZERO,
        "rescued": ZERO,
    }
    assert not [group for group in data["groups"] if (group["month"] or "").startswith("2019")]
    # Month groups carry no year or precision; the year's group sorts before the months.
    assert "year" not in group_for(data, month="2024-06")
    months = [group["month"] or str(group["year"]) for group in data["groups"]]
    assert months == sorted(months)

    by_year = get(api, "/api/v1/stats/incidents/?group_by=year")
    assert group_for(by_year, year=2019)["incidents"] == 1
    by_month_and_region = get(api, "/api/v1/stats/incidents/?group_by=month,region")
    assert group_for(by_month_and_region, year=2019)["region"] == MADRE_DE_DIOS


def test_a_range_across_a_month_end_counts_in_its_first_month(api, extra_incidents) -> None:
    data = get(api, "/api/v1/stats/incidents/?group_by=month&date_from=2024-06-01&date_to=2024-07-31")
    assert [(group["month"], group["incidents"]) for group in data["groups"]] == [("2024-06", 1)]
    assert data["groups"][0]["killed"] == {"low": 2, "best": 2, "high": 2, "open": 0}


def test_unknown_figures_count_zero(api, extra_incidents) -> None:
    data = get(api, "/api/v1/stats/incidents/?group_by=month&date_from=2024-03-01&date_to=2024-03-31")
    assert data["groups"] == [{"month": "2024-03", "incidents": 1, **{outcome: ZERO for outcome in OUTCOMES}}]


def test_incidents_known_only_at_region_level_have_no_province(api, extra_incidents) -> None:
    data = get(api, "/api/v1/stats/incidents/?group_by=province")
    assert [group["province"] for group in data["groups"]] == [
        {"code": "1701", "name": "Tambopata"},
        None,
    ]
    assert group_for(data, province={"code": "1701", "name": "Tambopata"})["incidents"] == 2  # a district, a province
    assert group_for(data, province=None)["incidents"] == 7  # 4 real, 3 extra

    data = get(api, "/api/v1/stats/incidents/?group_by=region,province")
    assert [(group["region"]["code"], group["province"] and group["province"]["code"]) for group in data["groups"]] == [
        ("13", None),
        ("17", "1701"),
        ("17", None),
    ]


def test_grouping_by_type(api) -> None:
    data = get(api, "/api/v1/stats/incidents/?group_by=type")
    assert [(group["type"], group["incidents"]) for group in data["groups"]] == [
        ("armed_attack", 1),
        ("attack_on_security_forces", 1),
        ("massacre", 1),
        ("protest_violence", 1),
        ("trafficking", 1),
    ]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("group_by=week", "group_by"),
        ("group_by=", "group_by"),
        ("group_by=month,region,type", "group_by"),
        ("group_by=month,month", "group_by"),
        ("group_by=month,year", "group_by"),
        ("group_by=month&group_by=region", "group_by"),
        ("group_by=agency", "group_by"),
        ("region=99", "region"),
        ("region=1", "region"),
        ("date_from=yesterday", "date_from"),
        ("min_killed=-1", "min_killed"),
        ("type=war", "type"),
        ("page_size=10", "page_size"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(api, query, parameter) -> None:
    data = get(api, f"/api/v1/stats/incidents/?{query}", status=400)
    assert parameter in data


def test_the_number_of_queries_does_not_grow_with_the_incidents(
    api, editor_api, django_assert_num_queries, extra_incidents
) -> None:
    def check(client: APIClient, url: str, queries: int) -> int:
        with django_assert_num_queries(queries):
            return get(client, url)["totals"]["incidents"]

    urls = {
        "/api/v1/stats/incidents/?group_by=month,region": 1,
        "/api/v1/stats/incidents/?group_by=province&type=armed_attack&actor=1&q=mina": 1,
        # The codes are checked against those the process has read: no query once they are known.
        "/api/v1/stats/incidents/?group_by=region&region=13,17&province=1701": 1,
    }
    before = {url: check(api, url, queries) for url, queries in urls.items()}
    for day in range(1, 29):
        create_incident(D(2024, 2, day), region_id="17", **figures(1, 1, 1))
        create_incident(D(2024, 2, day), status=ModerationStatus.DRAFT)
    after = {url: check(api, url, queries) for url, queries in urls.items()}
    assert (
        after["/api/v1/stats/incidents/?group_by=month,region"]
        == before["/api/v1/stats/incidents/?group_by=month,region"] + 28
    )
    for url, queries in urls.items():
        check(editor_api, url, queries)


# --- Enforcement operations -----------------------------------------------------------------


def create_operation(start: datetime.date, end: datetime.date | None = None, **fields) -> EnforcementOperation:
    defaults = {
        "title": "Stats test operation",
        "kind": OperationKind.RAID,
        "region_id": "17",
        "date_precision": DatePrecision.DAY,
        "status": ModerationStatus.PUBLISHED,
    }
    return EnforcementOperation.objects.create(date_start=start, date_end=end or start, **{**defaults, **fields})


@pytest.fixture
def extra_operations() -> list[EnforcementOperation]:
    return [
        create_operation(
            D(2024, 1, 5), agencies=[Agency.PNP, Agency.NAVY], value_destroyed=Decimal("1500000.50"), arrests=4
        ),
        create_operation(D(2024, 1, 20), agencies=[Agency.NAVY], value_destroyed=Decimal("0.25"), region_id="13"),
        create_operation(
            D(2024, 1, 1), D(2024, 12, 31), date_precision=DatePrecision.YEAR, kind=OperationKind.SEIZURE, arrests=2
        ),
        create_operation(
            D(2024, 2, 2), status=ModerationStatus.DRAFT, agencies=[Agency.ARMY], value_destroyed=Decimal("99")
        ),
    ]


def sum_operations(rows: list[dict]) -> dict:
    return {
        "operations": len(rows),
        "value_destroyed": f"{sum((Decimal(row['value_destroyed'] or 0) for row in rows), Decimal(0)):.2f}",
        "operations_with_value": sum(row["value_destroyed"] is not None for row in rows),
        "arrests": sum(row["arrests"] or 0 for row in rows),
        "operations_with_arrests": sum(row["arrests"] is not None for row in rows),
    }


@pytest.mark.parametrize("filters", ["", "region=17", "agency=navy", "kind=raid", "date_from=2024-01-10"])
def test_operation_totals_match_the_list_endpoint(api, editor_api, extra_operations, filters) -> None:
    for client in (api, editor_api):
        expected = sum_operations(get(client, f"/api/v1/operations/?page_size=1000&{filters}")["results"])
        for group_by in ("month", "year", "region", "kind", "month,region", "agency", "agency,kind"):
            data = get(client, f"/api/v1/stats/operations/?group_by={group_by}&{filters}")
            assert data["totals"] == expected, (filters, group_by)
            assert data["excludes_summary_reports"] is True
            assert data["groups_overlap"] is ("agency" in group_by)
            if "agency" not in group_by:
                assert sum(group["operations"] for group in data["groups"]) == expected["operations"]


def test_operations_by_agency_count_in_each_agency_they_name(api, extra_operations) -> None:
    data = get(api, "/api/v1/stats/operations/?group_by=agency&date_from=2024-01-01&date_to=2024-12-31")
    assert [(group["agency"], group["operations"], group["value_destroyed"]) for group in data["groups"]] == [
        ("navy", 2, "1500000.75"),
        ("pnp", 1, "1500000.50"),
        (None, 1, "0.00"),  # the seizure names no agency
    ]
    assert data["totals"]["operations"] == 3
    assert data["totals"]["value_destroyed"] == "1500000.75"
    assert data["totals"]["arrests"] == 6


def test_operations_month_year_precision_and_drafts(api, editor_api, extra_operations) -> None:
    url = "/api/v1/stats/operations/?group_by=month&date_from=2024-01-01&date_to=2024-12-31"
    data = get(api, url)
    assert [(group["month"], group.get("year"), group["operations"]) for group in data["groups"]] == [
        (None, 2024, 1),
        ("2024-01", None, 2),
    ]
    assert group_for(data, month="2024-01")["arrests"] == 4
    assert group_for(get(editor_api, url), month="2024-02")["value_destroyed"] == "99.00"


def test_operation_stats_leave_out_summary_reports(api) -> None:
    assert OperationReport.objects.exists()  # 960 operations in the real records' report
    data = get(api, "/api/v1/stats/operations/?group_by=kind")
    assert data["totals"]["operations"] == 2
    assert data["totals"]["value_destroyed"] == "0.00"
    assert data["excludes_summary_reports"] is True


def test_operation_stats_refuse_bad_parameters(api) -> None:
    assert "group_by" in get(api, "/api/v1/stats/operations/?group_by=type", status=400)
    assert "agency" in get(api, "/api/v1/stats/operations/?agency=cia", status=400)


# --- REINFO -----------------------------------------------------------------------------------


def ruc(serial: int) -> str:
    first_ten = f"20{serial:08d}"
    return f"{first_ten}{ruc_check_digit(first_ten)}"


@pytest.fixture
def reinfo_records() -> None:
    la_libertad = District.objects.filter(code__startswith="13").order_by("code").first()
    for serial, (district, status) in enumerate(
        [
            ("170101", ReinfoStatus.VIGENTE),
            ("170101", ReinfoStatus.VIGENTE),
            ("170101", ReinfoStatus.EXCLUIDO),
            (la_libertad.code, ReinfoStatus.VIGENTE),
            (la_libertad.code, ReinfoStatus.SUSPENDIDO),
        ]
    ):
        ReinfoRecord.objects.create(
            ruc=ruc(serial), declarant_name=f"Minero {serial}", codigo_unico=f"CU-{serial}", district_id=district,
            status=status,
        )  # fmt: skip


def test_reinfo_records_by_status_and_region(api, reinfo_records) -> None:
    data = get(api, "/api/v1/stats/reinfo/")
    assert data["group_by"] == ["status", "region"]
    assert [(group["status"], group["region"]["code"], group["records"]) for group in data["groups"]] == [
        ("excluido", "17", 1),
        ("suspendido", "13", 1),
        ("vigente", "13", 1),
        ("vigente", "17", 2),
    ]
    assert group_for(data, status="excluido")["region"] == MADRE_DE_DIOS
    assert data["totals"] == {"records": 5}

    by_region = get(api, "/api/v1/stats/reinfo/?group_by=region")
    assert by_region["groups"] == [{"region": LA_LIBERTAD, "records": 2}, {"region": MADRE_DE_DIOS, "records": 3}]
    by_status = get(api, "/api/v1/stats/reinfo/?group_by=status&status=vigente,excluido")
    assert by_status["groups"] == [{"status": "excluido", "records": 1}, {"status": "vigente", "records": 3}]


def test_reinfo_stats_honour_the_district_filter(api, reinfo_records) -> None:
    data = get(api, "/api/v1/stats/reinfo/?group_by=status&district=170101")
    assert data["groups"] == [{"status": "excluido", "records": 1}, {"status": "vigente", "records": 2}]


def test_reinfo_stats_honour_the_region_and_province_filters(api, reinfo_records) -> None:
    data = get(api, "/api/v1/stats/reinfo/?group_by=region&region=17")
    assert data["groups"] == [{"region": MADRE_DE_DIOS, "records": 3}]
    data = get(api, "/api/v1/stats/reinfo/?group_by=status&province=1701")
    assert data["totals"] == {"records": 3}


def test_reinfo_stats_refuse_bad_parameters(api) -> None:
    assert "group_by" in get(api, "/api/v1/stats/reinfo/?group_by=month", status=400)
    assert "status" in get(api, "/api/v1/stats/reinfo/?status=gone", status=400)
