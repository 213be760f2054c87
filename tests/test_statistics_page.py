"""/statistics/ for analysts and the statistics as CSV: the cells sum to the totals, each links to the
incidents it counts, and the CSV opens in a spreadsheet with low, best and high per group."""

import csv
import io
import re
from html import unescape

import pytest
from django.test import Client

from incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_the_statistics_csv_has_low_best_high_per_group_and_sums_to_the_json_totals(client: Client) -> None:
    response = client.get("/api/v1/stats/incidents/?group_by=month,region&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert re.fullmatch(r'attachment; filename="veta-incident-stats-by-month-region-\d{4}-\d\d-\d\d\.csv"',
                        response["Content-Disposition"])  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and {"month", "region_code", "region_name", "incidents", "killed_low", "killed_best",
                     "killed_high", "killed_open"} <= set(rows[0])  # fmt: skip
    totals = client.get("/api/v1/stats/incidents/?group_by=month,region").json()["totals"]
    assert sum(int(row["incidents"]) for row in rows) == totals["incidents"] == Incident.objects.published().count()
    for bound in ("low", "best", "high", "open"):
        assert sum(int(row[f"killed_{bound}"]) for row in rows) == totals["killed"][bound]


def test_a_bad_question_to_the_csv_is_a_json_400_naming_it(client: Client) -> None:
    response = client.get("/api/v1/stats/incidents/?group_by=nonsense&format=csv")
    assert response.status_code == 400
    assert "group_by" in response.json()


def test_the_page_gives_qualified_cells_that_link_to_their_incidents_and_sum_to_the_total(client: Client) -> None:
    response = client.get("/statistics/?measure=incidents")
    assert response.status_code == 200
    body = unescape(response.content.decode())
    links = re.findall(r'<td class="number"><a href="(/incidents/\?[^"]+&region=\d\d)">(\d+)</a></td>', body)
    assert links
    counted = 0
    for href, shown in links:
        listed = client.get(href)
        assert listed.status_code == 200
        counted += int(shown)
        assert int(shown) <= len(listed.context["rows"])
    assert counted == Incident.objects.published().count()
    grand = re.search(r'<tfoot>.*?<td class="number"><a href="[^"]*">(\d+)</a></td>\s*</tr>\s*</tfoot>', body, re.S)
    assert int(grand.group(1)) == counted


def test_the_page_says_at_least_where_a_toll_is_open(client: Client) -> None:
    body = client.get("/statistics/?measure=killed").content.decode()
    assert "at least 3" in body  # the New Year attack in La Libertad


def test_provinces_need_a_region_and_a_bad_filter_is_named(client: Client) -> None:
    response = client.get("/statistics/?by=province")
    assert response.status_code == 400
    assert "Choose a region to see its provinces." in response.content.decode()
    assert client.get("/statistics/?by=province&region=17").status_code == 200
    response = client.get("/statistics/?date_from=2025-13-01")
    assert response.status_code == 400
    assert "date_from: Enter a valid date." in response.content.decode()


def test_the_page_sorts_by_month_or_total_and_offers_the_csv(client: Client) -> None:
    body = client.get("/statistics/?sort=month").content.decode()
    months = re.findall(r'<th scope="row">([^<]+)</th>', body)
    assert months[0] != months[-2]
    assert 'href="/api/v1/stats/incidents/?group_by=month%2Cregion&amp;format=csv"' in body
    descending = client.get("/statistics/?sort=-total&measure=incidents").content.decode()
    totals = [
        int(value) for value in re.findall(r'<td class="number"><a href="[^"]*">(\d+)</a></td>\s*</tr>', descending)
    ]
    assert totals[:-1] == sorted(totals[:-1], reverse=True)


def test_a_chart_bar_and_a_month_of_its_table_link_to_the_incidents_they_count(client: Client) -> None:
    body = unescape(client.get("/regions/17/").content.decode())
    assert 'data-month-link="/incidents/?region=17&"' in body
    month = re.search(r'<th scope="row"><a href="(/incidents/\?region=17&date_from=[\d-]+&date_to=[\d-]+)">', body)
    assert month and client.get(month.group(1)).status_code == 200
