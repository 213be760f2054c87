"""Concurrent API edits of one incident over real HTTP: no edit is lost.

Four editors PATCH four different fields of the same incident at the same time, round
after round, without If-Match. Each PATCH saves the whole row, so without the row lock
the API takes (`VetaViewSet.get_object`: SELECT … FOR UPDATE before reading) one
editor's save would write back another's field as it was before, silently. At the end
every field must hold its editor's last value.
"""

import json
import threading

import psycopg
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.models import Max
from rest_framework.authtoken.models import Token

from core.backups import connection_params
from incidents.models import Incident
from tests.reliability.serving import fetch

# `server`: row locks between concurrent sessions, each request on a pooled connection of its own.
pytestmark = pytest.mark.server

FIELDS = {"title": "Ataque {n}", "description": "Descripción {n}", "location_name": "Socavón {n}", "type": None}
TYPES = ["armed_attack", "extortion", "kidnapping", "massacre"]
ROUNDS = 8


@pytest.fixture
def committed_incident(django_db_blocker):
    """A draft incident and an editor's key, committed so the server's threads see them; removed afterwards."""
    with django_db_blocker.unblock():
        last_event = Incident.pgh_event_model.objects.aggregate(m=Max("pgh_id"))["m"] or 0
        incident = Incident.objects.create(
            title="Ataque", incident_type="armed_attack", date_start="2025-05-02", date_end="2025-05-02",
            region_id="13", place_precision="region",
        )  # fmt: skip
        editor = User.objects.create_user("editor-lost-updates", email="lost@veta.example.org")
        editor.groups.add(Group.objects.get(name="editor"))
        key = Token.objects.create(user=editor).key
        yield incident.pk, key
        params = connection_params(connection.settings_dict)
        with psycopg.connect(dbname=connection.settings_dict["NAME"], **params) as other, other.transaction():
            # With its triggers, so the statistics' rollups forget the draft too; the history its
            # delete writes goes with the rest of the test's events below.
            other.execute("DELETE FROM incidents_incident WHERE id = %s", [incident.pk])
            other.execute(f"DELETE FROM {Incident.pgh_event_model._meta.db_table} WHERE pgh_id > %s", [last_event])
        editor.delete()


def test_concurrent_patches_of_different_fields_lose_no_edit(http_server: str, committed_incident) -> None:
    pk, key = committed_incident
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
    statuses: list[int] = []
    start = threading.Barrier(len(FIELDS))

    def editor(field: str) -> None:
        start.wait()
        for n in range(1, ROUNDS + 1):
            value = TYPES[n % len(TYPES)] if field == "type" else FIELDS[field].format(n=n)
            body = json.dumps({field: value}).encode()
            statuses.append(
                fetch(f"{http_server}/api/v1/incidents/{pk}/", method="PATCH", data=body, headers=headers).status
            )

    threads = [threading.Thread(target=editor, args=(field,)) for field in FIELDS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [200] * (len(FIELDS) * ROUNDS)
    current = json.loads(fetch(f"{http_server}/api/v1/incidents/{pk}/", headers=headers).body)
    assert {field: current[field] for field in FIELDS} == {
        "title": f"Ataque {ROUNDS}",
        "description": f"Descripción {ROUNDS}",
        "location_name": f"Socavón {ROUNDS}",
        "type": TYPES[ROUNDS % len(TYPES)],
    }
