"""Whether a request came over HTTPS is Veta's TRUST_X_FORWARDED_PROTO to say, not gunicorn's.

gunicorn believes `X-Forwarded-Proto: https` from loopback by default and marks the request
secure before Django sees it; a plain request from the host itself then got HSTS although
Veta was told not to trust that header. The repository's gunicorn.conf.py makes Veta's
setting the only switch: these tests serve Veta with a real gunicorn on loopback.
"""

import pytest

from tests.reliability.postgres import test_database_url
from tests.reliability.serving import fetch, gunicorn

# Reads only what the session committed (the regions): no transactional test, which would flush
# the geography and the real records the later tests of this worker rely on.
pytestmark = [pytest.mark.server, pytest.mark.django_db]

PAGE = "/api/v1/regions/?page_size=1"
HSTS = "Strict-Transport-Security"


def test_a_plain_request_claiming_https_gets_no_hsts_when_veta_does_not_trust_the_header() -> None:
    with gunicorn(test_database_url(), env={"TRUST_X_FORWARDED_PROTO": "false"}) as (base, _):
        claimed = fetch(base + PAGE, headers={"X-Forwarded-Proto": "https"})
        assert claimed.status == 200
        assert HSTS not in claimed.headers
        plain = fetch(base + PAGE)
        assert HSTS not in plain.headers


def test_the_setting_is_the_default_too() -> None:
    with gunicorn(test_database_url()) as (base, _):
        assert HSTS not in fetch(base + PAGE, headers={"X-Forwarded-Proto": "https"}).headers


def test_behind_a_trusted_proxy_the_header_makes_the_request_secure() -> None:
    # Shows the tests above can fail: with the setting on, the same request gets HSTS.
    with gunicorn(test_database_url(), env={"TRUST_X_FORWARDED_PROTO": "true"}) as (base, _):
        assert fetch(base + PAGE, headers={"X-Forwarded-Proto": "https"}).headers[HSTS].startswith("max-age=")
        assert HSTS not in fetch(base + PAGE).headers
