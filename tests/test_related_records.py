"""Incidents related to each other and to operations, shown both ways; a source without a link says only that."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from enforcement.models import EnforcementOperation, OperationIncidentLink
from incidents.models import Incident, IncidentRelation, Source
from incidents.services import merge_incidents

pytestmark = pytest.mark.django_db

NEW_YEAR = "incident-2026-la-libertad-new-year-attack"
MAY_2025 = "incident-2025-05-la-libertad-massacre"
ARSON = "incident-2022-08-25-la-pampa-arson"
RIOTS = "incident-2012-03-puerto-maldonado-riots"


def page(client: Client, incident: Incident, language: str = "en") -> str:
    response = client.get(f"/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def related_section(body: str) -> str:
    return body.split('id="related-heading"', 1)[1].split("</section>", 1)[0]


def test_the_may_and_new_year_attacks_known_only_to_their_region_link_to_each_other(client: Client) -> None:
    new_year = Incident.objects.get(import_key=NEW_YEAR)
    may = Incident.objects.get(import_key=MAY_2025)
    assert new_year.district_id is None and may.district_id is None
    assert IncidentRelation.objects.filter(incident=may, related=new_year).exists()

    on_may = related_section(page(client, may))
    assert f'href="/incidents/{new_year.pk}/"' in on_may
    assert "same district of La Libertad" in on_may
    on_new_year = related_section(page(client, new_year))
    assert f'href="/incidents/{may.pk}/"' in on_new_year
    assert "same district of La Libertad" in on_new_year
    assert "mismo distrito de La Libertad" in related_section(page(client, new_year, "es"))


def test_a_relation_to_an_unpublished_incident_stays_hidden_from_the_public(client: Client) -> None:
    new_year = Incident.objects.get(import_key=NEW_YEAR)
    draft = Incident.objects.create(
        title="Draft attack",
        incident_type="armed_attack",
        date_start=datetime.date(2026, 1, 5),
        date_end=datetime.date(2026, 1, 5),
        region_id="13",
        place_precision="region",
        status="draft",
    )
    IncidentRelation.objects.create(incident=draft, related=new_year, note="Same town.")
    assert f'href="/incidents/{draft.pk}/"' not in related_section(page(client, new_year))


def test_an_incident_cannot_be_related_to_itself_nor_twice() -> None:
    may = Incident.objects.get(import_key=MAY_2025)
    new_year = Incident.objects.get(import_key=NEW_YEAR)
    with pytest.raises(ValidationError):
        IncidentRelation(incident=may, related=may).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentRelation.objects.create(incident=may, related=may)
    with pytest.raises(ValidationError) as error:
        IncidentRelation(incident=new_year, related=may).full_clean()
    assert "already related" in str(error.value)


def test_a_merge_moves_the_duplicates_relations_to_the_incident_kept() -> None:
    may = Incident.objects.get(import_key=MAY_2025)
    new_year = Incident.objects.get(import_key=NEW_YEAR)
    arson = Incident.objects.get(import_key=ARSON)
    IncidentRelation.objects.create(incident=arson, related=new_year)
    reviewer = User.objects.create_superuser("reviewer", password="not-used")
    result = merge_incidents(new_year, may, reviewer, reason="Duplicate for the test.")
    assert result.moved["related incidents"] == 1  # the arson's; the one between the two goes
    assert IncidentRelation.objects.filter(incident=arson, related=may).exists()
    assert not IncidentRelation.objects.filter(incident=may, related=may).exists()
    assert not IncidentRelation.objects.filter(related=new_year).exists()


def test_an_operation_and_the_incident_it_caused_link_both_ways(client: Client) -> None:
    arson = Incident.objects.get(import_key=ARSON)
    operation = EnforcementOperation.objects.get(import_key="operation-2022-08-24-interoceanic-interdiction")
    assert OperationIncidentLink.objects.filter(operation=operation, incident=arson, relation="triggered").exists()

    incident_page = page(client, arson)
    section = incident_page.split('id="operations-heading"', 1)[1].split("</section>", 1)[0]
    assert f'href="/operations/{operation.pk}/"' in section
    assert "the operation was followed by the incident" in section
    operation_page = client.get(f"/operations/{operation.pk}/").content.decode()
    assert f'href="/incidents/{arson.pk}/"' in operation_page


def test_an_unpublished_operation_is_not_shown_on_the_incident_page(client: Client) -> None:
    arson = Incident.objects.get(import_key=ARSON)
    EnforcementOperation.objects.filter(import_key="operation-2022-08-24-interoceanic-interdiction").update(
        status="draft"
    )
    assert 'id="operations-heading"' not in page(client, arson)
    riots = Incident.objects.get(import_key=RIOTS)
    assert 'id="operations-heading"' not in page(client, riots)


def test_a_source_without_a_link_says_so_and_no_more(client: Client) -> None:
    source = Source.objects.filter(url="").first()
    assert source is not None
    body = client.get(f"/sources/{source.pk}/").content.decode()
    assert "No link is recorded for this source." in body
    assert "print or offline" not in body
    assert "offline" not in body.lower()
    body = client.get(f"/sources/{source.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "No hay enlace registrado para esta fuente." in body
    assert "impresa" not in body
