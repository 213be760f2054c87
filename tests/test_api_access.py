"""Who may do what through the API: keys, rate limits, conditional requests and incident permissions."""

import datetime
import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from incidents.choices import CasualtyOutcome, CasualtyRole, IncidentType
from incidents.models import Casualty, Incident

pytestmark = pytest.mark.django_db

INCIDENTS = "/api/v1/incidents/"


@pytest.fixture(autouse=True)
def _clear_throttle_history():
    """Rate-limit counters live in the cache; start and leave every test with none."""
    cache.clear()
    yield
    cache.clear()


def token_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def grant(user: User, *codenames: str) -> User:
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="incidents", codename__in=codenames))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def partner() -> User:
    user = User.objects.create(username="partner-ngo")
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def editor() -> User:
    user = User.objects.create(username="editor-ana")
    return grant(user, "add_incident", "change_incident", "change_casualty")


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def partner_client(partner) -> Client:
    return token_client(partner)


@pytest.fixture
def editor_client(editor) -> Client:
    return token_client(editor)


@pytest.fixture
def draft() -> Incident:
    """An unpublished incident with coordinates, so it would show on the map if it leaked."""
    return Incident.objects.create(
        title="Borrador sin verificar: disparos en Laberinto",
        incident_type=IncidentType.ARMED_ATTACK,
        date_start=datetime.date(2026, 2, 3),
        date_end=datetime.date(2026, 2, 3),
        date_precision=DatePrecision.DAY,
        region_id="17",
        province_id="1701",
        district_id="170101",
        place_precision=PlacePrecision.EXACT,
        latitude="-12.600000",
        longitude="-69.190000",
        status=ModerationStatus.DRAFT,
    )


@pytest.fixture
def published() -> Incident:
    """A published incident in La Libertad with one casualty whose name is private."""
    incident = Incident.objects.create(
        title="Ataque a mineros artesanales en Pataz",
        incident_type=IncidentType.ARMED_ATTACK,
        date_start=datetime.date(2025, 6, 10),
        date_end=datetime.date(2025, 6, 10),
        date_precision=DatePrecision.DAY,
        region_id="13",
        place_precision=PlacePrecision.REGION,
        status=ModerationStatus.PUBLISHED,
        published_at=datetime.datetime(2025, 6, 12, tzinfo=datetime.UTC),
    )
    Casualty.objects.create(
        incident=incident,
        outcome=CasualtyOutcome.KILLED,
        role=CasualtyRole.MINER,
        name="Juan Pérez",
        age=34,
        name_is_public=False,
    )
    return incident


