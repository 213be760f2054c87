"""The rules around alerts: bad input stores and sends nothing, sign-ups are rate-limited, addresses stay
private, the admin counts per place and removes an address, and the settings come from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client

from alerts.models import Alert, Follower
from tests.alerts.conftest import draft, path_of, publish
from tests.test_settings import PROJECT_DIR

pytestmark = pytest.mark.django_db

ADDRESS = "analista@example.org"


def follow(client, address=ADDRESS, filters="region=13", client_address="198.51.100.4", **fields):
    data = {"email": address, "filters": filters, "language": "en", "frequency": "immediate", **fields}
    return client.post("/alerts/follow/", data, REMOTE_ADDR=client_address)


def nothing_stored_or_sent(smtp) -> bool:
    return not Follower.objects.exists() and not Alert.objects.exists() and smtp.messages() == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"address": "not-an-address"}, "“not-an-address” is not an e-mail address."),
        ({"address": "a@b@example.org"}, "is not an e-mail address"),
        ({"filters": "region=99"}, "region: No region has the code 99."),
        ({"filters": "province=13"}, "an INEI code here has exactly 4 digits"),
        ({"filters": "colour=red"}, "Unknown filter: colour."),
        ({"frequency": "hourly"}, "Choose how often"),
        ({"language": "fr"}, "Choose English or Spanish."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored_or_sent(client, smtp, fields, expected):
    answer = follow(client, **fields)
    assert answer.status_code == 400
    assert expected in answer.content.decode()
    assert nothing_stored_or_sent(smtp)


def test_the_follow_page_refuses_unknown_places_and_describes_known_ones(client, settings):
    settings.ALERTS_ENABLED = True
    assert client.get("/alerts/follow/?district=999999").status_code == 400
    page = client.get("/alerts/follow/?province=1308&type=armed_attack&sort=date")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pataz, La Libertad · Type: armed attack" in text
    assert 'name="filters" value="province=1308&amp;type=armed_attack"' in text  # not the list's sort


@pytest.mark.parametrize("path", ["confirm", "unsubscribe", "manage"])
def test_a_tampered_link_is_refused_with_a_clear_message(client, smtp, path):
    follow(client)
    link = path_of(smtp.messages()[0].link("/alerts/confirm/"))
    token = link.split("/")[3]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for method in (client.get, client.post):
        answer = method(f"/alerts/{path}/{tampered}/")
        assert answer.status_code == 400
        assert "This link is damaged" in answer.content.decode()
    # A confirmation token is no unsubscribe or manage token either.
    if path != "confirm":
        assert client.get(f"/alerts/{path}/{token}/").status_code == 400
    assert Alert.objects.get().confirmed_at is None


@pytest.mark.server  # rate limits live in the shared cache
def test_sign_ups_are_limited_per_address_and_per_client(client, smtp, settings):
    settings.ALERTS_SIGNUPS_PER_ADDRESS = 3
    settings.ALERTS_SIGNUPS_PER_CLIENT = 5
    codes = ["13", "17", "01", "02"]
    answers = [follow(client, filters=f"region={code}", client_address=f"192.0.2.{n}") for n, code in enumerate(codes)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert "Too many sign-ups for this address" in answers[-1].content.decode()
    assert Alert.objects.count() == 3
    # One client, many addresses.
    answers = [follow(client, address=f"lector{n}@example.org", client_address="192.0.2.200") for n in range(6)]
    assert [answer.status_code for answer in answers] == [200] * 5 + [429]
    assert "Too many sign-ups from your connection" in answers[-1].content.decode()


def test_addresses_are_never_shown_in_public_pages_the_api_or_exports(client, smtp, source):
    follow(client)
    publish(draft("Ataque en Pataz", source))
    for url in [
        "/",
        "/regions/13/",
        "/incidents/",
        "/api/v1/incidents/",
        "/api/v1/incidents/?format=csv",
        "/feeds/incidents/",
        "/alerts/follow/?region=13",
    ]:
        answer = client.get(url)
        assert answer.status_code == 200, url
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        assert ADDRESS.encode() not in body, url
    # The API has no route to alerts.
    assert client.get("/api/v1/alerts/").status_code == 404


def test_place_pages_and_the_incident_list_link_to_following_them(client):
    assert '/alerts/follow/?province=1308"' in client.get("/provinces/1308/").content.decode()
    listing = client.get("/incidents/?region=17&type=armed_attack").content.decode()
    assert "/alerts/follow/?region=17&amp;type=armed_attack" in listing


def test_the_admin_counts_alerts_per_place_and_removes_an_address(client, smtp):
    follow(client, filters="region=13")
    follow(client, address="otro@example.org", filters="province=1308")
    follow(client, address="tercero@example.org", filters="province=1308")
    Alert.objects.filter(follower__email="otro@example.org").update(confirmed_at="2026-01-02T00:00Z")
    admin = Client()
    admin.force_login(User.objects.create_superuser("admin-alerts", password="a long test password"))
    page = admin.get("/admin/alerts/alert/").content.decode()
    assert "Alerts per place" in page
    assert "<td>Pataz, La Libertad</td><td>1</td><td>1</td>" in page
    assert "<td>La Libertad</td><td>0</td><td>1</td>" in page

    follower = Follower.objects.get(email="otro@example.org")
    answer = admin.post(f"/admin/alerts/follower/{follower.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    assert not Follower.objects.filter(email="otro@example.org").exists()
    assert not Alert.objects.filter(follower_id=follower.pk).exists()


def test_without_an_smtp_server_in_production_sign_ups_are_refused(client, settings):
    settings.ALERTS_ENABLED = settings.DEBUG = False
    assert "E-mail alerts are not available on this server." in client.get("/alerts/follow/").content.decode()
    answer = follow(client)
    assert answer.status_code == 503
    assert not Follower.objects.exists()


def test_readyz_says_whether_alerts_are_on(client, settings):
    settings.ALERTS_ENABLED = False
    assert json.loads(client.get("/readyz").content) == {"status": "ready", "alerts": "off"}
    settings.ALERTS_ENABLED = True
    assert json.loads(client.get("/readyz").content) == {"status": "ready", "alerts": "on"}


def email_settings(**environment: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith("EMAIL_")}
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, getattr(s, 'EMAIL_PORT', ''), getattr(s, 'EMAIL_USE_TLS', ''), "
        "getattr(s, 'EMAIL_HOST_USER', ''), s.ALERTS_ENABLED)"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=PROJECT_DIR,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_e_mail_is_configured_from_the_environment():
    result = email_settings(EMAIL_URL="smtp://veta:secret@mail.example.org:587/?tls=True")
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend", "mail.example.org", "587", "True", "veta", "True"
    ]  # fmt: skip
    result = email_settings(EMAIL_HOST="mail.example.org", EMAIL_USE_TLS="yes", EMAIL_HOST_USER="veta")
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend", "mail.example.org", "587", "True", "veta", "True"
    ]  # fmt: skip
    # Unconfigured in development: the messages go to the console and alerts are off.
    result = email_settings(DEBUG="on")
    assert result.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend"
    assert result.stdout.split()[-1] == "False"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"EMAIL_URL": "http://mail.example.org"}, "EMAIL_URL"),
        ({"EMAIL_URL": "smtp://a@b", "EMAIL_HOST": "b"}, "Set EMAIL_URL or EMAIL_HOST, not both."),
        ({"EMAIL_HOST": "b", "EMAIL_PORT": "smtp"}, "EMAIL_PORT='smtp' is not a whole number"),
        ({"SITE_URL": "veta.example.org"}, "SITE_URL='veta.example.org' must start with https:// or http://."),
    ],
)
def test_a_wrong_e_mail_setting_stops_start_up_naming_it(environment, expected):
    result = email_settings(**environment)
    assert result.returncode != 0
    assert expected in result.stderr
