"""Renderers that let `?format=csv` and `?format=geojson` through content negotiation.

List views stream these formats themselves (see VetaViewSet.list); the renderers only
name the formats and render errors readably. BrowsableRenderer is DRF's browsable page.
"""

import json

from csp.constants import UNSAFE_INLINE
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer


class BrowsableRenderer(BrowsableAPIRenderer):
    """DRF's browsable page, allowed its own inline styles by the Content-Security-Policy.

    DRF's templates carry style attributes and a Pygments <style> block; its scripts are
    all files, so script-src stays 'self' only (README, "Security").
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)


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
