"""How an incident's toll evolved: dated claims and casualty outcome changes, in date order, never naming anyone."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.utils import translation

from incidents.models import Casualty, CasualtyOutcomeChange, Claim, Incident, Source
from incidents.services import add_claim, outcome_change_text, toll_timeline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The service's sentences are in the active language; these tests read them in English."""
    with translation.override("en"):
        yield


NEW_YEAR = "Armed attack on informal miners at a tunnel entrance, La Libertad"
ARSON = "Illegal miners set fire to a police-military post, La Pampa"
D = datetime.date


def found_dead(incident: Incident, on: datetime.date, name: str = "", source: Source | None = None) -> Casualty:
    """A missing miner later found dead: the record now says killed, and the change keeps the date."""
    casualty = Casualty.objects.create(incident=incident, outcome="killed", role="miner", name=name, age=41)
    CasualtyOutcomeChange.objects.create(
        casualty=casualty, from_outcome="missing", to_outcome="killed", changed_on=on, source=source
    )
    return casualty


@pytest.fixture
def evolving() -> Incident:
    """The seed's New Year attack: 3 killed and 7 missing on 1 January, then a body found, then a higher toll."""
    incident = Incident.objects.get(title=NEW_YEAR)
    police = Source.objects.create(title="Police find the body of a missing miner", outlet="Andina")
    found_dead(incident, D(2026, 1, 4), name="Pedro Private Quispe", source=police)
    later = Source.objects.create(title="Toll rises to four", outlet="La República")
    add_claim(Claim(incident=incident, source=later, claimed_on=D(2026, 1, 5), killed=4, missing=6))
    return incident


def toll_section(client: Client, incident: Incident) -> str:
    body = client.get(f"/incidents/{incident.pk}/").content.decode()
    match = re.search(r'<section aria-labelledby="toll-heading".*?</section>', body, re.S)
    assert match, "the page has no toll section"
    return html.unescape(match.group(0))


def rows(section: str) -> list[str]:
    tbody = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr.*?</tr>", tbody, re.S)
    ]


def test_the_timeline_puts_claims_and_outcome_changes_in_date_order(evolving) -> None:
    timeline = toll_timeline(evolving)
    assert timeline.outcomes == ["killed", "missing"]
    assert [(event.date, event.kind) for event in timeline.events] == [
        (D(2026, 1, 1), "claim"),
        (D(2026, 1, 1), "claim"),
        (D(2026, 1, 4), "change"),
        (D(2026, 1, 5), "claim"),
    ]
    change = timeline.events[2]
    assert change.description == "1 missing person found dead"
    assert change.cells == ["+1", "\u22121"]
    assert change.source.title == "Police find the body of a missing miner"
    assert timeline.events[3].cells == ["4", "6"]
    assert timeline.events[0].cells == ["at least 3", "at least 7"]


def test_the_incident_page_shows_how_the_toll_evolved_without_naming_anyone(client: Client, evolving) -> None:
    section = toll_section(client, evolving)
    assert '<h2 id="toll-heading">How the toll evolved</h2>' in section
    found = rows(section)
    assert len(found) == 4
    assert found[2].startswith("4 January 2026 1 missing person found dead")
    assert "+1 \u22121" in found[2]
    assert found[3].startswith("5 January 2026 Claim by La República: Toll rises to four")
    assert found[3].endswith("4 6")
    # Source names lead to the source's page.
    police = Source.objects.get(title="Police find the body of a missing miner")
    assert f'href="/sources/{police.pk}/"' in section
    # The private person is counted, never named, nor is their age shown.
    body = client.get(f"/incidents/{evolving.pk}/").content.decode()
    assert "Pedro" not in body and "Private Quispe" not in body and "41 years" not in body


def test_people_whose_outcome_changed_the_same_day_are_summed(evolving) -> None:
    found_dead(evolving, D(2026, 1, 4))
    rescued = Casualty.objects.create(incident=evolving, outcome="rescued", role="miner", count=2)
    CasualtyOutcomeChange.objects.create(
        casualty=rescued, from_outcome="missing", to_outcome="rescued", changed_on=D(2026, 1, 6)
    )
    events = [event for event in toll_timeline(evolving).events if event.kind == "change"]
    # Found dead the same day but reported by different sources (the police, and none): two rows.
    descriptions = [event.description for event in events]
    assert "2 missing people found alive" in descriptions
    assert descriptions.count("1 missing person found dead") == 2
    assert toll_timeline(evolving).outcomes == ["killed", "missing", "rescued"]


def test_changes_with_the_same_day_and_source_are_one_row(evolving) -> None:
    police = Source.objects.get(title="Police find the body of a missing miner")
    found_dead(evolving, D(2026, 1, 4), source=police)
    found_dead(evolving, D(2026, 1, 4), source=police)
    changes = [event for event in toll_timeline(evolving).events if event.kind == "change"]
    assert [(event.description, event.cells) for event in changes] == [
        ("3 missing people found dead", ["+3", "\u22123"])
    ]


@pytest.mark.parametrize(
    ("count", "old", "new", "text"),
    [
        (1, "missing", "killed", "1 missing person found dead"),
        (3, "missing", "rescued", "3 missing people found alive"),
        (1, "kidnapped", "rescued", "1 kidnapped person freed or rescued"),
        (2, "injured", "killed", "2 injured people died"),
        (1, "killed", "missing", "1 person counted as killed is now counted as missing"),
    ],
)
def test_each_change_reads_as_a_sentence(count: int, old: str, new: str, text: str) -> None:
    assert outcome_change_text(count, old, new) == text


def test_the_toll_section_reads_in_spanish(client: Client, evolving) -> None:
    body = client.get(f"/incidents/{evolving.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'id="toll-heading"' in body
    assert "4 de enero de 2026" in html.unescape(body)


def test_an_incident_with_a_single_claim_has_no_toll_section(client: Client) -> None:
    arson = Incident.objects.get(title=ARSON)
    assert toll_timeline(arson).events and len(toll_timeline(arson).events) == 1
    assert 'id="toll-heading"' not in client.get(f"/incidents/{arson.pk}/").content.decode()


def test_the_timeline_runs_two_queries_however_many_changes(evolving, django_assert_num_queries) -> None:
    incident = Incident.objects.get(pk=evolving.pk)
    with django_assert_num_queries(2):
        toll_timeline(incident)
    for day in range(6, 26):
        found_dead(evolving, D(2026, 1, day))
    incident = Incident.objects.get(pk=evolving.pk)
    with django_assert_num_queries(2):
        assert len(toll_timeline(incident).events) == 24


def test_the_incident_page_adds_no_query_for_the_toll(client: Client, evolving, django_assert_num_queries) -> None:
    # The same 10 queries test_pages pins (the last of them the operations linked to the incident,
    # enforcement's section of the page): the timeline reuses the claims and casualties the page loads.
    with django_assert_num_queries(10):
        client.get(f"/incidents/{evolving.pk}/")
    for day in range(6, 16):
        found_dead(evolving, D(2026, 1, day))
    with django_assert_num_queries(10):
        client.get(f"/incidents/{evolving.pk}/")
