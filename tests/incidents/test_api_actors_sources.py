"""/api/v1/actors/ and /api/v1/sources/: filters, bad values, exports and query counts."""

import csv
import io

import pytest
from django.test import Client

from core import visibility
from incidents.models import Actor, Incident, IncidentActor, Source

pytestmark = pytest.mark.django_db


def names(client: Client, url: str, key: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


def test_actors_filter_by_kind_and_name(client: Client) -> None:
    assert names(client, "/api/v1/actors/?kind=criminal_group", "name") == {"Criminal gangs (unidentified)"}
    assert "Informal miners" in names(client, "/api/v1/actors/?q=miners", "name")
    assert names(client, "/api/v1/actors/?kind=company", "name") == set()
    assert client.get("/api/v1/actors/?kind=aliens").status_code == 400


def cited(source: Source) -> Source:
    """The source, cited by a published incident, so that the public sees it (core.visibility)."""
    Incident.objects.filter(status="published").first().sources.add(source)
    return source


def test_sources_are_found_by_url_and_words(client: Client) -> None:
    cited(Source.objects.create(title="Informe sobre minería en Pataz", url="https://example.org/pataz"))
    assert names(client, "/api/v1/sources/?url=https://example.org/pataz", "title") == {
        "Informe sobre minería en Pataz"
    }
    assert names(client, "/api/v1/sources/?q=mineria", "title") == {"Informe sobre minería en Pataz"}
    assert "InSight Crime" in {row["outlet"] for row in client.get("/api/v1/sources/").json()["results"]}
    assert client.get("/api/v1/sources/?language=xx").status_code == 400


def test_sources_export_as_csv_with_one_row_each(client: Client) -> None:
    response = client.get("/api/v1/sources/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == visibility.public(Source.objects.all()).count() == Source.objects.count()
    assert "InSight Crime" in {row["outlet"] for row in rows}


def used(rows: list) -> None:
    """Make new actors or sources public: a published incident names or cites them (core.visibility)."""
    incident = Incident.objects.filter(status="published").first()
    if isinstance(rows[0], Actor):
        IncidentActor.objects.bulk_create(IncidentActor(incident=incident, actor=row, role="target") for row in rows)
    else:
        incident.sources.add(*rows)


@pytest.mark.parametrize(("url", "model", "make"), [
    ("/api/v1/actors/", Actor, lambda n: Actor(name=f"Actor {n}", kind="unknown")),
    ("/api/v1/sources/", Source, lambda n: Source(title=f"Source {n}")),
])  # fmt: skip
def test_the_lists_run_one_query_for_3_or_30_more_rows(client: Client, django_assert_num_queries, url, model, make):
    used(model.objects.bulk_create([make(n) for n in range(3)]))
    # Expect 1 query: the page itself (no COUNT, nothing per row).
    with django_assert_num_queries(1):
        client.get(url + "?page_size=1000")
    used(model.objects.bulk_create([make(n) for n in range(3, 30)]))
    with django_assert_num_queries(1):
        response = client.get(url + "?page_size=1000")
    assert len(response.json()["results"]) == model.objects.count()
