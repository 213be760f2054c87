"""Renderers that let `?format=csv` and `?format=geojson` through content negotiation.

List views stream these formats themselves (see VetaViewSet.list); the renderers only
name the formats and render errors readably.
"""

import json

from rest_framework.renderers import BaseRenderer


class _ErrorAsJsonRenderer(BaseRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


class CSVRenderer(_ErrorAsJsonRenderer):
    media_type = "text/csv"
    format = "csv"


class GeoJSONRenderer(_ErrorAsJsonRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class ACLEDRenderer(CSVRenderer):
    """`?format=acled`: a CSV laid out as ACLED's data export (see docs/exports.md)."""

    format = "acled"


class UCDPRenderer(CSVRenderer):
    """`?format=ucdp`: a CSV laid out as UCDP's Georeferenced Event Dataset (see docs/exports.md)."""

    format = "ucdp"


# Extra CSV layouts a list endpoint may offer, by `format` name.
CSV_FORMAT_RENDERERS = {renderer.format: renderer for renderer in (ACLEDRenderer, UCDPRenderer)}
