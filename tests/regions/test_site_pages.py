"""The mining-site pages: /sites/ (filtered with the API's MiningSiteFilterSet) and /sites/<id>/.

The test database holds Veta's real records (tests/conftest.py): five published mining
sites, one in La Libertad (13) and four in Madre de Dios (17), among them La Pampa (site of
the 2022 arson) and the San Jacinto de Aguajal camp (province 1701, target of an operation).
"""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from core import pages
from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from enforcement.models import EnforcementOperation
from incidents.choices import IncidentType
from incidents.models import Incident
from regions.choices import SiteKind, SiteLegalStatus
from regions.models import MiningSite

pytestmark = pytest.mark.django_db

AYACUCHO = "05"


def editor(django_user_model, username: str = "editor"):
    """A user who may change mining sites, incidents and operations (and so sees drafts)."""
    user = django_user_model.objects.create_user(username, password="not-used")
    for app_label, codename in [
        ("regions", "change_miningsite"),
        ("incidents", "change_incident"),
        ("enforcement", "change_enforcementoperation"),
    ]:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def make_site(name: str, *, region: str = AYACUCHO, status: str = ModerationStatus.PUBLISHED, **fields) -> MiningSite:
    return MiningSite.objects.create(
        name=name,
        kind=fields.pop("kind", SiteKind.CAMP),
        legal_status=fields.pop("legal_status", SiteLegalStatus.ILLEGAL),
        region_id=region,
        place_precision=fields.pop("place_precision", PlacePrecision.REGION),
        status=status,
        **fields,
    )


def names_listed(response) -> list[str]:
    return [site.name for site in response.context["rows"]]


def test_site_list_shows_the_published_sites_with_their_count(client):
    response = client.get("/sites/")

    assert response.status_code == 200
    assert sorted(names_listed(response)) == sorted(
        MiningSite.objects.filter(status=ModerationStatus.PUBLISHED).values_list("name", flat=True)
    )
    html = response.content.decode()
    assert "5 mining sites" in html
    assert "La Pampa" in html


def test_site_list_filters_by_region(client):
    response = client.get("/sites/?region=13")

    assert names_listed(response) == ["Tunnel entrance of the New Year attack (La Libertad)"]
    assert "1 mining site" in response.content.decode()


def test_site_list_filters_by_province_kind_legal_status_and_text(client):
    assert names_listed(client.get("/sites/?province=1701")) == ["San Jacinto de Aguajal camp"]
    assert names_listed(client.get("/sites/?kind=river_dredging")) == ["Tambopata River dredging"]
    assert "Tunnel entrance of the New Year attack (La Libertad)" not in names_listed(
        client.get("/sites/?legal_status=illegal")
    )
    assert names_listed(client.get("/sites/?q=jacinto")) == ["San Jacinto de Aguajal camp"]


def test_site_list_filters_by_protected_area(client):
    area = MiningSite.objects.get(name="Tambopata River dredging").protected_area

    assert names_listed(client.get(f"/sites/?protected_area={area.pk}")) == ["Tambopata River dredging"]


def test_site_list_refuses_an_unknown_region_with_400_and_the_field_error(client):
    response = client.get("/sites/?region=99")

    assert response.status_code == 400
    html = response.content.decode()
    assert "No region has the code 99." in html
    assert 'aria-invalid="true"' in html
    assert response.context["rows"] == []


def test_site_list_refuses_an_unknown_kind_with_400(client):
    response = client.get("/sites/?kind=volcano")

    assert response.status_code == 400
    assert "volcano" in response.context["result"].filterset.form.errors["kind"][0]


def test_site_list_offers_the_districts_of_the_chosen_province(client):
    response = client.get("/sites/?province=1701")

    district = next(field for field in response.context["fields"] if field.name == "district")
    codes = [code for _group, options in district.groups for code, _label in options]
    assert "170101" in codes
    assert all(code.startswith("1701") for code in codes)


def test_site_list_sorts_by_name_both_ways_and_marks_the_sorted_column(client):
    ascending = client.get("/sites/")
    descending = client.get("/sites/?sort=-name")

    assert names_listed(descending) == list(reversed(names_listed(ascending)))
    assert 'aria-sort="ascending"' in ascending.content.decode()
    assert 'aria-sort="descending"' in descending.content.decode()


def test_site_list_links_to_the_api_exports_of_the_same_filter(client):
    html = client.get("/sites/?region=17&kind=camp&page=1&sort=-name").content.decode()

    assert "/sites/export/?region=17&amp;kind=camp&amp;format=csv" in html
    assert "/sites/export/?region=17&amp;kind=camp&amp;format=geojson" in html


def test_site_list_counts_only_incidents_the_reader_may_see(client, django_user_model):
    site = make_site("Campamento Ejemplo")
    for status in (ModerationStatus.PUBLISHED, ModerationStatus.DRAFT):
        Incident.objects.create(
            title=f"{status} attack",
            incident_type=IncidentType.ARMED_ATTACK,
            date_start=datetime.date(2024, 5, 1),
            date_end=datetime.date(2024, 5, 1),
            region_id=AYACUCHO,
            site=site,
            status=status,
        )

    public = client.get(f"/sites/?region={AYACUCHO}").context["rows"]
    client.force_login(editor(django_user_model))
    edited = client.get(f"/sites/?region={AYACUCHO}").context["rows"]

    assert [row.incident_count for row in public] == [1]
    assert [row.incident_count for row in edited] == [2]


