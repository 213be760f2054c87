"""The timeline groups incidents by year and month at their date's precision, filters like the API,
hides drafts from the public, and runs a fixed number of queries."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from core import pages
from incidents import timeline as timeline_module
from incidents.charts import monthly_casualties
from incidents.models import Actor, Incident, IncidentActor

pytestmark = pytest.mark.django_db

D = datetime.date


def add_incident(
    title: str,
    start: datetime.date,
    end: datetime.date | None = None,
    precision: str = "day",
    status: str = "published",
    region: str = "13",
    incident_type: str = "armed_attack",
    killed: int | None = None,
    missing: int | None = None,
) -> Incident:
    figures = {}
    if killed is not None:
        figures.update(killed_low=killed, killed_best=killed, killed_high=killed)
    if missing is not None:
        figures.update(missing_low=missing, missing_best=missing, missing_high=missing)
    return Incident.objects.create(
        title=title,
        incident_type=incident_type,
        date_start=start,
        date_end=end or start,
        date_precision=precision,
        region_id=region,
        status=status,
        **figures,
    )


def add_many(count: int) -> None:
    Incident.objects.bulk_create(
        Incident(
            title=f"Timeline bulk {number}",
            incident_type="extortion",
            date_start=D(2019, 1 + number % 12, 1 + number % 28),
            date_end=D(2019, 1 + number % 12, 1 + number % 28),
            region_id="17",
            status="published",
            killed_low=1,
            killed_best=1,
            killed_high=2,
        )
        for number in range(count)
    )


def add_year_2019() -> None:
    add_incident("TL January attack", D(2019, 1, 20), killed=2)
    add_incident("TL March clash", D(2019, 3, 3), region="17", incident_type="clash_with_security_forces", killed=1)
    add_incident("TL May month-only", D(2019, 5, 1), D(2019, 5, 31), "month", missing=4)
    add_incident("TL year-only extortion", D(2019, 1, 1), D(2019, 12, 31), "year", incident_type="extortion", killed=6)
    add_incident("TL days over month end", D(2019, 6, 29), D(2019, 7, 2), "days", region="17", killed=3)
    add_incident("TL draft attack", D(2019, 3, 10), status="draft", killed=50)


def section(body: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id, up to the next section's start."""
    start = body.index(f'id="{heading_id}"')
    following = body.find('<section class="timeline-', start)
    return body[start : following if following != -1 else len(body)]


def editor_client(client: Client) -> Client:
    editor = User.objects.create_user("timeline-editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_incident"))
    client.force_login(editor)
    return client


def test_the_timeline_groups_incidents_by_year_and_month(client: Client) -> None:
    add_year_2019()
    response = client.get("/timeline/?date_from=2019-01-01&date_to=2019-12-31")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h2 id="year-2019">2019</h2>' in body
    # Newest first: June (the days over the month's end, under their start month), May, March, January.
    months = re.findall(r'<h3 id="month-(\d{4}-\d{2})">', body)
    assert months == ["2019-06", "2019-05", "2019-03", "2019-01"]
    assert "TL days over month end" in section(body, "month-2019-06")
    assert "month-2019-07" not in body
    assert "TL March clash" in section(body, "month-2019-03")
    assert "TL January attack" in section(body, "month-2019-01")


def test_a_year_precise_incident_is_under_its_year_not_under_january(client: Client) -> None:
    add_year_2019()
    body = client.get("/timeline/?date_from=2019-01-01&date_to=2019-12-31").content.decode()
    undated = section(body, "year-2019-undated")
    assert "During 2019, month not known" in undated
    assert "TL year-only extortion" in undated
    assert "TL year-only extortion" not in section(body, "month-2019-01")
    years = client.get("/timeline/?date_from=2019-01-01&date_to=2019-12-31").context["years"]
    assert [incident.title for incident in years[0].year_only.incidents] == ["TL year-only extortion"]


def test_a_month_precise_incident_reads_as_its_month(client: Client) -> None:
    add_year_2019()
    may = section(client.get("/timeline/?date_from=2019-01-01&date_to=2019-12-31").content.decode(), "month-2019-05")
    assert "May 2019" in may
    assert "1 May 2019" not in may
    assert "TL May month-only" in may


def test_each_item_links_its_incident_and_shows_place_and_figures(client: Client) -> None:
    incident = add_incident("TL linked", D(2018, 4, 9), region="17", killed=2, missing=1)
    body = client.get("/timeline/?date_from=2018-04-01&date_to=2018-04-30").content.decode()
    item = body[body.index("TL linked") - 300 : body.index("TL linked") + 800]
    assert f'href="/incidents/{incident.pk}/"' in item
    assert "9 April 2018" in item
    assert "Madre de Dios" in item
    assert re.search(r">2 killed</li>", item)
    assert re.search(r">1 missing</li>", item)


