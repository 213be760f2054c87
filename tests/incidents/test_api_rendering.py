"""The incident JSON declared once (`INCIDENT_JSON`) reads the same through both of its derivations.

PostgreSQL renders the JSON pages and details from the declaration's SQL; the serializer
(browsable API, answers to writes) reads instances through its Python derivation. Every
incident of the list and of the detail is compared for the same reader, in English and
Spanish, over incidents that differ in every way the JSON can (precisions, nulls, private
names, several claims, actors and sources, microseconds, retractions), so that each field
kind is exercised both ways.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone, translation
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from incidents.api.serializers import IncidentSerializer
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from incidents.services import add_claim
from regions.models import MiningSite
from tests.accounts import member

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"


def reference(ids: list[int], user, language: str, path: str = URL) -> list[dict]:
    """The incidents as the serializer reads them (the declaration's Python side) for `user`, in `language`."""
    request = Request(APIRequestFactory().get(path))
    request.user = user
    sees_private_data = user.is_authenticated and user.has_perm("incidents.change_casualty")
    with translation.override(language):
        incidents = {incident.pk: incident for incident in Incident.objects.for_api().filter(pk__in=ids)}
        data = [
            IncidentSerializer(incidents[pk], context={"request": request, "sees_private_data": sees_private_data}).data
            for pk in ids
        ]
        return json.loads(json.dumps(data, default=str))


@pytest.fixture
def varied_incidents() -> list[Incident]:
    """Incidents covering every shape of the JSON: each date precision, place level and null."""
    site = MiningSite.objects.first()
    old_source = Source.objects.create(outlet="Diario <b>Uno</b>", title='Says "three"', url="https://example.org/a")
    dated_source = Source.objects.create(title="Informe", published_on=datetime.date(2024, 3, 9))
    same_day_source = Source.objects.create(title="Another, same day", published_on=datetime.date(2024, 3, 9))
    gang = Actor.objects.create(name="Los Ñañas", kind="criminal_group")
    police = Actor.objects.create(name="Policía Nacional", kind="security_forces")
    shapes = [
        {"date_precision": "day", "date_start": datetime.date(2024, 3, 7), "date_end": datetime.date(2024, 3, 7)},
        {"date_precision": "days", "date_start": datetime.date(2024, 3, 1), "date_end": datetime.date(2024, 3, 4)},
        {"date_precision": "week", "date_start": datetime.date(2024, 2, 5), "date_end": datetime.date(2024, 2, 11)},
        {"date_precision": "month", "date_start": datetime.date(2023, 9, 1), "date_end": datetime.date(2023, 9, 30)},
        {"date_precision": "year", "date_start": datetime.date(2019, 1, 1), "date_end": datetime.date(2019, 12, 31)},
    ]
    places = [
        {"region_id": "17", "province_id": "1701", "district_id": "170101", "place_precision": "district",
         "latitude": "-12.593010", "longitude": "-69.189300", "location_name": "La Pampa, km 108"},
        {"region_id": "17", "province_id": "1701", "place_precision": "province"},
        {"region_id": "13", "place_precision": "region", "location_name": 'Pataz "El Gigante"'},
    ]  # fmt: skip
    incidents = []
    for n, shape in enumerate(shapes * 2):
        incident = Incident.objects.create(
            title=f"Incident {n} <script>alert(1)</script> ñandú",
            incident_type=["armed_attack", "extortion", "kidnapping"][n % 3],
            description="Línea uno\nlínea dos \\ barra" if n % 2 else "",
            status="published",
            site=site if n % 3 == 0 else None,
            **shape,
            **places[n % len(places)],
        )
        incidents.append(incident)
        if n % 4 == 1:
            continue  # no claims, casualties, actors or sources at all
        incident.sources.add(old_source, dated_source, same_day_source)
        # Written through the services, which derive the figures rendered from the incident row.
        add_claim(Claim(incident=incident, source=old_source, claimed_on=shape["date_end"], killed=3, missing=7,
                        wording="at_least", notes="Según la fiscalía"))  # fmt: skip
        add_claim(Claim(incident=incident, source=dated_source, claimed_on=shape["date_end"], killed=4,
                        grade="confirmed", chosen_as_best=True))  # fmt: skip
        Casualty.objects.create(incident=incident, outcome="killed", role="miner", name="Juan Pérez", age=34,
                                sex="male", name_is_public=n % 2 == 0)  # fmt: skip
        Casualty.objects.create(incident=incident, outcome="missing", count=7)
        IncidentActor.objects.create(incident=incident, actor=gang, role="perpetrator")
        IncidentActor.objects.create(incident=incident, actor=police, role="responder")
    # Published with and without microseconds; one retracted (seen by editors only).
    Incident.objects.filter(pk=incidents[0].pk).update(
        published_at=datetime.datetime(2024, 3, 8, 14, 5, 9, 120000, tzinfo=datetime.UTC)
    )
    Incident.objects.filter(pk=incidents[1].pk).update(
        published_at=datetime.datetime(2024, 3, 8, 14, 5, 9, tzinfo=datetime.UTC), updated_at=timezone.now()
    )
    Incident.objects.filter(pk=incidents[2].pk).update(status="retracted", retraction_reason="Duplicado <i>x</i>")
    Incident.objects.filter(pk=incidents[3].pk).update(status="draft")
    return incidents


def readers() -> dict[str, object]:
    return {"anonymous": AnonymousUser(), "editor": member("rendering-editor", "editor")}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_every_listed_incident_reads_the_same_both_ways(varied_incidents, language: str, reader: str) -> None:
    user = readers()[reader]
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(URL + "?page_size=1000")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    ids = [row["id"] for row in results]
    assert set(ids) >= {incident.pk for incident in varied_incidents if reader == "editor" or incident.pk not in
                        (varied_incidents[2].pk, varied_incidents[3].pk)}  # fmt: skip
    assert results == reference(ids, user, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_incident_detail_reads_the_same_both_ways(client: Client, varied_incidents, language: str) -> None:
    for incident in varied_incidents[4:]:
        response = client.get(f"{URL}{incident.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert response.json() == reference([incident.pk], AnonymousUser(), language)[0]


def test_private_names_and_ages_stay_hidden_from_the_public_but_not_from_editors(client: Client, varied_incidents):
    private = varied_incidents[7]  # odd: the named casualty is not public
    public = client.get(f"{URL}{private.pk}/").json()["casualties"]
    assert [(c["name"], c["age"]) for c in public] == [(None, None), (None, None)]
    client.force_login(member("private-editor", "editor"))
    seen = client.get(f"{URL}{private.pk}/").json()["casualties"]
    assert [(c["name"], c["age"]) for c in seen] == [("Juan Pérez", 34), ("", None)]


def test_date_labels_read_in_the_readers_language(client: Client, varied_incidents) -> None:
    week = varied_incidents[2]
    Incident.objects.filter(pk=week.pk).update(status="published")
    english = client.get(f"{URL}{week.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()["date_label"]
    spanish = client.get(f"{URL}{week.pk}/", HTTP_ACCEPT_LANGUAGE="es").json()["date_label"]
    assert english == "week of 5 February 2024"
    assert spanish == "semana del 5 de febrero de 2024"


def test_a_detail_is_one_query_and_carries_its_version(client: Client, varied_incidents, django_assert_num_queries):
    incident = varied_incidents[0]
    with django_assert_num_queries(1):
        response = client.get(f"{URL}{incident.pk}/")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    again = client.get(f"{URL}{incident.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    Incident.objects.filter(pk=incident.pk).update(title="Changed", updated_at=timezone.now())
    changed = client.get(f"{URL}{incident.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != response["ETag"]


def test_unknown_and_malformed_ids_are_404s(client: Client) -> None:
    assert client.get(f"{URL}999999999/").status_code == 404
    assert client.get(f"{URL}abc/").status_code == 404
    assert client.get(f"{URL}99999999999999999999/").status_code == 404  # beyond bigint: no row can match


@pytest.mark.parametrize("ordering", ["id", "-id", "date_start", "-date_start", "updated_at", "-updated_at",
                                      "created_at", "-created_at"])  # fmt: skip
def test_following_next_links_visits_every_incident_once_in_order(client: Client, varied_incidents, ordering: str):
    field = ordering.lstrip("-")
    seen = []
    url = f"{URL}?page_size=3&ordering={ordering}"
    while url:
        page = client.get(url).json()
        seen.extend(page["results"])
        url = page["next"]
    expected = list(
        Incident.objects.published().order_by(ordering, ("-" if ordering.startswith("-") else "") + "pk")
        .values_list("pk", flat=True)
    )  # fmt: skip
    assert [row["id"] for row in seen] == expected
    assert all(row[field] for row in seen)


def test_the_browsable_api_still_renders_through_the_serializer(client: Client, varied_incidents) -> None:
    response = client.get(URL, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Incident 0 &lt;script&gt;" in response.content


@pytest.mark.parametrize("zone", ["America/Lima", "UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Madrid"])
def test_date_times_are_written_as_drf_writes_them_in_any_time_zone(zone: str) -> None:
    from django.db import connection
    from rest_framework.fields import DateTimeField

    from core.api.representation import datetime_sql

    instants = [
        datetime.datetime(2024, 3, 8, 14, 5, 9, tzinfo=datetime.UTC),
        datetime.datetime(2024, 7, 1, 23, 59, 59, 999999, tzinfo=datetime.UTC),
        datetime.datetime(1992, 1, 15, 4, 0, 0, 120, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 4, 0, 0, tzinfo=datetime.UTC),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {datetime_sql('t')} FROM unnest(%(instants)s::timestamptz[]) WITH ORDINALITY AS x(t, n)"
            " ORDER BY n",
            {"instants": instants, "tz": zone},
        )
        written = [row[0] for row in cursor.fetchall()]
    with timezone.override(zone):
        expected = [DateTimeField().to_representation(instant) for instant in instants]
    assert written == expected
