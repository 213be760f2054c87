"""/incidents/ and /incidents/<id>/: filters, sorting, pagination, exports, drafts, figures and privacy."""

import csv
import datetime
import html
import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import pages
from core.citation import MESES
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from incidents.services import add_claim
from regions.models import MiningSite

pytestmark = pytest.mark.django_db

URL = "/incidents/"
NEW_YEAR = "Armed attack on informal miners at a tunnel entrance, La Libertad"
MAY_2025 = "Attack by criminal gangs kills 13 miners, La Libertad"
RIOTS = "Police gunfire kills three during miners' strike riots, Puerto Maldonado"
RESCUE = "Police rescue about 200 trafficked women and girls from brothels, Madre de Dios"
ARSON = "Illegal miners set fire to a police-military post, La Pampa"
ALL_REAL = {NEW_YEAR, MAY_2025, RIOTS, RESCUE, ARSON}


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


def make_editor() -> User:
    editor = User.objects.create_user("editor", password="not-used")
    editor.user_permissions.add(Permission.objects.get(codename="change_incident", content_type__app_label="incidents"))
    return editor


def row_titles(response) -> list[str]:
    """The titles in the results table, in order, as the reader sees them."""
    body = response.content.decode()
    tbody = re.search(r"<tbody>(.*?)</tbody>", body, re.S)
    if tbody is None:
        return []
    return [html.unescape(title) for title in re.findall(r'<a href="/incidents/\d+/">([^<]*)</a>', tbody.group(1))]


def listed(client: Client, query: str = "") -> set[str]:
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200, response.content
    return set(row_titles(response))


def hrefs(response, css_attribute: str) -> dict[str, str]:
    """Links marked with a data-* attribute, by that attribute's value, unescaped."""
    body = response.content.decode()
    return {
        value: html.unescape(href) for href, value in re.findall(rf'<a href="([^"]*)" {css_attribute}="([^"]*)"', body)
    }


def incident(title: str) -> Incident:
    return Incident.objects.get(title=title)


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_the_published_incidents_with_their_count_and_figures(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert set(row_titles(response)) == ALL_REAL
    body = response.content.decode()
    assert "5 incidents match these filters." in body
    assert "<h1>Incidents</h1>" in body
    assert body.count("<h1") == 1
    # Newest first by default, each date at its precision.
    assert row_titles(response)[:2] == [NEW_YEAR, MAY_2025]
    assert re.search(r'<td [^>]*class="nowrap">May 2025</td>', body)
    assert "1 May 2025" not in body
    assert "Tambopata, Tambopata, Madre de Dios" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=13", {NEW_YEAR, MAY_2025}),
        ("region=17", {RIOTS, RESCUE, ARSON}),
        ("region=17&province=1701", {RIOTS}),
        ("region=17&province=1701&district=170101", {RIOTS}),
        ("date_from=2025-01-01", {NEW_YEAR, MAY_2025}),
        ("date_to=2011-12-31", {RESCUE}),
        ("date_from=2022-01-01&date_to=2022-12-31", {ARSON}),
        ("type=massacre", {MAY_2025}),
        ("type=trafficking", {RESCUE}),
        ("min_killed=3", {NEW_YEAR, MAY_2025, RIOTS}),
        ("min_killed=13", {MAY_2025}),
        ("q=maldonado", {RIOTS}),
        ("q=pampa", {ARSON}),
        ("region=17&date_from=2022-01-01", {ARSON}),
    ],
)
def test_each_filter_narrows_the_list(client: Client, query: str, expected: set[str]) -> None:
    assert listed(client, query) == expected


def test_the_actor_filter_narrows_the_list_to_incidents_of_that_actor(client: Client) -> None:
    gangs = Actor.objects.get(name="Criminal gangs (unidentified)")
    police = Actor.objects.get(name="National Police of Peru (PNP)")
    assert listed(client, f"actor={gangs.pk}") == {MAY_2025}
    assert listed(client, f"actor={police.pk}") == {RIOTS, RESCUE}


