"""Production settings, security headers, login lockout, API rate limits and CSRF on every form."""

import datetime
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from alerts import links
from alerts.choices import Frequency
from alerts.models import Alert, Follower
from core.choices import ModerationStatus
from incidents.models import Incident

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "off",
    "SECRET_KEY": "k" * 10 + "a-production-key-that-is-long-and-random-enough-0123456789",
    "ALLOWED_HOSTS": "veta.example.org",
}
PASSWORD = "the right password, long enough"
LOGIN = "/admin/login/?next=/admin/"


def run_with(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # Without the suite's own allowance for Playwright (conftest.py), as on a real server.
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


# --- Production settings and headers ------------------------------------------------------


def test_the_deployment_check_passes_with_production_settings() -> None:
    result = run_with(PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_fails_when_hsts_is_switched_off() -> None:
    # Shows the check above can fail: without HSTS Django's own check warns (security.W004).
    result = run_with(
        {**PRODUCTION, "SECURE_HSTS_SECONDS": "0"}, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_production_refuses_a_secret_key_shorter_than_50_characters() -> None:
    result = run_with({**PRODUCTION, "SECRET_KEY": "x" * 49}, "manage.py", "check")
    assert result.returncode != 0
    assert "SECRET_KEY is too short: use at least 50 random characters" in result.stderr


PRODUCTION_REQUESTS = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="veta.example.org")
plain = client.get("/admin/login/")
secure = client.get("/admin/login/", secure=True)
probe = client.get("/healthz")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "probe": probe.status_code,
    "secure": {name: secure.get(name) for name in (
        "Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy",
        "X-Content-Type-Options", "Cross-Origin-Opener-Policy")},
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
}))
"""


def test_a_production_server_sends_https_only_with_hsts_and_the_security_headers() -> None:
    result = run_with({**PRODUCTION, "DJANGO_SETTINGS_MODULE": "veta.settings"}, "-c", PRODUCTION_REQUESTS)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["plain"] == [301, "https://veta.example.org/admin/login/"]
    assert answers["probe"] != 301  # health probes may ask over plain HTTP
    headers = answers["secure"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert answers["csrf_cookie_secure"] is True
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_every_page_carries_the_policy_and_only_redoc_and_the_browsable_api_allow_inline_styles(client) -> None:
    def policy(url: str, **headers) -> dict[str, str]:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))

    for url in ["/", "/incidents/", "/map/", "/api/docs/", "/api/v1/incidents/"]:
        assert policy(url)["style-src"] == "'self'", url
        assert policy(url)["script-src"] == "'self'", url
    assert policy("/api/redoc/")["style-src"] == "'self' 'unsafe-inline'"
    assert policy("/api/redoc/")["worker-src"] == "blob:"
    assert policy("/api/redoc/")["script-src"] == "'self'"
    browsable = policy("/api/v1/incidents/", HTTP_ACCEPT="text/html")
    assert browsable["style-src"] == "'self' 'unsafe-inline'"
    assert browsable["script-src"] == "'self'"


def test_a_map_tile_server_is_allowed_for_images_only() -> None:
    result = run_with(
        {"MAP_TILE_URL": "https://{s}.tile.example.org/{z}/{x}/{y}.png"},
        "-c",
        "import django; django.setup(); from django.conf import settings; import json; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']))",
    )
    assert result.returncode == 0, result.stderr
    directives = json.loads(result.stdout.strip().splitlines()[-1])
    assert directives["img-src"] == ["'self'", "data:", "https://*.tile.example.org"]
    assert directives["script-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]


def test_the_templates_hold_no_inline_script_style_or_event_handler() -> None:
    problems = []
    for template in (PROJECT_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text):
            problems.append(f"{template.name}: inline {match.group(0)}")
        for pattern in (r"<style", r"\sstyle=", r"\son[a-z]+="):
            if re.search(pattern, text):
                problems.append(f"{template.name}: {pattern}")
    assert problems == []


# --- Login lockout (django-axes) ----------------------------------------------------------


@pytest.fixture
def editor() -> User:
    user = User.objects.create_user("lock-editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def test_the_fifth_bad_password_locks_the_sign_in_and_then_even_the_right_one_is_refused(client, editor) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for _ in range(limit - 1):
        response = sign_in(client, "lock-editor", "wrong password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = sign_in(client, "lock-editor", "wrong password")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "Try again after 30 minutes" in locked.content.decode()
    # The next attempt, with the right password, is refused too, and nobody is signed in.
    right = sign_in(client, "lock-editor", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_account_from_another_address(client, editor) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lock-editor", "wrong password", address=f"198.51.100.{attempt}")
    assert sign_in(Client(), "lock-editor", PASSWORD, address="192.0.2.99").status_code == 429


def test_the_lock_holds_for_an_address_trying_many_accounts_whatever_x_forwarded_for_says(client, editor) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{attempt}", "wrong password", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
    # The same address is locked even for a good account; a header cannot move it elsewhere.
    assert sign_in(Client(), "lock-editor", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    # Another address still signs in.
    assert sign_in(Client(), "lock-editor", PASSWORD, address="192.0.2.1").status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client, editor) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lock-editor", "wrong password")
    assert sign_in(client, "lock-editor", PASSWORD).status_code == 429
    # Thirty minutes and a second without any attempt.
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME)
    response = sign_in(client, "lock-editor", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_axes_reset_username_unlocks_at_once(client, editor) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lock-editor", "wrong password")
    assert sign_in(client, "lock-editor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "lock-editor", stdout=io.StringIO())
    call_command("axes_reset_ip", "203.0.113.7", stdout=io.StringIO())
    assert sign_in(client, "lock-editor", PASSWORD).status_code == 302


def test_a_good_sign_in_clears_earlier_failures(client, editor) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "lock-editor", "wrong password")
    assert sign_in(client, "lock-editor", PASSWORD).status_code == 302
    client.post("/admin/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "lock-editor", "wrong password").status_code == 200
    assert sign_in(client, "lock-editor", PASSWORD).status_code == 302


def test_api_keys_are_not_subject_to_the_login_lockout(client, editor) -> None:
    # A key is checked by DRF, not by the login form: locking the account's sign-in does
    # not stop a partner's automated pulls.
    token = Token.objects.create(user=editor)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lock-editor", "wrong password", address="127.0.0.1")
    assert Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/incidents/").status_code == 200


# --- API rate limits ----------------------------------------------------------------------


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "4/minute"})


# `server` (with the next test): the counters live in the cache, Redis when REDIS_URL is set.
@pytest.mark.server
def test_an_anonymous_client_cannot_escape_its_limit_with_x_forwarded_for(low_rates) -> None:
    client = Client()
    for attempt in range(3):
        assert client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR=f"10.1.1.{attempt}").status_code == 200
    assert client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="10.2.2.2").status_code == 429
    # Another address has its own budget.
    assert client.get("/api/v1/regions/", REMOTE_ADDR="192.0.2.44").status_code == 200


@pytest.mark.server
def test_each_key_has_its_own_budget(low_rates) -> None:
    keys = [call_command_key(name) for name in ("rate-partner-a", "rate-partner-b")]
    first, second = (Client(HTTP_AUTHORIZATION=f"Token {key}") for key in keys)
    for _ in range(4):
        assert first.get("/api/v1/regions/").status_code == 200
    assert first.get("/api/v1/regions/").status_code == 429
    assert second.get("/api/v1/regions/").status_code == 200


def call_command_key(username: str) -> str:
    out = io.StringIO()
    call_command("create_api_key", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_behind_one_trusted_proxy_the_client_is_the_address_the_proxy_saw() -> None:
    script = (
        "import django; django.setup(); from django.test import RequestFactory; "
        "from core.security import client_ip; "
        "r = RequestFactory().get('/', HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.5', REMOTE_ADDR='10.0.0.1'); "
        "print(client_ip(r))"
    )
    assert run_with({"TRUSTED_PROXIES": "1"}, "-c", script).stdout.strip().endswith("203.0.113.5")
    assert run_with({"TRUSTED_PROXIES": "0"}, "-c", script).stdout.strip().endswith("10.0.0.1")


# --- CSRF on every form -------------------------------------------------------------------


@pytest.fixture
def reviewer() -> User:
    user = User.objects.create_user("csrf-reviewer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="reviewer"))
    return user


def csrf_client(user: User | None = None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def form_posts(incident: Incident) -> dict[str, tuple[str, dict]]:
    """Each form Veta serves: URL name → (URL, a body that would otherwise be accepted)."""
    follower, _ = Follower.objects.get_or_create(email="csrf@example.org")
    alert, _ = Alert.objects.get_or_create(
        follower=follower, query="region=17", region_id="17", language="en", frequency=Frequency.IMMEDIATE
    )
    return {
        "intake": ("/intake/", {"text": "Tres mineros murieron en Pataz.", "action": "propose"}),
        "alert-follow": ("/alerts/follow/?region=17", {"email": "reader@example.org", "language": "en"}),
        "alert-confirm": (f"/alerts/confirm/{links.confirm_token(follower, alert.pk)}/", {}),
        "alert-manage": (f"/alerts/manage/{links.manage_token(follower)}/", {"action": "unsubscribe_all"}),
        "admin:login": (LOGIN, {"username": "csrf-reviewer", "password": PASSWORD}),
        "admin:logout": ("/admin/logout/", {}),
        "set_language": ("/i18n/setlang/", {"language": "es", "next": "/"}),
        "incident-import": ("/imports/incidents/", {"action": "cancel"}),
        "reinfo-import": ("/imports/reinfo/", {"action": "cancel"}),
        "review-queue": ("/review/", {"key": f"incidents.incident.{incident.pk}", "action": "publish"}),
        "admin:incidents_incident_change": (f"/admin/incidents/incident/{incident.pk}/change/", {"title": "x"}),
        "admin:incidents_incident_changelist": (
            "/admin/incidents/incident/",
            {"action": "merge_selected", "_selected_action": [incident.pk], "_merge_confirm": "1", "keep": incident.pk},
        ),
        "api:incident-list": ("/api/v1/incidents/", {"title": "x"}),
    }


# RFC 8058's one-click unsubscribe: a mail provider POSTs it without any form of ours, so it
# takes no token; the signed link alone authorises it (tests/alerts).
CSRF_EXEMPT = {"alert-unsubscribe"}


def test_every_form_in_the_templates_is_in_the_csrf_test() -> None:
    actions = set()
    for template in (PROJECT_DIR / "templates").rglob("*.html"):
        for form in re.finditer(r"<form[^>]*method=\"post\"[^>]*>", template.read_text()):
            action = re.search(r"action=\"\{% url '([^']+)'(?: [a-z_.]+)* %\}\"", form.group(0))
            assert action, f"{template.name}: a POST form without a named action: {form.group(0)}"
            actions.add(action.group(1))
    assert actions
    assert actions <= set(form_posts(Incident(pk=1))) | CSRF_EXEMPT


def test_every_form_refuses_a_post_without_a_csrf_token(reviewer) -> None:
    incident = Incident.objects.filter(status=ModerationStatus.PUBLISHED).first()
    refused = {}
    for name, (url, body) in form_posts(incident).items():
        client = csrf_client(None if name == "admin:login" else reviewer)
        response = client.post(url, body)
        refused[name] = (response.status_code, b"CSRF" in response.content)
    assert refused == dict.fromkeys(refused, (403, True))
    incident.refresh_from_db()
    assert incident.title != "x"


def test_the_same_posts_with_the_token_get_past_the_csrf_check(reviewer) -> None:
    # Shows the 403s above are the CSRF check and nothing else.
    incident = Incident.objects.filter(status=ModerationStatus.PUBLISHED).first()
    for name, (url, body) in form_posts(incident).items():
        client = csrf_client(None if name == "admin:login" else reviewer)
        client.get("/")  # the language switcher on every page sets the CSRF cookie
        token = client.cookies["csrftoken"].value
        response = client.post(url, body, HTTP_X_CSRFTOKEN=token)
        assert b"CSRF" not in response.content, name
        assert response.status_code != 403, name


def test_the_lockout_page_speaks_spanish_too(client, editor) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "lock-editor", "wrong password", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Inicio de sesión bloqueado" in text
    assert "falló 5 veces" in text
    assert "después de 30 minutos" in text
