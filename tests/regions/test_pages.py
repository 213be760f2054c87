"""The region list and the profiles of regions, provinces and districts.

The test database holds Peru's geography and Veta's real records (tests/conftest.py):
Madre de Dios (17) has three published incidents (one in the district of Tambopata,
170101), two operations and four mining sites. The tests add their own incidents in
Puno (21), which has no real records: in the district of Ananea (211002), in its province
San Antonio de Putina (2110) without a district, in Puno without a province, and in
Carabaya's district San Gabán (210309), plus a draft that must count nowhere.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from enforcement.choices import OperationKind, ReinfoStatus
from enforcement.models import EnforcementOperation, ReinfoRecord
from enforcement.validators import ruc_check_digit
from incidents.charts import monthly_casualties
from incidents.models import Incident
from regions.models import MiningSite

pytestmark = pytest.mark.django_db

PUNO, PUTINA, ANANEA, CARABAYA, SAN_GABAN = "21", "2110", "211002", "2103", "210309"
MADRE_DE_DIOS, TAMBOPATA_PROVINCE, TAMBOPATA_DISTRICT = "17", "1701", "170101"


def place(region: str, province: str | None = None, district: str | None = None) -> dict:
    if district:
        precision = PlacePrecision.DISTRICT
    elif province:
        precision = PlacePrecision.PROVINCE
    else:
        precision = PlacePrecision.REGION
    return {"region_id": region, "province_id": province, "district_id": district, "place_precision": precision}


def figures(outcome: str, low: int, best: int, high: int) -> dict:
    return {f"{outcome}_low": low, f"{outcome}_best": best, f"{outcome}_high": high}


def add_incident(title: str, where: dict, status: str = ModerationStatus.PUBLISHED, **fields) -> Incident:
    day = fields.pop("day", datetime.date(2025, 6, 10))
    return Incident.objects.create(
        title=title,
        incident_type="armed_attack",
        date_start=day,
        date_end=day,
        date_precision=DatePrecision.DAY,
        status=status,
        **where,
        **fields,
    )


@pytest.fixture
def puno() -> dict[str, Incident]:
    """Incidents in Puno at every precision, and a draft that must count nowhere."""
    return {
        "ananea_1": add_incident("Ananea tunnel attack", place(PUNO, PUTINA, ANANEA), **figures("killed", 1, 2, 4)),
        "ananea_2": add_incident(
            "Ananea camp shooting",
            place(PUNO, PUTINA, ANANEA),
            day=datetime.date(2025, 7, 2),
            **figures("killed", 3, 3, 3),
            **figures("injured", 2, 5, 6),
        ),
        "putina": add_incident("Putina province clash", place(PUNO, PUTINA), **figures("killed", 1, 1, 1)),
        "puno": add_incident(
            "Puno region extortion", place(PUNO), **figures("missing", 7, 7, 9), **figures("injured", 1, 1, 1)
        ),
        "san_gaban": add_incident(
            "San Gabán river attack", place(PUNO, CARABAYA, SAN_GABAN), **figures("killed", 2, 2, 2)
        ),
        "draft": add_incident(
            "Unchecked Ananea rumour",
            place(PUNO, PUTINA, ANANEA),
            status=ModerationStatus.DRAFT,
            **figures("killed", 100, 100, 100),
        ),
    }


def add_many(count: int, where: dict) -> None:
    Incident.objects.bulk_create(
        Incident(
            title=f"Bulk incident {number}",
            incident_type="armed_attack",
            date_start=datetime.date(2024, 1, 1 + number % 28),
            date_end=datetime.date(2024, 1, 1 + number % 28),
            date_precision=DatePrecision.DAY,
            status=ModerationStatus.PUBLISHED,
            **where,
            **figures("killed", 1, 1, 2),
        )
        for number in range(count)
    )


def listed_incidents(response) -> list[Incident]:
    """Every incident the profile lists, over all its pages."""
    return list(response.context["incident_page"].paginator.object_list)


def figure_in(html: str, label: str) -> str:
    """The headline figure shown under a label of the profile's figures box."""
    match = re.search(rf"<dt>{label}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert match, f"no figure labelled {label}"
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()[0]


def editor_client(django_user_model) -> Client:
    user = django_user_model.objects.create_user("editor", password="not-used")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_incident", "change_enforcementoperation", "change_miningsite"])
    )
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- the region list


