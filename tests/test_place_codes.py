"""Place filters check INEI codes against the codes the process has read, without a query per request."""

import pytest
from django.test import Client

from regions.models import Region

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/?region={}"


def test_a_known_region_code_costs_no_query_of_its_own(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):  # the page itself
        assert client.get(URL.format("17")).status_code == 200


def test_an_unknown_code_is_read_again_once_then_refused(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):  # the region codes, read again in case 99 is new
        response = client.get(URL.format("99"))
    assert response.status_code == 400
    assert response.json() == {"region": ["No region has the code 99."]}


def test_a_region_created_after_the_codes_were_read_is_found(client: Client) -> None:
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
