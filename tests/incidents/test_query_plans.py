"""The public incident lists and the search use indexes, at a size where the planner has a choice.

Planner choices depend on table size and statistics: on a few dozen rows a sequential scan is
the right plan. These tests first write 15,000 synthetic incidents (a third in Madre de Dios,
a handful in Callao) and ANALYZE, then EXPLAIN the queries the API runs.
"""

import pytest
from django.db import connection

from incidents.feeds import IncidentFeed, RegionIncidentFeed
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident
from overview import synthetic
from regions.models import Region

# `server`: the server's planner chooses the plans.
pytestmark = [pytest.mark.django_db, pytest.mark.server]

SIZE = 15_000


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def public_page(**filters) -> str:
    """The SQL of the first page of /api/v1/incidents/ for the public, as the viewset builds it."""
    filterset = IncidentFilterSet(filters, queryset=Incident.objects.published().for_list())
    assert filterset.is_valid(), filterset.errors
    return plan(filterset.qs.order_by("-date_start", "-pk")[:101])


@pytest.fixture
def national_scale_sample(settings) -> None:
    synthetic.generate(synthetic.Sizes.for_incidents(SIZE), seed=31, load_test_database=True)


# One test, so the sample is written once.
def test_place_and_date_filters_and_search_never_scan_the_incidents_table(national_scale_sample):
    questions = [
        {"region": "17", "date_from": "2020-01-01", "date_to": "2020-12-31"},  # the biggest region
        {"region": "07", "date_from": "2020-01-01", "date_to": "2020-12-31"},  # the smallest
        {"region": "17"},
        {"region": "13,21", "date_from": "2024-06-01"},
        {"province": "1701", "date_from": "2019-01-01", "date_to": "2019-03-31"},
        {"district": "170101"},
        {"date_from": "2025-01-01", "date_to": "2025-01-31"},
        {},
    ]
    for question in questions:
        explained = public_page(**question)
        assert "Seq Scan on incidents_incident" not in explained, (question, explained)
        assert "incidents_incident" in explained

    for word in synthetic.SEARCH_WORDS.values():
        explained = public_page(q=word)
        assert "Seq Scan on incidents_incident" not in explained, (word, explained)
    # A rare word is found through the GIN index of the stored document.
    assert "incident_search" in public_page(q=synthetic.SEARCH_WORDS["rare"])

    # The Atom feeds read their latest entries from an index in publication order: the
    # country's for the country and the biggest region, the region's for a small one.
    assert "incident_published_feed" in plan(IncidentFeed().items())
    for code in ("17", "07"):
        explained = plan(RegionIncidentFeed().items(Region.objects.get(code=code)))
        assert "Seq Scan on incidents_incident" not in explained, (code, explained)
    assert "incident_published_region_feed" in explained


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_lists_are_bound_on_the_client_so_no_generic_plan_hides_the_skew(client):
    # A prepared statement's generic plan would treat Madre de Dios (a third of the incidents)
    # like Callao (a handful): list queries are bound on the client and never prepared.
    from psycopg import ClientCursor

    connection.ensure_connection()
    assert not connection.settings_dict["OPTIONS"].get("server_side_binding")
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, ClientCursor)
    for _ in range(7):  # more than the five runs after which PostgreSQL may go generic
        for region in ("17", "07"):
            assert client.get(f"/api/v1/incidents/?region={region}&date_from=2020-01-01").status_code == 200
    assert not [statement for statement in prepared_statements() if '"region_id" IN' in statement]


def test_an_incident_by_id_is_prepared_once_per_connection(client):
    incident = Incident.objects.published().order_by("pk").first()
    for _ in range(3):
        assert client.get(f"/api/v1/incidents/{incident.pk}/").json()["id"] == incident.pk
    by_id = [statement for statement in prepared_statements() if '"incidents_incident"."id" = $' in statement]
    assert len(by_id) == 1


def test_prepared_statements_can_be_turned_off(client, settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    incident = Incident.objects.published().order_by("pk").first()
    assert client.get(f"/api/v1/incidents/{incident.pk}/").status_code == 200
    assert not [statement for statement in prepared_statements() if '"incidents_incident"."id" = ' in statement]
