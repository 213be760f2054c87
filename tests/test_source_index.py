"""/sources/: the outlets Veta's records rest on, each with its sources and the incidents they back."""

import datetime
import re

import pytest
from django.test import Client

from incidents.models import Incident, Source

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 1)


def incident(title: str, status: str = "published") -> Incident:
    return Incident.objects.create(
        title=title, incident_type="armed_attack", date_start=DAY, date_end=DAY, region_id="17",
        place_precision="region", status=status,
    )  # fmt: skip


@pytest.fixture
def outlet_sources() -> dict[str, Source]:
    first = Source.objects.create(outlet="Diario de Prueba", title="Ataque en la quebrada", published_on=DAY)
    second = Source.objects.create(outlet="Diario de Prueba", title="Sube la cifra", published_on=DAY.replace(day=3))
    only_draft = Source.objects.create(outlet="Boletín Reservado", title="Rumor sin confirmar")
    shown = incident("Ataque en la quebrada de prueba")
    shown.sources.add(first, second)
    incident("Borrador", status="draft").sources.add(only_draft)
    return {"first": first, "second": second, "only_draft": only_draft}


def test_the_index_lists_each_outlet_with_its_sources_and_published_incidents(client: Client, outlet_sources) -> None:
    body = client.get("/sources/").content.decode()
    row = re.search(r"<tr>\s*<th scope=\"row\"><a href=\"/sources/\?outlet=Diario%20de%20Prueba\">.*?</tr>", body, re.S)
    assert row, "the outlet has a row linking its sources"
    cells = re.findall(r'<td class="num">(\d+)</td>', row.group(0))
    assert cells == ["2", "1"]
    # The real records' outlets are there too; an outlet only drafts cite is not.
    assert "Boletín Reservado" not in body


def test_an_outlet_lists_its_sources_newest_first_with_links(client: Client, outlet_sources) -> None:
    body = client.get("/sources/?outlet=Diario de Prueba").content.decode()
    first, second = outlet_sources["first"], outlet_sources["second"]
    assert body.index(f'href="/sources/{second.pk}/"') < body.index(f'href="/sources/{first.pk}/"')
    assert "2 sources, newest first" in body


def test_a_source_only_drafts_cite_is_not_listed_under_its_outlet(client: Client, outlet_sources) -> None:
    body = client.get("/sources/?outlet=Boletín Reservado").content.decode()
    assert "Rumor sin confirmar" not in body
    assert "No published record cites a source of this outlet." in body


def test_an_overlong_outlet_is_refused_clearly(client: Client) -> None:
    response = client.get("/sources/?outlet=" + "x" * 201)
    assert response.status_code == 400
    assert response.content.decode() == "outlet: at most 200 characters."


def test_a_source_page_links_back_to_its_outlet(client: Client, outlet_sources) -> None:
    body = client.get(f"/sources/{outlet_sources['first'].pk}/").content.decode()
    assert 'href="/sources/?outlet=Diario%20de%20Prueba"' in body
