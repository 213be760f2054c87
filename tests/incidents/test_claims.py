"""Claims and figures: low/best/high from conflicting claims, and the best claim a reviewer chooses.

Starts from the seed's New Year attack in La Libertad ("at least 3 killed, the toll could
rise"): two reliable claims of 3 killed and 7 missing, both dated 1 January 2026.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.test.client import RequestFactory
from rest_framework.authtoken.models import Token

from incidents import admin as incidents_admin
from incidents.models import Claim, Incident, Source
from incidents.services import Figures, add_claim, change_claim, choose_best_claim, derive_figures
from tests.test_admin import admin_url, claim_inline_data, incident_form_data, make_incident, management_form

pytestmark = pytest.mark.django_db

NEW_YEAR = "Armed attack on informal miners at a tunnel entrance, La Libertad"
D = datetime.date


def new_year() -> Incident:
    return Incident.objects.get(title=NEW_YEAR)


def claim(incident: Incident, title: str, on: datetime.date, **fields) -> Claim:
    source = Source.objects.create(title=title, outlet="Test outlet")
    return add_claim(Claim(incident=incident, source=source, claimed_on=on, **fields))


def grant(user: User, *codenames: str) -> User:
    for codename in codenames:
        app_label, code = codename.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=code))
    return User.objects.get(pk=user.pk)  # permissions are cached per instance


def editor() -> User:
    return grant(
        User.objects.create_user("editor-ana", password="pw", is_staff=True),
        "incidents.view_incident",
        "incidents.change_incident",
        "incidents.view_claim",
        "incidents.change_claim",
        "incidents.add_claim",
    )


def reviewer() -> User:
    user = User.objects.create_user("reviewer-luis", password="pw", is_staff=True)
    return grant(
        user,
        "incidents.view_incident",
        "incidents.change_incident",
        "incidents.view_claim",
        "incidents.change_claim",
        "incidents.add_claim",
        "incidents.publish_incident",
    )


def api(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def disputed() -> Incident:
    """The seed's New Year attack with a later, higher claim and a contested one."""
    incident = new_year()
    claim(incident, "Toll rises to five", D(2026, 1, 5), killed=5, grade="single_source")
    claim(incident, "Residents speak of four dead", D(2026, 1, 3), killed=4, grade="contested")
    return incident


# Derivation ---------------------------------------------------------------------------------


def test_the_seed_at_least_3_killed_gives_3_3_3_and_7_missing() -> None:
    incident = new_year()
    assert incident.figures("killed") == (3, 3, 3)
    assert incident.figures("missing") == (7, 7, 7)
    assert derive_figures(list(incident.claims.all()), "killed") == Figures(3, 3, 3, "at_least")


def test_a_later_higher_claim_and_a_contested_one_widen_the_range_but_best_stays_with_the_best_graded(
    disputed,
) -> None:
    # Low is the seed's 3, high the later 5; best is still the reliable 3, not the single-source 5.
    assert disputed.figures("killed") == (3, 3, 5)
    # Disagreeing claims are all kept.
    assert disputed.claims.count() == 4
    # Missing is untouched: the new claims give no missing figure.
    assert disputed.figures("missing") == (7, 7, 7)


def test_a_reliable_sources_own_later_claim_replaces_its_earlier_one(disputed) -> None:
    first = disputed.claims.get(source__import_key="source-la-libertad-new-year-attack-report")
    add_claim(
        Claim(
            incident=disputed,
            source=first.source,
            claimed_on=D(2026, 1, 6),
            killed=5,
            wording="at_least",
            grade="reliable",
        )
    )
    # The other reliable source still says 3 (low); the most recent reliable claim says 5 (best).
    assert disputed.figures("killed") == (3, 5, 5)


def test_a_reviewer_choosing_a_claim_makes_its_figure_the_best(disputed) -> None:
    contested = disputed.claims.get(source__title="Residents speak of four dead")
    choose_best_claim(disputed, contested)
    assert disputed.figures("killed") == (3, 4, 5)
    # The chosen claim gives no missing figure, so missing keeps the usual rule.
    assert disputed.figures("missing") == (7, 7, 7)