def test_region_list_shows_all_25_regions_linked_to_their_profiles(client: Client) -> None:
    response = client.get("/regions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["rows"]) == 25
    assert html.count('<th scope="row"><a href="/regions/') == 25
    assert '<a href="/regions/17/">Madre de Dios</a>' in html
    assert '<a href="/regions/03/">Apurímac</a>' in html


def test_region_list_counts_published_records_per_region(client: Client, puno) -> None:
    rows = {row.region.code: row for row in client.get("/regions/").context["rows"]}
    # Puno: five published incidents (the draft does not count), killed 2+3+1+2 = 8 (7–10).
    assert rows[PUNO].tally.incidents == 5
    assert rows[PUNO].tally.figures("killed") == (7, 8, 10)
    # Madre de Dios' real records: three incidents (1 + 3 killed), two operations, four sites.
    madre = rows[MADRE_DE_DIOS]
    assert (madre.tally.incidents, madre.tally.figures("killed")[1]) == (3, 4)
    assert (madre.operations, madre.sites, madre.reinfo_records) == (2, 4, 0)
    assert rows["01"].tally.incidents == 0


def test_region_list_sorts_by_a_column_and_marks_it(client: Client, puno) -> None:
    response = client.get("/regions/?sort=-killed")
    codes = [row.region.code for row in response.context["rows"]]
    assert codes[:3] == ["13", PUNO, MADRE_DE_DIOS]  # La Libertad 16, Puno 8, Madre de Dios 4
    html = response.content.decode()
    assert re.search(r'aria-sort="descending">\s*<a href="\?sort=killed">Killed', html)
    assert 'aria-sort="ascending"' not in html


def test_region_list_falls_back_to_names_for_an_unknown_sort(client: Client) -> None:
    response = client.get("/regions/?sort=nonsense")
    assert response.status_code == 200
    assert response.context["rows"][0].region.display_name == "Amazonas"


def test_region_list_runs_the_same_queries_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    add_many(3, place(PUNO, PUTINA, ANANEA))
    # Expect 5 queries: the regions, then incidents, operations, REINFO records and
    # mining sites each counted per region in one GROUP BY.
    with django_assert_num_queries(5):
        client.get("/regions/")
    add_many(27, place(PUNO))
    with django_assert_num_queries(5):
        response = client.get("/regions/")
    assert {row.region.code: row.tally.incidents for row in response.context["rows"]}[PUNO] == 30


# ---------------------------------------------------------------- profiles: totals


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        (f"/regions/{PUNO}/", {"ananea_1", "ananea_2", "putina", "puno", "san_gaban"}),
        (f"/provinces/{PUTINA}/", {"ananea_1", "ananea_2", "putina"}),
        (f"/districts/{ANANEA}/", {"ananea_1", "ananea_2"}),
    ],
)
def test_profile_totals_equal_the_sum_of_the_incidents_it_lists(client: Client, puno, url, titles) -> None:
    response = client.get(url)
    assert response.status_code == 200
    listed = listed_incidents(response)
    assert {incident.pk for incident in listed} == {puno[key].pk for key in titles}
    totals = response.context["totals"]
    assert totals.incidents == len(listed)
    for outcome in ("killed", "injured", "missing"):
        for index, bound in enumerate(("low", "best", "high")):
            known = [getattr(incident, f"{outcome}_{bound}") for incident in listed]
            known = [value for value in known if value is not None]
            assert totals.figures(outcome)[index] == (sum(known) if known else None), (outcome, bound)
    html = response.content.decode()
    for key in titles:
        assert f'href="/incidents/{puno[key].pk}/"' in html
    assert "Unchecked Ananea rumour" not in html


