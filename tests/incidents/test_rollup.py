"""The incident rollups always equal the GROUP BY over incidents, and the statistics answer the same from them."""

import datetime
import html

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.choices import DatePrecision, FigureQualifier, ModerationStatus, PlacePrecision
from incidents import rollup
from incidents.choices import FIGURE_OUTCOMES, IncidentType
from incidents.models import Incident
from overview import synthetic

pytestmark = pytest.mark.django_db

FIGURES = [f"{outcome}_{bound}" for outcome in FIGURE_OUTCOMES for bound in ("low", "best", "high")]
KEY = "status, region_id, incident_type, start_month, end_month, year_only"
STRAIGHT = f"""
    SELECT status, region_id, incident_type, date_trunc('month', date_start)::date,
           date_trunc('month', date_end)::date, date_precision = 'year', COUNT(*),
           {", ".join(f"COALESCE(SUM({name}), 0)" for name in FIGURES)}
    FROM incidents_incident GROUP BY 1, 2, 3, 4, 5, 6
"""


def straight_group_by() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(STRAIGHT)
        return set(cursor.fetchall())


def the_rollup() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {KEY}, incidents, {', '.join(FIGURES)} FROM incidents_incidentrollup")
        return set(cursor.fetchall())


AUDIENCES = [False, True]  # with drafts or not
STRAIGHT_BY_REGION_AND_MONTH = f"""
    SELECT region_id,
           CASE WHEN date_precision = 'year' THEN make_date(extract(year FROM date_start)::int, 1, 1)
                ELSE date_start - (extract(day FROM date_start)::int - 1) END,
           date_precision = 'year', COUNT(*), {", ".join(f"COALESCE(SUM({name}), 0)" for name in FIGURES)}
    FROM incidents_incident WHERE %(with_drafts)s OR status = 'published'
    GROUP BY 1, 2, 3
"""


def straight_by_region_and_month() -> set[tuple]:
    rows = set()
    with connection.cursor() as cursor:
        for with_drafts in AUDIENCES:
            cursor.execute(STRAIGHT_BY_REGION_AND_MONTH, {"with_drafts": with_drafts})
            rows |= {(with_drafts, *row) for row in cursor.fetchall()}
    return rows


def the_region_month_rollup() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT with_drafts, region_id, month, year_only, incidents, {', '.join(FIGURES)} "
            "FROM incidents_incidentregionmonthrollup"
        )
        return set(cursor.fetchall())


def assert_rollup_is_right() -> None:
    assert the_rollup() == straight_group_by()
    assert the_region_month_rollup() == straight_by_region_and_month()


def new_incident(**fields) -> Incident:
    values = {
        "title": "Rollup test",
        "incident_type": IncidentType.ARMED_ATTACK,
        "date_start": datetime.date(2024, 3, 30),
        "date_end": datetime.date(2024, 4, 2),
        "date_precision": DatePrecision.DAYS,
        "region_id": "17",
        "place_precision": PlacePrecision.REGION,
        "status": ModerationStatus.PUBLISHED,
        "killed_low": 1,
        "killed_best": 2,
        "killed_high": 3,
        **fields,
    }
    return Incident.objects.create(**values)


def test_the_migration_filled_it_from_the_real_records():
    assert Incident.objects.exists()
    assert_rollup_is_right()


def test_it_follows_inserts_edits_status_changes_and_deletions():
    first = new_incident()
    second = new_incident(region_id="13", incident_type=IncidentType.EXTORTION, status=ModerationStatus.DRAFT)
    assert_rollup_is_right()
    first.killed_best, first.killed_high = 3, 5
    first.save()
    assert_rollup_is_right()
    first.region_id, first.date_start, first.date_end = "21", datetime.date(2019, 1, 1), datetime.date(2019, 1, 1)
    first.date_precision = DatePrecision.DAY
    first.save()
    assert_rollup_is_right()
    second.status = ModerationStatus.PUBLISHED
    second.save()
    Incident.objects.filter(pk=first.pk).update(status=ModerationStatus.IN_REVIEW)
    assert_rollup_is_right()
    first.delete()
    assert_rollup_is_right()
    Incident.objects.filter(pk=second.pk).delete()
    assert_rollup_is_right()
    # A group whose incidents are all gone is gone too.
    assert not any(row[6] == 0 for row in the_rollup())
    assert not any(row[4] == 0 for row in the_region_month_rollup())


