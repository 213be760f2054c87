"""Place filters check INEI codes: those of the INEI files Veta ships without a query, others in the database."""

import pytest
from django.test import Client

from regions.models import Region

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/?region={}"


def test_a_region_code_of_the_inei_files_costs_no_query(client: Client, django_assert_num_queries) -> None:
    # Expect 1 query: retrieve the page of incidents; INEI's codes are Veta's reference data.
    with django_assert_num_queries(1):
        assert client.get(URL.format("17")).status_code == 200


def test_a_place_added_beyond_the_inei_files_is_checked_in_the_database(
    client: Client, django_assert_num_queries
) -> None:
    Region.objects.create(code="96", name="AGREGADA", display_name="Agregada", iso_code="PE-AGR")
    # Expect 2 queries: check the code the INEI files lack, retrieve the page of incidents.
    with django_assert_num_queries(2):
        assert client.get(URL.format("17,96")).status_code == 200


def test_an_unknown_code_is_refused_naming_the_parameter(client: Client, django_assert_num_queries) -> None:
    # Expect 1 query: check the region codes; the refusal reads nothing else.
    with django_assert_num_queries(1):
        response = client.get(URL.format("99"))
    assert response.status_code == 400
    assert response.json() == {"region": ["No region has the code 99."]}


def test_every_unknown_code_is_named_once_the_known_ones_are_not(client: Client) -> None:
    response = client.get(URL.format("99,17,98"))
    assert response.status_code == 400
    assert response.json() == {"region": ["No region has the code 98, 99."]}


def test_a_region_created_after_a_refusal_is_found(client: Client) -> None:
    assert client.get(URL.format("98")).status_code == 400
    Region.objects.create(code="98", name="NUEVA", display_name="Nueva", iso_code="PE-NUE")
    response = client.get(URL.format("98"))
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_deleted_region_is_refused_again(client: Client) -> None:
    Region.objects.create(code="97", name="EFIMERA", display_name="Efímera", iso_code="PE-EFI")
    assert client.get(URL.format("97")).status_code == 200
    Region.objects.filter(code="97").delete()
    assert client.get(URL.format("97")).status_code == 400
