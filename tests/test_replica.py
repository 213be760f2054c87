"""DATABASE_REPLICA_URL: read-only requests read from the replica alias, everything else from default.

Settings are read once per process, so the check runs in a fresh Django process whose
DATABASE_URL and DATABASE_REPLICA_URL both name this test database: a second alias pointing
at the same server, as a replica would be.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from core.routers import ReplicaRouter, request_reads_from_replica

# `server`: a second process reaches the test database over DATABASE_URL and a replica alias.
pytestmark = [pytest.mark.django_db, pytest.mark.server]

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json
import django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from incidents.models import Incident

def reads(method, path):
    with CaptureQueriesContext(connections["default"]) as primary, \\
         CaptureQueriesContext(connections["replica"]) as replica:
        status = getattr(Client(), method)(path).status_code
    selects = lambda queries: sum(1 for q in queries if q["sql"].lstrip().upper().startswith("SELECT"))
    return {"status": status, "default": selects(primary), "replica": selects(replica)}

print(json.dumps({
    "api list": reads("get", "/api/v1/incidents/"),
    "page": reads("get", "/incidents/"),
    "admin": reads("get", "/admin/login/"),
    "api write": reads("post", "/api/v1/incidents/"),
    "outside requests": Incident.objects.db,
    "routers": __import__("django.conf").conf.settings.DATABASE_ROUTERS,
}))
"""


def database_url() -> str:
    settings = connection.settings_dict
    host = quote(settings["HOST"] or "127.0.0.1", safe="")
    return f"postgresql://{settings['USER']}@{host}:{settings['PORT']}/{settings['NAME']}"


def test_read_only_requests_read_from_the_replica_and_the_rest_from_default():
    url = database_url()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DATABASE_REPLICA_URL": url,
        "DJANGO_SETTINGS_MODULE": "veta.settings",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("TEST_DATABASE_NAME", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["routers"] == ["core.routers.ReplicaRouter"]
    for name in ("api list", "page"):
        assert seen[name]["status"] == 200
        assert seen[name]["replica"] > 0 and seen[name]["default"] == 0, (name, seen[name])
    # The admin and requests that may write read from the primary, so editors see their own writes.
    assert seen["admin"]["replica"] == 0
    assert seen["api write"]["replica"] == 0
    assert seen["outside requests"] == "default"


def test_the_router_writes_to_default_and_migrates_only_default(rf):
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"  # outside a read-only request
    assert router.allow_migrate("default", "incidents") and not router.allow_migrate("replica", "incidents")
    assert request_reads_from_replica(rf.get("/api/v1/incidents/"))
    assert request_reads_from_replica(rf.head("/incidents/1/"))
    assert not request_reads_from_replica(rf.post("/api/v1/incidents/"))
    assert not request_reads_from_replica(rf.get("/admin/incidents/incident/"))
    assert not request_reads_from_replica(rf.get("/imports/reinfo/"))