def test_the_list_counts_matches_in_the_readers_language(client: Client) -> None:
    response = client.get(URL + "?region=13", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    body = response.content.decode()
    assert "1 incident matches" not in body
    assert "2" in re.search(r'<p class="result-count">(.*?)</p>', body, re.S).group(1)


def test_no_match_says_so_and_offers_the_whole_list(client: Client) -> None:
    response = client.get(URL + "?type=kidnapping")
    assert response.status_code == 200
    assert row_titles(response) == []
    body = response.content.decode()
    assert "0 incidents match these filters." in body
    assert "No incidents match these filters." in body


def test_one_match_is_counted_in_the_singular(client: Client) -> None:
    assert "1 incident matches these filters." in client.get(URL + "?type=massacre").content.decode()


def test_the_form_shows_the_current_filter_and_only_the_provinces_of_the_chosen_region(client: Client) -> None:
    body = client.get(URL + "?region=17&province=1701&q=maldonado&min_killed=1").content.decode()
    assert '<option value="17" selected>Madre de Dios</option>' in body
    assert '<option value="1701" selected>Tambopata</option>' in body
    assert '<option value="1702">Manu</option>' in body
    assert '<option value="1308"' not in body  # Pataz lies in La Libertad
    # Districts of the chosen province only.
    assert '<option value="170101">Tambopata</option>' in body
    assert '<option value="170201"' not in body
    assert 'name="q" value="maldonado"' in body
    assert 'name="min_killed" value="1"' in body


def test_without_a_region_the_province_and_district_selects_wait_for_one(client: Client) -> None:
    body = client.get(URL).content.decode()
    province = re.search(r'<select id="id_province".*?</select>', body, re.S).group(0)
    assert "disabled" in province
    assert "Choose a region first." in body
    assert '<option value="1701"' not in body


def test_several_codes_in_the_url_show_as_one_chosen_option(client: Client) -> None:
    response = client.get(URL + "?type=massacre,trafficking")
    assert set(row_titles(response)) == {MAY_2025, RESCUE}
    body = response.content.decode()
    assert '<option value="massacre,trafficking" selected>' in body


def test_a_plain_form_submission_drops_empty_fields_from_the_url(client: Client) -> None:
    response = client.get(URL + "?region=13&province=&district=&date_from=&date_to=&type=&actor=&min_killed=&q=")
    assert response.status_code == 302
    assert response["Location"] == "/incidents/?region=13"


def test_a_province_outside_the_newly_chosen_region_is_dropped(client: Client) -> None:
    response = client.get(URL + "?region=13&province=1701&district=170101")
    assert response.status_code == 302
    assert response["Location"] == "/incidents/?region=13"
    response = client.get(URL + "?region=17&province=1701&district=130801")
    assert response["Location"] == "/incidents/?region=17&province=1701"


def test_the_list_sorts_by_each_column_and_marks_the_sorted_one(client: Client) -> None:
    response = client.get(URL + "?sort=title")
    assert row_titles(response) == sorted(ALL_REAL)
    body = response.content.decode()
    assert re.search(r'<th scope="col" aria-sort="ascending">\s*<a href="\?sort=-title">Title</a>', body)
    assert body.count("aria-sort=") == 1
    assert row_titles(client.get(URL + "?sort=-title")) == sorted(ALL_REAL, reverse=True)
    assert row_titles(client.get(URL + "?sort=-date"))[0] == RESCUE
    killed = row_titles(client.get(URL + "?sort=killed"))
    assert killed[0] == MAY_2025 and killed[-1] == RESCUE  # unknown tolls last
    assert row_titles(client.get(URL + "?sort=-killed"))[0] == RESCUE
    assert row_titles(client.get(URL + "?sort=place"))[:2] in ([NEW_YEAR, MAY_2025], [MAY_2025, NEW_YEAR])
    # Types sort by their name in the reader's language, not by code.
    assert row_titles(client.get(URL + "?sort=type")) == [NEW_YEAR, ARSON, RESCUE, MAY_2025, RIOTS]
    spanish = row_titles(client.get(URL + "?sort=type", HTTP_ACCEPT_LANGUAGE="es"))
    assert len(spanish) == 5
    # An unknown sort falls back to the default, newest first.
    assert row_titles(client.get(URL + "?sort=nonsense"))[0] == NEW_YEAR


def test_sort_links_keep_the_filter(client: Client) -> None:
    body = client.get(URL + "?region=17&sort=killed").content.decode()
    assert '<th scope="col" aria-sort="descending" class="number">' in body
    assert 'href="?region=17&amp;sort=-killed"' in body
    assert 'href="?region=17&amp;sort=title"' in body


def test_the_list_is_paginated_and_page_links_keep_filter_and_sort(client: Client) -> None:
    Incident.objects.bulk_create(
        Incident(
            title=f"Paged incident {number:02d}",
            incident_type="extortion",
            date_start=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            date_end=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            date_precision="day",
            region_id="12",
            place_precision="region",
            status="published",
        )
        for number in range(60)
    )
    first = client.get(URL + "?region=12&sort=title")
    assert len(row_titles(first)) == 50
    assert row_titles(first)[0] == "Paged incident 00"
    body = first.content.decode()
    assert "60 incidents match these filters." in body
    assert "Page 1 of 2" in body
    assert 'href="?region=12&amp;sort=title&amp;page=2"' in body
    second = client.get(URL + "?region=12&sort=title&page=2")
    assert row_titles(second) == [f"Paged incident {number:02d}" for number in range(50, 60)]
    assert "Page 2 of 2" in second.content.decode()


def add_capped_incidents(count: int) -> None:
    """`count` published incidents in Junín, titled in order, in one INSERT."""
    Incident.objects.bulk_create(
        Incident(
            title=f"Capped incident {number:04d}",
            incident_type="extortion",
            date_start=datetime.date(2024, 1, 1),
            date_end=datetime.date(2024, 1, 1),
            region_id="12",
            status="published",
        )
        for number in range(count)
    )


@pytest.fixture
def more_than_the_cap(monkeypatch) -> None:
    """A cap of 1,000 (to keep the rows few) and 1,001 matching incidents."""
    monkeypatch.setattr(pages, "COUNT_CAP", 1000)
    add_capped_incidents(1001)


def test_more_matches_than_the_cap_are_counted_as_more_than_the_cap(client: Client, more_than_the_cap) -> None:
    body = client.get(URL + "?region=12&sort=title").content.decode()
    assert "More than 1,000 incidents match these filters." in body
    assert "1,001" not in body
    assert "Incidents 1 to 50 of more than 1,000." in body
    assert "Page 1 of more than 20" in body
    assert "Pages stop after the first 1,000; narrow the filters or sort the other way to see the rest." in body
    htmx = client.get(URL + "?region=12&sort=title", HTTP_HX_REQUEST="true").content.decode()
    assert '<div id="results-announcer" data-hx-swap-oob="innerHTML">More than 1,000 incidents match' in htmx


def test_more_matches_than_the_cap_are_counted_as_more_than_the_cap_in_spanish(
    client: Client, more_than_the_cap
) -> None:
    body = client.get(URL + "?region=12&sort=title", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Más de 1.000 incidentes coinciden con estos filtros." in body
    assert "Incidentes 1 a 50 de más de 1.000." in body
    assert "Página 1 de más de 20" in body
    assert "Las páginas se detienen tras los primeros 1.000" in body


def test_a_page_past_the_cap_shows_the_last_page_within_it(client: Client, more_than_the_cap) -> None:
    response = client.get(URL + "?region=12&sort=title&page=25")
    assert response.status_code == 200
    assert row_titles(response) == [f"Capped incident {number:04d}" for number in range(950, 1000)]
    body = response.content.decode()
    assert "Page 20 of more than 20" in body
    assert 'rel="next"' not in body and 'rel="prev"' in body


def test_a_count_at_the_cap_is_exact(client: Client, monkeypatch) -> None:
    monkeypatch.setattr(pages, "COUNT_CAP", 60)
    add_capped_incidents(60)
    body = client.get(URL + "?region=12").content.decode()
    assert "60 incidents match these filters." in body
    assert "More than" not in body and "Pages stop" not in body


def test_the_list_counts_no_further_than_one_past_the_cap(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + "?q=mineros").status_code == 200
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert counts, "the list counts its matches"
    for sql in counts:
        assert f"LIMIT {pages.COUNT_CAP + 1}" in sql, sql


def test_export_links_carry_exactly_the_filter(client: Client) -> None:
    response = client.get(URL + "?region=13&date_from=2025-01-01&sort=title&page=1")
    links = hrefs(response, "data-format")
    assert set(links) == {"csv", "geojson", "acled", "ucdp"}
    for format_name, href in links.items():
        assert href == f"/incidents/export/?format={format_name}&region=13&date_from=2025-01-01"


def test_the_csv_and_geojson_export_links_give_the_same_incidents_as_the_page(client: Client) -> None:
    links = hrefs(client.get(URL + "?region=17&date_from=2012-01-01"), "data-format")
    csv_body = b"".join(client.get(links["csv"]).streaming_content).decode()
    assert RIOTS in csv_body and ARSON in csv_body and RESCUE not in csv_body
    geojson = client.get(links["geojson"])
    assert geojson.status_code == 200


@pytest.mark.parametrize("format_name", ["csv", "geojson", "acled", "ucdp"])
def test_the_list_asked_for_a_format_redirects_to_the_export_of_exactly_its_filter(
    client: Client, format_name: str
) -> None:
    page_query = "region=17&date_from=2012-01-01&sort=title&page=1"
    link = hrefs(client.get(f"{URL}?{page_query}"), "data-format")[format_name]

    response = client.get(f"{URL}?{page_query}&format={format_name}")

    assert response.status_code == 302
    assert response["Location"] == link == f"/incidents/export/?format={format_name}&region=17&date_from=2012-01-01"
    export = client.get(response["Location"])
    assert export.status_code == 200
    body = (b"".join(export.streaming_content) if export.streaming else export.content).decode()
    # The riots and the arson, as on the page (each drawn at its place's point).
    if format_name == "geojson":
        collection = json.loads(body)
        assert collection["metadata"]["features"] == 2
        assert all(feature["properties"]["point_is_area"] for feature in collection["features"])
    else:
        assert len(list(csv.DictReader(io.StringIO(body)))) == 2


def test_a_format_with_a_stale_province_exports_the_filter_the_page_would_show(client: Client) -> None:
    response = client.get(f"{URL}?region=17&province=1301&format=csv")

    assert response.status_code == 302
    assert response["Location"] == "/incidents/export/?format=csv&region=17"


def test_without_a_filter_the_export_links_take_everything(client: Client) -> None:
    links = hrefs(client.get(URL), "data-format")
    assert links["csv"] == "/incidents/export/?format=csv"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("date_from=2025-13-45", "date_from", "Enter a valid date."),
        ("region=99", "region", "No region has the code 99."),
        ("province=13", "province", "exactly 4 digits"),
        ("min_killed=-1", "min_killed", "greater than or equal to 0"),
        ("type=volcano", "type", "volcano"),
    ],
)
def test_a_refused_filter_value_is_a_400_with_the_error_next_to_the_field(
    client: Client, query: str, field: str, message: str
) -> None:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    body = response.content.decode()
    errors = re.search(rf'<div class="field-errors" id="errors-{field}"[^>]*>(.*?)</div>', body, re.S).group(1)
    assert message in html.unescape(errors)
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', body, re.S)
    assert row_titles(response) == []
    assert "a filter value was refused" in body
    assert 'data-format="csv"' not in body


