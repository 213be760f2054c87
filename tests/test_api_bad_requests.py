"""Requests an outside test sent to break the API: forged cursors, odd digits, deletions of records in use.

Each list endpoint is walked from the routes themselves, with each of its orderings, so a
new endpoint or ordering is covered without a line here.
"""

import base64
import json

import pytest
from django.contrib.auth.models import Group, User
from django.db import models
from django.test import Client

from core.choices import ModerationStatus
from incidents.models import Actor, Claim, Incident, IncidentActor, Source
from overview.api.urls import ENFORCEMENT_ROUTES, INCIDENT_ROUTES, REGION_ROUTES
from regions.models import District, MiningSite, ProtectedArea, Region

pytestmark = pytest.mark.django_db

ROUTES = [*REGION_ROUTES, *INCIDENT_ROUTES, *ENFORCEMENT_ROUTES]


def cursor(*parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode("ascii")


def signed_in(role: str) -> Client:
    """A session of a newsroom account in the group of `role` (reviewer, admin)."""
    user = User.objects.create(username=f"bad-{role}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def forged_values(field: models.Field | None) -> list:
    """Sort values no row of this field could hold, as a forger would write them."""
    common = [None, [1], {"a": 1}, True]
    if isinstance(field, models.DateTimeField):
        return [*common, "2025-02-30T10:00:00Z", "yesterday", 20250101, "9999-99-99"]
    if isinstance(field, models.DateField):
        return [*common, "2025-02-30", "abc", 20250101, "2025-13-01"]
    if isinstance(field, models.IntegerField | models.AutoField):
        return [*common, "abc", 2**70, -(2**70), "1e9999", 1.5]
    return [*common, "nul\x00byte"]


def cases():
    for prefix, viewset, _basename in ROUTES:
        model = viewset.queryset.model
        for ordering in sorted(viewset.ordering_fields):
            name = ordering.lstrip("-")
            field = model._meta.pk if name == "id" else model._meta.get_field(name)
            yield pytest.param(prefix, ordering, field, id=f"{prefix}-{ordering}")


@pytest.mark.parametrize(("prefix", "ordering", "field"), list(cases()))
def test_a_forged_cursor_is_a_400_on_every_list_and_ordering(prefix, ordering, field) -> None:
    client = signed_in("reviewer")  # drafts too: every row the list could read
    name = ordering.lstrip("-")
    url = f"/api/v1/{prefix}/"
    forged = [cursor(name, value, 1) for value in forged_values(field)]
    forged += [cursor(name, "2025-01-01", "abc"), cursor(name, "2025-01-01", 2**64), cursor(name, "x", None)]
    forged += ["not base64!", base64.urlsafe_b64encode(b"\xff\xfe").decode(), cursor(name, "x"), cursor(1, 2, 3, 4)]
    for value in forged:
        response = client.get(url, {"ordering": ordering, "cursor": value})
        assert response.status_code == 400, (url, ordering, value, response.content[:300])
        assert "cursor" in response.json()


@pytest.mark.parametrize(("prefix", "ordering", "field"), list(cases()))
def test_the_cursor_veta_gives_out_still_leads_to_the_next_page(prefix, ordering, field) -> None:
    client = signed_in("reviewer")
    first = client.get(f"/api/v1/{prefix}/", {"ordering": ordering, "page_size": 1})
    assert first.status_code == 200
    if first.json()["next"]:
        second = client.get(first.json()["next"])
        assert second.status_code == 200, second.content[:300]
        assert second.json()["results"] != first.json()["results"]


@pytest.mark.parametrize("value", ["５", "１０", "٣", "²", "1５", " 5", "5.0", "0", "1001", "99999999999999999999999"])
def test_page_size_takes_ascii_digits_only(value: str) -> None:
    for prefix, _viewset, _basename in ROUTES:
        response = Client().get(f"/api/v1/{prefix}/", {"page_size": value})
        assert response.status_code == 400, (prefix, value)
        assert "page_size" in response.json()


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("min_killed", "５"), ("date_from", "２０２５-01-01"), ("site", "１"), ("region", "１３"), ("actor", "1,٣")],
)
def test_number_and_date_filters_refuse_non_ascii_digits(parameter: str, value: str) -> None:
    response = Client().get("/api/v1/incidents/", {parameter: value})
    assert response.status_code == 400, response.content[:300]
    assert parameter in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stats/incidents/?min_killed=５",
        "/api/v1/stats/operations/?date_from=２０２５-01-01",
        "/map/regions.geojson?min_killed=５",
        "/api/v1/deletions/?since=２０２５-01-01T00:00:00Z",
        "/api/v1/incidents/?updated_since=２０２５-01-01T00:00:00Z",
    ],
)
def test_statistics_the_map_layer_and_deletions_refuse_non_ascii_digits(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 400, (url, response.content[:300])


def test_the_list_page_shows_the_refusal_of_a_full_width_digit() -> None:
    response = Client().get("/incidents/", {"min_killed": "５"})
    assert response.status_code == 400
    assert "digits 0 to 9" in response.content.decode()


# --- Deleting a record others refer to -----------------------------------------------------------


def referred_records() -> dict[str, tuple[str, models.Model, str]]:
    """(API prefix, record, a kind of record that refers to it) for each kind of record deleted in use."""
    claim = Claim.objects.select_related("source").first()
    role = IncidentActor.objects.select_related("actor").first()
    site = MiningSite.objects.filter(incidents__isnull=False).first()
    area = ProtectedArea.objects.filter(mining_sites__isnull=False).first()
    district = District.objects.filter(incident__isnull=False).first()
    return {
        "source": ("sources", claim.source, "incidents.claim"),
        "actor": ("actors", role.actor, "incidents.incidentactor"),
        "site": ("mining-sites", site, "incidents.incident"),
        "protected_area": ("protected-areas", area, "regions.miningsite"),
        "region": ("regions", Region.objects.get(code="13"), "regions.province"),
        "district": ("districts", district, "incidents.incident"),
    }


@pytest.mark.parametrize("kind", ["source", "actor", "site", "protected_area", "region", "district"])
def test_deleting_a_record_in_use_is_a_409_naming_what_refers_to_it(kind: str) -> None:
    prefix, record, referrer = referred_records()[kind]
    client = signed_in("admin")
    response = client.delete(f"/api/v1/{prefix}/{record.pk}/")
    assert response.status_code == 409, response.content[:300]
    body = response.json()
    assert referrer in [item["model"] for item in body["referenced_by"]]
    assert all(item["count"] >= len(item["ids"]) >= 1 for item in body["referenced_by"])
    assert "refer" in body["detail"]
    assert type(record).objects.filter(pk=record.pk).exists()


def test_a_reviewer_deleting_a_source_in_use_gets_a_409_and_one_unused_is_deleted() -> None:
    client = signed_in("reviewer")
    used = Claim.objects.first().source
    assert client.delete(f"/api/v1/sources/{used.pk}/").status_code == 409
    unused = Source.objects.create(title="Nota sin uso", url="https://example.org/nota-sin-uso")
    response = client.delete(f"/api/v1/sources/{unused.pk}/")
    assert response.status_code == 204, response.content[:300]
    assert not Source.objects.filter(pk=unused.pk).exists()
    assert Source.objects.filter(pk=used.pk).exists()


def test_the_schema_documents_the_409_of_deletions() -> None:
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    responses = schema["paths"]["/api/v1/sources/{id}/"]["delete"]["responses"]
    assert "409" in responses


def test_unused_real_records_are_still_deletable_by_an_admin() -> None:
    actor = Actor.objects.create(name="Banda sin incidentes", kind=Actor._meta.get_field("kind").choices[0][0])
    response = signed_in("admin").delete(f"/api/v1/actors/{actor.pk}/")
    assert response.status_code == 204
    assert Incident.objects.filter(status=ModerationStatus.PUBLISHED).exists()


@pytest.mark.parametrize("kind", ["source", "actor", "site", "protected_area", "region", "district"])
def test_the_admin_refuses_to_delete_a_record_in_use_with_a_page_not_an_error(kind: str) -> None:
    _prefix, record, _referrer = referred_records()[kind]
    meta = type(record)._meta
    client = signed_in("admin")
    url = f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/delete/"
    shown = client.get(url)
    assert shown.status_code in (200, 403), shown.status_code
    posted = client.post(url, {"post": "yes"})
    assert posted.status_code in (200, 403), posted.status_code
    if posted.status_code == 200:
        assert "protected" in posted.content.decode().lower() or "cannot" in posted.content.decode().lower()
    bulk = client.post(
        f"/admin/{meta.app_label}/{meta.model_name}/",
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403), bulk.status_code
    assert type(record).objects.filter(pk=record.pk).exists()