def test_region_profile_shows_its_totals_with_ranges(client: Client, puno) -> None:
    html = client.get(f"/regions/{PUNO}/").content.decode()
    assert figure_in(html, "Incidents") == "5"
    # Sums of ranges read as ranges, with the sum of the best figures beneath; exact sums as they are.
    assert '<span class="place-figures__total">7–10 killed</span><span class="range">best estimate 8</span>' in html
    assert '<span class="place-figures__total">3–7 injured</span><span class="range">best estimate 6</span>' in html
    assert '<span class="place-figures__total">7–9 missing</span><span class="range">best estimate 7</span>' not in html
    assert '<span class="place-figures__total">7–9 missing</span>' in html


def test_region_profile_says_how_many_incidents_are_known_only_to_the_region(client: Client, puno) -> None:
    html = client.get(f"/regions/{PUNO}/").content.decode()
    assert "1 incident is known only to the region: it counts for Puno but for none of its provinces" in html
    province_html = client.get(f"/provinces/{PUTINA}/").content.decode()
    assert "1 incident is known only to the province: it counts for San Antonio de Putina" in province_html
    assert "known only to" not in client.get(f"/districts/{ANANEA}/").content.decode()


def test_district_profile_leaves_out_incidents_known_only_at_coarser_levels(client: Client, puno) -> None:
    response = client.get(f"/districts/{ANANEA}/")
    html = response.content.decode()
    assert "Putina province clash" not in html
    assert "Puno region extortion" not in html
    assert response.context["totals"].figures("killed") == (4, 5, 7)


def test_profile_breadcrumbs_lead_from_the_region_to_the_place(client: Client) -> None:
    response = client.get(f"/districts/{ANANEA}/")
    assert response.context["breadcrumbs"] == [
        ("Puno", f"/regions/{PUNO}/"),
        ("San Antonio de Putina", f"/provinces/{PUTINA}/"),
        ("Ananea", f"/districts/{ANANEA}/"),
    ]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f'<a href="/districts/{ANANEA}/" aria-current="page">Ananea</a>' in html


# ---------------------------------------------------------------- profiles: sub-places


def test_region_profile_lists_its_provinces_with_their_incidents(client: Client, puno) -> None:
    response = client.get(f"/regions/{PUNO}/")
    sub_places = {entry.place.code: entry for entry in response.context["sub_places"]}
    assert set(sub_places) == {PUTINA, CARABAYA}
    assert sub_places[PUTINA].tally.incidents == 3
    assert sub_places[PUTINA].tally.figures("killed") == (5, 6, 8)
    assert sub_places[CARABAYA].tally.incidents == 1
    # The provinces' incidents and those known only to the region add up to the region's.
    region_only = response.context["coarser_tally"].incidents
    assert sum(entry.tally.incidents for entry in sub_places.values()) + region_only == 5
    quiet = response.context["quiet_sub_places"]
    assert len(quiet) == 13 - 2
    html = response.content.decode()
    assert f'<a href="/provinces/{PUTINA}/">San Antonio de Putina</a>' in html
    assert "Known only to the region" in html


def test_province_profile_lists_its_districts(client: Client, puno) -> None:
    response = client.get(f"/provinces/{PUTINA}/")
    sub_places = {entry.place.code: entry.tally.incidents for entry in response.context["sub_places"]}
    assert sub_places == {ANANEA: 2}
    assert response.context["coarser_tally"].incidents == 1
    assert f'href="/districts/{ANANEA}/"' in response.content.decode()


def test_district_profile_has_no_sub_places(client: Client) -> None:
    response = client.get(f"/districts/{ANANEA}/")
    assert response.context["sub_places"] == []
    assert "sub-places-heading" not in response.content.decode()


# ---------------------------------------------------------------- profiles: 404s


@pytest.mark.parametrize(
    "url",
    ["/regions/99/", "/regions/abc/", "/provinces/2199/", "/provinces/21/", "/districts/219999/", "/districts/x/"],
)
def test_unknown_places_are_not_found(client: Client, url) -> None:
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------- profiles: drafts


def test_editors_see_drafts_marked_and_counted(django_user_model, puno) -> None:
    response = editor_client(django_user_model).get(f"/districts/{ANANEA}/")
    html = response.content.decode()
    assert "Unchecked Ananea rumour" in html
    assert 'class="status-badge status-badge--draft"' in html
    assert response.context["totals"].incidents == 3
    assert "the totals below include them" in html


