"""The dashboard counts and lists published records only, its figures add up, in a fixed number of queries.

Also the monthly casualty series (incidents/charts.py) that the dashboard, the timeline and the
region pages chart.
"""

import datetime
import json
import re
from collections import defaultdict

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.figures import total_qualifier
from enforcement.models import ReinfoRecord
from incidents.charts import filtered_monthly_casualties, monthly_casualties, rolled_up_monthly_casualties
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident
from overview.views import published_casualty_totals

pytestmark = pytest.mark.django_db

D = datetime.date


def add_incidents(count: int, status: str = "published") -> None:
    Incident.objects.bulk_create(
        Incident(
            title=f"Test incident {number}",
            incident_type="armed_attack",
            date_start=datetime.date(2026, 2, 1),
            date_end=datetime.date(2026, 2, 1),
            date_precision="day",
            region_id="17",
            province_id="1701",
            district_id="170101",
            place_precision="district",
            status=status,
        )
        for number in range(count)
    )


def add_incident(
    title: str,
    start: datetime.date,
    end: datetime.date | None = None,
    precision: str = "day",
    status: str = "published",
    region: str = "13",
    **figures: tuple[int, int, int] | str,
) -> Incident:
    """An incident with (low, best, high) per outcome, e.g. killed=(3, 3, 10)."""
    values = {"retraction_reason": figures.pop("retraction_reason", "")}
    for outcome, (low, best, high) in figures.items():
        values.update({f"{outcome}_low": low, f"{outcome}_best": best, f"{outcome}_high": high})
    return Incident.objects.create(
        title=title,
        incident_type="armed_attack",
        date_start=start,
        date_end=end or start,
        date_precision=precision,
        region_id=region,
        status=status,
        **values,
    )


def python_figures() -> dict[str, tuple[int, int, int]]:
    """The dashboard's sums, computed the plain way: every published incident, unknown as 0."""
    published = list(Incident.objects.filter(status="published"))
    return {
        outcome: tuple(
            sum(getattr(i, f"{outcome}_{bound}") or 0 for i in published) for bound in ("low", "best", "high")
        )
        for outcome in ("killed", "injured", "missing")
    }


def python_monthly(incidents) -> tuple[dict, dict]:
    """Months and year-only totals the plain way: by the start date's month, year-precision apart."""
    months: dict = defaultdict(lambda: defaultdict(int))
    years: dict = defaultdict(lambda: defaultdict(int))
    for incident in incidents:
        if incident.date_precision == "year":
            bucket = years[incident.date_start.year]
        else:
            bucket = months[incident.date_start.replace(day=1)]
        bucket["incidents"] += 1
        for outcome in ("killed", "injured", "missing"):
            bucket[outcome] += getattr(incident, f"{outcome}_best") or 0
    return {k: dict(v) for k, v in months.items()}, {k: dict(v) for k, v in years.items()}


def add_varied_incidents() -> None:
    add_incident("Dashboard test: ambush", D(2024, 3, 14), killed=(2, 4, 6), injured=(1, 1, 3))
    add_incident("Dashboard test: clash", D(2024, 3, 20), killed=(1, 1, 1), missing=(0, 2, 5))
    add_incident("Dashboard test: month only", D(2024, 5, 1), D(2024, 5, 31), "month", missing=(3, 3, 3))
    add_incident("Dashboard test: no figures", D(2024, 6, 2))
    add_incident("Dashboard test: across months", D(2024, 6, 29), D(2024, 7, 2), "days", killed=(5, 5, 9))
    add_incident("Dashboard test: year only", D(2023, 1, 1), D(2023, 12, 31), "year", killed=(7, 7, 7))
    add_incident("Dashboard test: draft", D(2024, 3, 15), status="draft", killed=(100, 100, 100))
    add_incident("Dashboard test: in review", D(2024, 3, 16), status="in_review", killed=(50, 50, 50))
    add_incident(
        "Dashboard test: retracted",
        D(2024, 3, 17),
        status="retracted",
        retraction_reason="A duplicate.",
        killed=(40, 40, 40),
    )


def add_reinfo_record(ruc: str, codigo: str, status: str) -> ReinfoRecord:
    return ReinfoRecord.objects.create(
        ruc=ruc, declarant_name=f"Declarant {codigo}", codigo_unico=codigo, district_id="170101", status=status
    )


def editor_client(client: Client) -> Client:
    editor = User.objects.create_user("dashboard-editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_incident"))
    client.force_login(editor)
    return client


