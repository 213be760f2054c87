"""Property-based tests of the whole API from its own OpenAPI schema (schemathesis).

Every operation of `/api/v1/schema/` gets a bounded number of generated requests
(`SCHEMATHESIS_EXAMPLES`, 6 by default; `make soak` raises it), sent with an editor's API
key so that the writes (POST, PUT, PATCH, DELETE) run too. Each answer must not be a 5xx
and must conform to the schema: its status is documented, its body matches the documented
shape, its content type is the documented one. The requests run in-process through the
WSGI application inside the test's transaction, so everything written is rolled back.
"""

import json
import os
from collections import Counter

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.reliability.conftest import FIGURES

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
# `make soak` adds the coverage phase: every boundary value the schema defines, many more requests.
PHASES = os.environ.get("SCHEMATHESIS_PHASES", "examples,fuzzing").split(",")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
REQUESTS_MADE: Counter[str] = Counter()


# The schema as Veta serves it, read once when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
schema.config.phases.update(phases=PHASES)


@pytest.fixture(scope="module", autouse=True)
def report_the_requests_made():
    yield
    total = sum(REQUESTS_MADE.values())
    FIGURES.append(f"schemathesis: {total} requests over {len(REQUESTS_MADE)} operations ({EXAMPLES} examples each)")


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request must not close the test's connection (and
    with it the transaction that is rolled back at the end)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def editor_key(db) -> str:
    editor = User.objects.create_user("editor-fuzz", email="fuzz@veta.example.org")
    editor.groups.add(Group.objects.get(name="editor"))
    return Token.objects.create(user=editor).key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_without_server_errors_and_as_documented(case, editor_key) -> None:
    response = case.call(headers={"Authorization": f"Token {editor_key}"})
    REQUESTS_MADE[case.operation.label] += 1
    checks = CHECKS
    if response.headers.get("content-type", [""])[0].startswith("application/geo+json"):
        # schemathesis checks a +json body against the application/json schema (the page of
        # results), not the documented application/geo+json one: check its shape here instead.
        body = json.loads(response.content)
        assert body["type"] == "FeatureCollection" and isinstance(body["features"], list), body
        checks = [check for check in CHECKS if check is not response_schema_conformance]
    case.validate_response(response, checks=checks)
