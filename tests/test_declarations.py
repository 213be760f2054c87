"""An output declared once: each field kind gives the same through PostgreSQL's and Python's derivations.

CSV layouts (core.api.csv_layout) are written by COPY and by Python's csv module from the
same columns; a record's JSON (core.api.representation) is built by json_build_object and by
Python from the same fields. A new field is declared once and appears in both.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from core.api.copy_csv import copy_csv_chunks
from core.api.csv_layout import (
    Array,
    Boolean,
    Computed,
    CsvLayout,
    Date,
    DateTime,
    Joined,
    Number,
    Text,
    column_of,
)
from core.api.exports import csv_rows
from core.api.representation import Column, Representation, parameters, quote_name, reader_parameters
from enforcement.models import OperationReport, ReinfoSnapshot
from incidents.api.rendering import INCIDENT_JSON
from incidents.api.views import INCIDENT_CSV_LAYOUT
from incidents.models import Incident, Source

pytestmark = pytest.mark.django_db

EVERY_CSV_KIND = CsvLayout(
    [
        Number("id"),
        Text("title"),
        Text("scope"),
        Number("operations_count"),
        Number("value_destroyed"),
        Date("date_start"),
        DateTime("updated_at"),
        Array("agencies"),
        Text("source_title", "source__title"),
        Joined("regions", "regions", "display_name"),
        Joined("region_codes", "regions", "code"),
    ]
)


def both_ways(queryset, layout: CsvLayout, *prefetch: str) -> tuple[bytes, bytes]:
    """(PostgreSQL's CSV, Python's CSV) of the same queryset in the same layout."""
    copied = b"".join(copy_csv_chunks(queryset, layout))
    python = "".join(csv_rows(queryset.prefetch_related(*prefetch), layout))
    return copied, python.encode("utf-8")


@pytest.fixture
def reports() -> list[OperationReport]:
    """Reports with every kind of cell: odd texts, nulls, decimals, arrays, booleans, lists, instants."""
    real = Source.objects.create(title='Informe "semanal", Ñ', url="https://example.org/r")
    other = Source.objects.create(title="Otro informe")
    odd = ["Plain", 'With "quotes", and a comma', "Line\nbreak", "", "  spaces  ", "Ñandú — ⛏️"]
    made = []
    for number, text in enumerate(odd):
        report = OperationReport.objects.create(
            title=text or "untitled",
            issuer="PNP",
            scope=text,
            date_start=datetime.date(2025, 12, 1 + number),
            date_end=datetime.date(2025, 12, 1 + number),
            date_precision="day",
            operations_count=None if number % 2 else 960 + number,
            value_destroyed=None if number % 3 == 2 else Decimal("3700000000.50") / (number + 1),
            agencies=[] if number % 2 else ["pnp", "fema"][: number % 3 + 1],
            source=other if number % 3 == 1 else real,
        )
        report.regions.set(["17", "13", "21"][: number % 4])
        made.append(report)
    OperationReport.objects.filter(pk=made[0].pk).update(
        updated_at=datetime.datetime(2025, 7, 1, 5, 4, 3, tzinfo=datetime.UTC)
    )
    return made


def test_every_csv_cell_kind_is_the_same_through_copy_and_python(reports) -> None:
    copied, python = both_ways(
        OperationReport.objects.order_by("-date_start", "-pk"), EVERY_CSV_KIND, "source", "regions"
    )
    assert copied == python
    # The sample holds each kind's hard cases, so the comparison means something.
    assert b'"Line\nbreak"' in copied and b'"With ""quotes"", and a comma"' in copied
    assert b"pnp;fema" in copied and b",,," in copied  # an array joined; empty cells stay empty
    assert b"La Libertad;Madre de Dios" in copied or b"Madre de Dios;La Libertad" in copied
    assert b",2025-07-01T05:04:03+00:00," in copied


def test_booleans_are_written_as_python_writes_them_through_copy_too() -> None:
    for number, complete in enumerate((True, False)):
        ReinfoSnapshot.objects.create(as_of=datetime.date(2030, 1, 1 + number), is_complete=complete)
    layout = CsvLayout([Number("id"), Boolean("is_complete")])
    copied, python = both_ways(ReinfoSnapshot.objects.filter(as_of__year=2030).order_by("as_of"), layout)
    assert copied == python
    assert copied.decode().splitlines()[1:] == [f"{pk},{value}" for pk, value in ReinfoSnapshot.objects.filter(
        as_of__year=2030).order_by("as_of").values_list("pk", "is_complete")]  # fmt: skip
    assert b",True\r\n" in copied and b",False\r\n" in copied  # not PostgreSQL's t/f


def test_a_layout_with_a_computed_column_is_written_by_python() -> None:
    layout = CsvLayout([Number("id"), Computed("twice", lambda record: [record.pk, record.pk])])
    assert not layout.copyable and EVERY_CSV_KIND.copyable
    report = OperationReport(pk=7)
    assert layout.values(report) == [7, "7;7"]


def test_columns_from_the_model_take_their_kind_from_the_field() -> None:
    assert column_of(Incident, "title") == Text("title", "title")
    assert column_of(Incident, "incident_type", "type") == Text("type", "incident_type")
    assert column_of(Incident, "killed_best") == Number("killed_best", "killed_best")
    assert column_of(Incident, "date_start") == Date("date_start", "date_start")
    assert column_of(Incident, "updated_at") == DateTime("updated_at", "updated_at")
    assert column_of(ReinfoSnapshot, "is_complete") == Boolean("is_complete", "is_complete")
    assert column_of(Incident, "site_id") == Number("site_id", "site_id")
    assert column_of(Incident, "region_id") == Text("region_id", "region_id")  # a key that is a code
    assert column_of(OperationReport, "agencies") == Array("agencies", "agencies")


def sql_json(representation: Representation, ids: list[int], context: dict) -> list[dict]:
    """The records' JSON as PostgreSQL builds it from the declaration, by id."""
    json_sql, joins = representation.sql("t")
    table = quote_name(representation.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {json_sql}::text FROM {table} t {' '.join(joins)} WHERE t.id = ANY(%(ids)s) ORDER BY t.id",
            {**parameters(), **context, "ids": ids},
        )
        return [json.loads(row[0]) for row in cursor.fetchall()]