def test_the_home_page_runs_the_same_queries_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    add_incidents(3)
    # Expect 6 queries: the incidents' count and figure sums, the published operations'
    # count and latest change, the REINFO records per status, the casualties per month, the
    # latest incidents with their places joined in, and the incidents' latest change.
    with django_assert_num_queries(6):
        client.get("/")
    add_incidents(27)
    with django_assert_num_queries(6):
        response = client.get("/")
    assert response.content.decode().count("Test incident") == 10


def test_the_home_page_never_shows_a_draft(client: Client) -> None:
    Incident.objects.create(
        title="Unpublished draft incident",
        incident_type="kidnapping",
        date_start=datetime.date(2026, 3, 1),
        date_end=datetime.date(2026, 3, 1),
        region_id="13",
        status="draft",
    )
    body = client.get("/").content.decode()
    assert "Unpublished draft incident" not in body
    assert "Armed attack on informal miners at a tunnel entrance" in body


def test_a_month_precise_date_is_shown_as_its_month(client: Client) -> None:
    body = client.get("/").content.decode()
    assert "May 2025" in body
    assert "1 May 2025" not in body


def test_the_headline_figures_are_the_sums_over_the_published_incidents(client: Client) -> None:
    add_varied_incidents()
    response = client.get("/")
    expected = python_figures()
    shown = {row["outcome"]: (row["low"], row["best"], row["high"]) for row in response.context["figures"]}
    assert shown == expected
    assert response.context["incident_count"] == Incident.objects.filter(status="published").count()
    body = response.content.decode()
    for outcome, (low, best, high) in expected.items():
        # Said as honestly as the sums allow: "at least" with an open part (the seed attack is "at least 3
        # killed, at least 7 missing"), else exact, a range of the sums, or "up to" without a floor.
        open_parts = Incident.objects.filter(status="published", **{f"{outcome}_qualifier": "at_least"}).count()
        qualifier = total_qualifier(low, high, open_parts)
        number = {
            "exact": f"{best}",
            "range": f"{low}–{high}",
            "up_to": f"up to {high}",
            "at_least": f"at least {low}",
        }[qualifier]
        assert f'<span class="headline__total">{number} {outcome}</span>' in body
        if qualifier != "exact" and best != low:
            total = f'<span class="headline__total">{number} {outcome}</span>'
            assert re.search(rf'{total}\s*<span class="range">best estimate {best}</span>', body)
    assert "counts as 0 in these sums" in body


def test_drafts_in_review_and_retracted_incidents_are_never_counted_nor_listed(client: Client) -> None:
    before = client.get("/").context["figures"]
    add_incident("Dashboard test: draft", D(2026, 3, 15), status="draft", killed=(100, 100, 100))
    add_incident("Dashboard test: in review", D(2026, 3, 16), status="in_review", injured=(50, 50, 50))
    response = client.get("/")
    assert response.context["figures"] == before
    assert "Dashboard test" not in response.content.decode()


def test_an_editor_sees_the_same_published_figures_and_is_told_so(client: Client) -> None:
    add_incident("Dashboard test: draft", D(2026, 3, 15), status="draft", killed=(100, 100, 100))
    public = client.get("/").context["figures"]
    response = editor_client(client).get("/")
    assert response.context["figures"] == public
    body = response.content.decode()
    assert "Dashboard test: draft" not in body
    assert "published records only" in body


def test_the_operation_count_is_of_published_operations(client: Client) -> None:
    from enforcement.models import EnforcementOperation

    published = EnforcementOperation.objects.filter(status="published").count()
    assert client.get("/").context["operation_count"] == published


def test_reinfo_records_are_counted_by_status(client: Client) -> None:
    add_reinfo_record("20123456789", "010000101", "vigente")
    add_reinfo_record("20123456789", "010000102", "vigente")
    add_reinfo_record("10456789012", "010000103", "suspendido")
    add_reinfo_record("10456789013", "010000104", "excluido")
    add_reinfo_record("10456789014", "010000105", "excluido")
    add_reinfo_record("10456789015", "010000106", "excluido")
    expected = {
        status: ReinfoRecord.objects.filter(status=status).count()
        for status in ("vigente", "suspendido", "excluido", "not_listed")
    }
    response = client.get("/")
    assert {row["status"]: row["count"] for row in response.context["reinfo"]} == expected
    body = response.content.decode()
    assert re.search(rf"<dt>Excluido \(excluded\)</dt><dd>{expected['excluido']}</dd>", body)
    assert re.search(rf"<dt>No longer listed</dt><dd>{expected['not_listed']}</dd>", body)