def listed_ids(client: Client, query: str = "") -> set[int]:
    response = client.get(f"{INCIDENTS}?page_size=1000{query}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return {row["id"] for row in body["results"]}


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


# --- API keys: the create_api_key command -------------------------------------------------


def create_api_key(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_create_api_key_creates_a_user_without_password_and_prints_only_the_key(client) -> None:
    key, notes = create_api_key("ong-madre-de-dios", "--email", "datos@ong.example.org")

    user = User.objects.get(username="ong-madre-de-dios")
    assert key == Token.objects.get(user=user).key
    assert len(key) == 40 and "\n" not in key  # stdout is the key alone, for KEY=$(...)
    assert not user.has_usable_password()
    assert user.email == "datos@ong.example.org"
    assert not user.is_staff and not user.is_superuser
    assert "Created user" in notes and "Created an API key" in notes
    assert key not in notes
    # The key authenticates: a write is refused as forbidden (403), not as anonymous (401).
    assert client.get(INCIDENTS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.post(INCIDENTS, {}, HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


def test_create_api_key_again_prints_the_same_key_and_rotate_replaces_it(client) -> None:
    first, _ = create_api_key("partner-a")
    again, notes = create_api_key("partner-a")
    assert again == first
    assert "already has" in notes
    assert Token.objects.filter(user__username="partner-a").count() == 1

    rotated, notes = create_api_key("partner-a", "--rotate")
    assert rotated != first
    assert "old key no longer works" in notes
    assert Token.objects.get(user__username="partner-a").key == rotated
    assert client.get(INCIDENTS, HTTP_AUTHORIZATION=f"Token {first}").status_code == 401
    assert client.get(INCIDENTS, HTTP_AUTHORIZATION=f"Token {rotated}").status_code == 200


def test_create_api_key_leaves_an_existing_user_alone() -> None:
    user = User.objects.create_user("maria", email="maria@example.org", password="a long pass phrase 42")
    key, notes = create_api_key("maria", "--email", "otra@example.org")
    user.refresh_from_db()
    assert user.check_password("a long pass phrase 42")
    assert user.email == "maria@example.org"
    assert "left unchanged" in notes
    assert Token.objects.get(user=user).key == key


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["socio con espacios"], "is not a valid username"),
        (["partner/../x"], "is not a valid username"),
        (["x" * 151], "is not a valid username"),
        (["  "], "username is empty"),
        (["partner-b", "--email", "no-es-un-correo"], "not a valid e-mail address"),
    ],
)
def test_create_api_key_refuses_bad_input_and_creates_nothing(args, message) -> None:
    users, tokens = User.objects.count(), Token.objects.count()
    with pytest.raises(CommandError, match=message):
        create_api_key(*args)
    assert (User.objects.count(), Token.objects.count()) == (users, tokens)


def test_an_unknown_key_is_refused_even_for_reading(client) -> None:
    response = client.get(INCIDENTS, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


# --- API keys in the admin ----------------------------------------------------------------


def test_admins_see_and_create_keys_in_the_admin(client, partner) -> None:
    admin_user = User.objects.create_superuser("root", "root@example.org", "a long pass phrase 42")
    client.force_login(admin_user)
    changelist = reverse("admin:authtoken_tokenproxy_changelist")
    add = reverse("admin:authtoken_tokenproxy_add")

    assert changelist in client.get("/admin/").content.decode()
    page = client.get(add)
    assert page.status_code == 200
    assert 'name="user"' in page.content.decode()

    response = client.post(add, {"user": partner.pk})
    assert response.status_code == 302, response.content
    token = Token.objects.get(user=partner)
    listing = client.get(changelist)
    assert listing.status_code == 200
    assert token.key in listing.content.decode()


# --- Rate limits --------------------------------------------------------------------------


@pytest.fixture
def low_rates(monkeypatch):
    # The throttles read their rates into a class attribute at import, so patch that.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "6/minute"})


def test_the_default_rate_for_keys_is_higher_than_for_anonymous_clients() -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    def per_minute(rate: str) -> float:
        count, period = rate.split("/")
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
        return int(count) * 60 / seconds

    assert per_minute(rates["user"]) > per_minute(rates["anon"])


# `server` (with the next test): the counters live in the cache, Redis when REDIS_URL is set.
@pytest.mark.server
def test_the_fourth_anonymous_request_in_a_minute_is_throttled_but_a_key_still_works(
    low_rates, anonymous_client, partner_client
) -> None:
    for _ in range(3):
        assert anonymous_client.get(INCIDENTS).status_code == 200
    response = anonymous_client.get(INCIDENTS)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()

    # A key has its own, higher budget, even from the same address.
    for _ in range(6):
        assert partner_client.get(INCIDENTS).status_code == 200
    response = partner_client.get(INCIDENTS)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1


@pytest.mark.server
def test_throttling_covers_exports_and_details_too(low_rates, anonymous_client, published) -> None:
    assert anonymous_client.get(f"{INCIDENTS}?format=csv").status_code == 200
    assert anonymous_client.get(f"{INCIDENTS}?format=geojson").status_code == 200
    assert anonymous_client.get(f"{INCIDENTS}{published.pk}/").status_code == 200
    assert anonymous_client.get(f"{INCIDENTS}?format=csv").status_code == 429


@pytest.mark.server
def test_the_api_documentation_answers_while_the_api_is_throttled(low_rates, anonymous_client) -> None:
    for _ in range(3):
        anonymous_client.get(INCIDENTS)
    assert anonymous_client.get(INCIDENTS).status_code == 429
    for _ in range(3):  # more than the whole budget, each of them
        for address in ("/api/docs/", "/api/docs/?script=", "/api/redoc/", "/api/v1/schema/?format=json"):
            assert anonymous_client.get(address).status_code == 200, address
    guide = anonymous_client.get("/api/v1/schema/?format=json").json()["info"]["description"]
    for topic in ("## Keys", "## Limits", "## Pages and cursors", "## Keeping a copy in sync", "updated_since"):
        assert topic in guide
    # The API itself is still limited.
    assert anonymous_client.get(INCIDENTS).status_code == 429


def test_every_parameter_is_described_and_every_operation_has_a_summary_in_words(client) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    undescribed, unnamed = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            undescribed += [
                f"{method} {path} {p['name']}" for p in operation.get("parameters", []) if not p.get("description")
            ]
            if not operation.get("summary") or "_" in operation["summary"]:
                unnamed.append(f"{method} {path}")
            assert operation["tags"] and operation["tags"][0] != "v1"
    assert undescribed == [] and unnamed == []
    incidents = schema["paths"]["/api/v1/incidents/"]
    assert incidents["get"]["summary"] == "List incidents"
    assert incidents["post"]["summary"] == "Add an incident"
    assert incidents["get"]["tags"] == ["Incidents"]
    bbox = next(p for p in incidents["get"]["parameters"] if p["name"] == "bbox")
    assert "min_lon" in bbox["description"]


# --- Conditional requests -----------------------------------------------------------------


def test_an_incident_has_an_etag_and_last_modified_and_answers_304(client, published) -> None:
    url = f"{INCIDENTS}{published.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag and last_modified.endswith("GMT")

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_changed_incident_no_longer_matches_its_old_etag(client, published) -> None:
    url = f"{INCIDENTS}{published.pk}/"
    etag = client.get(url)["ETag"]
    published.title = "Ataque a mineros artesanales en Pataz (actualizado)"
    published.save()

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["title"].endswith("(actualizado)")
    assert response["ETag"] != etag


def test_a_filtered_list_has_an_etag_and_answers_304(client, published) -> None:
    url = f"{INCIDENTS}?region=13"
    response = client.get(url)
    assert response.status_code == 200
    assert published.pk in {row["id"] for row in response.json()["results"]}
    etag = response["ETag"]

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    # Another filter is another resource with its own ETag.
    assert client.get(f"{INCIDENTS}?region=17", HTTP_IF_NONE_MATCH=etag).status_code == 200


# --- Who sees what: published incidents for everyone, drafts for editors ------------------


@pytest.mark.parametrize("who", ["anonymous_client", "partner_client"])
def test_the_public_and_partners_see_only_published_incidents(request, who, draft, published) -> None:
    client = request.getfixturevalue(who)

    ids = listed_ids(client)
    assert published.pk in ids and draft.pk not in ids
    assert ids == set(Incident.objects.filter(status=ModerationStatus.PUBLISHED).values_list("pk", flat=True))
    assert draft.pk not in listed_ids(client, "&region=17")

    assert client.get(f"{INCIDENTS}{draft.pk}/").status_code == 404
    assert client.get(f"{INCIDENTS}{published.pk}/").status_code == 200

    csv = streamed(client.get(f"{INCIDENTS}?format=csv"))
    assert published.title in csv and draft.title not in csv

    response = client.get(f"{INCIDENTS}?format=geojson")
    assert response["Content-Type"].startswith("application/geo+json")
    collection = json.loads(streamed(response))
    assert draft.pk not in {feature["id"] for feature in collection["features"]}
    counted = collection["metadata"]["features"] + collection["metadata"]["without_coordinates"]
    assert counted == len(ids)


def test_editors_see_drafts_everywhere(editor_client, draft, published) -> None:
    assert {draft.pk, published.pk} <= listed_ids(editor_client)
    assert editor_client.get(f"{INCIDENTS}{draft.pk}/").json()["status"] == "draft"
    assert draft.title in streamed(editor_client.get(f"{INCIDENTS}?format=csv"))
    collection = json.loads(streamed(editor_client.get(f"{INCIDENTS}?format=geojson")))
    assert draft.pk in {feature["id"] for feature in collection["features"]}


@pytest.mark.parametrize("who", ["anonymous_client", "partner_client"])
def test_private_casualty_names_are_hidden_from_the_public_and_partners(request, who, published) -> None:
    casualty = request.getfixturevalue(who).get(f"{INCIDENTS}{published.pk}/").json()["casualties"][0]
    assert casualty["name"] is None and casualty["age"] is None
    assert casualty["name_is_public"] is False


def test_editors_with_casualty_rights_see_private_names(editor_client, published) -> None:
    casualty = editor_client.get(f"{INCIDENTS}{published.pk}/").json()["casualties"][0]
    assert casualty["name"] == "Juan Pérez" and casualty["age"] == 34


def test_private_names_never_appear_in_public_lists_or_exports(anonymous_client, published) -> None:
    assert "Pérez" not in anonymous_client.get(f"{INCIDENTS}?page_size=1000").content.decode()
    assert "Pérez" not in streamed(anonymous_client.get(f"{INCIDENTS}?format=csv"))
    assert "Pérez" not in streamed(anonymous_client.get(f"{INCIDENTS}?format=geojson"))


# --- Who may write ------------------------------------------------------------------------

NEW_INCIDENT = {
    "title": "Ataque armado en Tambopata",
    "type": "armed_attack",
    "date_start": "2026-02-01",
    "date_precision": "day",
    "district": "170101",
    "place_precision": "district",
}


def post_json(client: Client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("who", "status"), [("anonymous_client", 401), ("partner_client", 403)])
def test_the_public_and_partners_cannot_write(request, who, status, published) -> None:
    client = request.getfixturevalue(who)
    count = Incident.objects.count()
    url = f"{INCIDENTS}{published.pk}/"

    assert post_json(client, INCIDENTS, NEW_INCIDENT).status_code == status
    assert client.patch(url, json.dumps({"title": "x"}), content_type="application/json").status_code == status
    assert client.put(url, json.dumps(NEW_INCIDENT), content_type="application/json").status_code == status
    assert client.delete(url).status_code == status

    assert Incident.objects.count() == count
    published.refresh_from_db()
    assert published.title == "Ataque a mineros artesanales en Pataz"


def test_an_editor_creates_a_draft_with_its_place_filled_in(editor_client) -> None:
    response = post_json(editor_client, INCIDENTS, {**NEW_INCIDENT, "status": "published"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region"]["code"] == "17" and body["region"]["name"] == "Madre de Dios"
    assert body["province"]["code"] == "1701"
    assert body["district"]["code"] == "170101"
    assert body["status"] == "draft"  # publishing is not done through the API
    assert body["date_end"] == "2026-02-01"

    incident = Incident.objects.get(pk=body["id"])
    assert (incident.region_id, incident.province_id, incident.status) == ("17", "1701", "draft")
    assert incident.pk in listed_ids(editor_client)


def test_an_editor_giving_a_month_gets_the_whole_month(editor_client) -> None:
    body = {**NEW_INCIDENT, "date_start": "2026-02-14", "date_precision": "month"}
    response = post_json(editor_client, INCIDENTS, body)
    assert response.status_code == 201, response.content
    assert (response.json()["date_start"], response.json()["date_end"]) == ("2026-02-01", "2026-02-28")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"place_precision": "exact", "latitude": "40", "longitude": "-70"}, "latitude"),
        ({"district": "999999"}, "district"),
        ({"district": "17"}, "district"),
        ({"type": "alien_invasion"}, "type"),
        ({"date_start": "2026-13-01"}, "date_start"),
        ({"date_precision": "days", "date_end": "2026-01-30"}, "date_end"),
        ({"date_precision": "days", "date_end": "2026-02-20"}, "date_end"),
        ({"date_precision": "fortnight"}, "date_precision"),
        ({"site": 999999}, "site"),
        ({"sources": [999999]}, "sources"),
        ({"title": ""}, "title"),
        ({"place_precision": "region"}, "place_precision"),
    ],
)
def test_bad_values_are_a_400_naming_the_field_and_write_nothing(editor_client, changes, field) -> None:
    count = Incident.objects.count()
    body = {**NEW_INCIDENT, "date_end": "2026-02-01", **changes}  # a date_end, so only `field` is wrong
    response = post_json(editor_client, INCIDENTS, body)
    assert response.status_code == 400, response.content
    assert set(response.json()) == {field}, response.json()
    assert Incident.objects.count() == count


