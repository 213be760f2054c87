"""A bounded soak: mixed reads and writes against gunicorn on loopback, on the test database.

`SOAK_SECONDS` (10 by default; `make soak` runs 180) of client threads reading pages and
API lists and, with an editor's key, creating actors and editing them over and over. The
first quarter of the soak, and at least until every client has been through its reads once,
is the warm-up (each worker loads what the pages and lists use). Throughout: every request is
answered within REQUEST_SECONDS and without a 5xx, every client runs to the end without an
error, the server's database connections never exceed its pool (workers ×
DATABASE_POOL_MAX_SIZE, counted in pg_stat_activity by application name), and the workers'
memory stays flat (RSS after warm-up against the end). At the end every actor created exists
once and holds its last edit: no lost or duplicated write. The figures are printed.
"""

import itertools
import json
import os
import threading
import time
import traceback
from collections import Counter

import psutil
import psycopg
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.models import Max
from rest_framework.authtoken.models import Token

from core.backups import connection_params
from incidents.models import Actor
from tests.reliability.conftest import FIGURES
from tests.reliability.postgres import test_database_url
from tests.reliability.serving import Answer, fetch, gunicorn

# `server`: gunicorn's connection pools against the server, counted in pg_stat_activity, and the cache under load.
pytestmark = pytest.mark.server

SECONDS = float(os.environ.get("SOAK_SECONDS", "10"))
WORKERS, THREADS, POOL = 2, 4, 4
CLIENTS = 6
# Every request is answered within this many seconds, or the test fails (the slowest is printed).
REQUEST_SECONDS = 15
APPLICATION = "veta-soak"
READS = [
    "/", "/incidents/", "/incidents/?region=13", "/map/", "/reinfo/", "/healthz",
    "/api/v1/incidents/", "/api/v1/incidents/?format=csv", "/api/v1/regions/?page_size=50",
    "/api/v1/stats/incidents/?group_by=region", "/api/v1/actors/", "/api/v1/districts/?province=1308",
]  # fmt: skip
# Warm-up: the first quarter of the soak and at least each client's first pass through READS (one
# request in four writes), which must take less than WARM_UP_SECONDS.
WARM_UP_STEPS = len(READS) * 4 // 3
WARM_UP_SECONDS = 60
# Allowed RSS growth of a worker from the end of warm-up to the end, in MB.
RSS_GROWTH_MB = 40


@pytest.fixture
def editor_key(django_db_blocker):
    """An editor's API key, committed so that gunicorn sees it; removed afterwards with what the soak wrote."""
    with django_db_blocker.unblock():
        last_event = Actor.pgh_event_model.objects.aggregate(m=Max("pgh_id"))["m"] or 0
        editor = User.objects.create_user("editor-soak", email="soak@veta.example.org")
        editor.groups.add(Group.objects.get(name="editor"))
        key = Token.objects.create(user=editor).key
        yield key
        params = connection_params(connection.settings_dict)
        with psycopg.connect(dbname=connection.settings_dict["NAME"], **params) as other, other.transaction():
            other.execute("SET LOCAL session_replication_role = replica")  # removing adds no history
            other.execute("DELETE FROM incidents_actor WHERE name LIKE 'Soak actor %%'")
            other.execute(f"DELETE FROM {Actor.pgh_event_model._meta.db_table} WHERE pgh_id > %s", [last_event])
        editor.delete()


def server_connections() -> int:
    """The soak server's connections to this test database (another run may soak on the same server)."""
    params = connection_params(connection.settings_dict)
    with psycopg.connect(dbname="postgres", **params) as other:
        return other.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND datname = %s",
            [APPLICATION, connection.settings_dict["NAME"]],
        ).fetchone()[0]


def worker_rss(master: psutil.Process) -> dict[int, float]:
    return {child.pid: child.memory_info().rss / 2**20 for child in master.children()}