def test_a_chosen_figure_is_kept_within_low_and_high(disputed) -> None:
    # An older claim of a source that has since said more is no longer counted, but may be chosen:
    # its figure is then clamped into the range of the counted ones.
    early = claim(disputed, "Early report", D(2026, 1, 1), killed=1, grade="single_source")
    add_claim(Claim(incident=disputed, source=early.source, claimed_on=D(2026, 1, 4), killed=4))
    change_claim(early, chosen_as_best=True)
    assert disputed.figures("killed") == (3, 3, 5)


def test_a_discounted_claim_never_counts_even_when_higher_lower_or_chosen(disputed) -> None:
    claim(disputed, "Rumour of fifty dead", D(2026, 1, 7), killed=50, grade="discounted")
    zero = claim(disputed, "Denial: nobody died", D(2026, 1, 8), killed=0, grade="discounted")
    assert disputed.figures("killed") == (3, 3, 5)
    # The model and the services refuse to choose a discounted claim...
    zero.chosen_as_best = True
    with pytest.raises(ValidationError) as error:
        zero.full_clean()
    assert "chosen_as_best" in error.value.message_dict
    with pytest.raises(ValidationError):
        change_claim(zero)
    with pytest.raises(ValidationError):
        choose_best_claim(disputed, zero)
    # ...and a claim found chosen and discounted (as an older row might be) does not count as best.
    assert derive_figures([*disputed.claims.exclude(pk=zero.pk), zero], "killed") == Figures(3, 3, 5, "range")


def test_a_claim_with_only_an_up_to_figure_sets_high_and_best_but_not_low() -> None:
    incident = make_incident("170101", title="Shooting with an upper bound only")
    claim(incident, "Up to ten dead", D(2023, 3, 15), killed=10, wording="up_to")
    incident.refresh_from_db()
    assert incident.figures("killed") == (0, 10, 10)
    # With a firm figure from another source, low comes from that one.
    claim(incident, "Four bodies recovered", D(2023, 3, 16), killed=4, wording="at_least")
    incident.refresh_from_db()
    assert incident.figures("killed") == (4, 4, 10)


def test_the_database_holds_at_most_one_chosen_claim_per_incident(disputed) -> None:
    first, second = disputed.claims.order_by("id")[:2]
    Claim.objects.filter(pk=first.pk).update(chosen_as_best=True)
    second.chosen_as_best = True
    with pytest.raises(ValidationError):
        second.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Claim.objects.filter(pk=second.pk).update(chosen_as_best=True)


# The incident page ----------------------------------------------------------------------------


def test_the_incident_page_marks_the_chosen_claim_and_explains_the_rule(client: Client, disputed) -> None:
    contested = disputed.claims.get(source__title="Residents speak of four dead")
    choose_best_claim(disputed, contested)
    body = client.get(f"/incidents/{disputed.pk}/").content.decode()
    assert "chosen as best by a reviewer" in body
    assert "the claim a reviewer chose as best" in body
    assert re.search(r'<td[^>]* class="number best">4</td>', body)


# The admin ------------------------------------------------------------------------------------


def test_only_a_reviewer_may_tick_chosen_as_best_in_the_admin() -> None:
    inline = incidents_admin.ClaimInline(Incident, incidents_admin.admin.site)
    request = RequestFactory().get("/")
    request.user = editor()
    assert "chosen_as_best" in inline.get_readonly_fields(request, None)
    request.user = reviewer()
    assert "chosen_as_best" not in inline.get_readonly_fields(request, None)


def test_an_editor_posting_chosen_as_best_on_a_claim_page_changes_nothing(client: Client, disputed) -> None:
    contested = disputed.claims.get(source__title="Residents speak of four dead")
    data = {
        "incident": disputed.pk,
        "source": contested.source_id,
        "claimed_on": "2026-01-03",
        "killed": "4",
        "wording": "exact",
        "grade": "contested",
        "notes": "",
        "chosen_as_best": "on",
    }
    client.force_login(editor())
    assert client.post(admin_url(Claim, "change", contested.pk), data).status_code == 302
    contested.refresh_from_db()
    assert not contested.chosen_as_best
    client.force_login(reviewer())
    assert client.post(admin_url(Claim, "change", contested.pk), data).status_code == 302
    contested.refresh_from_db()
    assert contested.chosen_as_best
    disputed.refresh_from_db()
    assert disputed.figures("killed") == (3, 4, 5)


