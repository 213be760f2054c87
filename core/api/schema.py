"""Document the error answers every API operation can give, so clients (and schemathesis) know them.

drf-spectacular documents the success answers; Veta's API also answers 400 for a bad
parameter or body, 401 for a wrong key, 403 without the permission, 404 for a missing
record, 429 beyond the rate limit and 503 while the database is unreachable. This hook
adds each to every operation that can give it, unless the view documented it itself.
"""

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
    "description": "A GeoJSON FeatureCollection of the records with coordinates; `metadata.without_coordinates` "
    "counts those that could not be drawn.",
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


def document_errors(result: dict, generator, request, public) -> dict:
    """Add Veta's error answers to every operation (a drf-spectacular postprocessing hook)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = {"400", "401", "429", "503"}
            if method in UNSAFE_METHODS:
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
