"""core.pages.CappedPaginator: exact counts below the cap, a bounded count above it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import pages
from core.pages import CappedPaginator
from incidents.models import Incident

pytestmark = pytest.mark.django_db

PREFIX = "Capped paginator"


def add_incidents(count: int) -> None:
    day = datetime.date(2024, 5, 1)
    Incident.objects.bulk_create(
        Incident(
            title=f"{PREFIX} {number:02d}",
            incident_type="extortion",
            date_start=day,
            date_end=day,
            region_id="12",
            status="published",
        )
        for number in range(count)
    )


def paginator(per_page: int = 2, cap: int = 5) -> CappedPaginator:
    return CappedPaginator(Incident.objects.filter(title__startswith=PREFIX).order_by("title"), per_page, cap=cap)


def test_a_count_below_the_cap_is_exact() -> None:
    add_incidents(4)
    counted = paginator()
    assert counted.count == 4
    assert not counted.capped
    assert counted.num_pages == 2


def test_a_count_equal_to_the_cap_is_exact_and_not_capped() -> None:
    add_incidents(5)
    counted = paginator()
    assert counted.count == 5
    assert not counted.capped


def test_a_count_above_the_cap_is_the_cap_and_says_it_is_capped() -> None:
    add_incidents(9)
    counted = paginator()
    assert counted.count == 5
    assert counted.capped
    assert counted.num_pages == 3


def test_pages_run_to_the_cap_and_a_page_past_it_gets_the_last_page_within_it() -> None:
    add_incidents(9)
    middle = paginator().get_page(2)
    assert [incident.title for incident in middle] == [f"{PREFIX} 02", f"{PREFIX} 03"]
    assert middle.has_next()
    past = paginator().get_page(4)
    assert past.number == 3
    assert [incident.title for incident in past] == [f"{PREFIX} 04"]
    assert not past.has_next()


def test_the_count_reads_at_most_one_row_past_the_cap_and_sorts_nothing() -> None:
    add_incidents(9)
    with CaptureQueriesContext(connection) as queries:
        assert paginator().count == 5
    [count_query] = [query["sql"] for query in queries.captured_queries]
    assert count_query.startswith("SELECT COUNT(*) FROM (SELECT")
    assert count_query.rstrip().endswith("LIMIT 6) subquery")
    assert "ORDER BY" not in count_query


def test_the_cap_defaults_to_the_module_constant(monkeypatch) -> None:
    monkeypatch.setattr(pages, "COUNT_CAP", 3)
    add_incidents(4)
    counted = CappedPaginator(Incident.objects.filter(title__startswith=PREFIX).order_by("title"), 2)
    assert (counted.count, counted.capped) == (3, True)


def test_a_plain_list_is_counted_by_its_length_and_capped_the_same_way() -> None:
    counted = CappedPaginator(list(range(7)), 2, cap=5)
    assert (counted.count, counted.capped, counted.num_pages) == (5, True, 3)
    assert (CappedPaginator(list(range(4)), 2, cap=5).count, CappedPaginator([], 2, cap=5).capped) == (4, False)