def test_mixed_reads_and_writes_under_gunicorn_stay_correct_bounded_and_flat(editor_key, django_db_blocker) -> None:
    url = test_database_url(application_name=APPLICATION)
    env = {"DATABASE_POOL_MAX_SIZE": str(POOL)}
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    errors: list[str] = []
    steps = [0] * CLIENTS
    slowest = {"seconds": 0.0, "request": ""}
    last_edit: dict[int, int] = {}
    created: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()
    auth = {"Authorization": f"Token {editor_key}", "Content-Type": "application/json"}

    def request(method: str, path: str, body: bytes | None = None) -> Answer:
        began = time.monotonic()
        answer = fetch(base + path, method=method, data=body, headers=auth if body else None, timeout=REQUEST_SECONDS)
        took = time.monotonic() - began
        with lock:
            statuses[answer.status] += 1
            if answer.status not in (200, 201):
                failures.append(f"{method} {path}: {answer.status} {answer.body[:200]}")
            if took > slowest["seconds"]:
                slowest.update(seconds=took, request=f"{method} {path}")
        return answer

    def soak(number: int) -> None:
        reads = itertools.cycle(READS[number % len(READS) :] + READS[: number % len(READS)])
        actor_id, edits = None, 0
        for step in itertools.count():
            if stop.is_set():
                return
            if step % 4 != 3:
                request("GET", next(reads))
            elif actor_id is None:  # one request in four writes
                body = json.dumps({"name": f"Soak actor {number}", "kind": "criminal_group"}).encode()
                answer = request("POST", "/api/v1/actors/", body)
                if answer.status == 201:
                    actor_id = json.loads(answer.body)["id"]
                    with lock:
                        created.append(actor_id)
            else:
                edits += 1
                body = json.dumps({"description": f"edit {edits}"}).encode()
                answer = request("PATCH", f"/api/v1/actors/{actor_id}/", body)
                if answer.status == 200:
                    with lock:
                        last_edit[actor_id] = edits
            steps[number] = step + 1

    def client(number: int) -> None:
        # Whatever a client raises (a request unanswered after REQUEST_SECONDS among them) fails the test.
        try:
            soak(number)
        except Exception:
            with lock:
                errors.append(f"client {number}: {traceback.format_exc()}")

    # gunicorn.conf.py replaces a worker after about 5,000 requests (a bound on any leak in production);
    # the soak looks for such a leak, so its workers serve the whole run and each is measured.
    with gunicorn(url, workers=WORKERS, threads=THREADS, env=env, options=("--max-requests", "0")) as (base, process):
        master = psutil.Process(process.pid)
        first_workers = sorted(child.pid for child in master.children())
        threads = [threading.Thread(target=client, args=(n,), name=f"client {n}", daemon=True) for n in range(CLIENTS)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        connection_samples = []

        def warming_up() -> bool:
            elapsed = time.monotonic() - began
            return elapsed < SECONDS / 4 or (min(steps) < WARM_UP_STEPS and elapsed < WARM_UP_SECONDS)

        while warming_up() and not errors:
            time.sleep(0.25)
            connection_samples.append(server_connections())
        warmed_up = min(steps) >= WARM_UP_STEPS
        warm_rss = worker_rss(master)
        started = time.monotonic()
        while time.monotonic() - started < SECONDS * 3 / 4:
            time.sleep(0.5)
            connection_samples.append(server_connections())
        end_rss = worker_rss(master)
        stop.set()
        # Each client ends after the request it is making, which is answered or given up within REQUEST_SECONDS.
        finish_by = time.monotonic() + REQUEST_SECONDS + 5
        for thread in threads:
            thread.join(timeout=max(0.0, finish_by - time.monotonic()))
        still_running = [thread.name for thread in threads if thread.is_alive()]
        ended = time.monotonic()

    total = sum(statuses.values())
    growth = {pid: end_rss[pid] - warm_rss[pid] for pid in end_rss if pid in warm_rss}
    FIGURES.append(
        f"soak: {total} requests in {ended - began:.0f} s ({total / (ended - began):.0f}/s; warm-up "
        f"{started - began:.1f} s), statuses {dict(statuses)}, slowest answer "
        f"{slowest['seconds']:.2f} s ({slowest['request']}); database connections max {max(connection_samples)} "
        f"of {WORKERS * POOL} allowed; worker RSS after warm-up {[round(v) for v in warm_rss.values()]} MB, "
        f"at the end {[round(v) for v in end_rss.values()]} MB; {len(created)} actors created, "
        f"{sum(last_edit.values())} edits"
    )
    assert still_running == [], f"{still_running} still running {REQUEST_SECONDS + 5} s after the soak ended"
    assert errors == [], f"{len(errors)} of {CLIENTS} clients failed; the first: {errors[0]}"
    assert warmed_up, f"the clients made {steps} requests in {WARM_UP_SECONDS} s, {WARM_UP_STEPS} each expected"
    assert failures == [], failures[:10]
    assert not [status for status in statuses if status >= 500]
    assert min(steps) > WARM_UP_STEPS  # every client went on after the warm-up
    assert max(connection_samples) <= WORKERS * POOL
    # The workers that started are the ones measured after warm-up and at the end: none was replaced.
    assert len(first_workers) == WORKERS and sorted(warm_rss) == sorted(end_rss) == first_workers, (
        first_workers,
        warm_rss,
        end_rss,
    )
    assert max(growth.values()) < RSS_GROWTH_MB, growth
    # Every write landed once and none was lost.
    with django_db_blocker.unblock():
        actors = dict(Actor.objects.filter(name__startswith="Soak actor ").values_list("pk", "description"))
    assert sorted(actors) == sorted(created) and len(created) == CLIENTS
    assert {pk: actors[pk] for pk in last_edit} == {pk: f"edit {edits}" for pk, edits in last_edit.items()}
