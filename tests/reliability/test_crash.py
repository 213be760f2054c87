"""Killing an import mid-write, and two imports at once, leave the database right.

The command runs in its own process against the test database, as an editor would run
it: `import_reinfo` of a large generated list is SIGKILLed once it reports writing rows
(and PostgreSQL shows its transaction open); the database must be exactly as before,
history included. Two processes importing the same list at the same moment must record
it once: one snapshot, each record once, each first status once.
"""

import os
import random
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Max

from bench.bench_import_reinfo import generate_rows, write_csv
from enforcement.models import ReinfoRecord, ReinfoSnapshot, ReinfoStatusChange
from regions.models import District
from tests.enforcement.test_import_reinfo import state
from tests.reliability.postgres import test_database_url

# `server`: other processes write over DATABASE_URL; the server rolls back a killed client and orders two imports.
pytestmark = [pytest.mark.django_db, pytest.mark.server]

ROWS = 30_000


def reinfo_list(path: Path, rows: int, seed: int = 8) -> Path:
    districts = [
        (d.province.region.name, d.province.name, d.name)
        for d in District.objects.select_related("province__region").order_by("code")
    ]
    write_csv(path, generate_rows(rows, districts, random.Random(seed)))
    return path


def import_command(path: Path, as_of: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_reinfo", str(path), "--as-of", as_of],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": test_database_url(), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def history_counts() -> dict[str, int]:
    return {
        model.__name__: model.pgh_event_model.objects.count()
        for model in (ReinfoSnapshot, ReinfoRecord, ReinfoStatusChange)
    }


def open_transactions() -> set[int]:
    """The client sessions other than ours on the test database inside a transaction."""
    with connection.cursor() as cursor:
        # pg_stat_activity is read once per transaction unless asked afresh, and the test runs in one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
        )
        return {pid for (pid,) in cursor.fetchall()}


def wait_until_gone(sessions: set[int], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while open_transactions() & sessions:
        assert time.monotonic() < deadline, "the killed import's transaction is still open"
        time.sleep(0.2)


def last_event_ids() -> dict[str, int]:
    return {
        model.pgh_event_model._meta.db_table: model.pgh_event_model.objects.aggregate(m=Max("pgh_id"))["m"] or 0
        for model in (ReinfoSnapshot, ReinfoRecord, ReinfoStatusChange)
    }


def remove_committed_import(as_of: str, events_after: dict[str, int]) -> None:
    """Undo, on a connection of its own, what commands committed from other processes, history included.

    The test's own transaction is rolled back at its end; the commands' work is not, and
    later tests expect the REINFO tables as the session set them up.
    """
    db = connection.settings_dict
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
    options = {key: value for key, value in params.items() if value}
    with psycopg.connect(dbname=db["NAME"], autocommit=True, **options) as other, other.transaction():
        other.execute("SET LOCAL session_replication_role = replica")  # no triggers: no new history
        snapshot = "(SELECT id FROM enforcement_reinfosnapshot WHERE as_of = %s)"
        other.execute(f"DELETE FROM enforcement_reinfostatuschange WHERE snapshot_id IN {snapshot}", [as_of])
        other.execute(f"DELETE FROM enforcement_reinforecord WHERE last_snapshot_id IN {snapshot}", [as_of])
        other.execute("DELETE FROM enforcement_reinfosnapshot WHERE as_of = %s", [as_of])
        for table, last in events_after.items():
            other.execute(f"DELETE FROM {table} WHERE pgh_id > %s", [last])


def test_an_import_killed_mid_write_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = reinfo_list(tmp_path / "reinfo-large.csv", ROWS)
    before, history_before = state(), history_counts()
    process = import_command(path, "2031-01-31")
    seen: list[str] = []
    try:
        for line in process.stdout:
            seen.append(line.rstrip())
            if line.startswith("writing"):  # "writing: 10,000 of 60,000 rows · …": rows are going in
                break
        else:
            pytest.fail("the import ended before it wrote anything:\n" + "\n".join(seen[-20:]))
        importing = open_transactions()
        assert importing  # its transaction is open in PostgreSQL right now
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    wait_until_gone(importing)  # PostgreSQL saw the client vanish and rolled its transaction back
    assert state() == before
    assert history_counts() == history_before


def test_two_imports_of_the_same_list_at_once_record_it_once(tmp_path: Path) -> None:
    rows = 3_000
    path = reinfo_list(tmp_path / "reinfo-2031-02.csv", rows, seed=9)
    as_of = "2031-02-28"
    records_before = ReinfoRecord.objects.count()
    events_after = last_event_ids()
    first, second = import_command(path, as_of), import_command(path, as_of)
    outputs = [process.communicate(timeout=300)[0] for process in (first, second)]
    try:
        assert [first.returncode, second.returncode] == [0, 0], outputs
        # One of them imported the list; the other, which waited for it, found nothing new.
        new = sorted(int(re.search(r"new records\s+([\d,]+)", output)[1].replace(",", "")) for output in outputs)
        assert new == [0, rows], outputs
        snapshots = ReinfoSnapshot.objects.filter(as_of=date(2031, 2, 28))
        assert snapshots.count() == 1
        assert ReinfoRecord.objects.count() == records_before + rows
        assert ReinfoStatusChange.objects.filter(snapshot__in=snapshots).count() == rows
    finally:
        remove_committed_import(as_of, events_after)
