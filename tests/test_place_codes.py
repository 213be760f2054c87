"""Place filters check INEI codes against the database: one small query per place parameter."""

import pytest
from django.test import Client

from regions.models import Region

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/?region={}"


def test_a_known_region_code_costs_one_query_of_its_own(client: Client, django_assert_num_queries) -> None:
    # Expect 2 queries: check the region codes, retrieve the page of incidents.
    with django_assert_num_queries(2):
        assert client.get(URL.format("17")).status_code == 200


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
