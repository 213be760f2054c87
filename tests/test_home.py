"""The home page shows published incidents only, in a fixed number of queries."""

import datetime

import pytest
from django.test import Client

from incidents.models import Incident

pytestmark = pytest.mark.django_db


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


def test_the_home_page_runs_the_same_queries_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    add_incidents(3)
    # Expect 6 queries: incident and operation counts, region, province and district
    # counts, and the latest incidents with their places joined in.
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
