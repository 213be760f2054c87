"""Versions in the API: details carry an ETag from `updated_at`; writes honour If-Match and If-Unmodified-Since."""

import datetime
import threading
import time

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.utils.http import http_date
from rest_framework.authtoken.models import Token

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from core.concurrency import api_version
from core.models import Tombstone
from incidents.choices import ActorKind, IncidentType
from incidents.models import Actor, Incident
from tests.threads import committed as _in_own_connection

# `server`: versions and locks between sessions: writes committed on other connections.
pytestmark = [pytest.mark.django_db, pytest.mark.server]


@pytest.fixture(autouse=True)
def _clear_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor() -> User:
    user = User.objects.create(username="editor-api")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="incidents", codename__in=["change_incident", "delete_incident", "change_casualty"]
        )
    )
    return user


@pytest.fixture
def editor_client(editor) -> Client:
    token, _ = Token.objects.get_or_create(user=editor)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def incident() -> Incident:
    return Incident.objects.create(
        title="Ataque en Pataz",
        incident_type=IncidentType.ARMED_ATTACK,
        date_start=datetime.date(2025, 6, 10),
        date_end=datetime.date(2025, 6, 10),
        date_precision=DatePrecision.DAY,
        region_id="13",
        place_precision=PlacePrecision.REGION,
        status=ModerationStatus.DRAFT,
    )


def url(incident: Incident) -> str:
    return f"/api/v1/incidents/{incident.pk}/"


def patch(client: Client, path: str, data: dict, **headers: str):
    return client.patch(path, data, content_type="application/json", headers=headers)


# Reading a version ------------------------------------------------------------------------------


def test_a_detail_has_an_etag_starting_with_its_version(editor_client, incident) -> None:
    response = editor_client.get(url(incident))

    assert response.status_code == 200
    assert response["ETag"].startswith(f'"{api_version(incident)}-')
    assert response["Last-Modified"] == http_date(incident.updated_at.timestamp())


