"""Proposed revisions: an editor's change to a published record waits for a reviewer, the public sees the old one.

The same workflow through each door: the API (PATCH answers 202 with the proposal, the list,
accept and return), the admin (the incident's change form with its claim inlines, the
claim's own page, the revision's page with its buttons) and the review queue at /review/.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from core import revisions
from core.choices import ModerationStatus, RevisionStatus
from core.models import Revision
from enforcement.models import EnforcementOperation
from incidents.corrections import public_corrections
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from incidents.services import add_claim
from regions.models import MiningSite
from tests.accounts import member
from tests.test_moderation import make_incident, make_operation, make_site

pytestmark = pytest.mark.django_db

API = "/api/v1"
PUBLISHED = ModerationStatus.PUBLISHED
OLD_TITLE = "Shots fired at a dredge on the Malinowski"
NEW_TITLE = "Gunmen attack a dredge crew on the Malinowski"


@pytest.fixture
def editor() -> User:
    return member("editor-eva", "editor")


@pytest.fixture
def other_editor() -> User:
    return member("editor-omar", "editor")


@pytest.fixture
def reviewer() -> User:
    return member("reviewer-rita", "reviewer")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published() -> Incident:
    """A published incident with one source's claim of 3 killed."""
    incident = make_incident(PUBLISHED, published_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC))
    source = Source.objects.create(title="Radio Madre de Dios", outlet="RMD", published_on=datetime.date(2026, 3, 5))
    incident.sources.add(source)
    add_claim(Claim(incident=incident, source=source, claimed_on=datetime.date(2026, 3, 5), killed=3))
    incident.refresh_from_db()
    assert incident.killed_best == 3
    return incident


def stored(incident: Incident) -> Incident:
    return Incident.objects.get(pk=incident.pk)


def public_title(incident: Incident) -> str:
    return Client().get(f"{API}/incidents/{incident.pk}/").json()["title"]


# --- The API --------------------------------------------------------------------------------