def test_the_order_can_be_reversed_by_a_link(client: Client) -> None:
    add_year_2019()
    body = client.get("/timeline/?date_from=2019-01-01&date_to=2019-12-31").content.decode()
    assert 'href="?date_from=2019-01-01&amp;date_to=2019-12-31&amp;sort=oldest"' in body
    body = client.get("/timeline/?date_from=2019-01-01&date_to=2019-12-31&sort=oldest").content.decode()
    assert re.findall(r'<h3 id="month-(\d{4}-\d{2})">', body) == ["2019-01", "2019-03", "2019-05", "2019-06"]
    assert "Show newest first" in body


def test_the_real_records_appear_newest_first_with_the_new_year_attack_under_december(client: Client) -> None:
    body = client.get("/timeline/").content.decode()
    years = re.findall(r'<h2 id="year-(\d{4})">', body)
    assert years == sorted(years, reverse=True)
    assert "tunnel entrance" in section(body, "month-2025-12")


def test_drafts_are_hidden_from_the_public_and_marked_for_editors(client: Client) -> None:
    add_year_2019()
    query = "/timeline/?date_from=2019-01-01&date_to=2019-12-31"
    public = client.get(query).content.decode()
    assert "TL draft attack" not in public
    editor = editor_client(client).get(query).content.decode()
    march = section(editor, "month-2019-03")
    assert "TL draft attack" in march
    assert '<span class="status-badge status-badge--draft">' in march


def test_filters_narrow_the_timeline_and_stay_in_the_form(client: Client) -> None:
    add_year_2019()
    base = "/timeline/?date_from=2019-01-01&date_to=2019-12-31"

    def titles(query: str) -> set[str]:
        response = client.get(base + query)
        assert response.status_code == 200
        return {i.title for year in response.context["years"] for g in year.groups for i in g.incidents}

    everything = {"TL January attack", "TL March clash", "TL May month-only", "TL year-only extortion"}
    assert everything | {"TL days over month end"} == titles("")
    assert titles("&region=17") == {"TL March clash", "TL days over month end"}
    assert titles("&type=extortion") == {"TL year-only extortion"}
    assert titles("&min_killed=3") == {"TL year-only extortion", "TL days over month end"}
    assert titles("&q=clash") == {"TL March clash"}
    # An overlapping date range keeps the month-only and the year-only incidents.
    assert titles("&date_from=2019-05-20&date_to=2019-05-25") == {"TL May month-only", "TL year-only extortion"}
    body = client.get(base + "&region=17&min_killed=1").content.decode()
    assert '<option value="17" selected>Madre de Dios</option>' in body
    assert 'id="id_min_killed" name="min_killed" value="1"' in body
    assert "Clear filters" in body
    csv_link = re.search(r'<a href="(/incidents/export/\?[^"]*format=csv)"', body).group(1)
    assert "region=17" in csv_link
    assert "min_killed=1" in csv_link


def test_a_filter_from_the_url_that_the_form_does_not_show_is_kept_as_a_hidden_field(client: Client) -> None:
    add_year_2019()
    body = client.get("/timeline/?min_missing=1&date_from=2019-01-01").content.decode()
    assert '<input type="hidden" name="min_missing" value="1">' in body


def test_the_timeline_filters_by_province_district_and_actor_with_the_lists_selects(client: Client) -> None:
    add_year_2019()
    in_tambopata = add_incident("TL Tambopata attack", D(2019, 8, 5), region="17")
    in_tambopata.province_id, in_tambopata.place_precision = "1701", "province"
    in_tambopata.save()
    in_inambari = add_incident("TL Inambari attack", D(2019, 9, 5), region="17")
    in_inambari.province_id, in_inambari.district_id, in_inambari.place_precision = "1701", "170102", "district"
    in_inambari.save()
    gang = Actor.objects.create(name="Los Topos del Sur", kind="criminal_group")
    IncidentActor.objects.create(incident=in_inambari, actor=gang, role="perpetrator")

    def titles(query: str) -> set[str]:
        response = client.get("/timeline/?date_from=2019-01-01&date_to=2019-12-31&" + query)
        assert response.status_code == 200
        return {i.title for year in response.context["years"] for g in year.groups for i in g.incidents}

    assert titles("region=17&province=1701") == {"TL Tambopata attack", "TL Inambari attack"}
    assert titles("region=17&province=1701&district=170102") == {"TL Inambari attack"}
    assert titles(f"actor={gang.pk}") == {"TL Inambari attack"}

    body = client.get("/timeline/?region=17&province=1701").content.decode()
    form = re.search(r'<form class="filters incident-filters".*?</form>', body, re.S).group(0)
    assert '<label for="id_province">Province</label>' in form
    assert '<option value="1701" selected>Tambopata</option>' in form
    assert '<label for="id_district">District</label>' in form
    assert '<option value="170102">Inambari</option>' in form  # the districts of the chosen province
    assert '<label for="id_actor">Actor</label>' in form
    assert f'<option value="{gang.pk}">Los Topos del Sur</option>' in form
    assert 'type="hidden"' not in form  # every filter given is in the form itself
    assert "data-hx-get" not in form  # a plain GET form: the timeline reloads as a whole