# ---------------------------------------------------------------- profiles: what else a place holds


def test_madre_de_dios_profile_shows_its_real_records(client: Client) -> None:
    response = client.get(f"/regions/{MADRE_DE_DIOS}/")
    html = response.content.decode()
    for operation in EnforcementOperation.objects.filter(region=MADRE_DE_DIOS):
        assert f'href="/operations/{operation.pk}/"' in html
    for site in MiningSite.objects.filter(region=MADRE_DE_DIOS):
        assert f'href="/sites/{site.pk}/"' in html
    assert "Tambopata National Reserve" in html
    assert "Bahuaja-Sonene National Park" in html
    # Context figures, with their sources; national ones apart.
    assert "Forest lost in Madre de Dios" in html
    assert "23,142 ha" in html
    assert "Illegal mining threatens Tambopata National Reserve" in html
    assert "REINFO miners who completed formalization" in html
    assert f'href="/incidents/?region={MADRE_DE_DIOS}"' in html
    assert f'href="/operations/?region={MADRE_DE_DIOS}"' in html


def test_la_libertad_profile_shows_the_summary_report_apart_from_operations(client: Client) -> None:
    response = client.get("/regions/13/")
    html = response.content.decode()
    assert "960 operations against illegal mining" in html
    assert "at least S/ 3,700 million" in html
    assert response.context["operation_count"] == 0
    assert "2 incidents are known only to the region" in html
    # Pataz, the province the report names, shows it too.
    assert "960 operations against illegal mining" in client.get("/provinces/1308/").content.decode()


def test_profile_sums_the_value_destroyed_in_soles(client: Client) -> None:
    for value in ("2500000000", "1200000000"):
        EnforcementOperation.objects.create(
            title="Dredges destroyed on the Inambari",
            kind=OperationKind.MACHINERY_DESTROYED,
            date_start=datetime.date(2025, 3, 1),
            date_end=datetime.date(2025, 3, 1),
            status=ModerationStatus.PUBLISHED,
            value_destroyed=Decimal(value),
            **place(PUNO, CARABAYA, SAN_GABAN),
        )
    html = client.get(f"/provinces/{CARABAYA}/").content.decode()
    assert figure_in(html, "Enforcement operations") == "2"
    assert "S/ 3,700 million" in html


def ruc(serial: int) -> str:
    first_ten = f"10{serial:08d}"
    return f"{first_ten}{ruc_check_digit(first_ten)}"


def test_profile_counts_reinfo_records_by_status_with_links(client: Client) -> None:
    statuses = [ReinfoStatus.VIGENTE, ReinfoStatus.VIGENTE, ReinfoStatus.SUSPENDIDO, ReinfoStatus.EXCLUIDO]
    ReinfoRecord.objects.bulk_create(
        ReinfoRecord(
            ruc=ruc(number), declarant_name=f"Miner {number}", codigo_unico=f"01-{number}", district_id=ANANEA, status=s
        )
        for number, s in enumerate(statuses)
    )
    ReinfoRecord.objects.create(
        ruc=ruc(99), declarant_name="Miner elsewhere", codigo_unico="09", district_id=SAN_GABAN, status="vigente"
    )
    response = client.get(f"/provinces/{PUTINA}/")
    counts = {status: number for status, _label, number in response.context["reinfo"]}
    assert counts == {"vigente": 2, "suspendido": 1, "excluido": 1, "not_listed": 0}
    assert response.context["reinfo_total"] == 4
    html = response.content.decode()
    assert f'href="/reinfo/?province={PUTINA}&amp;status=vigente"' in html
    assert f'href="/reinfo/?province={PUTINA}"' in html
    assert client.get(f"/regions/{PUNO}/").context["reinfo_total"] == 5


def test_profile_links_the_places_own_atom_feed(client: Client) -> None:
    html = client.get(f"/districts/{TAMBOPATA_DISTRICT}/").content.decode()
    feed = f"/feeds/districts/{TAMBOPATA_DISTRICT}/"
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html
    assert f'<a href="{feed}" class="feed-link">' in html


