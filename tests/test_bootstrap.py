"""`manage.py bootstrap`, which `make run` and `make test` call, sets up an empty database and is idempotent."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

# `server`: bootstrap creates and fills a database on the configured server, from DATABASE_URL.
pytestmark = pytest.mark.server

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def scratch_database_url():
    """A URL on the same server as the tests, for a database that does not exist yet."""
    database = settings.DATABASES["default"]
    name = f"veta_bootstrap_{uuid.uuid4().hex[:8]}"
    host = quote(database["HOST"] or "localhost", safe="")
    user = database["USER"] or "postgres"
    password = f":{quote(database['PASSWORD'], safe='')}" if database.get("PASSWORD") else ""
    yield f"postgresql://{user}{password}@{host}:{database['PORT'] or 5432}/{name}"
    with psycopg.connect(
        dbname="postgres", host=database["HOST"] or None, port=database["PORT"] or None, user=user,
        password=database.get("PASSWORD") or None, autocommit=True,
    ) as connection:  # fmt: skip
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bootstrap(database_url: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("TEST_DATABASE_NAME", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "bootstrap"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_bootstrap_creates_everything_once_and_then_changes_nothing(scratch_database_url: str) -> None:
    first = bootstrap(scratch_database_url)
    assert "Created the database" in first
    assert "25 regions, 196 provinces, 1893 districts (2114 created or updated)" in first
    assert "5 incidents" in first

    second = bootstrap(scratch_database_url)
    assert "Created the database" not in second
    assert "(0 created or updated)" in second
    assert "Real records: all present." in second

    with psycopg.connect(scratch_database_url) as connection:
        counts = connection.execute(
            "SELECT (SELECT count(*) FROM regions_district), (SELECT count(*) FROM incidents_incident),"
            " (SELECT count(*) FROM incidents_claim)"
        ).fetchone()
    assert counts == (1893, 5, 7)