def test_it_follows_bulk_writes_raw_sql_and_year_dates():
    Incident.objects.bulk_create(
        [
            Incident(
                title=f"Bulk {number}",
                incident_type=IncidentType.KIDNAPPING,
                date_start=datetime.date(2018, 1, 1),
                date_end=datetime.date(2018, 12, 31),
                date_precision=DatePrecision.YEAR,
                region_id="04",
                place_precision=PlacePrecision.REGION,
                status=ModerationStatus.PUBLISHED,
                kidnapped_low=number,
                kidnapped_best=number,
                kidnapped_high=number + 1,
                # bulk_create skips save(): the qualifier comes with the figures, "at least" for some.
                kidnapped_qualifier=FigureQualifier.AT_LEAST if number % 2 else FigureQualifier.RANGE,
            )
            for number in range(5)
        ]
    )
    assert_rollup_is_right()
    Incident.objects.filter(title__startswith="Bulk").update(
        kidnapped_best=None, kidnapped_low=None, kidnapped_high=None, kidnapped_qualifier=""
    )
    assert_rollup_is_right()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM incidents_incident WHERE title = 'Bulk 3'")
    assert_rollup_is_right()


def test_it_follows_synthetic_data_written_by_copy_and_its_removal_by_truncate():
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=11, load_test_database=True)
    assert_rollup_is_right()
    synthetic.remove()
    assert not the_rollup() and not the_region_month_rollup()
    assert_rollup_is_right()


QUESTIONS = [
    "group_by=month,region",
    "group_by=year",
    "group_by=type,region&region=17,13",
    "group_by=month&date_from=2020-01-01&date_to=2021-06-30",
    "group_by=region,type&type=armed_attack,massacre&date_from=2019-03-01",
    "group_by=month,type&region=17&date_to=2022-12-31",
    # Days inside a month: whole months from the rollup, the partial ones from incidents.
    "group_by=month&date_from=2020-01-15",
    "group_by=month&date_to=2020-01-30",
    "group_by=month,region&region=17&date_from=2019-03-15&date_to=2021-06-14",
    "group_by=year,type&date_from=2019-02-10&date_to=2020-02-20",
    # The region × month rollup: month, year and region, by region at most.
    "group_by=region,month",
    "group_by=month&region=17",
    "group_by=year,region&region=13,17",
    "group_by=region",
]


@pytest.fixture
def data() -> None:
    synthetic.generate(synthetic.Sizes.for_incidents(400), seed=12, load_test_database=True)


def ask(client: APIClient, question: str) -> tuple[dict, bool]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/stats/incidents/?{question}")
    assert response.status_code == 200, response.content
    used_rollup = any(
        table in query["sql"]
        for query in queries.captured_queries
        for table in ("incidents_incidentrollup", "incidents_incidentregionmonthrollup")
    )
    return response.json(), used_rollup


def assert_the_rollup_answers_as_the_group_by(client: APIClient, question: str, monkeypatch) -> dict:
    answer, used_rollup = ask(client, question)
    assert used_rollup, question
    with monkeypatch.context() as patched:
        patched.setattr(rollup, "answerable", lambda *args: False)
        straight, used_rollup = ask(client, question)
    assert not used_rollup
    assert answer == straight, question
    return answer


# Every question on one set of generated data per audience (generating it is the costly part).
@pytest.mark.parametrize("as_editor", [False, True])
def test_statistics_from_the_rollup_equal_those_of_the_group_by(data, as_editor, monkeypatch, django_user_model):
    client = APIClient()
    if as_editor:
        client.force_authenticate(django_user_model.objects.create_superuser("rollup-editor", "r@example.org", "x"))
    for question in QUESTIONS:
        answer = assert_the_rollup_answers_as_the_group_by(client, question, monkeypatch)
        assert answer["groups"], question