def test_a_reviewer_moves_the_choice_from_one_claim_to_another_in_one_save(admin_client) -> None:
    incident = make_incident("170101", title="Incidente con dos fuentes")
    first = claim(incident, "Primera nota", D(2023, 3, 15), killed=2, chosen_as_best=True)
    second = claim(incident, "Segunda nota", D(2023, 3, 16), killed=6)
    incident.refresh_from_db()
    assert incident.figures("killed") == (2, 2, 6)
    data = incident_form_data(
        title=incident.title, district="170101", date_start="2023-03-14", **management_form("claims", 2, 2)
    )
    data.update(
        claim_inline_data(first.source, 0, id=first.pk, incident=incident.pk, claimed_on="2023-03-15", killed=2)
    )
    data.update(
        claim_inline_data(
            second.source, 1, id=second.pk, incident=incident.pk, claimed_on="2023-03-16", killed=6, chosen_as_best="on"
        )
    )
    response = admin_client.post(admin_url(Incident, "change", incident.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    incident.refresh_from_db()
    assert incident.figures("killed") == (2, 6, 6)
    assert list(incident.claims.filter(chosen_as_best=True)) == [second]


def test_two_claims_ticked_in_one_save_are_refused_with_a_message(admin_client) -> None:
    incident = make_incident("170101", title="Incidente con dos fuentes")
    first = claim(incident, "Primera nota", D(2023, 3, 15), killed=2)
    second = claim(incident, "Segunda nota", D(2023, 3, 16), killed=6)
    data = incident_form_data(
        title=incident.title, district="170101", date_start="2023-03-14", **management_form("claims", 2, 2)
    )
    for index, one in enumerate((first, second)):
        data.update(
            claim_inline_data(
                one.source, index, id=one.pk, incident=incident.pk, claimed_on=str(one.claimed_on),
                killed=one.killed, chosen_as_best="on",
            )
        )  # fmt: skip
    response = admin_client.post(admin_url(Incident, "change", incident.pk), data)
    assert response.status_code == 200
    assert "Choose at most one claim as best." in response.content.decode()
    assert not incident.claims.filter(chosen_as_best=True).exists()


# The API --------------------------------------------------------------------------------------


def test_the_api_shows_which_claim_was_chosen(client: Client, disputed) -> None:
    contested = disputed.claims.get(source__title="Residents speak of four dead")
    choose_best_claim(disputed, contested)
    data = client.get(f"/api/v1/incidents/{disputed.pk}/").json()
    chosen = [item["id"] for item in data["claims"] if item["chosen_as_best"]]
    assert chosen == [contested.pk]
    assert "chosen_claim" not in data  # written only; read back on the claims


def test_an_editor_without_the_publish_permission_may_not_choose_the_best_claim_through_the_api(disputed) -> None:
    contested = disputed.claims.get(source__title="Residents speak of four dead")
    response = api(editor()).patch(
        f"/api/v1/incidents/{disputed.pk}/", {"chosen_claim": contested.pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "Only reviewers" in response.json()["detail"]
    contested.refresh_from_db()
    assert not contested.chosen_as_best


def test_a_reviewer_chooses_and_unchooses_the_best_claim_through_the_api(disputed) -> None:
    contested = disputed.claims.get(source__title="Residents speak of four dead")
    client = api(reviewer())
    url = f"/api/v1/incidents/{disputed.pk}/"
    response = client.patch(url, {"chosen_claim": contested.pk}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["figures"]["killed"] == {"low": 3, "best": 4, "high": 5, "qualifier": "range"}
    response = client.patch(url, {"chosen_claim": None}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["figures"]["killed"] == {"low": 3, "best": 3, "high": 5, "qualifier": "range"}
    assert not disputed.claims.filter(chosen_as_best=True).exists()


def test_the_api_refuses_another_incidents_claim_or_a_discounted_one(disputed) -> None:
    client = api(reviewer())
    other = make_incident("170101")
    foreign = claim(other, "Elsewhere", D(2023, 3, 15), killed=1)
    discounted = claim(disputed, "Rumour", D(2026, 1, 7), killed=50, grade="discounted")
    url = f"/api/v1/incidents/{disputed.pk}/"
    response = client.patch(url, {"chosen_claim": foreign.pk}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["chosen_claim"] == ["Choose one of this incident's own claims."]
    response = client.patch(url, {"chosen_claim": discounted.pk}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["chosen_claim"] == ["A discounted claim cannot be chosen as best."]
