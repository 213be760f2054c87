"""Veta answers over real HTTP: the home page, the admin and the static files."""

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest
from django.db import connection

from core.api import copy_csv
from incidents.models import Incident
from overview import synthetic
from overview.real_records import load_real_records
from tests.exports import python_derived_incident_csv
from tests.threads import committed

# `server`: real HTTP with pooled connections, a COPY streamed to a client and cut off mid-way.
pytestmark = pytest.mark.server


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


@pytest.mark.django_db
def test_the_home_page_lists_the_real_incidents(http_server: str) -> None:
    status, body = fetch(http_server + "/")
    assert status == 200
    assert "Armed attack on informal miners at a tunnel entrance, La Libertad" in body
    assert "May 2025" in body  # shown at its month precision, not as 1 May
    assert "leaflet.js" in body and "chart.umd.min.js" in body  # the map and the chart load from our own static files


@pytest.mark.django_db
def test_the_admin_login_page_and_the_stylesheet_are_served(http_server: str) -> None:
    status, body = fetch(http_server + "/admin/login/")
    assert status == 200
    assert 'name="username"' in body
    status, body = fetch(http_server + "/static/css/veta.css")
    assert status == 200
    assert "--accent" in body


@pytest.mark.django_db
def test_a_partner_pulls_filtered_incidents_as_json_and_csv_over_http(http_server: str) -> None:
    status, body = fetch(http_server + "/api/v1/incidents/?region=13&date_from=2025-01-01")
    assert status == 200
    rows = json.loads(body)["results"]
    assert {row["figures"]["killed"]["best"] for row in rows} == {3, 13}
    status, body = fetch(http_server + "/api/v1/incidents/?region=13&date_from=2025-01-01&format=csv")
    assert status == 200
    lines = body.strip().splitlines()
    assert lines[0].startswith("id,title,title_es,type")
    assert len(lines) == 3


def _copy_statements_running() -> int:
    """Exports under way: their COPY runs, or has run and waits in its transaction for the reader."""
    with connection.cursor() as cursor:
        # Within the test's transaction PostgreSQL would show the same snapshot of the activity.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle'"
            " AND query LIKE %s AND pid <> pg_backend_pid()",
            ["COPY (SELECT copy_row.%"],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_csv_export_streams_over_http_and_leaves_the_connections_working(http_server: str) -> None:
    expected = python_derived_incident_csv(Incident.objects.for_api().published().order_by("-date_start", "-pk"))
    with urllib.request.urlopen(http_server + "/api/v1/incidents/?format=csv", timeout=30) as response:
        first = response.read()
    # The next requests reuse the pooled connections the export handed back.
    status, body = fetch(http_server + "/api/v1/incidents/?region=13")
    assert status == 200 and len(json.loads(body)["results"]) == 2
    with urllib.request.urlopen(http_server + "/api/v1/incidents/?format=csv", timeout=30) as response:
        second = response.read()
    assert first == second == expected
    assert first.count(b"\r\n") == 6  # the header and the five real incidents


@pytest.fixture(scope="module")
def load_test_data(django_db_setup, django_db_blocker) -> Iterator[None]:
    """1,000 synthetic incidents committed, in place of the test database's records, for the server to see.

    Module-scoped, so it is set up before a test's transaction begins and torn down after it
    ends: emptying the tables (TRUNCATE) waits for every transaction that read them.
    """
    with django_db_blocker.unblock():
        committed(lambda: synthetic.generate(synthetic.Sizes.for_incidents(1000), seed=5, load_test_database=True))
        yield
        # Generating emptied the test database's records: Veta's real ones come back for the next tests.
        committed(synthetic.remove)
        committed(load_real_records)


@pytest.mark.django_db
def test_a_client_hanging_up_mid_export_ends_the_copy_and_the_next_export_is_whole(
    load_test_data, http_server: str, monkeypatch
) -> None:
    # The server holds its second chunk of rows until the client has left, COPY under way.
    monkeypatch.setattr(copy_csv, "CHUNK_BYTES", 1024)
    client_left = threading.Event()
    convert = copy_csv.CRLFLineEnds.__call__
    chunks_seen = []

    def held_after_the_first(self, data: bytes) -> bytes:
        chunks_seen.append(len(data))
        if len(chunks_seen) == 2:
            client_left.wait(timeout=30)
        return convert(self, data)

    monkeypatch.setattr(copy_csv.CRLFLineEnds, "__call__", held_after_the_first)
    try:
        expected = python_derived_incident_csv(Incident.objects.for_api().published().order_by("-date_start", "-pk"))
        host, port = http_server.removeprefix("http://").split(":")
        with socket.socket() as client:
            client.connect((host, int(port)))
            client.sendall(b"GET /api/v1/incidents/?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(4096).startswith(b"HTTP/1.0 200 OK")
            assert _eventually(lambda: _copy_statements_running() == 1)
        client_left.set()
        assert _eventually(lambda: _copy_statements_running() == 0)
        monkeypatch.setattr(copy_csv.CRLFLineEnds, "__call__", convert)
        with urllib.request.urlopen(http_server + "/api/v1/incidents/?format=csv", timeout=30) as response:
            assert response.read() == expected
        assert expected.count(b"\r\n") > 800
        # The first export stopped early: most of its chunks were never read from COPY.
        assert len(chunks_seen) < len(expected) / 1024 / 2
    finally:
        client_left.set()


def _eventually(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
