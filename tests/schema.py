"""Validate the API's answers against its own OpenAPI schema, as a strict generated client would.

`assert_matches_schema(response)` finds the operation of the request's path and method in
the schema drf-spectacular generates, and validates the JSON body against the schema of
the answer's status (jsonschema, formats checked: date, date-time, uri). OpenAPI 3.0's
`nullable` is turned into JSON Schema's `null` type once, for the whole document.
"""

import copy
import functools
import json
import re

from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator, FormatChecker


def _json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: `nullable: true` becomes a `null` alternative."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node and not any(key in node for key in ("$ref", "allOf", "oneOf", "anyOf")):
            node["type"] = [node["type"], "null"] if isinstance(node["type"], str) else [*node["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        else:
            return {"anyOf": [node, {"type": "null"}]}
    return node


@functools.cache
def openapi() -> dict:
    """The schema every reader is promised (it is the same for all: it is generated without a request)."""
    return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def _components() -> dict:
    return _json_schema(copy.deepcopy(openapi()["components"]))


@functools.cache
def _operations() -> list[tuple[re.Pattern, dict]]:
    found = []
    for template, item in openapi()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        found.append((pattern, item))
    return found


def operation(path: str, method: str) -> dict:
    """The schema's operation for a concrete path ("/api/v1/incidents/3/") and method."""
    matches = [item for pattern, item in _operations() if pattern.match(path)]
    assert matches, f"{path} is not in the API schema"
    assert method.lower() in matches[0], f"{method} {path} is not in the API schema"
    return matches[0][method.lower()]


def response_schema(path: str, method: str, status: int, content_type: str = "application/json") -> dict:
    responses = operation(path, method)["responses"]
    answer = responses.get(str(status)) or responses.get("default")
    assert answer is not None, f"{method} {path}: status {status} is not documented"
    content = answer.get("content", {})
    assert content_type in content, f"{method} {path} {status}: {content_type} is not documented"
    return _json_schema(copy.deepcopy(content[content_type]["schema"]))


def validation_errors(body, path: str, method: str = "GET", status: int = 200) -> list[str]:
    """Every way `body` breaks the schema of the answer, as '<where>: <why>' lines (none when it matches)."""
    schema = {**response_schema(path, method, status), "components": _components()}
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(body)'}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda error: list(map(str, error.absolute_path)))
    ]


def assert_matches_schema(response, method: str = "GET") -> dict:
    """The answer's JSON, after checking it against the schema of its path, method and status."""
    request = response.wsgi_request
    path = request.path
    assert resolve(path).namespace == "api", f"{path} is not an API path"
    body = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    errors = validation_errors(body, path, method, response.status_code)
    assert errors == [], f"{method} {path} ({response.status_code}) does not match the schema:\n" + "\n".join(
        errors[:20]
    )
    return body
