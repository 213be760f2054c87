"""Smaller findings: page ETags, where a refused `next` leads, the health checks' headers, import progress."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password for the login test"


@pytest.mark.parametrize("url", ["/", "/incidents/", "/about/", "/map/"])
def test_an_unchanged_page_keeps_its_etag_and_answers_304(url: str) -> None:
    client = Client()
    client.get(url)  # the first visit sets the CSRF cookie
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert first["ETag"] == second["ETag"]
    assert first.content != second.content  # the token's mask changes; the ETag does not
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_another_visitors_csrf_secret_gives_another_etag() -> None:
    one, other = Client(), Client()
    one.get("/")
    other.get("/")
    assert one.get("/")["ETag"] != other.get("/")["ETag"]
    # A cached page whose token another secret would refuse is never confirmed with a 304.
    assert other.get("/", HTTP_IF_NONE_MATCH=one.get("/")["ETag"]).status_code == 200


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_signing_in_with_a_refused_next_lands_on_a_real_page(next_url: str) -> None:
    User.objects.create_user("next-tester", password=PASSWORD, is_staff=True)
    client = Client()
    response = client.post(
        f"/admin/login/?next={next_url}", {"username": "next-tester", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert "evil.example" not in location and "/accounts/profile/" not in location
    assert client.get(location).status_code == 200


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_the_health_checks_carry_the_security_headers(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src" in response["Content-Security-Policy"]
    # and the same headers as any page
    page = Client().get("/about/")
    for header in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Content-Security-Policy"):
        assert response[header] == page[header], header


def test_import_incidents_prints_its_progress_on_a_long_file(tmp_path) -> None:
    lines = ["import_key,title,type,date_start,region"]
    lines += [f"key-{n},Row {n},not_a_type,2025-01-01,17" for n in range(2_500)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_incidents", str(path), stderr=stderr, stdout=io.StringIO())
    printed = stderr.getvalue()
    assert "reading: 1,000 of about 2,500 rows" in printed
    assert "reading: 2,000 of about 2,500 rows" in printed
    assert "rows/s" in printed


def test_progress_stays_quiet_at_verbosity_zero(tmp_path) -> None:
    lines = ["import_key,title,type,date_start,region"]
    lines += [f"key-{n},Row {n},not_a_type,2025-01-01,17" for n in range(1_200)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_incidents", str(path), verbosity=0, stderr=stderr, stdout=io.StringIO())
    assert "reading:" not in stderr.getvalue()
