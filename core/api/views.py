"""The base of every API viewset: published-only for the public, streaming exports, versions.

Details carry an `ETag` whose first part is the record's version (from `updated_at`, see
`core.concurrency`) and `Last-Modified`. `PUT`, `PATCH` and `DELETE` honour `If-Match`
and `If-Unmodified-Since`: the row is locked inside the write's transaction and compared,
and a write from an old version is refused with 412 and the current record.
"""

from contextlib import suppress
from hashlib import md5

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponse
from django.utils.cache import parse_etags, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import ValidationError as ValidationError_
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core import visibility
from core.api.csv_layout import CsvLayout
from core.api.exports import Layout, csv_response, geojson_response
from core.api.filters import StrictFilterBackend
from core.api.pagination import KeysetPagination
from core.api.renderers import CSV_FORMAT_RENDERERS, BrowsableRenderer, CSVRenderer, GeoJSONRenderer
from core.concurrency import api_version, version_token


def readable(layout: Layout, user) -> Layout:
    """A CSV layout as `user` may read it: related records withheld from them say so (core.visibility)."""
    return layout.for_reader(user) if isinstance(layout, CsvLayout) else layout


UNSAFE_DETAIL_ACTIONS = ("update", "partial_update", "destroy")
VERSIONED_ACTIONS = ("retrieve", "update", "partial_update")

# How many ids of each kind of referring record a 409 lists.
REFERRERS_LISTED = 20

ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="The record's version and this representation's checksum, as `\"<version>-<checksum>\"`. "
    "Send it back as `If-None-Match` to get `304 Not Modified` while nothing changed, or as `If-Match` "
    "with `PUT`, `PATCH` or `DELETE` so that the write is refused if someone changed the record meanwhile.",
)
IF_MATCH_HEADER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The `ETag` of the version you started from (or `"<version>"` alone, as a 412 gives it). '
    "If the record has been changed since, nothing is written and the answer is `412 Precondition Failed` "
    "with the current record. Editors and partners who write should always send it: without it (and "
    "without `If-Unmodified-Since`) the write proceeds and may overwrite someone else's change.",
)
IF_UNMODIFIED_SINCE_HEADER = OpenApiParameter(
    "If-Unmodified-Since",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An HTTP date (the `Last-Modified` you got). If the record was changed after it, nothing is "
    "written and the answer is `412 Precondition Failed`. Ignored when `If-Match` is sent; `If-Match` is "
    "exact to the microsecond, this header only to the second.",
)
PRECONDITION_FAILED_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "current_version": {"type": "string", "description": "The current version, as an entity tag."},
        "updated_at": {"type": "string", "format": "date-time"},
        "current": {"type": "object", "description": "The record as it is now.", "additionalProperties": True},
    },
    "required": ["detail", "current_version", "updated_at", "current"],
}

REFERENCED_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "referenced_by": {
            "type": "array",
            "description": "Per kind of record that still refers to this one: how many, and up to "
            f"{REFERRERS_LISTED} of their ids.",
            "items": {
                "type": "object",
                "properties": {
                    "model": {"type": "string", "description": "app_label.model, e.g. `incidents.claim`."},
                    "name": {"type": "string"},
                    "count": {"type": "integer"},
                    "ids": {"type": "array", "items": {"type": "integer"}},
                },
                "required": ["model", "name", "count", "ids"],
            },
        },
    },
    "required": ["detail", "referenced_by"],
}


class VetaAutoSchema(AutoSchema):
    """Documents the version headers of details and the 412 of writes from an old version."""

    def _versioned(self) -> bool:
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        return model is not None and any(f.name == "updated_at" for f in model._meta.concrete_fields)

    def get_override_parameters(self) -> list:
        parameters = list(super().get_override_parameters())
        action = getattr(self.view, "action", None)
        if self._versioned():
            if action in VERSIONED_ACTIONS:
                parameters.append(ETAG_HEADER)
            if action in UNSAFE_DETAIL_ACTIONS:
                parameters.extend([IF_MATCH_HEADER, IF_UNMODIFIED_SINCE_HEADER])
        return parameters

    def _get_response_bodies(self, direction="response") -> dict:
        responses = super()._get_response_bodies(direction)
        if self._versioned() and getattr(self.view, "action", None) in UNSAFE_DETAIL_ACTIONS:
            responses["412"] = {
                "description": "The record changed since the version in `If-Match` or `If-Unmodified-Since`; "
                "nothing was written. The body holds the current version and record.",
                "content": {"application/json": {"schema": PRECONDITION_FAILED_SCHEMA}},
            }
        proposal = getattr(self.view, "revision_response", None)
        if proposal is not None and getattr(self.view, "action", None) in ("update", "partial_update"):
            responses["202"] = self._get_response_for_code(
                OpenApiResponse(
                    proposal,
                    description="The record is public and the caller may not publish it: nothing was changed; "
                    "the change is kept as a proposed revision (amending the open one) until a reviewer accepts "
                    "it at `/api/v1/revisions/{id}/accept/` or returns it. `Location` gives the revision.",
                ),
                "202",
                direction=direction,
            )
        if getattr(self.view, "action", None) == "destroy":
            responses["409"] = {
                "description": "Other records still refer to this one; nothing was deleted. The body names them.",
                "content": {"application/json": {"schema": REFERENCED_SCHEMA}},
            }
        return responses


