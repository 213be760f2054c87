"""No page, feed or map layer shows the public a record that is not published.

Drafts and records in review are created in every place the public pages read from (an
incident, an operation and a mining site in Madre de Dios, Tambopata), each with a title no
published record carries; then every public page is fetched anonymously and must not name
them, while an editor sees them on the lists.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from enforcement.models import EnforcementOperation
from incidents.models import Incident
from regions.models import MiningSite

pytestmark = pytest.mark.django_db

TAMBOPATA = {"region_id": "17", "province_id": "1701", "district_id": "170101"}
DAY = datetime.date(2025, 6, 10)


@pytest.fixture
def unpublished() -> dict[str, object]:
    where = {**TAMBOPATA, "place_precision": PlacePrecision.DISTRICT}
    dated = {"date_start": DAY, "date_end": DAY, "date_precision": DatePrecision.DAY}
    site = MiningSite.objects.create(name="Unpublished Site Zeta", kind="alluvial_area", **where)
    return {
        "site": site,
        "draft": Incident.objects.create(
            title="Unpublished Draft Alpha",
            incident_type="armed_attack",
            killed_low=4,
            killed_best=4,
            killed_high=4,
            **where,
            **dated,
        ),
        "review": Incident.objects.create(
            title="Unpublished Review Beta",
            incident_type="armed_attack",
            status=ModerationStatus.IN_REVIEW,
            site=site,
            **where,
            **dated,
        ),
        "operation": EnforcementOperation.objects.create(
            title="Unpublished Operation Gamma", kind="raid", **where, **dated
        ),
    }


MARKERS = ["Unpublished Draft Alpha", "Unpublished Review Beta", "Unpublished Operation Gamma", "Unpublished Site Zeta"]

PUBLIC_PAGES = [
    "/",
    "/incidents/",
    "/incidents/?region=17",
    "/incidents/?q=Unpublished",
    "/timeline/",
    "/timeline/?region=17",
    "/map/",
    "/map/regions.geojson",
    "/regions/",
    "/regions/17/",
    "/provinces/1701/",
    "/districts/170101/",
    "/sites/",
    "/operations/",
    "/reinfo/",
    "/about/",
    "/feeds/incidents/",
    "/feeds/regions/17/",
    "/api/v1/incidents/",
    "/api/v1/incidents/?format=csv",
    "/api/v1/incidents/?format=geojson",
    "/api/v1/incidents/?format=acled",
    "/api/v1/incidents/?format=ucdp",
    "/api/v1/operations/",
    "/api/v1/mining-sites/",
]


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_public_page_names_an_unpublished_record(client, unpublished, url):
    response = client.get(url)
    assert response.status_code == 200
    text = body(response)
    for marker in MARKERS:
        assert marker not in text, f"{url} shows {marker!r}"


@pytest.mark.parametrize("name", ["draft", "review", "operation", "site"])
def test_an_unpublished_record_has_no_public_page(client, unpublished, name):
    record = unpublished[name]
    url_name = {"draft": "incident-detail", "review": "incident-detail", "operation": "operation-detail"}.get(
        name, "site-detail"
    )
    assert client.get(reverse(url_name, args=[record.pk])).status_code == 404


def test_an_editor_sees_the_drafts_on_the_lists_with_their_status(client, unpublished):
    editor = User.objects.create_user("editor", password="a-long-password-1")
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_incident", "change_enforcementoperation", "change_miningsite"])
    )
    client.force_login(editor)
    incidents = client.get("/incidents/?region=17").content.decode()
    assert "Unpublished Draft Alpha" in incidents and "Unpublished Review Beta" in incidents
    assert "status-badge--draft" in incidents and "status-badge--in_review" in incidents
    assert "Unpublished Operation Gamma" in client.get("/operations/").content.decode()
    assert "Unpublished Site Zeta" in client.get("/sites/").content.decode()
