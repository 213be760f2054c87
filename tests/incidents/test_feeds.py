"""Atom feeds of newly published incidents, for all of Peru and per region.

The test database holds Veta's five real incidents, all published (tests/conftest.py):
two in La Libertad (13) and three in Madre de Dios (17).
"""

import datetime

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from incidents.models import Casualty, Incident

pytestmark = pytest.mark.django_db

REAL_INCIDENTS = 5


def add_incident(
    title: str, published_at: datetime.datetime | None, status: str = ModerationStatus.PUBLISHED, **fields
):
    fields = {"region_id": "21", "place_precision": PlacePrecision.REGION, **fields}
    return Incident.objects.create(
        title=title,
        incident_type="armed_attack",
        date_start=datetime.date(2025, 5, 1),
        date_end=datetime.date(2025, 5, 31),
        date_precision=DatePrecision.MONTH,
        status=status,
        published_at=published_at,
        **fields,
    )


@pytest.fixture(autouse=True)
def real_records_published_long_ago() -> None:
    """The real records were published when the session loaded them; date that to the past."""
    Incident.objects.filter(import_key__isnull=False).update(
        published_at=datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC)
    )


def parse(response) -> feedparser.FeedParserDict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10"
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def recent() -> dict[str, Incident]:
    """Incidents published in the last days, in Puno (21) and Madre de Dios (17), and some not public."""
    now = timezone.now()
    return {
        "older": add_incident("Attack at the Ananea tunnels", now - datetime.timedelta(days=2)),
        "newest": add_incident(
            "Dredge crew shot on the Inambari",
            now - datetime.timedelta(hours=1),
            region_id="17",
            killed_low=2,
            killed_best=3,
            killed_high=5,
            missing_low=1,
            missing_best=1,
            missing_high=1,
        ),
        "middle": add_incident("Extortion of miners in Putina", now - datetime.timedelta(days=1)),
        "draft": add_incident("Unverified rumour of a massacre", None, status=ModerationStatus.DRAFT),
        "in_review": add_incident("Attack awaiting review", now, status=ModerationStatus.IN_REVIEW),
        "retracted": add_incident(
            "Retracted report", now, status=ModerationStatus.RETRACTED, retraction_reason="A hoax."
        ),
    }


def test_the_incident_feed_is_valid_atom_with_the_newest_publication_first(client: Client, recent) -> None:
    feed = parse(client.get("/feeds/incidents/"))
    titles = [entry.title for entry in feed.entries]
    assert titles[:3] == [
        "Dredge crew shot on the Inambari",
        "Extortion of miners in Putina",
        "Attack at the Ananea tunnels",
    ]
    assert len(titles) == REAL_INCIDENTS + 3
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)


def test_the_incident_feed_leaves_out_drafts_incidents_in_review_and_retractions(client: Client, recent) -> None:
    body = client.get("/feeds/incidents/").content.decode()
    for key in ("draft", "in_review", "retracted"):
        assert recent[key].title not in body


def test_editors_get_only_published_incidents_too(client: Client, recent, django_user_model) -> None:
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="not-used")
    editor.user_permissions.add(Permission.objects.get(codename="change_incident"))
    client.force_login(editor)
    body = client.get("/feeds/incidents/").content.decode()
    assert "Unverified rumour" not in body


def test_a_feed_entry_links_the_incident_and_sums_it_up(client: Client, recent) -> None:
    feed = parse(client.get("/feeds/incidents/"))
    entry = feed.entries[0]
    incident = recent["newest"]
    assert entry.link == f"http://testserver/incidents/{incident.pk}/"
    assert entry.id == f"tag:veta,2025:incident:{incident.pk}"
    assert entry.author == "Veta"
    assert entry.published_parsed[:6] == incident.published_at.utctimetuple()[:6]
    assert entry.updated_parsed[:6] == incident.updated_at.utctimetuple()[:6]
    summary = entry.summary
    assert "May 2025" in summary
    assert "Madre de Dios — known only to the region" in summary
    # Sources disagree on the killed (2 to 5): a range, and every outcome the incident has.
    assert "Toll</strong>: 2–5 killed, 1 missing" in summary
    assert feed.feed.title == "Veta: newly published incidents"
    assert feed.feed.author == "Veta"


def test_a_feed_entry_escapes_the_incidents_text(client: Client) -> None:
    add_incident("Attack <script>alert(1)</script> & more", timezone.now(), description="<b>Bold</b> claim")
    body = client.get("/feeds/incidents/").content.decode()
    assert "<script>" not in body
    feed = parse(client.get("/feeds/incidents/"))
    assert feed.entries[0].title == "Attack <script>alert(1)</script> & more"
    assert "<b>" not in feed.entries[0].summary


def test_the_feed_never_names_casualties(client: Client) -> None:
    incident = add_incident("Miner killed at a camp", timezone.now(), killed_low=1, killed_best=1, killed_high=1)
    Casualty.objects.create(incident=incident, outcome="killed", role="miner", name="Private Person Name", age=34)
    Casualty.objects.create(
        incident=incident, outcome="killed", role="miner", name="Public Person", name_is_public=True
    )
    body = client.get("/feeds/incidents/").content.decode()
    assert "Miner killed at a camp" in body
    assert "Private Person Name" not in body
    assert "34" not in parse(client.get("/feeds/incidents/")).entries[0].summary


