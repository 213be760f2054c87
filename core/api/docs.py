"""Browsable API documentation at /api/docs/ (Swagger UI) and /api/redoc/ (Redoc).

Both pages load their JavaScript and CSS from drf-spectacular-sidecar through our own
static files, never from a CDN, and contain no inline <script> or <style>: Swagger UI's
start-up script is served as a separate file (drf-spectacular's split view,
/api/docs/?script=), so a Content-Security-Policy with `script-src 'self'` allows them.
Redoc itself still injects <style> elements and starts its search worker from a blob:
URL, so /api/redoc/ needs `style-src 'unsafe-inline'` and `worker-src blob:`.

Both pages read the schema as JSON (/api/v1/schema/?format=json).

Neither the pages nor the schema count against the API's rate limits: a partner whose API
calls are being limited can still read how the limits work. The schema is generated once per
process and language and then served from memory, so answering it freely costs little.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.template import engines
from django.utils import translation
from django.utils.decorators import method_decorator
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.request import Request
from rest_framework.response import Response

SCHEMA_URL_NAME = "api:schema"

# The packaged pages with their <head> replaced: no inline <style>, and for Redoc no
# Google Fonts (Redoc falls back to the visitor's sans-serif font).
SWAGGER_PAGE = """{% extends "drf_spectacular/swagger_ui.html" %}
{% block head %}
<title>{{ title|default:"Swagger" }}</title>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{% if favicon_href %}<link rel="icon" href="{{ favicon_href }}">{% endif %}
<link rel="stylesheet" href="{{ swagger_ui_css }}">
{% endblock head %}
"""

REDOC_PAGE = """{% extends "drf_spectacular/redoc.html" %}
{% block head %}
<title>{{ title|default:"Redoc" }}</title>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{% endblock head %}
"""

PAGES = {"core/api/swagger_ui.html": SWAGGER_PAGE, "core/api/redoc.html": REDOC_PAGE}


class DocsPageRenderer(TemplateHTMLRenderer):
    """Renders the pages above from this module; any other template as usual."""

    def resolve_template(self, template_names):
        for name in template_names:
            if name in PAGES:
                return engines["django"].from_string(PAGES[name])
        return super().resolve_template(template_names)


class JSONSchemaURLMixin:
    def _get_schema_url(self, request) -> str:
        return set_query_parameters(super()._get_schema_url(request), format="json")


class SchemaView(SpectacularAPIView):
    """/api/v1/schema/: the OpenAPI schema, never rate-limited, generated once per process and language."""

    throttle_classes: list = []
    _generated: dict[str, dict] = {}

    def _get_schema_response(self, request: Request) -> Response:
        language = translation.get_language() or ""
        if language not in self._generated:
            self._generated[language] = super()._get_schema_response(request).data
        version = self.api_version or request.version or self._get_version_parameter(request)
        filename = self._get_filename(request, version)
        return Response(
            data=self._generated[language], headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


class SwaggerDocsView(JSONSchemaURLMixin, SpectacularSwaggerSplitView):
    """Swagger UI; its init script comes from the same URL with ?script=."""

    throttle_classes: list = []
    renderer_classes = [DocsPageRenderer]
    template_name = "core/api/swagger_ui.html"
    url_name = SCHEMA_URL_NAME


# The one exception to Veta's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY):
# Redoc's own styles and its search worker. Scripts stay 'self' only.
REDOC_CSP = {"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]}


@method_decorator(csp_update(REDOC_CSP), name="dispatch")
class RedocDocsView(JSONSchemaURLMixin, SpectacularRedocView):
    throttle_classes: list = []
    renderer_classes = [DocsPageRenderer]
    template_name = "core/api/redoc.html"
    url_name = SCHEMA_URL_NAME
