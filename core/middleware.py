"""Refuse NUL characters anywhere in a request before they can reach PostgreSQL; page ETags that hold still.


PostgreSQL text cannot hold NUL (U+0000); a value carrying one made the database raise
and the request fail with a 500. Forms already refuse it in their text fields, but
codes in addresses (`/regions/<code>/`) and related-record codes in API bodies went to a
query unchecked. This middleware answers them all alike: 404 for an address (no record
can have such a code), 400 naming the parameter or field for a query, a form or a JSON body.
"""

import hashlib
import json
import re
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.http import quote_etag

NUL = "\x00"


def _json_paths(value, path: str = "") -> Iterator[str]:
    """The dotted paths of the strings (and keys) in a JSON document that hold a NUL."""
    if isinstance(value, str):
        if NUL in value:
            yield path or "(body)"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield name
            else:
                yield from _json_paths(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_paths(item, f"{path}[{index}]" if path else f"[{index}]")


class RejectNulCharactersMiddleware:
    """400 (or 404 for an address) for any NUL character in the path, the query, a form or a JSON body."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self.refusal(request)
        return refused if refused is not None else self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        api = request.path.startswith("/api/")
        if NUL in request.path:
            message = "Not found: an address cannot contain a NUL character."
            return JsonResponse({"detail": message}, status=404) if api else HttpResponseNotFound(message)
        fields = sorted({key for key, value in request.GET.lists() if NUL in key or any(NUL in v for v in value)})
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            fields += self.body_fields(request)
        if not fields:
            return None
        message = "Text must not contain NUL characters (U+0000)."
        if api:
            return JsonResponse({field: [message] for field in fields}, status=400)
        return HttpResponseBadRequest(f"{', '.join(fields)}: {message}", content_type="text/plain; charset=utf-8")

    @staticmethod
    def body_fields(request: HttpRequest) -> list[str]:
        content_type = request.content_type or ""
        if content_type == "application/json" or content_type.endswith("+json"):
            try:
                document = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return []  # malformed JSON is the parser's to refuse, with its own 400
            return sorted(set(_json_paths(document)))
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return sorted(
                {key for key, values in request.POST.lists() if NUL in key or any(NUL in value for value in values)}
            )
        return []


# The masked CSRF token Django writes into forms: different on every request for the same secret.
CSRF_TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


class StableConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ETag and 304 Not Modified, with an ETag that does not change with the CSRF token's mask.

    Every page carries a form (the language switcher) whose CSRF token Django masks anew on
    each request, so an ETag of the bytes sent changed every time and no page ever answered
    304. The ETag here is a checksum of the page without the masked tokens, plus the CSRF
    secret they all unmask to: the same page for the same visitor keeps its ETag, and a
    visitor whose secret changed (a new cookie, a sign-in) never keeps a page whose token
    would be refused.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            request.method in ("GET", "HEAD")
            and not response.streaming
            and not response.has_header("ETag")
            and self.needs_etag(response)
            and response.content
        ):
            content = CSRF_TOKEN_FIELD.sub(rb"\1\2", response.content)
            secret = str(request.META.get("CSRF_COOKIE", "")).encode()
            checksum = hashlib.md5(content + b"\0" + secret, usedforsecurity=False).hexdigest()
            response.headers["ETag"] = quote_etag(checksum)
        return super().process_response(request, response)