def test_profile_map_draws_the_places_incidents_from_the_api(client: Client) -> None:
    response = client.get(f"/provinces/{PUTINA}/")
    assert response.context["map_points_url"] == f"/incidents/export/?format=geojson&province={PUTINA}"


def test_profile_chart_counts_the_listed_incidents_by_month(client: Client, puno) -> None:
    series = client.get(f"/districts/{ANANEA}/").context["casualty_series"]
    assert [(row["month"], row["killed"]) for row in series] == [
        (datetime.date(2025, 6, 1), 2),
        (datetime.date(2025, 7, 1), 3),
    ]


@pytest.mark.parametrize("as_editor", [False, True])
def test_a_region_charts_from_the_rollup_what_its_listed_incidents_give(
    client: Client, puno, django_user_model, as_editor: bool
) -> None:
    reader = editor_client(django_user_model) if as_editor else client
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(f"/regions/{PUNO}/")
    assert any("incidents_incidentregionmonthrollup" in query["sql"] for query in queries.captured_queries)
    chart = response.context["casualty_series"]
    listed = monthly_casualties(Incident.objects.filter(pk__in=[i.pk for i in listed_incidents(response)]))
    assert list(chart) == list(listed)
    assert [(t.year, t.incidents, t.killed) for t in chart.year_only] == [
        (t.year, t.incidents, t.killed) for t in listed.year_only
    ]
    assert (chart.totals["killed"] >= 100) is as_editor  # the draft's 100, for editors only


# ---------------------------------------------------------------- profiles: pages and query counts


def test_profile_pages_through_many_incidents_and_links_to_the_filtered_list(client: Client) -> None:
    add_many(30, place(PUNO, PUTINA, ANANEA))
    first = client.get(f"/districts/{ANANEA}/")
    second = client.get(f"/districts/{ANANEA}/?page=2")
    shown = len(first.context["incident_page"].object_list) + len(second.context["incident_page"].object_list)
    assert shown == first.context["totals"].incidents == 30
    assert first.context["totals"].figures("killed") == (30, 30, 60)
    html = first.content.decode()
    assert 'href="?page=2#incidents"' in html
    assert f'href="/incidents/?district={ANANEA}"' in html


# Every profile: the place (with its parents); the incidents' totals, their page and their
# chart by month; the operations' totals and latest ones; REINFO records counted by status;
# the mining sites; the protected areas; the context figures; the latest change of its
# incidents ("last updated"). Regions and provinces add their sub-places and the incidents
# tallied per sub-place, and the summary reports.
@pytest.mark.parametrize(
    ("url", "queries"),
    [(f"/regions/{PUNO}/", 13), (f"/provinces/{PUTINA}/", 13), (f"/districts/{ANANEA}/", 11)],
)
def test_profiles_run_the_same_queries_for_3_or_30_incidents(
    client: Client, django_assert_num_queries, url, queries
) -> None:
    add_many(3, place(PUNO, PUTINA, ANANEA))
    with django_assert_num_queries(queries):
        client.get(url)
    add_many(27, place(PUNO, PUTINA, ANANEA))
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.context["totals"].incidents == 30


def test_profiles_print_numbers_in_the_readers_language(client: Client) -> None:
    EnforcementOperation.objects.create(
        title="Machinery destroyed in Huepetuhe",
        kind=OperationKind.MACHINERY_DESTROYED,
        date_start=datetime.date(2025, 3, 1),
        date_end=datetime.date(2025, 3, 1),
        status=ModerationStatus.PUBLISHED,
        value_destroyed=Decimal("1234567.50"),
        **place(MADRE_DE_DIOS),
    )
    spanish = client.get(f"/regions/{MADRE_DE_DIOS}/", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 200
    html = spanish.content.decode()
    assert '<html lang="es">' in html
    assert "23.142" in html
    assert "S/ 1,2" in html  # 1.2 million, with the Spanish decimal comma
    english = client.get(f"/regions/{MADRE_DE_DIOS}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "23,142" in english
    assert "S/ 1.2 million" in english