def _version_of_tag(tag: str) -> str:
    """The version part of an entity tag sent back: `W/"v-c"`, `"v-c"` or `"v"` all give v."""
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    return tag.strip('"').split("-", 1)[0]


def protected_error_referrers(error: ProtectedError | RestrictedError) -> list[dict]:
    """What still refers to a record Django refused to delete: per kind of record, how many and which ids."""
    objects = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    by_model: dict[type, list] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj.pk)
    return [
        {
            "model": model._meta.label_lower,
            "name": str(model._meta.verbose_name if len(pks) == 1 else model._meta.verbose_name_plural),
            "count": len(pks),
            "ids": sorted(pks)[:REFERRERS_LISTED],
        }
        for model, pks in sorted(by_model.items(), key=lambda item: item[0]._meta.label_lower)
    ]


def both_directions(*fields: str) -> set[str]:
    return {*fields, *(f"-{field}" for field in fields)}


class ReadForAllWriteForEditors(permissions.DjangoModelPermissions):
    """Anyone may read; writing needs the model's add/change/delete permission."""

    def has_permission(self, request: Request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().has_permission(request, view)


class VetaViewSet(viewsets.ModelViewSet):
    """List and detail for everyone, writes for editors, CSV (and GeoJSON where there are points).

    Subclasses set `queryset`, `serializer_class`, `filterset_class`, `csv_columns` (a
    `core.api.csv_layout.CsvLayout` declaring the CSV once), and, for records with coordinates,
    `geojson_properties`. `csv_formats` names further CSV layouts by format
    (`{"acled": (layout, "file-name")}`), each one a renderer in
    `core.api.renderers.CSV_FORMAT_RENDERERS`.
    """

    permission_classes = [ReadForAllWriteForEditors]
    schema = VetaAutoSchema()
    filter_backends = [StrictFilterBackend]
    pagination_class = KeysetPagination
    ordering_fields = both_directions("id", "updated_at")
    default_ordering = "id"
    csv_columns: Layout = CsvLayout([])
    geojson_properties = None
    csv_formats: dict[str, tuple[Layout, str]] = {}
    export_name = "veta"

    def get_renderers(self) -> list:
        renderers = [JSONRenderer(), BrowsableRenderer()]
        if self.action == "list":
            renderers.append(CSVRenderer())
            if self.geojson_properties is not None:
                renderers.append(GeoJSONRenderer())
            renderers.extend(CSV_FORMAT_RENDERERS[name]() for name in self.csv_formats)
        return renderers

    def visible(self, queryset):
        """Restrict to what the requesting user may see: Veta's one rule (core.visibility) for every model."""
        return visibility.visible(queryset, self.request.user)

    def get_queryset(self):
        return self.visible(super().get_queryset())

    def for_export(self, queryset, export: str):
        """The queryset an export reads: by default the list's own; views may load less."""
        return queryset

    def list(self, request: Request, *args, **kwargs) -> Response:
        export = getattr(request.accepted_renderer, "format", None)
        if export in ("csv", "geojson") or export in self.csv_formats:
            queryset = self.filter_queryset(self.get_queryset())
            ordering = self.paginator.get_ordering(request, self)
            direction = "-" if ordering.startswith("-") else ""
            queryset = self.for_export(queryset.order_by(ordering, f"{direction}pk"), export)
            if export == "csv":
                return csv_response(queryset, readable(self.csv_columns, request.user), self.export_name)
            if export in self.csv_formats:
                layout, filename = self.csv_formats[export]
                return csv_response(queryset, readable(layout, request.user), filename)
            return geojson_response(queryset, self.geojson_properties)
        return super().list(request, *args, **kwargs)

    def perform_content_negotiation(self, request: Request, force: bool = False):
        """An unknown `?format=` is a 400 naming the parameter (DRF answers 404)."""
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            formats = sorted({renderer.format for renderer in self.get_renderers()} - {"api"})
            raise ValidationError_(
                {
                    "format": [
                        f"Unknown format {request.query_params.get('format', '')!r}; use one of: {', '.join(formats)}."
                    ]
                }
            ) from None

    def handle_exception(self, exc):
        """Errors are JSON, also when the request asked for a CSV or GeoJSON export."""
        response = super().handle_exception(exc)
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is not None and renderer.format not in ("json", "api"):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def finalize_response(self, request: Request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Answers differ by who asks (drafts and private names for editors): shared caches
        # must key on the credentials and never serve one user's answer to another.
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        self.tag_version(response, instance)
        return response

    # Versions and conditional writes ------------------------------------------------------

    @staticmethod
    def tag_version(response: Response, instance) -> Response:
        """Give the answer about `instance` its Last-Modified and an ETag starting with its version.

        The ETag also holds a checksum of the rendered answer, so that `If-None-Match`
        stays exact when related records (claims, place names) or the reader's rights
        change what is shown without changing the record itself.
        """
        updated_at = getattr(instance, "updated_at", None)
        if updated_at is None:
            return response
        response.add_post_render_callback(lambda rendered: VetaViewSet.tag_rendered_version(rendered, updated_at))
        return response

    @staticmethod
    def tag_rendered_version(response: HttpResponse, updated_at) -> HttpResponse:
        """`tag_version` for an answer whose body is written."""
        response["Last-Modified"] = http_date(updated_at.timestamp())
        checksum = md5(response.content, usedforsecurity=False).hexdigest()[:16]
        response["ETag"] = f'"{api_version(updated_at)}-{checksum}"'
        return response

    def get_object(self):
        """The record; for PUT, PATCH and DELETE locked (FOR UPDATE) until the write's transaction ends.

        The row is locked before it is read, so the values checked and written are the
        latest: a concurrent write is waited for, then seen.
        """
        if self.action not in UNSAFE_DETAIL_ACTIONS:
            return super().get_object()
        locked = getattr(self, "_locked_object", None)
        if locked is not None:
            return locked
        model = self.get_queryset().model
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        # Lock by the address's key first, then read through the usual filters (404, rights);
        # a malformed key locks nothing and the read answers 404.
        with suppress(TypeError, ValueError, KeyError, ValidationError):
            model._base_manager.select_for_update(of=("self",)).filter(
                **{self.lookup_field: self.kwargs[lookup_url_kwarg]}
            ).values_list("pk").first()
        self._locked_object = super().get_object()
        return self._locked_object

    def precondition_failed(self, request: Request, instance) -> Response | None:
        """A 412 answer if If-Match or If-Unmodified-Since names an older version than `instance`'s; else None."""
        updated_at = getattr(instance, "updated_at", None)
        if updated_at is None:
            return None
        if_match = request.headers.get("If-Match")
        if if_match is not None:
            tags = parse_etags(if_match)
            version = api_version(updated_at)
            if tags == ["*"] or any(_version_of_tag(tag) == version for tag in tags):
                return None
        else:
            since = parse_http_date_safe(request.headers.get("If-Unmodified-Since", ""))
            if since is None or int(updated_at.timestamp()) <= since:
                return None
        current_version = f'"{api_version(updated_at)}"'
        response = Response(
            {
                "detail": "The record was changed since the version you sent in If-Match or If-Unmodified-Since; "
                "nothing was written. Here is the current version: review it and send your change again "
                "with If-Match set to current_version.",
                "current_version": current_version,
                "updated_at": version_token(updated_at),
                "current": self.get_serializer(instance).data,
            },
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
        response["ETag"] = current_version
        response["Last-Modified"] = http_date(updated_at.timestamp())
        return response

    def update(self, request: Request, *args, **kwargs) -> Response:
        with transaction.atomic():
            instance = self.get_object()
            refused = self.precondition_failed(request, instance)
            if refused is not None:
                return refused
            response = super().update(request, *args, **kwargs)
        # The serializer saved this very instance: it holds the new version.
        return self.tag_version(response, instance)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        """Delete the record; a 409 naming the records that still refer to it when others depend on it."""
        with transaction.atomic():
            refused = self.precondition_failed(request, self.get_object())
            if refused is not None:
                return refused
            try:
                with transaction.atomic():
                    return super().destroy(request, *args, **kwargs)
            except (ProtectedError, RestrictedError) as error:
                referring = protected_error_referrers(error)
        return Response(
            {
                "detail": "Other records still refer to this one, so it was not deleted: "
                + "; ".join(f"{item['count']} {item['name']} ({item['model']})" for item in referring)
                + ". Change or delete them first.",
                "referenced_by": referring,
            },
            status=status.HTTP_409_CONFLICT,
        )
