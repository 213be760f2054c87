"""/sources/<id>/: what a source supports; duplicate sources (same URL) refused with a link to the existing one."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.authtoken.models import Token

from enforcement.models import EnforcementOperation, OperationReport, ReinfoSnapshot
from incidents.models import Claim, Incident, Source
from tests.accounts import member
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db

NEW_YEAR = "Armed attack on informal miners at a tunnel entrance, La Libertad"
MAY_2025 = "Attack by criminal gangs kills 13 miners, La Libertad"
REPORT_KEY = "source-la-libertad-new-year-attack-report"
D = datetime.date


def make_incident(title: str, status: str = "published") -> Incident:
    day = D(2026, 2, 10)
    return Incident.objects.create(
        title=title, incident_type="armed_attack", date_start=day, date_end=day, date_precision="day",
        region_id="17", place_precision="region", status=status,
    )  # fmt: skip


def editor() -> User:
    user = User.objects.create_user("editor-ana", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="incidents",
            codename__in=["change_incident", "view_source", "add_source", "change_source"],
        )
    )
    return User.objects.get(pk=user.pk)


def page(client: Client, source: Source):
    return client.get(f"/sources/{source.pk}/")


# The page -------------------------------------------------------------------------------------


def test_the_source_page_shows_the_source_and_the_incidents_with_the_claims_it_made(client: Client) -> None:
    source = Source.objects.get(import_key=REPORT_KEY)
    response = page(client, source)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert body.count("<h1") == 1
    assert f'<h1 id="source-title">{source.title}</h1>' in body
    assert source.get_language_display() in body
    if source.url:
        assert f'href="{source.url}"' in body
    # The seed cites this report for the New Year attack and, as background, for the May 2025 massacre.
    table = re.search(r'<table class="source-incidents">.*?</table>', body, re.S).group(0)
    new_year = Incident.objects.get(title=NEW_YEAR)
    assert f'<a href="/incidents/{new_year.pk}/">{NEW_YEAR}</a>' in table
    assert MAY_2025 in table
    assert "1 January 2026" in table
    assert "killed at least 3, missing at least 7" in table
    assert "killed 13" in table
    assert "<script>" not in body and 'style="' not in body


def test_drafts_citing_a_source_are_hidden_from_the_public_and_badged_for_editors(client: Client) -> None:
    source = Source.objects.get(import_key=REPORT_KEY)
    draft = make_incident("Unverified draft shooting", status="draft")
    draft.sources.add(source)
    Claim.objects.create(incident=draft, source=source, claimed_on=D(2026, 2, 11), killed=2)
    assert "Unverified draft shooting" not in page(client, source).content.decode()
    client.force_login(editor())
    body = page(client, source).content.decode()
    assert "Unverified draft shooting" in body
    assert "status-badge--draft" in body


def test_a_source_backing_only_drafts_is_404_for_the_public(client: Client) -> None:
    source = Source.objects.create(title="Only a draft rests on this", url="https://example.org/draft-only")
    make_incident("Draft only", status="draft").sources.add(source)
    assert page(client, source).status_code == 404
    client.force_login(editor())
    assert page(client, source).status_code == 200


def test_a_source_with_nothing_linked_yet_is_shown_to_the_newsroom_saying_so(client: Client) -> None:
    source = Source.objects.create(title="A report nobody cites yet", outlet="Andina")
    # No public record rests on it yet, so it is not public (core.visibility).
    assert page(client, source).status_code == 404
    client.force_login(member("sources-editor", "editor"))
    body = page(client, source).content.decode()
    assert "No published incident cites this source." in body
    assert "No link is recorded" in body


def test_the_source_page_lists_operations_reports_and_reinfo_snapshots(client: Client) -> None:
    source = Source.objects.get(import_key="source-crackdown-reinfo-debate-dec-2025")
    snapshot = ReinfoSnapshot.objects.create(as_of=D(2025, 12, 1), row_count=1234, source=source)
    draft_operation = EnforcementOperation.objects.create(
        title="Secret draft raid", kind="raid", date_start=D(2025, 12, 2), date_end=D(2025, 12, 2),
        region_id="17", place_precision="region", status="draft",
    )  # fmt: skip
    draft_operation.sources.add(source)
    body = html.unescape(page(client, source).content.decode())
    for operation in EnforcementOperation.objects.published().filter(sources=source):
        assert f'<a href="/operations/{operation.pk}/">{operation.title}</a>' in body
    for report in OperationReport.objects.filter(source=source):
        assert report.title in body
    assert "REINFO list as of 1 December 2025" in body and "1,234 rows" in body
    assert snapshot.pk
    assert "Secret draft raid" not in body


def test_the_source_page_runs_the_same_queries_for_3_or_30_incidents(client: Client, django_assert_num_queries) -> None:
    source = Source.objects.create(title="Much-cited report", url="https://example.org/much-cited")

    def add(count: int) -> None:
        for number in range(count):
            incident = make_incident(f"Cited incident {number} of {count}")
            incident.sources.add(source)
            Claim.objects.create(incident=incident, source=source, claimed_on=D(2026, 2, 11), killed=number + 1)

    # The source; the incidents; their claims by this source; operations; reports; REINFO snapshots.
    add(3)
    with django_assert_num_queries(6):
        assert page(client, source).status_code == 200
    add(27)
    with django_assert_num_queries(6):
        response = page(client, source)
    assert len(re.findall(r'<a href="/incidents/\d+/">', response.content.decode())) == 30


def test_an_unknown_source_is_404(client: Client) -> None:
    assert client.get("/sources/999999/").status_code == 404


def test_the_incident_page_links_each_source_to_its_page(client: Client) -> None:
    incident = Incident.objects.get(title=NEW_YEAR)
    body = client.get(f"/incidents/{incident.pk}/").content.decode()
    for source in incident.sources.all():
        assert f'<a href="/sources/{source.pk}/">source page</a>' in body


# Duplicates -----------------------------------------------------------------------------------


def test_the_admin_refuses_a_duplicate_url_with_a_link_to_the_existing_source(client: Client) -> None:
    existing = Source.objects.create(title="Original report", url="https://example.org/nota-1")
    client.force_login(editor())
    data = {"outlet": "", "title": "Same report again", "url": "https://example.org/nota-1  ",
            "published_on": "", "language": "es", "kind": "news", "notes": "", "import_key": ""}  # fmt: skip
    for prefix in ("incidentsource_set", "operationsource_set"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(admin_url(Source, "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["url"]
    link = admin_url(Source, "change", existing.pk)
    assert f'A source with this URL already exists: <a href="{link}">Original report</a>' in errors[0]
    assert f'<a href="{link}">Original report</a>' in response.content.decode()
    assert Source.objects.filter(url="https://example.org/nota-1").count() == 1


def test_the_api_refuses_a_duplicate_url_naming_the_existing_source() -> None:
    existing = Source.objects.create(title="Original report", url="https://example.org/nota-2")
    token, _ = Token.objects.get_or_create(user=editor())
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        "/api/v1/sources/",
        {"title": "Same report again", "link": "https://example.org/nota-2 "},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "url": [f"A source with this URL already exists: /api/v1/sources/{existing.pk}/"],
        "existing_id": existing.pk,
    }
    # Editing the existing source itself is no duplicate.
    response = client.patch(
        f"/api/v1/sources/{existing.pk}/", {"link": "https://example.org/nota-2"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()


def test_trailing_spaces_never_make_a_second_source() -> None:
    Source.objects.create(title="Original report", url="https://example.org/nota-3")
    source = Source(title="Copy", url="https://example.org/nota-3 ")
    with pytest.raises(ValidationError, match="A source with this URL already exists"):
        source.full_clean()
    assert source.url == "https://example.org/nota-3"