@pytest.fixture
def incident() -> Incident:
    return Incident.objects.create(
        title="Ataque en Pataz",
        incident_type="armed_attack",
        date_start=datetime.date(2025, 5, 1),
        date_end=datetime.date(2025, 5, 31),
        date_precision="month",
        region_id="13",
        place_precision="region",
        status="published",
        published_at=timezone.now(),
        import_key="pataz-2025-05",
    )


def test_a_field_declared_once_appears_in_the_json_both_ways(incident) -> None:
    declared = Representation(Incident, (*INCIDENT_JSON.fields, Column("import_key", "import_key")))
    context = {"url_prefix": "https://veta.example/api/v1/incidents/", "private": False, **reader_parameters(None)}
    with translation.override("es"):
        [from_sql] = sql_json(declared, [incident.pk], context)
        from_python = json.loads(json.dumps(declared.python(Incident.objects.for_api().get(pk=incident.pk), context)))
    assert from_sql == from_python
    assert from_sql["import_key"] == "pataz-2025-05" and list(from_sql)[-1] == "import_key"
    assert from_sql["date_label"] == "mayo de 2025" and from_sql["url"].endswith(f"/incidents/{incident.pk}/")


def test_a_column_declared_once_appears_in_the_csv_both_ways(incident) -> None:
    declared = CsvLayout([*INCIDENT_CSV_LAYOUT.columns, column_of(Incident, "import_key")])
    copied, python = both_ways(Incident.objects.filter(pk=incident.pk), declared, "sources")
    assert copied == python
    header, row = copied.decode().splitlines()
    assert header.endswith(",import_key") and row.endswith(",pataz-2025-05")


def test_the_documented_incident_is_the_declared_one(client: Client) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    documented = schema["components"]["schemas"]["Incident"]["properties"]
    readable = [name for name, spec in documented.items() if not spec.get("writeOnly")]
    assert readable == list(INCIDENT_JSON.names)
