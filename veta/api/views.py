"""The base of every API viewset: published-only for the public, streaming exports, Last-Modified."""

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework import permissions, viewsets
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from veta.api.exports import Column, Layout, csv_response, geojson_response
from veta.api.filters import StrictFilterBackend
from veta.api.pagination import KeysetPagination
from veta.api.renderers import CSV_FORMAT_RENDERERS, CSVRenderer, GeoJSONRenderer


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

    Subclasses set `queryset`, `serializer_class`, `filterset_class`, `csv_columns`,
    and, for records with coordinates, `geojson_properties`. `csv_formats` names further
    CSV layouts by format (`{"acled": (layout, "file-name")}`), each one a renderer in
    `veta.api.renderers.CSV_FORMAT_RENDERERS`.
    """

    permission_classes = [ReadForAllWriteForEditors]
    filter_backends = [StrictFilterBackend]
    pagination_class = KeysetPagination
    ordering_fields = both_directions("id", "updated_at")
    default_ordering = "id"
    csv_columns: list[Column] = []
    geojson_properties = None
    csv_formats: dict[str, tuple[Layout, str]] = {}
    export_name = "veta"

    def get_renderers(self) -> list:
        renderers = [JSONRenderer(), BrowsableAPIRenderer()]
        if self.action == "list":
            renderers.append(CSVRenderer())
            if self.geojson_properties is not None:
                renderers.append(GeoJSONRenderer())
            renderers.extend(CSV_FORMAT_RENDERERS[name]() for name in self.csv_formats)
        return renderers

    def visible(self, queryset):
        """Restrict to what the requesting user may see; the default shows everything."""
        return queryset

    def get_queryset(self):
        return self.visible(super().get_queryset())

    def list(self, request: Request, *args, **kwargs) -> Response:
        export = getattr(request.accepted_renderer, "format", None)
        if export in ("csv", "geojson") or export in self.csv_formats:
            queryset = self.filter_queryset(self.get_queryset())
            ordering = self.paginator.get_ordering(request, self)
            direction = "-" if ordering.startswith("-") else ""
            queryset = queryset.order_by(ordering, f"{direction}pk")
            if export == "csv":
                return csv_response(queryset, self.csv_columns, self.export_name)
            if export in self.csv_formats:
                layout, filename = self.csv_formats[export]
                return csv_response(queryset, layout, filename)
            return geojson_response(queryset, self.geojson_properties)
        return super().list(request, *args, **kwargs)

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
        updated_at = getattr(instance, "updated_at", None)
        if updated_at is not None:
            response["Last-Modified"] = http_date(updated_at.timestamp())
        return response