GROUPINGS = [
    "month",
    "year",
    "region",
    "type",
    "month,region",
    "region,month",
    "month,type",
    "year,region",
    "type,year",
    "region,type",
]
# Dates inside months at either end or both, a range inside one month, ranges across a
# year's end, and whole months; alone and with region and type filters.
DATES = [
    "date_from=2020-01-15",
    "date_to=2020-01-14",
    "date_from=2020-01-15&date_to=2020-03-10",
    "date_from=2020-01-02&date_to=2020-01-30",
    "date_from=2020-01-16&date_to=2020-01-16",
    "date_from=2019-12-31&date_to=2020-01-01",
    "date_from=2020-01-20&date_to=2020-01-10",
    "date_from=2020-01-01&date_to=2020-01-31",
]
PLACES_AND_TYPES = ["", "region=17", "region=13,17", "type=armed_attack", "region=17&type=armed_attack,extortion"]


@pytest.fixture
def month_edges() -> list[Incident]:
    """Incidents around January 2020's edges, in both regions and two types, one a draft."""
    D = datetime.date
    return [
        new_incident(date_start=D(2020, 1, 10), date_end=D(2020, 1, 20)),
        new_incident(date_start=D(2019, 12, 28), date_end=D(2020, 1, 16), region_id="13"),
        new_incident(date_start=D(2020, 1, 14), date_end=D(2020, 2, 3), incident_type=IncidentType.EXTORTION),
        new_incident(date_start=D(2020, 1, 31), date_end=D(2020, 1, 31), date_precision=DatePrecision.DAY),
        new_incident(date_start=D(2020, 1, 1), date_end=D(2020, 1, 31), date_precision=DatePrecision.MONTH),
        new_incident(date_start=D(2020, 1, 1), date_end=D(2020, 12, 31), date_precision=DatePrecision.YEAR),
        new_incident(date_start=D(2019, 11, 3), date_end=D(2020, 3, 5), status=ModerationStatus.DRAFT),
        new_incident(date_start=D(2020, 3, 10), date_end=D(2020, 3, 10), date_precision=DatePrecision.DAY),
    ]


def questions_for(dates: str) -> list[str]:
    """Every grouping for these dates, each with one of the filters, in turn.

    Over the date ranges this meets every pair of the three (each date range with every
    grouping and every filter, each grouping with every filter) in a fifth of the questions
    of the full product; `test_the_questions_meet_every_pair` checks it.
    """
    shift = DATES.index(dates)
    return [
        "&".join(
            part
            for part in (f"group_by={group_by}", dates, PLACES_AND_TYPES[(number + shift) % len(PLACES_AND_TYPES)])
            if part
        )
        for number, group_by in enumerate(GROUPINGS)
    ]


def test_the_questions_meet_every_pair_of_date_range_grouping_and_filter() -> None:
    asked = [
        (dates, group_by, filters)
        for dates in DATES
        for question in questions_for(dates)
        for group_by in [question.split("&")[0].removeprefix("group_by=")]
        for filters in ["&".join(part for part in question.split("&")[1:] if not part.startswith("date_"))]
    ]
    assert {(dates, group_by) for dates, group_by, _ in asked} == {(d, g) for d in DATES for g in GROUPINGS}
    assert {(dates, filters) for dates, _, filters in asked} == {(d, f) for d in DATES for f in PLACES_AND_TYPES}
    assert {(group_by, filters) for _, group_by, filters in asked} == {
        (g, f) for g in GROUPINGS for f in PLACES_AND_TYPES
    }


def every_question_is_answered_as_by_the_group_by(client: APIClient, dates: str, monkeypatch) -> None:
    for question in questions_for(dates):
        assert_the_rollup_answers_as_the_group_by(client, question, monkeypatch)


# One test per date range and audience, so that they spread over the test workers.
@pytest.mark.parametrize("dates", DATES)
@pytest.mark.parametrize("as_editor", [False, True])
def test_dates_inside_months_are_answered_as_by_the_group_by(
    month_edges, as_editor, dates, monkeypatch, django_user_model
) -> None:
    client = APIClient()
    if as_editor:
        client.force_authenticate(django_user_model.objects.create_superuser("edges-editor", "e@example.org", "x"))
    every_question_is_answered_as_by_the_group_by(client, dates, monkeypatch)
    # The edge incidents are counted: five on 15 January 2020, and the draft for editors.
    answer, _used_rollup = ask(client, "group_by=month&date_from=2020-01-15&date_to=2020-01-15")
    assert answer["totals"]["incidents"] == (6 if as_editor else 5)