def test_the_dashboard_links_each_latest_incident_and_the_other_pages(client: Client) -> None:
    body = client.get("/").content.decode()
    for incident in Incident.objects.published()[:10]:
        assert f'href="/incidents/{incident.pk}/"' in body
    assert 'href="/incidents/"' in body
    assert 'href="/timeline/"' in body
    assert 'href="/reinfo/"' in body
    assert 'href="/operations/"' in body


def test_the_dashboard_has_a_small_map_of_the_published_incidents(client: Client) -> None:
    body = client.get("/").content.decode()
    assert 'data-points-url="/incidents/export/?format=geojson"' in body
    assert 'href="/map/"' in body


def test_the_chart_is_an_image_with_a_label_and_the_same_figures_as_a_table(client: Client) -> None:
    add_varied_incidents()
    body = client.get("/").content.decode()
    assert re.search(r'<canvas id="dashboard-casualties" role="img"[^>]*aria-label="Bar chart of people killed', body)
    assert 'data-casualty-chart="dashboard-casualties-data"' in body
    data = json.loads(
        re.search(r'<script id="dashboard-casualties-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert [dataset["label"] for dataset in data["datasets"]] == ["Killed", "Injured", "Missing"]
    # The table lists March 2024 with its two published incidents (the drafts left out).
    assert re.search(
        r'<th scope="row"><a href="/incidents/\?date_from=2024-03-01&amp;date_to=2024-03-31">March 2024</a></th>\s*'
        r'<td[^>]* class="number">2</td>\s*'
        r'<td[^>]* class="number casualty-chart__killed">5[ <]',
        body,
    )
    # The year-only incident is shown apart, not in January 2023.
    assert "January 2023" not in body
    assert re.search(
        r'<th scope="row">during 2023</th>\s*<td[^>]* class="number">1</td>\s*'
        r'<td[^>]* class="number casualty-chart__killed">7[ <]',
        body,
    )
    assert "vendor/chart.js/chart.umd.min.js" in body
    assert "js/charts.js" in body


def test_the_chart_labels_come_translated_from_the_server(client: Client) -> None:
    client.cookies["django_language"] = "es"
    body = client.get("/").content.decode()
    data = json.loads(
        re.search(r'<script id="dashboard-casualties-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert len(data["datasets"]) == 3
    # Month labels are formatted in Spanish (e.g. "dic 2025" or "Dic 2025"), not English.
    assert any(label.lower().startswith("dic") for label in data["labels"])


def test_the_monthly_series_equals_a_plain_python_computation() -> None:
    add_varied_incidents()
    published = Incident.objects.filter(status="published")
    series = monthly_casualties(published)
    months, years = python_monthly(published)
    plain = ("incidents", "killed", "injured", "missing")
    assert {row["month"]: {k: row[k] for k in plain} for row in series} == months
    assert [row["month"] for row in series] == sorted(months)
    assert {total.year: total.incidents for total in series.year_only} == {y: v["incidents"] for y, v in years.items()}
    assert {total.year: total.killed for total in series.year_only} == {y: v["killed"] for y, v in years.items()}


def test_the_monthly_series_counts_a_range_in_its_start_month_and_a_year_never_in_january() -> None:
    add_varied_incidents()
    series = monthly_casualties(Incident.objects.filter(title__startswith="Dashboard test", status="published"))
    by_month = {row["month"]: row for row in series}
    assert by_month[D(2024, 6, 1)]["killed"] == 5  # 29 June – 2 July counts in June
    assert D(2024, 7, 1) not in by_month
    assert D(2023, 1, 1) not in by_month
    assert [(t.year, t.incidents, t.killed) for t in series.year_only] == [(2023, 1, 7)]
    assert by_month[D(2024, 6, 1)]["incidents"] == 2  # the incident without figures counts as an incident
    assert series.totals["killed"] == 4 + 1 + 5 + 7


def test_the_monthly_series_runs_one_query_and_counts_each_incident_once(django_assert_num_queries) -> None:
    from incidents.models import Actor, IncidentActor

    add_varied_incidents()
    ambush = Incident.objects.get(title="Dashboard test: ambush")
    gang = Actor.objects.create(name="Dashboard test gang", kind="criminal_group")
    IncidentActor.objects.create(incident=ambush, actor=gang, role="perpetrator")
    IncidentActor.objects.create(incident=ambush, actor=gang, role="target")
    # Filtering through the actors joins one row per role: the ambush comes twice.
    joined = Incident.objects.filter(status="published", actors=gang)
    assert len(joined) == 2
    with django_assert_num_queries(1):
        series = monthly_casualties(joined)
    assert {k: series.totals[k] for k in ("incidents", "killed", "injured", "missing")} == {
        "incidents": 1,
        "killed": 4,
        "injured": 1,
        "missing": 0,
    }


def test_the_chart_data_fills_the_months_between_with_zeros() -> None:
    add_varied_incidents()
    series = monthly_casualties(Incident.objects.filter(title__startswith="Dashboard test", status="published"))
    with translation.override("en"):
        data = series.chart_data
    assert data["labels"] == ["Mar 2024", "Apr 2024", "May 2024", "Jun 2024"]
    killed = next(dataset for dataset in data["datasets"] if dataset["key"] == "killed")
    assert killed["data"] == [5, 0, 0, 5]


# --- The series and totals read from the incident rollup ---------------------------------------


def question(query: str, sees_drafts: bool) -> IncidentFilterSet:
    """The incident list's FilterSet for `query`, over the incidents a public reader or an editor sees."""
    incidents = Incident.objects.all() if sees_drafts else Incident.objects.published()
    filterset = IncidentFilterSet(data=QueryDict(query), queryset=incidents)
    assert filterset.is_valid(), filterset.errors
    return filterset


def as_compared(series) -> tuple[list, list]:
    return list(series), [(t.year, t.incidents, t.killed, t.injured, t.missing) for t in series.year_only]


ROLLUP_QUESTIONS = [
    "",
    "region=13",
    "region=13&region=17",
    "type=armed_attack",
    "type=extortion",
    "date_from=2024-03-15&date_to=2024-06-10",
    "date_from=2023-06-01",
    "region=13&type=armed_attack&date_to=2024-05-31",
]


@pytest.mark.parametrize("sees_drafts", [False, True], ids=["public", "editor"])
@pytest.mark.parametrize("query", ROLLUP_QUESTIONS)
def test_the_rolled_up_series_equals_the_series_over_the_same_incidents(query: str, sees_drafts: bool) -> None:
    add_varied_incidents()
    add_incident("Dashboard test: elsewhere", D(2024, 3, 2), region="17", killed=(3, 3, 4))
    Incident.objects.filter(title="Dashboard test: clash").update(incident_type="extortion")
    filterset = question(query, sees_drafts)
    expected = as_compared(monthly_casualties(filterset.qs))
    assert expected != ([], [])
    assert as_compared(rolled_up_monthly_casualties(filterset.form.cleaned_data, sees_drafts)) == expected

    # Still equal after an edit, a publication and a deletion.
    Incident.objects.filter(title="Dashboard test: ambush").update(
        killed_best=5, date_start=D(2024, 4, 30), date_end=D(2024, 5, 2), date_precision="days"
    )
    Incident.objects.filter(title="Dashboard test: draft").update(status="published")
    Incident.objects.filter(title="Dashboard test: month only").delete()
    filterset = question(query, sees_drafts)
    expected = as_compared(monthly_casualties(filterset.qs))
    assert as_compared(rolled_up_monthly_casualties(filterset.form.cleaned_data, sees_drafts)) == expected


def test_the_published_totals_read_from_the_rollup_equal_a_plain_python_sum() -> None:
    add_varied_incidents()
    incident_count, figures = published_casualty_totals()
    assert incident_count == Incident.objects.filter(status="published").count()
    assert {row["outcome"]: (row["low"], row["best"], row["high"]) for row in figures} == python_figures()


@pytest.mark.parametrize(
    ("query", "from_the_rollup"),
    [
        ("", True),
        ("region=13&type=armed_attack&date_from=2024-03-15", True),
        ("province=1301", False),  # the rollup knows regions only
        ("q=ambush", False),
        ("min_killed=1", False),
    ],
)
def test_a_filtered_series_comes_from_the_rollup_only_when_it_answers_exactly(
    query: str, from_the_rollup: bool
) -> None:
    add_varied_incidents()
    Incident.objects.filter(title__startswith="Dashboard test").update(
        province_id="1301", district_id="130101", place_precision="district"
    )
    filterset = question(query, sees_drafts=False)
    with CaptureQueriesContext(connection) as queries:
        series = filtered_monthly_casualties(filterset, AnonymousUser())
    assert ("rollup" in queries[0]["sql"]) is from_the_rollup
    assert as_compared(series) == as_compared(monthly_casualties(filterset.qs))