def test_the_etag_changes_with_updated_at_and_still_answers_304_while_unchanged(editor_client, incident) -> None:
    etag = editor_client.get(url(incident))["ETag"]
    assert editor_client.get(url(incident), headers={"If-None-Match": etag}).status_code == 304

    incident.save()

    response = editor_client.get(url(incident), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


# Writing from a version ---------------------------------------------------------------------


def test_a_patch_with_the_current_etag_is_saved_and_answers_the_new_etag(editor_client, incident) -> None:
    etag = editor_client.get(url(incident))["ETag"]

    response = patch(editor_client, url(incident), {"title": "Ataque en Pataz (corregido)"}, **{"If-Match": etag})

    assert response.status_code == 200, response.content
    incident.refresh_from_db()
    assert incident.title == "Ataque en Pataz (corregido)"
    assert response["ETag"].startswith(f'"{api_version(incident)}-')
    assert response["ETag"] != etag


def test_a_patch_with_a_stale_etag_is_refused_with_412_and_the_current_record(editor_client, incident) -> None:
    stale = editor_client.get(url(incident))["ETag"]
    patch(editor_client, url(incident), {"title": "Primera corrección"}, **{"If-Match": stale})

    response = patch(editor_client, url(incident), {"title": "Segunda corrección"}, **{"If-Match": stale})

    assert response.status_code == 412
    incident.refresh_from_db()
    assert incident.title == "Primera corrección"
    body = response.json()
    assert body["current"]["title"] == "Primera corrección"
    assert body["current"]["id"] == incident.pk
    assert body["current_version"] == f'"{api_version(incident)}"'
    assert body["updated_at"] == incident.updated_at.astimezone(datetime.UTC).isoformat()
    assert response["ETag"] == body["current_version"]
    # Sending the change again from the current version succeeds.
    again = patch(
        editor_client, url(incident), {"title": "Segunda corrección"}, **{"If-Match": body["current_version"]}
    )
    assert again.status_code == 200


def test_a_put_with_a_stale_etag_is_refused(editor_client, incident) -> None:
    current = editor_client.get(url(incident))
    stale = current["ETag"]
    incident.save()
    representation = {**current.json(), "region": "13", "province": None, "district": None}

    response = editor_client.put(
        url(incident), representation, content_type="application/json", headers={"If-Match": stale}
    )

    assert response.status_code == 412


def test_a_write_without_if_match_proceeds(editor_client, incident) -> None:
    incident.save()

    response = patch(editor_client, url(incident), {"title": "Sin versión"})

    assert response.status_code == 200
    incident.refresh_from_db()
    assert incident.title == "Sin versión"


def test_if_match_star_and_weak_or_version_only_tags_match(editor_client, incident) -> None:
    etag = editor_client.get(url(incident))["ETag"]

    assert patch(editor_client, url(incident), {"title": "Uno"}, **{"If-Match": "*"}).status_code == 200
    incident.refresh_from_db()
    version_only = f'"{api_version(incident)}"'
    assert patch(editor_client, url(incident), {"title": "Dos"}, **{"If-Match": version_only}).status_code == 200
    incident.refresh_from_db()
    weak = f'W/"{api_version(incident)}-0123456789abcdef"'
    assert patch(editor_client, url(incident), {"title": "Tres"}, **{"If-Match": weak}).status_code == 200
    assert patch(editor_client, url(incident), {"title": "Cuatro"}, **{"If-Match": etag}).status_code == 412


def test_if_unmodified_since_refuses_a_write_after_a_later_change(editor_client, incident) -> None:
    before = http_date(incident.updated_at.timestamp() - 60)
    assert patch(editor_client, url(incident), {"title": "Tarde"}, **{"If-Unmodified-Since": before}).status_code == 412

    last_modified = editor_client.get(url(incident))["Last-Modified"]
    response = patch(editor_client, url(incident), {"title": "A tiempo"}, **{"If-Unmodified-Since": last_modified})
    assert response.status_code == 200


def test_a_delete_with_a_stale_etag_is_refused_and_the_record_stays(editor_client, incident) -> None:
    stale = editor_client.get(url(incident))["ETag"]
    incident.save()

    response = editor_client.delete(url(incident), headers={"If-Match": stale})

    assert response.status_code == 412
    assert response.json()["current"]["id"] == incident.pk
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_a_delete_with_the_current_etag_deletes(editor_client, incident) -> None:
    etag = editor_client.get(url(incident))["ETag"]

    assert editor_client.delete(url(incident), headers={"If-Match": etag}).status_code == 204
    assert not Incident.objects.filter(pk=incident.pk).exists()


def test_a_stale_write_by_someone_without_the_right_is_still_refused_for_the_right(incident) -> None:
    """Preconditions never leak a record: the rights and visibility are checked first."""
    response = Client().patch(
        url(incident), {"title": "x"}, content_type="application/json", headers={"If-Match": '"x"'}
    )

    assert response.status_code in (401, 403)


def test_a_write_to_a_record_the_user_cannot_see_is_404_whatever_the_precondition(editor_client) -> None:
    assert (
        patch(editor_client, "/api/v1/incidents/999999999/", {"title": "x"}, **{"If-Match": '"x"'}).status_code == 404
    )


# The documentation -------------------------------------------------------------------------------


def test_the_schema_documents_the_version_headers_and_the_412(client) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    detail = schema["paths"]["/api/v1/incidents/{id}/"]

    for method in ("put", "patch", "delete"):
        headers = {p["name"] for p in detail[method]["parameters"] if p["in"] == "header"}
        assert {"If-Match", "If-Unmodified-Since"} <= headers
        assert "412" in detail[method]["responses"]
    assert "ETag" in detail["get"]["responses"]["200"]["headers"]


# A real race through HTTP ------------------------------------------------------------------------


def _committed_actor_and_key() -> tuple[int, int, str]:
    user = User.objects.create_superuser(username="editor-race", email="race@veta.example.org", password=None)
    actor = Actor.objects.create(name="Carrera por la API", kind=ActorKind.CRIMINAL_GROUP)
    return actor.pk, user.pk, Token.objects.create(user=user).key


def _clean_up(actor_pk: int, user_pk: int) -> None:
    from pghistory.models import Context

    Actor.objects.filter(pk=actor_pk).delete()
    Actor.pgh_event_model.objects.filter(pgh_obj_id=actor_pk).delete()
    Tombstone.objects.filter(model_label="incidents.actor", object_id=str(actor_pk)).delete()
    Context.objects.filter(metadata__user=user_pk).delete()
    User.objects.filter(pk=user_pk).delete()


def test_of_two_simultaneous_patches_with_the_same_etag_exactly_one_wins(monkeypatch) -> None:
    """Two threads, each with its own connection, PATCH a committed actor with the same If-Match."""
    actor_pk, user_pk, key = _in_own_connection(_committed_actor_and_key)
    try:
        path = f"/api/v1/actors/{actor_pk}/"
        # The actor is used by no public incident, so only a signed-in editor sees it (the one visibility rule).
        etag = _in_own_connection(lambda: Client(HTTP_AUTHORIZATION=f"Token {key}").get(path)["ETag"])
        original_save = Actor.save

        def slow_save(self, *args, **kwargs):
            time.sleep(0.3)
            return original_save(self, *args, **kwargs)

        monkeypatch.setattr(Actor, "save", slow_save)
        barrier = threading.Barrier(2)
        statuses: dict[str, int] = {}

        def writer(name: str) -> None:
            try:
                client = Client(HTTP_AUTHORIZATION=f"Token {key}")
                barrier.wait(timeout=10)
                statuses[name] = patch(client, path, {"description": f"por {name}"}, **{"If-Match": etag}).status_code
            finally:
                connections.close_all()

        threads = [threading.Thread(target=writer, args=(name,)) for name in ("rosa", "luis")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(statuses.values()) == [200, 412]
        [winner] = [name for name, code in statuses.items() if code == 200]
        assert _in_own_connection(lambda: Actor.objects.get(pk=actor_pk).description) == f"por {winner}"
    finally:
        _in_own_connection(lambda: _clean_up(actor_pk, user_pk))