@pytest.mark.parametrize("dates", DATES)
@pytest.mark.parametrize("as_editor", [False, True])
def test_dates_inside_months_follow_inserts_edits_status_changes_and_deletions(
    month_edges, as_editor, dates, monkeypatch, django_user_model
) -> None:
    client = APIClient()
    if as_editor:
        client.force_authenticate(django_user_model.objects.create_superuser("edges-editor", "e@example.org", "x"))
    inside, spanning, *_others, draft, march = month_edges
    new_incident(date_start=datetime.date(2020, 1, 15), date_end=datetime.date(2020, 1, 15), region_id="13")
    inside.date_end, inside.killed_high = datetime.date(2020, 1, 12), 9
    inside.save()
    spanning.region_id, spanning.incident_type = "17", IncidentType.EXTORTION
    spanning.save()
    draft.status = ModerationStatus.PUBLISHED
    draft.save()
    Incident.objects.filter(pk=march.pk).update(
        date_start=datetime.date(2020, 1, 25), date_precision=DatePrecision.DAYS
    )
    every_question_is_answered_as_by_the_group_by(client, dates, monkeypatch)
    Incident.objects.filter(pk__in=[inside.pk, draft.pk]).delete()
    every_question_is_answered_as_by_the_group_by(client, dates, monkeypatch)


@pytest.mark.parametrize("question", ["group_by=month,region", "group_by=region,month&region=13,17"])
def test_month_by_region_reads_one_row_per_group_of_the_region_month_rollup(data, question) -> None:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert APIClient().get(f"/api/v1/stats/incidents/?{question}").status_code == 200
    (answering,) = [query["sql"] for query in queries.captured_queries if "rollup" in query["sql"]]
    assert "incidents_incidentregionmonthrollup" in answering
    assert "incidents_incidentrollup" not in answering
    assert "GROUP BY" not in answering


def test_the_partial_months_are_read_from_incidents_in_the_same_query(month_edges) -> None:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = APIClient().get("/api/v1/stats/incidents/?group_by=month&region=17&date_from=2020-01-15")
    assert response.status_code == 200
    answering = [query["sql"] for query in queries.captured_queries if "incidents_incidentrollup" in query["sql"]]
    assert len(answering) == 1
    assert "incidents_incident " in answering[0]


@pytest.mark.parametrize(
    "question",
    [
        "group_by=province",
        "group_by=month&province=1701",
        "group_by=month&district=170101",
        "group_by=year&q=mineros",
        "group_by=year&min_killed=1",
    ],
)
def test_questions_the_rollup_cannot_answer_go_to_the_group_by(data, question):
    _answer, used_rollup = ask(APIClient(), question)
    assert not used_rollup


@pytest.mark.parametrize("question", ["group_by=month,region", "group_by=type&date_from=2020-01-15"])
def test_answers_from_the_rollups_are_json_and_also_show_on_the_browsable_page(month_edges, question) -> None:
    client = APIClient()
    response = client.get(f"/api/v1/stats/incidents/?{question}")
    assert response["Content-Type"] == "application/json"
    page = client.get(f"/api/v1/stats/incidents/?{question}&format=api")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert '"totals": {' in html.unescape(page.content.decode())


def test_the_rollups_are_vacuumed_after_every_few_thousand_changes() -> None:
    # Their triggers rewrite rows on every change of incidents; at the default thresholds a
    # bulk load left them mostly dead rows for the statistics to read past.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN "
            "('incidents_incidentrollup', 'incidents_incidentregionmonthrollup') ORDER BY relname"
        )
        options = dict(cursor.fetchall())
    assert set(options) == {"incidents_incidentrollup", "incidents_incidentregionmonthrollup"}
    for table_options in options.values():
        assert "autovacuum_vacuum_scale_factor=0" in table_options
        assert "autovacuum_vacuum_threshold=5000" in table_options