def test_the_incident_feed_holds_the_latest_50(client: Client, django_assert_num_queries) -> None:
    now = timezone.now()
    for number in range(60):
        add_incident(f"Bulk incident {number}", now - datetime.timedelta(minutes=number))
    # Expect 1 query: the incidents with their places joined in.
    with django_assert_num_queries(1):
        response = client.get("/feeds/incidents/")
    feed = parse(response)
    assert len(feed.entries) == 50
    assert feed.entries[0].title == "Bulk incident 0"
    assert feed.entries[-1].title == "Bulk incident 49"


def test_the_region_feed_holds_only_the_regions_incidents(client: Client, recent) -> None:
    feed = parse(client.get("/feeds/regions/21/"))
    assert [entry.title for entry in feed.entries] == ["Extortion of miners in Putina", "Attack at the Ananea tunnels"]
    assert feed.feed.title == "Veta: newly published incidents in Puno"
    assert feed.feed.link == "http://testserver/regions/21/"

    madre = parse(client.get("/feeds/regions/17/"))
    assert madre.entries[0].title == "Dredge crew shot on the Inambari"
    assert len(madre.entries) == 1 + 3  # three real incidents in Madre de Dios
    assert {entry.link for entry in madre.entries} == {
        f"http://testserver/incidents/{pk}/"
        for pk in Incident.objects.published().filter(region="17").values_list("pk", flat=True)
    }


def test_the_region_feed_runs_the_same_queries_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    now = timezone.now()

    def add(numbers: range) -> None:
        for number in numbers:
            add_incident(
                f"Puno incident {number}", now - datetime.timedelta(minutes=number), province_id="2102",
                district_id="210201", place_precision=PlacePrecision.DISTRICT,
            )  # fmt: skip

    add(range(3))
    # Expect 2 queries: the region, and its incidents with their places joined in.
    with django_assert_num_queries(2):
        response = client.get("/feeds/regions/21/")
    assert len(parse(response).entries) == 3
    add(range(3, 30))
    with django_assert_num_queries(2):
        response = client.get("/feeds/regions/21/")
    assert len(parse(response).entries) == 30


@pytest.mark.parametrize("url", ["/feeds/regions/99/", "/feeds/regions/abc/", "/feeds/regions/1701/"])
def test_a_feed_of_an_unknown_region_is_not_found(client: Client, url) -> None:
    assert client.get(url).status_code == 404


def test_the_feed_follows_the_readers_language(client: Client) -> None:
    response = client.get("/feeds/regions/17/", HTTP_ACCEPT_LANGUAGE="es")
    feed = parse(response)
    assert feed.feed.language == "es"
    # Dates come in the reader's language: the La Pampa arson of 25 August 2022.
    assert any("agosto" in entry.summary for entry in feed.entries)
    english = parse(client.get("/feeds/regions/17/", HTTP_ACCEPT_LANGUAGE="en"))
    assert english.feed.language == "en"
    assert any("August" in entry.summary for entry in english.entries)


def test_a_province_and_a_district_have_feeds_of_their_own_incidents(client: Client) -> None:
    now = timezone.now()
    in_district = add_incident(
        "Shots at a camp in Ananea", now, province_id="2102", district_id="210201",
        place_precision=PlacePrecision.DISTRICT,
    )  # fmt: skip
    in_province = add_incident(
        "Dispute in Putina province", now - datetime.timedelta(hours=1), province_id="2102",
        place_precision=PlacePrecision.PROVINCE,
    )  # fmt: skip
    elsewhere = add_incident(
        "Clash in another province", now, province_id="2101", place_precision=PlacePrecision.PROVINCE
    )
    only_region = add_incident("Somewhere in Puno", now)

    province = parse(client.get("/feeds/provinces/2102/"))
    assert [entry.title for entry in province.entries] == [in_district.title, in_province.title]
    assert province.feed.link == "http://testserver/provinces/2102/"
    assert "the region's feed has them" in province.feed.subtitle

    district = parse(client.get("/feeds/districts/210201/"))
    assert [entry.title for entry in district.entries] == [in_district.title]
    assert district.feed.id == "tag:veta,2025:feed:district:210201"
    assert district.feed.link == "http://testserver/districts/210201/"

    region = parse(client.get("/feeds/regions/21/"))
    assert {in_district.title, in_province.title, elsewhere.title, only_region.title} <= {
        entry.title for entry in region.entries
    }


@pytest.mark.parametrize("url", ["/feeds/provinces/9999/", "/feeds/provinces/21/", "/feeds/districts/2102/"])
def test_a_feed_of_an_unknown_province_or_district_is_not_found(client: Client, url) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("page", "feed"),
    [("/regions/21/", "/feeds/regions/21/"), ("/provinces/2102/", "/feeds/provinces/2102/"),
     ("/districts/210201/", "/feeds/districts/210201/")],
)  # fmt: skip
def test_each_place_page_links_its_own_feed(client: Client, page: str, feed: str) -> None:
    body = client.get(page).content.decode()
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in body
    assert f'<a href="{feed}" class="feed-link">' in body