def test_a_session_without_csrf_token_cannot_write(editor) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    count = Incident.objects.count()
    response = post_json(client, INCIDENTS, NEW_INCIDENT)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Incident.objects.count() == count


# --- The README's examples ----------------------------------------------------------------


def readme_api_examples() -> list[str]:
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## API\n", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.strip().startswith(("curl ", "KEY=$("))]


def test_the_readme_api_examples_work() -> None:
    examples = readme_api_examples()
    assert len(examples) >= 6
    key = ""
    for example in examples:
        if example.startswith("KEY=$("):
            key, _ = create_api_key(example.split("create_api_key ", 1)[1].rstrip(")").split()[0])
            continue
        url = re.search(r"'http://127\.0\.0\.1:8000(/[^']*)'", example).group(1)
        headers = {}
        if "$KEY" in example:
            headers["HTTP_AUTHORIZATION"] = f"Token {key}"
        if "If-None-Match" in example:
            headers["HTTP_IF_NONE_MATCH"] = Client().get(url)["ETag"]
        response = Client().get(url, **headers)
        assert response.status_code == (304 if "If-None-Match" in example else 200), (example, response)


def test_an_editor_writes_an_incident_in_spanish_only_but_not_without_any_title(editor_client) -> None:
    spanish_only = {
        **NEW_INCIDENT,
        "title": "",
        "title_es": "Ataque armado en Tambopata",
        "description_es": "Hubo disparos.",
    }
    response = post_json(editor_client, INCIDENTS, spanish_only)
    assert response.status_code == 201, response.content
    assert (response.json()["title"], response.json()["title_es"]) == ("", "Ataque armado en Tambopata")

    count = Incident.objects.count()
    response = post_json(editor_client, INCIDENTS, {**NEW_INCIDENT, "title": ""})
    assert response.status_code == 400
    assert "title" in response.json()
    assert Incident.objects.count() == count
    url = f"{INCIDENTS}{Incident.objects.get(title_es='Ataque armado en Tambopata').pk}/"
    response = editor_client.patch(url, json.dumps({"title_es": ""}), content_type="application/json")
    assert response.status_code == 400
