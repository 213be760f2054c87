"""Veta's incident CSV is written by PostgreSQL (COPY) and is byte for byte what Python's csv writer wrote."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from psycopg.pq import TransactionStatus

from core.api import copy_csv
from core.api.copy_csv import CopyLayout, CRLFLineEnds, copy_csv_chunks, text
from core.api.exports import csv_rows, header
from incidents.api.views import INCIDENT_CSV_LAYOUT, ActorViewSet, IncidentViewSet
from incidents.models import Actor, Incident, IncidentActor, Source
from overview import synthetic
from regions.models import MiningSite
from tests.accounts import member
from tests.exports import REFERENCE_INCIDENT_CSV_COLUMNS, reference_incident_csv

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"
ODD_TITLES = [
    "Plain title",
    "With, a comma",
    'With "quotes" inside',
    '"',
    "Line\nbreak",
    "Windows\r\nline break",
    "Ends with a newline\n",
    "  leading and trailing spaces  ",
    "Ñandú, Ayacucho: áéíóú üñ — “curly” ⛏️",
    "Back\\slash and \\.",
    "",
    "Semi;colon",
]


def make_incident(title: str, **fields) -> Incident:
    defaults = {
        "incident_type": "extortion",
        "date_start": datetime.date(2024, 3, 9),
        "date_end": datetime.date(2024, 3, 9),
        "date_precision": "day",
        "region_id": "17",
        "place_precision": "region",
        "status": "published",
    }
    return Incident.objects.create(title=title, **{**defaults, **fields})


@pytest.fixture
def varied_incidents() -> list[Incident]:
    """Incidents with every kind of cell: odd texts, nulls, places, points, sites, figures and sources."""
    site = MiningSite.objects.create(
        name='Campamento "La Pampa", km 108', kind="camp", region_id="17", place_precision="region"
    )
    sources = [
        Source.objects.create(title="Zeta report", url="https://example.org/z", published_on=datetime.date(2024, 1, 2)),
        Source.objects.create(title="Árbol report", url="", published_on=datetime.date(2024, 1, 2)),
        Source.objects.create(title="abc, undated", url="https://example.org/a,b;c"),
        Source.objects.create(title="Older", url="https://example.org/old", published_on=datetime.date(2019, 5, 1)),
    ]
    incidents = []
    for number, title in enumerate(ODD_TITLES):
        fields = {"date_start": datetime.date(2024, 3, 9) - datetime.timedelta(days=number % 4)}
        fields["date_end"] = fields["date_start"] + datetime.timedelta(days=number % 3)
        fields["date_precision"] = "days" if number % 3 else "day"
        if number % 3 == 1:
            fields.update(province_id="1701", district_id="170101", place_precision="exact")
            fields.update(latitude=Decimal("-12.593400"), longitude=Decimal("-69.189000"))
            fields["location_name"] = "Km 108, Iñapari"
        elif number % 3 == 2:
            fields.update(province_id="1702", place_precision="province", location_name='"Bajo" Madre, de Dios')
        if number % 2:
            fields["site"] = site
        incident = make_incident(title, **fields)
        incident.sources.set(sources[: number % (len(sources) + 1)])
        incidents.append(incident)
    figured = incidents[1:6]
    Incident.objects.filter(pk__in=[incident.pk for incident in figured]).update(
        killed_low=0, killed_best=2, killed_high=13, missing_low=1, missing_best=1, missing_high=1
    )
    # A whole second: isoformat() then leaves the fraction out.
    Incident.objects.filter(pk=incidents[0].pk).update(
        updated_at=datetime.datetime(2025, 7, 1, 5, 4, 3, tzinfo=datetime.UTC)
    )
    Incident.objects.filter(pk=incidents[2].pk).update(
        updated_at=datetime.datetime(2025, 7, 1, 5, 4, 3, 120, tzinfo=datetime.UTC)
    )
    incidents.append(make_incident("A draft, not public", status="draft"))
    incidents.append(make_incident("Retracted", status="retracted", retraction_reason="Wrong place"))
    return incidents


def copied(queryset) -> bytes:
    return b"".join(copy_csv_chunks(queryset, INCIDENT_CSV_LAYOUT))


def python_written(client: Client, query: str, monkeypatch) -> bytes:
    """The API's answer with the old writer: Python's csv, row by row."""
    with monkeypatch.context() as patch:
        patch.setattr(IncidentViewSet, "csv_columns", REFERENCE_INCIDENT_CSV_COLUMNS)
        response = client.get(URL + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def served(client: Client, query: str) -> bytes:
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="veta-incidents.csv"'
    return b"".join(response.streaming_content)


def test_the_layouts_have_the_same_columns() -> None:
    assert INCIDENT_CSV_LAYOUT.names == header(REFERENCE_INCIDENT_CSV_COLUMNS)


def test_copy_writes_the_same_bytes_as_python_for_varied_incidents(varied_incidents) -> None:
    every = Incident.objects.for_api().order_by("-date_start", "-pk")
    expected = reference_incident_csv(every)
    assert copied(every) == expected
    # The sample holds what makes CSV hard, so the comparison above means something.
    assert b'"Line\nbreak"' in expected and b'"Windows\r\nline break"' in expected
    assert b'"With ""quotes"" inside"' in expected and b"\r\n" in expected
    assert b",2025-07-01T05:04:03+00:00\r\n" in expected and b",2025-07-01T05:04:03.000120+00:00\r\n" in expected


@pytest.mark.parametrize(
    "query",
    [
        "?format=csv",
        "?format=csv&region=17&ordering=updated_at",
        "?format=csv&ordering=-id",
        "?format=csv&province=1701,1702&date_from=2024-03-07",
        "?format=csv&q=ayacucho",
        "?format=csv&bbox=-70,-13,-69,-12",
        "?format=csv&min_killed=1&site={site}",
        "?format=csv&actor={actor}",
    ],
)
def test_the_api_serves_the_python_writers_bytes_for_every_filter(varied_incidents, query, client, monkeypatch) -> None:
    actor = Actor.objects.create(name="Gang", kind="criminal_group")
    for incident in varied_incidents[:4]:
        # Two roles in one incident: the actor filter's join repeats it, DISTINCT must not.
        IncidentActor.objects.create(incident=incident, actor=actor, role="perpetrator")
        IncidentActor.objects.create(incident=incident, actor=actor, role="target")
    query = query.format(site=varied_incidents[1].site_id, actor=actor.pk)
    expected = python_written(client, query, monkeypatch)
    assert served(client, query) == expected
    assert expected.count(b"\r\n") > 1  # at least one incident besides the header


def test_editors_get_drafts_and_retractions_byte_for_byte(varied_incidents, client, monkeypatch) -> None:
    client.force_login(member("csv-editor", "editor"))
    expected = python_written(client, "?format=csv", monkeypatch)
    assert b"A draft, not public" in expected and b"Retracted" in expected
    assert served(client, "?format=csv") == expected
    assert b"A draft, not public" not in served(Client(), "?format=csv")


def test_a_larger_synthetic_export_matches_too(settings) -> None:
    synthetic.generate(synthetic.Sizes.for_incidents(400), seed=7, load_test_database=True)
    every = Incident.objects.for_api().order_by("-date_start", "-pk")
    expected = reference_incident_csv(every)
    assert copied(every) == expected
    assert expected.count(b"\r\n") == Incident.objects.count() + 1


def test_the_export_runs_as_many_queries_for_many_rows_as_for_few(settings) -> None:
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=8, load_test_database=True)
    every = Incident.objects.for_api().order_by("-pk")
    few = every.filter(pk__in=list(every.values_list("pk", flat=True)[:5]))
    counts = []
    for queryset in (few, every):
        with CaptureQueriesContext(connection) as captured:
            rows = copied(queryset).count(b"\r\n") - 1
        counts.append((rows, len(captured)))
    (few_rows, few_queries), (many_rows, many_queries) = counts
    assert (few_rows, many_rows) == (5, Incident.objects.count())
    assert few_queries == many_queries


def test_a_reader_who_leaves_early_leaves_the_connection_ready(monkeypatch, settings) -> None:
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=9, load_test_database=True)
    monkeypatch.setattr(copy_csv, "CHUNK_BYTES", 1024)
    every = Incident.objects.for_api().order_by("-date_start", "-pk")
    chunks = copy_csv_chunks(every, INCIDENT_CSV_LAYOUT)
    next(chunks), next(chunks)  # the header and the first rows: COPY is running
    assert connection.connection.info.transaction_status == TransactionStatus.ACTIVE
    chunks.close()
    # The COPY was ended and its savepoint rolled back: the test's transaction goes on.
    assert connection.connection.info.transaction_status == TransactionStatus.INTRANS
    assert Incident.objects.count() == 300  # the load-test data alone: generating emptied the database
    assert copied(every) == reference_incident_csv(every)


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 64])
def test_only_row_ends_become_crlf_however_the_data_is_cut(chunk_size) -> None:
    data = b'1,"a\nb",x\n2,"say ""hi""\n",\n3,,"\n"\n'
    line_ends = CRLFLineEnds()
    converted = b"".join(line_ends(data[start : start + chunk_size]) for start in range(0, len(data), chunk_size))
    assert converted == b'1,"a\nb",x\r\n2,"say ""hi""\n",\r\n3,,"\n"\r\n'


def test_a_layout_without_lists_is_copied_in_the_querysets_order_too() -> None:
    Actor.objects.create(name='Frente "Sur", armado', kind="criminal_group", description="Línea 1\nLínea 2")
    Actor.objects.create(name="  Espacios  ", kind="community")
    layout = CopyLayout(
        [("id", F("id")), ("name", text("name")), ("kind", text("kind")), ("description", text("description"))]
    )
    actors = Actor.objects.order_by("-name")
    expected = "".join(csv_rows(actors, ActorViewSet.csv_columns)).encode("utf-8")
    assert b"".join(copy_csv_chunks(actors, layout)) == expected
    assert expected.count(b"\r\n") == Actor.objects.count() + 1