def test_draft_sites_are_hidden_from_the_public_and_shown_to_editors(client, django_user_model):
    draft = make_site("Socavón en borrador", status=ModerationStatus.DRAFT)

    assert "Socavón en borrador" not in names_listed(client.get("/sites/"))
    assert client.get(f"/sites/{draft.pk}/").status_code == 404

    client.force_login(editor(django_user_model))
    listed = client.get("/sites/")
    detail = client.get(f"/sites/{draft.pk}/")
    assert "Socavón en borrador" in names_listed(listed)
    assert detail.status_code == 200
    assert "status-badge--draft" in detail.content.decode()


def test_site_list_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries):
    for number in range(3):
        make_site(f"Sitio {number:02}")
    # Expect 6 queries: the regions, provinces and districts of the form, the protected areas
    # of the form, count the sites, fetch the page of sites. The region code is checked
    # against the codes the server has read.
    with django_assert_num_queries(6):
        few = client.get(f"/sites/?region={AYACUCHO}")
    for number in range(3, 30):
        make_site(f"Sitio {number:02}")
    with django_assert_num_queries(6):
        many = client.get(f"/sites/?region={AYACUCHO}")

    assert len(few.context["rows"]) == 3
    assert len(many.context["rows"]) == 30


def test_site_list_paginates_and_keeps_the_filters(client):
    for number in range(55):
        make_site(f"Sitio {number:02}")

    first = client.get(f"/sites/?region={AYACUCHO}")
    second = client.get(f"/sites/?region={AYACUCHO}&page=2")

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 5
    assert f"?region={AYACUCHO}&amp;page=2" in first.content.decode()


def test_site_list_past_the_cap_says_more_than_the_cap_and_pages_within_it(client, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 52)
    for number in range(55):
        make_site(f"Sitio {number:02}")

    first = client.get(f"/sites/?region={AYACUCHO}").content.decode()
    last = client.get(f"/sites/?region={AYACUCHO}&page=3")

    assert '<p class="result-count" role="status">More than 52 mining sites</p>' in first
    assert "Page 1 of more than 2" in first
    assert f"?region={AYACUCHO}&amp;page=2" in first
    assert len(last.context["rows"]) == 2  # page 2, the last within the cap
    assert "Page 2 of more than 2" in last.content.decode()
    spanish = client.get(f"/sites/?region={AYACUCHO}", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<p class="result-count" role="status">Más de 52 sitios mineros</p>' in spanish
    assert "Página 1 de más de 2" in spanish


def test_site_detail_shows_the_place_at_its_precision_and_the_incidents_there(client):
    la_pampa = MiningSite.objects.get(name="La Pampa")
    arson = Incident.objects.get(import_key="incident-2022-08-25-la-pampa-arson")

    response = client.get(f"/sites/{la_pampa.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>La Pampa" in html
    assert reverse("region-detail", args=["17"]) in html
    assert "(sources name no province or district)" in html
    assert f'href="/incidents/{arson.pk}/"' in html
    assert "25 August 2022" in html
    assert "Illegal miners set fire to a police-military post, La Pampa" in html
    # The arson's source is listed with the site.
    assert "Illegal mining threatens Tambopata National Reserve" in html


def test_site_detail_lists_the_operations_at_the_site(client):
    camp = MiningSite.objects.get(name="San Jacinto de Aguajal camp")
    operation = EnforcementOperation.objects.get(import_key="operation-2022-10-04-san-jacinto-camp")

    html = client.get(f"/sites/{camp.pk}/").content.decode()

    assert f'href="/operations/{operation.pk}/"' in html
    assert "PNP dismantles a mining camp in San Jacinto de Aguajal" in html
    assert reverse("province-detail", args=["1701"]) in html


def test_site_detail_shows_aliases_and_protected_area(client):
    dredging = MiningSite.objects.get(name="Tambopata River dredging")

    html = client.get(f"/sites/{dredging.pk}/").content.decode()

    assert "Río Tambopata" in html
    assert "Tambopata National Reserve" in html
    assert "national reserve" in html


def test_site_detail_hides_draft_incidents_from_the_public(client, django_user_model):
    la_pampa = MiningSite.objects.get(name="La Pampa")
    Incident.objects.create(
        title="Unchecked report of a shooting",
        incident_type=IncidentType.ARMED_ATTACK,
        date_start=datetime.date(2024, 5, 1),
        date_end=datetime.date(2024, 5, 31),
        date_precision=DatePrecision.MONTH,
        region_id="17",
        site=la_pampa,
        status=ModerationStatus.DRAFT,
    )

    assert "Unchecked report of a shooting" not in client.get(f"/sites/{la_pampa.pk}/").content.decode()
    client.force_login(editor(django_user_model))
    assert "Unchecked report of a shooting" in client.get(f"/sites/{la_pampa.pk}/").content.decode()


def test_site_detail_draws_a_small_map_only_when_the_site_has_coordinates(client):
    without = MiningSite.objects.get(name="La Pampa")
    located = make_site(
        "Bocamina con coordenadas",
        region="17",
        place_precision=PlacePrecision.EXACT,
        latitude=Decimal("-12.9"),
        longitude=Decimal("-69.9"),
    )

    without_html = client.get(f"/sites/{without.pk}/").content.decode()
    located_html = client.get(f"/sites/{located.pk}/").content.decode()

    assert "data-map" not in without_html and "leaflet.js" not in without_html
    assert 'data-lat="-12.900000"' in located_html
    assert "map--small" in located_html
    assert "vendor/leaflet/leaflet.js" in located_html


def test_site_detail_of_a_missing_site_is_404(client):
    assert client.get("/sites/999999/").status_code == 404


def test_site_pages_render_in_spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    la_pampa = MiningSite.objects.get(name="La Pampa")

    listing = client.get("/sites/")
    detail = client.get(f"/sites/{la_pampa.pk}/")

    assert listing.status_code == detail.status_code == 200
    assert '<html lang="es">' in listing.content.decode()
    assert '<html lang="es">' in detail.content.decode()
