"""Veta's incident CSV is written by PostgreSQL (COPY) from its one declaration, INCIDENT_CSV_LAYOUT.

The cells' kinds are tested through both derivations in tests/test_declarations.py; here, the
COPY writer itself: rows in the queryset's order, CRLF row ends, a fixed number of queries,
and a connection left ready when the reader goes away.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from psycopg.pq import TransactionStatus

from core.api import copy_csv
from core.api.copy_csv import CRLFLineEnds, copy_csv_chunks
from incidents.api.views import INCIDENT_CSV_LAYOUT
from incidents.models import Incident, Source
from overview import synthetic
from regions.models import MiningSite
from tests.accounts import member
from tests.exports import python_derived_incident_csv

# `server`: PostgreSQL writes the CSV (COPY): its text formats must match Python's byte for byte.
pytestmark = [pytest.mark.django_db, pytest.mark.server]

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
    # An incident needs a title in one language at least: the empty English one gets a Spanish one.
    spanish = {} if title else {"title_es": "Sin título en inglés"}
    return Incident.objects.create(title=title, **{**defaults, **spanish, **fields})


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
        killed_low=0,
        killed_best=2,
        killed_high=13,
        killed_qualifier="up_to",
        missing_low=1,
        missing_best=1,
        missing_high=1,
        missing_qualifier="at_least",
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


def served(client: Client, query: str) -> bytes:
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="veta-incidents.csv"'
    return b"".join(response.streaming_content)


def test_the_incident_layouts_cells_are_the_same_through_both_derivations(varied_incidents):
    every = Incident.objects.for_api().order_by("-date_start", "-pk")
    written = copied(every)
    assert written == python_derived_incident_csv(every)
    # The sample holds what makes CSV hard, so the comparison above means something.
    assert b'"Line\nbreak"' in written and b'"Windows\r\nline break"' in written
    assert b'"With ""quotes"" inside"' in written and b"\r\n" in written
    assert b",2025-07-01T05:04:03+00:00\r\n" in written and b",2025-07-01T05:04:03.000120+00:00\r\n" in written


def test_editors_get_drafts_and_retractions(varied_incidents, client) -> None:
    client.force_login(member("csv-editor", "editor"))
    seen = served(client, "?format=csv")
    assert b"A draft, not public" in seen and b"Retracted" in seen
    public = served(Client(), "?format=csv")
    assert b"A draft, not public" not in public and b"Retracted" not in public
    listed = Client().get(URL + "?page_size=1000").json()["results"]
    rows = list(csv.reader(io.StringIO(public.decode("utf-8"))))[1:]
    assert [int(row[0]) for row in rows] == [incident["id"] for incident in listed]  # what the JSON list shows


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
    assert copied(every).count(b"\r\n") == Incident.objects.count() + 1


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 64])
def test_only_row_ends_become_crlf_however_the_data_is_cut(chunk_size) -> None:
    data = b'1,"a\nb",x\n2,"say ""hi""\n",\n3,,"\n"\n'
    line_ends = CRLFLineEnds()
    converted = b"".join(line_ends(data[start : start + chunk_size]) for start in range(0, len(data), chunk_size))
    assert converted == b'1,"a\nb",x\r\n2,"say ""hi""\n",\r\n3,,"\n"\r\n'