def test_an_editors_patch_of_a_published_incident_is_proposed_and_the_public_keeps_the_published_one(
    editor, published
) -> None:
    response = signed_in(editor).patch(
        f"{API}/incidents/{published.pk}/", {"title": NEW_TITLE}, content_type="application/json"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "proposed"
    assert body["record"]["type"] == "incidents.incident"
    assert body["record"]["id"] == published.pk
    assert body["changes"] == {"fields": {"title": NEW_TITLE}}
    assert {"field": "title in English", "published": OLD_TITLE, "proposed": NEW_TITLE} in body["differences"]
    assert body["proposed_by"] == "editor-eva"
    assert response["Location"] == f"{API}/revisions/{body['id']}/"
    # Nothing was written: the API, the page, the CSV and the feed show the published title.
    assert stored(published).title == OLD_TITLE
    assert public_title(published) == OLD_TITLE
    page = Client().get(f"/incidents/{published.pk}/").content.decode()
    assert OLD_TITLE in page and NEW_TITLE not in page
    csv = b"".join(Client().get(f"{API}/incidents/?format=csv").streaming_content).decode()
    assert OLD_TITLE in csv and NEW_TITLE not in csv
    assert NEW_TITLE not in Client().get("/feeds/incidents/").content.decode()


def test_a_reviewer_accepts_and_the_public_sees_the_change_with_history(editor, reviewer, published) -> None:
    proposal = signed_in(editor).patch(
        f"{API}/incidents/{published.pk}/", {"title": NEW_TITLE}, content_type="application/json"
    )
    url = f"{API}/revisions/{proposal.json()['id']}/accept/"
    response = signed_in(reviewer).post(url, {}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert response.json()["reviewed_by"] == "reviewer-rita"
    assert public_title(published) == NEW_TITLE
    event = Incident.pgh_event_model.objects.filter(pgh_obj_id=published.pk).order_by("-pgh_id").first()
    assert event.title == NEW_TITLE
    assert event.pgh_context["moderation"] == revisions.ACCEPT
    assert event.pgh_context["user"] == reviewer.pk
    # A second decision on the same revision is refused with its state.
    again = signed_in(reviewer).post(url, {}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["status"] == "accepted"


def test_a_returned_revision_keeps_the_record_and_its_editor_reads_the_reason(editor, reviewer, published) -> None:
    proposal = signed_in(editor).patch(
        f"{API}/incidents/{published.pk}/", {"title": NEW_TITLE}, content_type="application/json"
    )
    revision_url = f"{API}/revisions/{proposal.json()['id']}/"
    no_reason = signed_in(reviewer).post(f"{revision_url}return/", {"reason": ""}, content_type="application/json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    reason = "The source names no gunmen; keep the title neutral."
    response = signed_in(reviewer).post(f"{revision_url}return/", {"reason": reason}, content_type="application/json")
    assert response.status_code == 200
    assert stored(published).title == OLD_TITLE
    mine = signed_in(editor).get(revision_url).json()
    assert mine["status"] == "returned"
    assert mine["return_reason"] == reason
    assert signed_in(reviewer).post(f"{revision_url}accept/", {}, content_type="application/json").status_code == 409


def test_reviewers_and_admins_still_change_published_records_directly(reviewer, published) -> None:
    response = signed_in(reviewer).patch(
        f"{API}/incidents/{published.pk}/", {"title": NEW_TITLE}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == NEW_TITLE
    assert stored(published).title == NEW_TITLE
    assert not Revision.objects.exists()


def test_an_editor_still_edits_drafts_directly(editor) -> None:
    draft = make_incident()
    response = signed_in(editor).patch(
        f"{API}/incidents/{draft.pk}/", {"title": NEW_TITLE}, content_type="application/json"
    )
    assert response.status_code == 200
    assert stored(draft).title == NEW_TITLE
    assert not Revision.objects.exists()


def test_a_bad_proposal_is_refused_like_a_bad_edit_and_nothing_is_kept(editor, published) -> None:
    response = signed_in(editor).patch(
        f"{API}/incidents/{published.pk}/",
        {"date_precision": "days", "date_start": "2026-03-04", "date_end": "2026-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "date_end" in response.json()
    assert not Revision.objects.exists()


def test_a_second_proposal_amends_the_open_one_and_a_published_value_leaves_it(editor, other_editor, published):
    url = f"{API}/incidents/{published.pk}/"
    first = signed_in(editor).patch(url, {"title": NEW_TITLE}, content_type="application/json").json()
    second = (
        signed_in(other_editor)
        .patch(url, {"description": "Three miners died."}, content_type="application/json")
        .json()
    )
    assert second["id"] == first["id"]
    assert second["changes"]["fields"] == {"title": NEW_TITLE, "description": "Three miners died."}
    assert second["proposed_by"] == "editor-omar"
    third = signed_in(editor).patch(url, {"title": OLD_TITLE}, content_type="application/json").json()
    assert third["changes"]["fields"] == {"description": "Three miners died."}
    assert Revision.objects.filter(status=RevisionStatus.PROPOSED).count() == 1


def test_a_patch_equal_to_the_published_record_proposes_nothing(editor, published) -> None:
    response = signed_in(editor).patch(
        f"{API}/incidents/{published.pk}/", {"title": OLD_TITLE}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == OLD_TITLE
    assert not Revision.objects.exists()


def test_the_list_shows_reviewers_every_proposal_and_editors_their_own(
    editor, other_editor, reviewer, published
) -> None:
    proposal = signed_in(editor).patch(
        f"{API}/incidents/{published.pk}/", {"title": NEW_TITLE}, content_type="application/json"
    )
    revision_id = proposal.json()["id"]
    assert [r["id"] for r in signed_in(reviewer).get(f"{API}/revisions/").json()["results"]] == [revision_id]
    assert [r["id"] for r in signed_in(editor).get(f"{API}/revisions/").json()["results"]] == [revision_id]
    assert signed_in(other_editor).get(f"{API}/revisions/").json()["results"] == []
    assert signed_in(other_editor).get(f"{API}/revisions/{revision_id}/").status_code == 404
    filtered = signed_in(reviewer).get(f"{API}/revisions/?status=accepted").json()["results"]
    assert filtered == []
    assert signed_in(reviewer).get(f"{API}/revisions/?state=open").status_code == 400
    # Editors may not decide, even their own proposal.
    accept = signed_in(editor).post(f"{API}/revisions/{revision_id}/accept/", {}, content_type="application/json")
    assert accept.status_code == 403
    assert stored(published).title == OLD_TITLE


def test_operations_and_mining_sites_go_through_review_too(editor, reviewer) -> None:
    operation = make_operation(PUBLISHED)
    site = make_site(PUBLISHED)
    as_editor = signed_in(editor)
    response = as_editor.patch(f"{API}/operations/{operation.pk}/", {"arrests": 4}, content_type="application/json")
    assert response.status_code == 202
    assert EnforcementOperation.objects.get(pk=operation.pk).arrests != 4
    site_response = as_editor.patch(
        f"{API}/mining-sites/{site.pk}/", {"name": "Renamed dredge field"}, content_type="application/json"
    )
    assert site_response.status_code == 202
    assert MiningSite.objects.get(pk=site.pk).name == "Test dredge field"
    for body in (response.json(), site_response.json()):
        assert signed_in(reviewer).post(f"{API}/revisions/{body['id']}/accept/").status_code == 200
    assert EnforcementOperation.objects.get(pk=operation.pk).arrests == 4
    assert MiningSite.objects.get(pk=site.pk).name == "Renamed dredge field"


def test_the_schema_documents_the_202_and_the_revision_endpoints(client) -> None:
    schema = client.get(f"{API}/schema/?format=json").json()
    patch = schema["paths"]["/api/v1/incidents/{id}/"]["patch"]["responses"]
    assert patch["202"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Revision"
    assert "/api/v1/revisions/{id}/accept/" in schema["paths"]
    assert "/api/v1/revisions/{id}/return/" in schema["paths"]


# --- Claims: figures re-derived, a public correction note ---------------------------------------


def propose_claim_change_in_admin(editor: User, incident: Incident, killed: int):
    """Post the incident's change form as the admin draws it, with the claim's killed changed."""
    client = signed_in(editor)
    url = f"/admin/incidents/incident/{incident.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if name == "sources":
            data[name] = [s.pk for s in value]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        else:
            data[name] = value
    claim = incident.claims.get()
    # Every inline the page draws (actors, casualties, related incidents…) sends its management form;
    # only the claim is posted.
    prefixes = {inline.formset.prefix: 0 for inline in page.context["inline_admin_formsets"]}
    prefixes["claims"] = 1
    for prefix, total in prefixes.items():
        data[f"{prefix}-TOTAL_FORMS"] = total
        data[f"{prefix}-INITIAL_FORMS"] = total
    data.update(
        {
            "claims-0-id": claim.pk,
            "claims-0-incident": incident.pk,
            "claims-0-source": claim.source_id,
            "claims-0-claimed_on": claim.claimed_on.isoformat(),
            "claims-0-killed": killed,
            "claims-0-wording": claim.wording,
            "claims-0-grade": claim.grade,
            "claims-0-notes": "",
        }
    )
    return client.post(url, data)


def test_an_editors_claim_change_in_the_admin_is_proposed_and_accepting_derives_the_figures_again(
    editor, reviewer, published
) -> None:
    response = propose_claim_change_in_admin(editor, published, 5)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert stored(published).killed_best == 3
    assert Claim.objects.get(incident=published).killed == 3
    revision = Revision.objects.get()
    claim_id = str(published.claims.get().pk)
    assert revision.changes == {"children": {"claims": {"change": {claim_id: {"killed": 5}}}}}
    rows = {change.field: (change.published, change.proposed) for change in revisions.describe(revision)}
    assert rows[f"claim no. {claim_id}: killed"] == ("3", "5")
    assert rows["killed (best), derived from the claims"] == ("3", "5")
    # The editor's change page says the proposal waits; the public page still says 3.
    page = signed_in(editor).get(f"/admin/incidents/incident/{published.pk}/change/").content.decode()
    assert "A proposed revision is waiting for review" in page
    # The reviewer accepts on the revision's admin page, with a public note.
    note = "A second report counted five dead."
    accepted = signed_in(reviewer).post(
        f"/admin/core/revision/{revision.pk}/change/",
        {"_revision_decision": "accept", "_revision_public_note": note},
    )
    assert accepted.status_code == 302
    assert stored(published).killed_best == 5
    rows = [(c.field, c.old, c.new) for c in public_corrections(stored(published))]
    assert ("killed (best)", "3", "5") in rows
    assert ("correction note", "—", note) in rows
    assert note in Client().get(f"/incidents/{published.pk}/").content.decode()


def test_without_a_note_a_figure_change_gets_the_standard_public_note(editor, reviewer, published) -> None:
    propose_claim_change_in_admin(editor, published, 4)
    revisions.accept(Revision.objects.get(), reviewer)
    rows = [(c.field, c.new) for c in public_corrections(stored(published))]
    assert ("correction note", str(revisions.DEFAULT_PUBLIC_NOTE)) in rows
    assert Revision.objects.get().public_note == str(revisions.DEFAULT_PUBLIC_NOTE)


def test_a_claim_changed_on_its_own_admin_page_is_proposed_to_its_incident(editor, published) -> None:
    claim = published.claims.get()
    response = signed_in(editor).post(
        f"/admin/incidents/claim/{claim.pk}/change/",
        {
            "source": claim.source_id,
            "claimed_on": claim.claimed_on.isoformat(),
            "killed": 7,
            "wording": claim.wording,
            "grade": claim.grade,
            "notes": "",
            "history_of_this_claim-TOTAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert response["Location"] == f"/admin/incidents/incident/{published.pk}/change/"
    assert Claim.objects.get(pk=claim.pk).killed == 3
    assert Revision.objects.get().changes == {"children": {"claims": {"change": {str(claim.pk): {"killed": 7}}}}}
    deleted = signed_in(editor).post(f"/admin/incidents/claim/{claim.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert Revision.objects.get().changes["children"]["claims"] == {"delete": [claim.pk]}


def test_a_revision_that_no_longer_fits_is_refused_and_nothing_is_written(editor, reviewer, published) -> None:
    propose_claim_change_in_admin(editor, published, 6)
    revision = Revision.objects.get()
    Claim.objects.filter(incident=published).delete()  # another hand withdrew the claim meanwhile
    with pytest.raises(revisions.RevisionInvalid):
        revisions.accept(revision, reviewer)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PROPOSED


# --- The review queue --------------------------------------------------------------------------


def test_the_review_queue_shows_the_proposal_beside_the_published_version_and_accepts_it(
    editor, reviewer, published
) -> None:
    signed_in(editor).patch(f"{API}/incidents/{published.pk}/", {"title": NEW_TITLE}, content_type="application/json")
    revision = Revision.objects.get()
    queue = signed_in(reviewer)
    page = queue.get("/review/")
    assert page.status_code == 200
    [item] = page.context["revisions"]
    assert item.record.pk == published.pk
    assert revisions.Change("title in English", OLD_TITLE, NEW_TITLE) in item.changes
    text = page.content.decode()
    assert "Proposed revisions of published records" in text
    assert OLD_TITLE in text and NEW_TITLE in text
    refused = queue.post("/review/", {"action": "return_revision", "revision_id": revision.pk, "reason": " "})
    assert refused.status_code == 302
    assert Revision.objects.get().status == RevisionStatus.PROPOSED
    queue.post("/review/", {"action": "accept_revision", "revision_id": revision.pk})
    assert Revision.objects.get().status == RevisionStatus.ACCEPTED
    assert public_title(published) == NEW_TITLE
    assert queue.get("/review/").context["revisions"] == []


def test_the_review_queue_returns_a_proposal_and_the_editor_reads_why_in_the_admin(editor, reviewer, published):
    signed_in(editor).patch(f"{API}/incidents/{published.pk}/", {"title": NEW_TITLE}, content_type="application/json")
    revision = Revision.objects.get()
    reason = "Keep the title neutral until the police report."
    signed_in(reviewer).post("/review/", {"action": "return_revision", "revision_id": revision.pk, "reason": reason})
    assert Revision.objects.get().status == RevisionStatus.RETURNED
    page = signed_in(editor).get(f"/admin/incidents/incident/{published.pk}/change/").content.decode()
    assert "Your last proposed revision was returned by reviewer-rita" in page
    assert reason in page
    assert stored(published).title == OLD_TITLE


def test_casualties_and_actors_follow_the_same_path(editor, reviewer, published) -> None:
    gang = Actor.objects.create(name="Los Topos del Inambari", kind="criminal_group")
    revision = revisions.propose(
        published,
        editor,
        children={
            "casualties": {revisions.ADD: [{"outcome": "killed", "role": "miner", "count": 2}]},
            "actors": {revisions.ADD: [{"actor": gang, "role": "perpetrator"}]},
        },
    )
    assert not Casualty.objects.filter(incident=published).exists()
    assert not IncidentActor.objects.filter(incident=published).exists()
    rows = [change.field for change in revisions.describe(revision)]
    assert rows == ["new casualty (1)", "new actor in incident (1)"]
    revisions.accept(revision, reviewer)
    assert Casualty.objects.filter(incident=published, outcome="killed", count=2).exists()
    assert IncidentActor.objects.filter(incident=published, actor=gang, role="perpetrator").exists()


def test_a_reviewer_returns_a_revision_on_its_admin_page_and_the_editor_reads_it_there(
    editor, reviewer, published
) -> None:
    signed_in(editor).patch(f"{API}/incidents/{published.pk}/", {"title": NEW_TITLE}, content_type="application/json")
    revision = Revision.objects.get()
    page = f"/admin/core/revision/{revision.pk}/change/"
    assert "Waiting for a reviewer." in signed_in(editor).get(page).content.decode()
    as_reviewer = signed_in(reviewer)
    assert "Accept and publish" in as_reviewer.get(page).content.decode()
    # The editor cannot decide by posting the reviewer's buttons.
    signed_in(editor).post(page, {"_revision_decision": "accept"})
    assert Revision.objects.get().status == RevisionStatus.PROPOSED
    reason = "Two sources disagree on the title; keep the published one."
    as_reviewer.post(page, {"_revision_decision": "return", "_revision_return_reason": reason})
    assert Revision.objects.get().status == RevisionStatus.RETURNED
    text = signed_in(editor).get(page).content.decode()
    assert reason in text
    assert stored(published).title == OLD_TITLE