def test_the_timeline_and_the_list_show_the_same_filter_fields(client: Client) -> None:
    def fields(url: str) -> list[tuple[str, str]]:
        body = client.get(url).content.decode()
        form = re.search(r'<form class="filters incident-filters".*?</form>', body, re.S).group(0)
        return re.findall(r'<(select|input)\b[^>]*\bid="(id_[a-z_]+)"', form)

    assert fields("/timeline/?region=17") == fields("/incidents/?region=17")
    assert len(fields("/timeline/")) == 9


def test_a_province_outside_the_newly_chosen_region_is_dropped_from_the_timeline(client: Client) -> None:
    response = client.get("/timeline/?region=13&province=1701&district=&q=")
    assert response.status_code == 302
    assert response["Location"] == "/timeline/?region=13"


def test_a_refused_filter_value_is_a_400_with_the_error_and_no_incidents(client: Client) -> None:
    response = client.get("/timeline/?region=99")
    assert response.status_code == 400
    body = response.content.decode()
    assert "No region has the code 99." in body
    assert response.context["years"] == []


def test_the_chart_covers_the_filtered_incidents(client: Client) -> None:
    add_year_2019()
    response = client.get("/timeline/?date_from=2019-01-01&date_to=2019-12-31&region=13")
    series = response.context["series"]
    expected = monthly_casualties(
        Incident.objects.published().filter(region_id="13", date_start__year=2019, date_end__year=2019)
    )
    assert list(series) == list(expected)
    assert series.year_only == expected.year_only
    assert len(series.year_only) == 1
    assert series.year_only[0].killed == 6
    body = response.content.decode()
    assert re.search(r'<canvas id="timeline-casualties" role="img"', body)
    assert "vendor/chart.js/chart.umd.min.js" in body


def test_the_timeline_runs_the_same_queries_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    query = "/timeline/?date_from=2019-01-01&date_to=2019-12-31"
    add_many(3)
    # Expect 5 queries: the regions and the actors for the filter's selects, the count of matching
    # incidents, the page of incidents with their places joined in, and the casualties per month.
    with django_assert_num_queries(5):
        client.get(query)
    add_many(27)
    with django_assert_num_queries(5):
        response = client.get(query)
    assert response.content.decode().count("Timeline bulk") == 30


def test_a_long_timeline_is_cut_into_pages_with_an_earlier_link(client: Client, monkeypatch) -> None:
    monkeypatch.setattr(timeline_module, "PER_PAGE", 10)
    add_many(25)
    query = "/timeline/?date_from=2019-01-01&date_to=2019-12-31"
    body = client.get(query).content.decode()
    assert body.count("Timeline bulk") == 10
    assert 'href="?date_from=2019-01-01&amp;date_to=2019-12-31&amp;page=2">Earlier incidents</a>' in body
    last = client.get(query + "&page=3").content.decode()
    assert last.count("Timeline bulk") == 5
    assert "Later incidents" in last
    assert "Earlier incidents" not in last
    # The chart still covers all 25, not one page.
    assert client.get(query + "&page=3").context["series"].totals["incidents"] == 25


def test_a_timeline_longer_than_the_cap_says_more_than_the_cap(client: Client, monkeypatch) -> None:
    monkeypatch.setattr(pages, "COUNT_CAP", 6)
    monkeypatch.setattr(timeline_module, "PER_PAGE", 2)
    add_many(7)
    query = "/timeline/?date_from=2019-01-01&date_to=2019-12-31"
    body = client.get(query).content.decode()
    assert '<p class="result-count" role="status">More than 6 incidents</p>' in body
    assert "Page 1 of more than 3" in body
    assert "Pages stop after the first 6;" in body
    client.cookies["django_language"] = "es"
    spanish = client.get(query + "&page=9").content.decode()
    assert '<p class="result-count" role="status">Más de 6 incidentes</p>' in spanish
    assert spanish.count("Timeline bulk") == 2  # the third page, the last within the cap
    assert "Las páginas se detienen tras los primeros 6" in spanish


def test_month_headings_follow_the_language(client: Client) -> None:
    add_year_2019()
    client.cookies["django_language"] = "es"
    body = client.get("/timeline/?date_from=2019-05-01&date_to=2019-05-31").content.decode()
    assert re.search(r'<h3 id="month-2019-05">mayo <span class="muted">2019</span></h3>', body, re.IGNORECASE)
