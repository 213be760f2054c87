"""Tombstones written by database triggers, and /api/v1/deletions/ that lists them."""

import datetime

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from core.choices import DatePrecision, ModerationStatus
from core.models import Tombstone
from enforcement.choices import OperationKind
from enforcement.models import EnforcementOperation
from incidents.choices import IncidentType
from incidents.models import Incident
from regions.choices import SiteKind
from regions.models import MiningSite

pytestmark = pytest.mark.django_db

URL = "/api/v1/deletions/"
DAY = datetime.date(2024, 5, 1)


@pytest.fixture(autouse=True)
def _clear_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def db_time(function: str = "now") -> datetime.datetime:
    """now() is when the test's transaction began, the time triggers stamp; clock_timestamp() is later."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}()")
        return cursor.fetchone()[0]


@pytest.fixture
def before() -> datetime.datetime:
    return db_time("now")


def create_incident(status: str = ModerationStatus.PUBLISHED, title: str = "Tombstone test incident") -> Incident:
    return Incident.objects.create(
        title=title,
        incident_type=IncidentType.ARMED_ATTACK,
        region_id="13",
        date_start=DAY,
        date_end=DAY,
        date_precision=DatePrecision.DAY,
        status=status,
    )


def create_operation(status: str = ModerationStatus.PUBLISHED) -> EnforcementOperation:
    return EnforcementOperation.objects.create(
        title="Tombstone test operation",
        kind=OperationKind.RAID,
        region_id="17",
        date_start=DAY,
        date_end=DAY,
        date_precision=DatePrecision.DAY,
        status=status,
    )


def create_site(status: str = ModerationStatus.PUBLISHED) -> MiningSite:
    return MiningSite.objects.create(name="Tombstone test site", kind=SiteKind.CAMP, region_id="17", status=status)


def deletions(api: APIClient, since: datetime.datetime | str, **params) -> dict:
    since = since.isoformat() if isinstance(since, datetime.datetime) else since
    response = api.get(URL, {"since": since, **params})
    assert response.status_code == 200, response.content
    return response.json()


def listed(data: dict, model: str = "incident") -> list[tuple[str, str]]:
    return [(row["id"], row["reason"]) for row in data["results"] if row["model"] == model]


# --- Triggers -------------------------------------------------------------------------------


def test_deleting_a_published_incident_leaves_a_tombstone(api, before) -> None:
    incident = create_incident()
    pk = str(incident.pk)
    incident.delete()

    data = deletions(api, before)
    assert listed(data) == [(pk, "deleted")]
    row = data["results"][0]
    assert row == {"model": "incident", "id": pk, "removed_at": row["removed_at"], "reason": "deleted"}
    assert parse_datetime(row["removed_at"]) == before  # the deleting transaction's start


def test_a_bulk_queryset_delete_leaves_a_tombstone_per_published_row(api, before) -> None:
    published = [create_incident(), create_incident()]
    draft = create_incident(ModerationStatus.DRAFT)
    Incident.objects.filter(pk__in=[*(incident.pk for incident in published), draft.pk]).delete()

    assert sorted(listed(deletions(api, before))) == sorted((str(incident.pk), "deleted") for incident in published)


def test_raw_sql_deletes_are_caught_too(api, before) -> None:
    incident = create_incident()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM incidents_incident WHERE id = %s", [incident.pk])
    assert listed(deletions(api, before)) == [(str(incident.pk), "deleted")]


def test_unpublishing_with_queryset_update_is_listed_as_unpublished(api, before) -> None:
    incident = create_incident()
    Incident.objects.filter(pk=incident.pk).update(status=ModerationStatus.RETRACTED, retraction_reason="x")
    assert listed(deletions(api, before)) == [(str(incident.pk), "unpublished")]


def test_saving_a_published_record_or_moving_a_draft_leaves_no_tombstone(api, before) -> None:
    incident = create_incident()
    incident.title = "Renamed"
    incident.save()  # UPDATE ... SET status = 'published' among the other columns
    draft = create_incident(ModerationStatus.DRAFT)
    Incident.objects.filter(pk=draft.pk).update(status=ModerationStatus.IN_REVIEW)
    assert deletions(api, before)["results"] == []


def test_deleting_a_draft_leaves_no_tombstone(api, before) -> None:
    create_incident(ModerationStatus.DRAFT).delete()
    create_incident(ModerationStatus.IN_REVIEW).delete()
    assert deletions(api, before)["results"] == []
    assert not Tombstone.objects.exists()


def test_republishing_then_deleting_is_listed_again(api, before) -> None:
    incident = create_incident()
    rows = Incident.objects.filter(pk=incident.pk)
    rows.update(status=ModerationStatus.RETRACTED, retraction_reason="Wrong district")
    rows.update(status=ModerationStatus.PUBLISHED, retraction_reason="")
    rows.delete()
    assert listed(deletions(api, before)) == [(str(incident.pk), "unpublished"), (str(incident.pk), "deleted")]


def test_operations_and_mining_sites_leave_tombstones_too(api, before) -> None:
    operation, site = create_operation(), create_site()
    site_pk = str(site.pk)
    EnforcementOperation.objects.filter(pk=operation.pk).update(status=ModerationStatus.IN_REVIEW)
    site.delete()
    create_operation(ModerationStatus.DRAFT).delete()

    data = deletions(api, before)
    assert listed(data, "operation") == [(str(operation.pk), "unpublished")]
    assert listed(data, "mining_site") == [(site_pk, "deleted")]
    assert {row["model"] for row in data["results"]} == {"operation", "mining_site"}
    assert Tombstone.objects.get(object_id=site_pk).model_label == "regions.miningsite"


def test_the_model_parameter_lists_one_kind_of_record(api, before) -> None:
    incident, operation = create_incident(), create_operation()
    operation_pk = str(operation.pk)
    incident.delete()
    operation.delete()

    data = deletions(api, before, model="operation")
    assert data["model"] == "operation"
    assert [(row["model"], row["id"]) for row in data["results"]] == [("operation", operation_pk)]
    assert [row["model"] for row in deletions(api, before, model="incident")["results"]] == ["incident"]


# --- The endpoint ------------------------------------------------------------------------------


def test_removals_before_since_are_not_listed(api, before) -> None:
    create_incident().delete()
    later = db_time("clock_timestamp")  # after the transaction's start, which stamps the tombstone
    assert deletions(api, later)["results"] == []
    assert len(deletions(api, before)["results"]) == 1


def test_the_answer_echoes_since_and_gives_a_generated_at(api, before) -> None:
    data = deletions(api, "2020-01-01T00:00:00Z")
    assert parse_datetime(data["since"]) == datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    assert data["model"] is None
    assert data["truncated"] is False
    assert parse_datetime(data["generated_at"]) <= db_time("clock_timestamp")


def test_a_since_without_offset_is_read_as_lima_time(api) -> None:
    data = deletions(api, "2020-01-01T00:00:00")
    assert parse_datetime(data["since"]) == datetime.datetime(2020, 1, 1, 5, tzinfo=datetime.UTC)


def test_the_list_is_cut_at_the_limit_and_says_so(api, before, monkeypatch) -> None:
    monkeypatch.setattr("core.api.deletions.MAX_TOMBSTONES", 2)
    Incident.objects.filter(pk__in=[create_incident().pk for _ in range(3)]).delete()
    data = deletions(api, before)
    assert data["truncated"] is True
    assert len(data["results"]) == 2

    monkeypatch.setattr("core.api.deletions.MAX_TOMBSTONES", 3)
    data = deletions(api, before)
    assert data["truncated"] is False
    assert len(data["results"]) == 3


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({}, "since"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-13-01T00:00:00Z"}, "since"),
        ({"since": ""}, "since"),
        ({"since": "2026-01-01T00:00:00Z", "model": "actor"}, "model"),
        ({"since": "2026-01-01T00:00:00Z", "page_size": "10"}, "page_size"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(api, query, parameter) -> None:
    response = api.get(URL, query)
    assert response.status_code == 400
    assert parameter in response.json()


def test_anyone_may_read_the_deletions(api, before) -> None:
    response = api.get(URL, {"since": before.isoformat()})
    assert response.status_code == 200
    assert api.post(URL, {"since": before.isoformat()}).status_code == 405


# `server`: a transaction held open on a second connection to the server.
@pytest.mark.server
def test_generated_at_is_no_later_than_the_start_of_a_transaction_still_open(api) -> None:
    """A removal being committed now will be stamped with its transaction's start: the next `since` covers it."""
    other = psycopg.connect(**connection.get_connection_params(), autocommit=False)
    try:
        with other.cursor() as cursor:
            # Django's connections run in UTC, and its date loader, which this connection shares,
            # reads them so; the server's own default zone may be another.
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.execute("SELECT now()")  # the transaction opened above: its start
            started = cursor.fetchone()[0]
        data = deletions(api, "2020-01-01T00:00:00Z")
        assert parse_datetime(data["generated_at"]) <= started
    finally:
        other.rollback()
        other.close()
    assert parse_datetime(deletions(api, "2020-01-01T00:00:00Z")["generated_at"]) > started
