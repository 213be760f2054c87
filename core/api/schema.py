"""Document the error answers every API operation can give, so clients (and schemathesis) know them.

drf-spectacular documents the success answers; Veta's API also answers 400 for a bad
parameter or body, 401 for a wrong key, 403 without the permission, 404 for a missing
record, 429 beyond the rate limit and 503 while the database is unreachable. This hook
adds each to every operation that can give it, unless the view documented it itself.
"""

import re
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from rest_framework import permissions

ERROR_SCHEMA = {
    "type": "object",
    "description": "Either `detail`, a sentence saying what went wrong, or one list of messages per "
    "parameter or field that was refused, named after it.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
UNSAFE_METHODS = {"post", "put", "patch", "delete"}
ERRORS = {
    "400": "A parameter or a field was refused; the body names each one and says why.",
    "401": "The API key sent is wrong or was replaced.",
    "403": "The key's user lacks the permission for this.",
    "404": "No such record, or not one the caller may see.",
    "415": "The body is in a format the API does not read (send JSON).",
    "429": "Too many requests; `Retry-After` says how many seconds to wait.",
    "503": "The database is unreachable for now; try again shortly (`Retry-After`).",
}


EXPORT_TYPES = {"csv": "text/csv", "geojson": "application/geo+json", "acled": "text/csv", "ucdp": "text/csv"}
FEATURE_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection. Incidents: every one, at its own point or, with `point_is_area` "
    "true and `point_place` naming the level, at the point of the finest place it is known to. Mining sites and "
    "operations: those with coordinates. `metadata.without_coordinates` counts the records that could not be drawn.",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"type": "object"}},
        "metadata": {"type": "object"},
    },
}


def document_exports(operation: dict) -> None:
    """A list with a `format` parameter also answers CSV (and GeoJSON where it offers it)."""
    for parameter in operation.get("parameters", []):
        if parameter.get("name") == "format" and parameter.get("in") == "query":
            formats = parameter.get("schema", {}).get("enum") or ["csv"]
            content = operation["responses"].get("200", {}).setdefault("content", {})
            for name in formats:
                if name in EXPORT_TYPES:
                    body = FEATURE_COLLECTION if name == "geojson" else {"type": "string"}
                    content.setdefault(EXPORT_TYPES[name], {"schema": body})


def _reads_refused(generator) -> set[tuple[str, str]]:
    """(path, method) of the reads not everyone may make: their view's permissions refuse a visitor.

    Such a read answers 401 without a key and 403 to a key whose user lacks the permission
    (the proposed revisions, for instance, are the newsroom's)."""
    visitor = SimpleNamespace(method="GET", user=AnonymousUser())
    refused = set()
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or ():
        if method not in permissions.SAFE_METHODS or not hasattr(callback, "cls"):
            continue
        initkwargs = getattr(callback, "initkwargs", {}) or {}
        view = callback.cls(**initkwargs)
        classes = initkwargs.get("permission_classes", view.permission_classes)
        if any(not permission().has_permission(visitor, view) for permission in classes):
            refused.add((_shape(path), method.lower()))
    return refused


def _shape(path: str) -> str:
    """A path with its parameters unnamed: the schema names `{pk}` `{id}`."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def document_errors(result: dict, generator, request, public) -> dict:
    """Add Veta's error answers to every operation (a drf-spectacular postprocessing hook)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    reads_refused = _reads_refused(generator)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = {"400", "401", "429", "503"}
            if method in UNSAFE_METHODS or (_shape(path), method) in reads_refused:
                codes.add("403")
            if "{" in path:
                codes.add("404")
            if "requestBody" in operation:
                codes.add("415")
            document_exports(operation)
            for code in sorted(codes):
                operation["responses"].setdefault(code, {"description": ERRORS[code], "content": content})
            for code, response in operation["responses"].items():
                if code.startswith("4") and "content" not in response:
                    response["content"] = content  # described by the view, but without its body
    return result


# --- Words for people: parameter descriptions, operation summaries and tags ----------------------

# Parameters no filterset declares: the export format of the lists, and path parameters.
PARAMETER_DESCRIPTIONS = {
    "format": "`json` (default) gives pages of results; `csv` streams the whole filtered result as one CSV file.",
    "cursor": "Where the page starts: the `next` or `previous` address of the page before gives it; never build it.",
    "page_size": "Results per page, 1 to 500 (default 50).",
    "ordering": "The field to order by; `-` before it for descending order.",
    "number": "The release's number.",
    "code": "The INEI ubigeo code (2 digits a region, 4 a province, 6 a district).",
    "id": "The record's id.",
}
ACTIONS = {
    "list": "List {plural}",
    "create": "Add {a} {singular}",
    "retrieve": "Read {a} {singular}",
    "update": "Replace {a} {singular}",
    "partial_update": "Change {a} {singular}",
    "destroy": "Delete {a} {singular}",
}
# How a resource reads where its address's words do not say it: (plural, singular).
NAMES = {
    "reinfo-records": ("REINFO records", "REINFO record"),
    "reinfo-snapshots": ("REINFO snapshots", "REINFO snapshot"),
    "stats": ("statistics", "statistics"),
}


def _filter_help(callback) -> dict[str, str]:
    """Each filter's help text, from the view's filterset."""
    view = getattr(callback, "cls", None)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is None:
        return {}
    return {
        name: str(filter_.extra.get("help_text") or filter_.label or "")
        for name, filter_ in filterset_class.base_filters.items()
        if filter_.extra.get("help_text") or filter_.label
    }


def _resource(path: str) -> tuple[str, str]:
    """(plural, singular) of the resource a path serves, in words: /api/v1/mining-sites/ → mining sites."""
    parts = [part for part in path.split("/") if part and not part.startswith("{")]
    name = parts[2] if len(parts) > 2 else parts[-1]
    plural = name.replace("-", " ")
    return NAMES.get(name, (plural, plural.removesuffix("s")))


def describe_for_people(result: dict, generator, request, public) -> dict:
    """Give every parameter a description, every operation a summary in words and every path a tag
    named after its resource, so Swagger UI and Redoc read as words, not operation ids
    (a drf-spectacular postprocessing hook)."""
    helps: dict[tuple[str, str], dict[str, str]] = {}
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        helps[(path, method.lower())] = _filter_help(callback)
    tags = {}
    for path, operations in result.get("paths", {}).items():
        plural, singular = _resource(path)
        tag = plural[:1].upper() + plural[1:]
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            known = helps.get((path, method), {})
            for parameter in operation.get("parameters", []):
                if not parameter.get("description"):
                    parameter["description"] = known.get(parameter["name"]) or PARAMETER_DESCRIPTIONS.get(
                        parameter["name"], ""
                    )
            action = operation.get("operationId", "").rsplit("_", 1)[-1]
            if action == "update" and operation.get("operationId", "").endswith("partial_update"):
                action = "partial_update"
            if not operation.get("summary"):
                template = ACTIONS.get(action)
                article = "an" if singular[:1].lower() in "aeiou" else "a"
                operation["summary"] = (
                    template.format(plural=plural, singular=singular, a=article)
                    if template
                    else (operation.get("operationId", "").split("_", 1)[-1].replace("_", " ").capitalize())
                )
            operation["tags"] = [tag]
            tags.setdefault(tag, None)
    result["tags"] = [{"name": tag} for tag in sorted(tags)]
    return result
