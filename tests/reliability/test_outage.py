"""Health checks and a database outage, over real HTTP against gunicorn and a PostgreSQL this test owns.

The server starts on an empty database (not ready: migrations missing), is migrated
(ready), then the database is stopped (503 everywhere, with a clear message and no stack
trace; `/healthz` still 200) and started again: Veta recovers by itself, without a
restart, and every request after that succeeds — more of them than the pool holds, so
no broken pooled connection is left to fail one.

While the database is known to be down, requests fail fast: a burst of many times more
requests than the server has threads is answered 503 each well under the pool's timeout
(before, each one held a thread for the whole timeout, and a burst kept 503s coming for
minutes). And Veta serves again within two seconds of the database's return, burst or not.
"""

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from tests.reliability.conftest import FIGURES
from tests.reliability.postgres import ThrowawayPostgres
from tests.reliability.serving import fetch, gunicorn

POOL_SIZE = 4
POOL_TIMEOUT = 5  # seconds a request may wait for a pooled connection
BURST = 12 * POOL_SIZE  # requests at once during the outage: twelve times gunicorn's threads
FAIL_FAST_SECONDS = 1.0  # the slowest 503 of the burst, far under POOL_TIMEOUT
RECOVERY_SECONDS = 2.0  # from the database's return to the first answer served from it
PAGES = ["/", "/incidents/", "/reinfo/"]
API = ["/api/v1/incidents/", "/api/v1/regions/", "/api/v1/stats/incidents/"]


@pytest.fixture
def postgres():
    server = ThrowawayPostgres()
    server.start()
    yield server
    server.destroy()


def wait_for(url: str, status: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while (answer := fetch(url)).status != status:
        assert time.monotonic() < deadline, f"{url} still answers {answer.status}: {answer.body[:300]}"
        time.sleep(0.5)


def migrate(database_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_veta_answers_503_while_the_database_is_down_and_recovers_by_itself(postgres) -> None:
    url = postgres.create_database("veta_outage")
    env = {"DATABASE_POOL_MAX_SIZE": str(POOL_SIZE), "DATABASE_POOL_TIMEOUT": str(POOL_TIMEOUT)}
    with gunicorn(url, threads=POOL_SIZE, env=env) as (base, _):
        # Not migrated yet: up, but not ready, and it says why.
        assert fetch(base + "/healthz").status == 200
        answer = fetch(base + "/readyz")
        assert answer.status == 503
        assert "migration(s) not applied" in json.loads(answer.body)["detail"]

        migrate(url)
        answer = fetch(base + "/readyz")
        assert (answer.status, json.loads(answer.body)["status"]) == (200, "ready")
        for path in PAGES + API:
            assert fetch(base + path).status == 200, path

        postgres.stop()
        assert fetch(base + "/healthz").status == 200  # the process is up; only the database is gone
        answer = fetch(base + "/readyz")
        assert answer.status == 503
        assert json.loads(answer.body)["detail"] == "Not ready: the database is unreachable."
        for path in API:
            answer = fetch(base + path)
            assert answer.status == 503, (path, answer.body[:500])
            assert answer.headers["Retry-After"] == "30"
            assert "database is unreachable" in json.loads(answer.body)["detail"]
        for path in PAGES:
            answer = fetch(base + path)
            assert answer.status == 503, (path, answer.body[:500])
            assert "Veta is briefly unavailable" in answer.body
            assert "Traceback" not in answer.body and "psycopg" not in answer.body

        # A burst while the database is down: every request answers 503 at once.
        def timed(path: str) -> tuple[int, float]:
            began = time.monotonic()
            status = fetch(base + path).status
            return status, time.monotonic() - began

        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=BURST) as pool:
            answers = list(pool.map(timed, [(PAGES + API)[n % len(PAGES + API)] for n in range(BURST)]))
        burst_seconds = time.monotonic() - began
        slowest = max(seconds for _, seconds in answers)
        assert {status for status, _ in answers} == {503}
        assert slowest < FAIL_FAST_SECONDS, f"a 503 took {slowest:.2f} s during the outage"

        postgres.start()
        returned = time.monotonic()
        while (answer := fetch(base + "/api/v1/regions/?page_size=1")).status != 200:
            assert time.monotonic() - returned < 60, answer.body[:300]
            time.sleep(0.05)
        recovery = time.monotonic() - returned
        FIGURES.append(
            f"outage: a burst of {BURST} requests answered 503 in {burst_seconds:.2f} s (slowest {slowest:.2f} s, "
            f"pool timeout {POOL_TIMEOUT} s); served again {recovery:.2f} s after the database returned"
        )
        assert recovery < RECOVERY_SECONDS, f"Veta served again only {recovery:.2f} s after the database returned"
        wait_for(base + "/readyz", 200)
        # Every request succeeds again, more of them than the pool holds connections.
        statuses = [fetch(base + path).status for _ in range(POOL_SIZE) for path in PAGES + API]
        assert statuses == [200] * len(statuses)