def test_a_refused_date_is_repeated_since_a_date_field_cannot_show_it(client: Client) -> None:
    body = html.unescape(client.get(URL + "?date_from=2025-13-45").content.decode())
    assert "You gave: “2025-13-45”" in body


def test_drafts_are_hidden_from_the_public(client: Client) -> None:
    make_incident(title="Unreviewed draft", status="draft")
    make_incident(title="Waiting for review", status="in_review")
    make_incident(title="Withdrawn report", status="retracted", retraction_reason="Duplicate of another record.")
    titles = listed(client)
    assert titles == ALL_REAL
    assert "Draft" not in client.get(URL).content.decode()


def test_an_editor_sees_drafts_with_their_status_badge(client: Client) -> None:
    make_incident(title="Unreviewed draft", status="draft")
    make_incident(title="Waiting for review", status="in_review")
    client.force_login(make_editor())
    response = client.get(URL)
    assert {"Unreviewed draft", "Waiting for review"} <= set(row_titles(response))
    body = response.content.decode()
    assert re.search(r'<span class="status-badge status-badge--draft">[Dd]raft</span>', body)
    assert re.search(r'<span class="status-badge status-badge--in_review">[Ii]n review</span>', body)
    assert "Signed in as an editor" in body


def test_htmx_asks_for_the_results_only_and_gets_the_place_selects_refreshed(client: Client) -> None:
    response = client.get(URL + "?region=17", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    assert set(row_titles(response)) == {RIOTS, RESCUE, ARSON}
    assert '<div class="field" id="province-field" data-hx-swap-oob="true">' in body
    assert '<option value="1701">Tambopata</option>' in body
    assert '<div id="results-announcer" data-hx-swap-oob="innerHTML">3 incidents match these filters.' in body
    assert 'id="errors-date_from" data-errors-for="id_date_from" data-hx-swap-oob="true"' in body


def test_htmx_with_a_stale_province_gets_the_cleaned_url_to_push(client: Client) -> None:
    response = client.get(URL + "?region=13&province=1701&q=", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/incidents/?region=13"
    assert set(row_titles(response)) == {NEW_YEAR, MAY_2025}


def test_htmx_with_a_refused_value_is_a_400_carrying_the_field_error(client: Client) -> None:
    response = client.get(URL + "?min_killed=-3", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    body = response.content.decode()
    assert re.search(r'id="errors-min_killed" data-errors-for="id_min_killed" data-hx-swap-oob="true"><ul', body)


def test_htmx_answers_carry_the_sort_for_the_form_to_keep(client: Client) -> None:
    sorted_body = client.get(URL + "?region=17&sort=killed", HTTP_HX_REQUEST="true").content.decode()
    assert '<span id="filter-sort" data-hx-swap-oob="true"><input type="hidden" name="sort" value="killed"></span>' in (
        sorted_body
    )
    default_body = client.get(URL + "?region=17", HTTP_HX_REQUEST="true").content.decode()
    assert '<span id="filter-sort" data-hx-swap-oob="true"></span>' in default_body


def test_several_regions_show_as_one_chosen_option_with_the_provinces_of_each(client: Client) -> None:
    response = client.get(URL + "?region=13,17")
    assert set(row_titles(response)) == ALL_REAL
    body = response.content.decode()
    assert '<option value="13,17" selected>La Libertad, Madre de Dios</option>' in body
    assert '<option value="1308">Pataz</option>' in body and '<option value="1701">Tambopata</option>' in body


def test_the_form_is_wired_for_htmx_and_works_as_a_plain_get_form(client: Client) -> None:
    body = client.get(URL).content.decode()
    form = re.search(r"<form class=\"filters incident-filters\"[^>]*>", body, re.S).group(0)
    assert 'method="get"' in form and 'action="/incidents/"' in form
    assert 'data-hx-get="/incidents/"' in form and 'data-hx-target="#results"' in form
    assert 'data-hx-push-url="true"' in form
    assert 'data-hx-params="not province,district"' in body
    for name in ("region", "province", "district", "date_from", "date_to", "type", "actor", "min_killed", "q"):
        assert f'<label for="id_{name}">' in body
        assert f'name="{name}"' in body
    assert "<script>" not in body and "onclick" not in body and 'style="' not in body


def list_queries(client: Client, django_assert_num_queries, rows: int) -> None:
    # Expect 5 queries: the regions, the provinces of the region, the actors, the count and the
    # page of incidents with their places. The region code is checked against the codes the
    # process has read (see core.api.filters.unknown_codes).
    with django_assert_num_queries(5):
        response = client.get(URL + "?region=12&sort=killed")
    assert len(row_titles(response)) == rows


def test_the_list_runs_the_same_queries_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    for number in range(3):
        make_incident(title=f"Counted {number}", district_id="120101", province_id="1201", place_precision="district")
    list_queries(client, django_assert_num_queries, 3)
    for number in range(3, 30):
        make_incident(title=f"Counted {number}", district_id="120101", province_id="1201", place_precision="district")
    list_queries(client, django_assert_num_queries, 30)


# One incident ---------------------------------------------------------------------------------


def test_the_incident_page_shows_its_figures_claims_and_sources(client: Client) -> None:
    new_year = incident(NEW_YEAR)
    response = client.get(f"/incidents/{new_year.pk}/")
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert f'<h1 id="incident-title">{NEW_YEAR}</h1>' in body
    assert body.count("<h1") == 1
    assert "31 December 2025 – 1 January 2026" in body
    assert "Armed attack" in body
    # The figures per outcome: low, best, high.
    figures = re.search(r'<table class="figure-table[^"]*">.*?</table>', body, re.S).group(0)
    assert re.search(r"Killed</th>\s*<td[^>]* class=\"number\">3</td>\s*<td[^>]* class=\"number best\">3</td>", figures)
    assert re.search(r"Missing</th>\s*<td[^>]* class=\"number\">7</td>", figures)
    assert "Injured" not in figures
    # Each source's dated claim, with its wording and grade.
    claims = re.search(r'<table class="claim-table[^"]*">.*?</table>', body, re.S).group(0)
    assert claims.count("<tr") == 3
    assert "at least 3" in claims and "at least 7" in claims
    assert "Peru mine attack: 3 dead and 7 missing in La Libertad" in claims
    assert "Reliable sources" in claims
    assert "1 January 2026" in claims
    # The sources, the place with its link, the actors and the site.
    sources = re.search(r'<ul class="source-list">.*?</ul>', body, re.S).group(0)
    assert (
        "Report on an armed attack on informal miners in La Libertad on New Year&#x27;s Eve"
        in html.escape(sources, quote=True)
        or "New Year's Eve" in sources
    )
    assert "undated" in sources and "English" in sources
    assert '<a href="/regions/13/">La Libertad</a>' in body
    assert "Remote mining town (district not named)" in body
    assert "Unidentified armed assailants" in body and "Perpetrators" in body and "Targets" in body
    site = MiningSite.objects.get(import_key="site-la-libertad-new-year-tunnel")
    assert f'<a href="/sites/{site.pk}/">' in body


def test_a_month_precise_incident_shows_its_month_not_a_day(client: Client) -> None:
    body = client.get(f"/incidents/{incident(MAY_2025).pk}/").content.decode()
    assert "May 2025" in body
    assert "1 May 2025" not in body
    assert "known to: month" in body


def test_a_district_level_incident_links_each_level_of_its_place(client: Client) -> None:
    body = client.get(f"/incidents/{incident(RIOTS).pk}/").content.decode()
    assert '<a href="/districts/170101/">Tambopata</a>' in body
    assert '<a href="/provinces/1701/">Tambopata</a>' in body
    assert '<a href="/regions/17/">Madre de Dios</a>' in body


def test_source_links_open_the_source(client: Client) -> None:
    riots = incident(RIOTS)
    source = Source.objects.create(
        outlet="El Comercio", title="Tres muertos en Puerto Maldonado", url="https://example.org/nota", language="es"
    )
    source.published_on = datetime.date(2012, 3, 16)
    source.save()
    riots.sources.add(source)
    Claim.objects.create(incident=riots, source=source, claimed_on=datetime.date(2012, 3, 16), killed=3)
    body = client.get(f"/incidents/{riots.pk}/").content.decode()
    link = '<a href="https://example.org/nota" rel="noopener" hreflang="es">Tres muertos en Puerto Maldonado</a>'
    assert link in body
    assert "El Comercio" in body and "16 March 2012" in body and "Spanish" in body


def test_private_casualty_names_and_ages_never_reach_the_public(client: Client) -> None:
    arson = incident(ARSON)
    Casualty.objects.create(incident=arson, outcome="killed", role="security_forces", name="Juan Quispe Mamani", age=37)
    Casualty.objects.create(
        incident=arson, outcome="injured", role="civilian", name="Rosa Huamán", age=52, name_is_public=True
    )
    for viewer in (None, make_editor()):
        if viewer:
            client.force_login(viewer)
        body = html.unescape(client.get(f"/incidents/{arson.pk}/").content.decode())
        assert "Juan Quispe" not in body and "Quispe" not in body
        assert "37 years" not in body
        assert "name withheld" in body
        assert "Rosa Huamán, 52 years" in body


def test_unnamed_groups_are_counted_without_a_name(client: Client) -> None:
    body = client.get(f"/incidents/{incident(NEW_YEAR).pk}/").content.decode()
    casualties = re.search(r'<table class="casualty-table">.*?</table>', body, re.S).group(0)
    assert "not named" in casualties
    assert re.search(r'Missing\s*</td>\s*<td>Miner</td>\s*<td class="number">7</td>', casualties)


def test_the_cite_block_gives_title_veta_permalink_and_access_date(client: Client) -> None:
    new_year = incident(NEW_YEAR)
    body = html.unescape(client.get(f"/incidents/{new_year.pk}/").content.decode())
    cite = re.search(r'<blockquote class="citation-apa">(.*?)</blockquote>', body, re.S).group(1)
    today = timezone.localdate()
    changed = timezone.localdate(new_year.updated_at)
    assert cite == (
        f"Veta. ({changed.year}, {changed.strftime('%B')} {changed.day}). {NEW_YEAR} "
        "(at least 3 killed, at least 7 missing). In Veta: violence around "
        f"illegal and informal gold mining in Peru [Data set]. Retrieved {today.strftime('%B')} {today.day}, "
        f"{today.year}, from http://testserver/incidents/{new_year.pk}/. Licence: CC-BY-4.0."
    )
    bibtex = re.search(r'<pre class="citation-bibtex"[^>]*><code>(.*?)</code></pre>', body, re.S).group(1)
    assert f"url = {{http://testserver/incidents/{new_year.pk}/}}," in bibtex
    assert f"urldate = {{{today.isoformat()}}}," in bibtex


def test_the_cite_block_dates_the_access_in_the_readers_language(client: Client) -> None:
    new_year = incident(NEW_YEAR)
    body = html.unescape(client.get(f"/incidents/{new_year.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode())
    cite = re.search(r'<blockquote class="citation-apa">(.*?)</blockquote>', body, re.S).group(1)
    today = timezone.localdate()
    assert f"Recuperado el {today.day} de {MESES[today.month - 1]} de {today.year}" in cite


def test_related_incidents_share_the_site_or_district_and_are_published(client: Client) -> None:
    riots = incident(RIOTS)
    same_district = make_incident(
        title="Earlier clash in Tambopata",
        region_id="17",
        province_id="1701",
        district_id="170101",
        place_precision="district",
    )
    make_incident(
        title="Draft clash in Tambopata",
        region_id="17",
        province_id="1701",
        district_id="170101",
        place_precision="district",
        status="draft",
    )
    make_incident(title="Elsewhere in Madre de Dios", region_id="17")
    body = client.get(f"/incidents/{riots.pk}/").content.decode()
    related = re.search(r'<ul class="related-list">.*?</ul>', body, re.S).group(0)
    assert f'<a href="/incidents/{same_district.pk}/">Earlier clash in Tambopata</a>' in related
    assert "Draft clash" not in related and "Elsewhere" not in related and RIOTS not in html.unescape(related)
    arson = incident(ARSON)
    at_la_pampa = make_incident(title="Another fire at La Pampa", region_id="17", site=arson.site)
    body = client.get(f"/incidents/{arson.pk}/").content.decode()
    assert f'<a href="/incidents/{at_la_pampa.pk}/">Another fire at La Pampa</a>' in body


def test_a_draft_is_404_for_the_public_and_shown_with_its_badge_to_an_editor(client: Client) -> None:
    draft = make_incident(title="Unchecked report", status="draft")
    assert client.get(f"/incidents/{draft.pk}/").status_code == 404
    in_review = make_incident(title="Checked once", status="in_review")
    assert client.get(f"/incidents/{in_review.pk}/").status_code == 404
    client.force_login(make_editor())
    response = client.get(f"/incidents/{draft.pk}/")
    assert response.status_code == 200
    assert re.search(r'<span class="status-badge status-badge--draft">[Dd]raft</span>', response.content.decode())


def test_a_retracted_incident_keeps_its_page_with_the_reason_shown_first(client: Client) -> None:
    retracted = make_incident(
        title="Attack that did not happen", status="retracted", retraction_reason="The only source withdrew its report."
    )
    response = client.get(f"/incidents/{retracted.pk}/")
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "This incident was retracted" in body
    assert "The only source withdrew its report." in body
    assert body.index("This incident was retracted") < body.index("What happened") if "What happened" in body else True
    assert re.search(r'<span class="status-badge status-badge--retracted">[Rr]etracted</span>', body)
    assert "Attack that did not happen" not in listed(client)


def test_an_unknown_incident_is_404(client: Client) -> None:
    assert client.get("/incidents/999999/").status_code == 404


def test_an_incident_with_coordinates_shows_a_small_map_of_its_point(client: Client) -> None:
    pointed = make_incident(
        title="Shooting at a dredge",
        region_id="17",
        place_precision="exact",
        latitude=Decimal("-12.593100"),
        longitude=Decimal("-69.189600"),
    )
    body = client.get(f"/incidents/{pointed.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'class="map map--small"' in body
    assert 'data-lat="-12.593100" data-lon="-69.189600"' in body
    assert 'data-title="Shooting at a dredge"' in body
    assert 'data-region="17"' in body  # its region outlined around the point
    assert "js/map.js" in body and "leaflet.js" in body


def test_an_incident_without_coordinates_shows_its_region_outlined_and_no_point(client: Client) -> None:
    body = client.get(f"/incidents/{incident(NEW_YEAR).pk}/").content.decode()
    map_element = re.search(r"<div class=\"map map--small\"[^>]*>", body).group(0)
    assert 'data-region="13"' in map_element
    assert "data-lat" not in map_element and "data-points-url" not in map_element
    assert 'aria-label="The region of the incident, La Libertad"' in map_element
    assert "No source gives coordinates, so the map outlines the region, La Libertad, with no point in it." in body
    assert "js/map.js" in body and "leaflet.js" in body


def test_the_incident_page_has_no_inline_script_or_style(client: Client) -> None:
    body = client.get(f"/incidents/{incident(NEW_YEAR).pk}/").content.decode()
    assert "<script>" not in body and 'style="' not in body and "onclick" not in body


def test_a_figure_from_a_discounted_claim_is_shown_but_marked_not_counted(client: Client) -> None:
    arson = incident(ARSON)
    source = Source.objects.create(title="Rumour on social media", language="es")
    add_claim(
        Claim(
            incident=arson,
            source=source,
            claimed_on=datetime.date(2022, 8, 26),
            killed=9,
            wording="up_to",
            grade="discounted",
        )
    )
    body = client.get(f"/incidents/{arson.pk}/").content.decode()
    assert '<tr class="claim--discounted">' in body
    assert "up to 9" in body and "not counted" in body
    figures = re.search(r'<table class="figure-table[^"]*">.*?</table>', body, re.S).group(0)
    assert re.search(r"Killed</th>\s*<td[^>]* class=\"number\">1</td>", figures)


def test_the_incident_page_runs_a_fixed_number_of_queries(client: Client, django_assert_num_queries) -> None:
    new_year = incident(NEW_YEAR)
    for number in range(5):
        Casualty.objects.create(incident=new_year, outcome="injured", role="miner", name=f"Person {number}")
    # Expect 10 queries: the incident with its places and site; its actors, casualties, their
    # outcome changes, claims with their sources, and sources; the related incidents; the
    # corrections (the incident's history events, then its claims' events); the operations
    # linked to it (enforcement's section of the page).
    with django_assert_num_queries(10):
        response = client.get(f"/incidents/{new_year.pk}/")
    assert response.status_code == 200
    actor = Actor.objects.create(name="Another party", kind="unknown")
    IncidentActor.objects.create(incident=new_year, actor=actor, role="responder")
    with django_assert_num_queries(10):
        client.get(f"/incidents/{new_year.pk}/")


def test_the_incident_page_lists_its_public_corrections(client: Client) -> None:
    riots = incident(RIOTS)
    body = client.get(f"/incidents/{riots.pk}/").content.decode()
    assert '<h2 id="corrections-heading">Corrections</h2>' in body
    assert "No corrections since publication." in body
    riots.location_name = "Puerto Maldonado, Plaza de Armas"
    riots.save()
    body = html.unescape(client.get(f"/incidents/{riots.pk}/").content.decode())
    corrections = re.search(r'<section aria-labelledby="corrections-heading".*?</section>', body, re.S).group(0)
    assert "Puerto Maldonado, Plaza de Armas" in corrections
