"""What search engines and link previews read: robots.txt, the sitemap of public pages, the favicon.

The sitemap lists the sections' pages, every published incident (retracted ones keep their
page but are left out), published operation and mining site, and every region, province
and district profile. Drafts and records in review never appear. Large sections are split
into pages of 10,000 addresses under /sitemap.xml, the index.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from enforcement.models import EnforcementOperation
from incidents.models import Incident
from regions.models import District, MiningSite, Province, Region

SECTIONS = [
    "home",
    "incident-list",
    "timeline",
    "map",
    "region-list",
    "site-list",
    "operation-list",
    "reinfo-list",
    "about",
]


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return SECTIONS

    def location(self, item: str) -> str:
        return reverse(item)


class RecordSitemap(Sitemap):
    """Published records of one model, oldest first, each with its last change."""

    limit = 10_000
    url_name = ""

    def __init__(self, queryset) -> None:
        self.queryset = queryset

    def items(self):
        return self.queryset.only("pk", "updated_at").order_by("pk")

    def location(self, item) -> str:
        return reverse(self.url_name, args=[item.pk])

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        """For the index: one aggregate, not every record read back."""
        return self.queryset.aggregate(latest=Max("updated_at"))["latest"]


class IncidentSitemap(RecordSitemap):
    url_name = "incident-detail"


class OperationSitemap(RecordSitemap):
    url_name = "operation-detail"


class SiteSitemap(RecordSitemap):
    url_name = "site-detail"


class PlaceSitemap(Sitemap):
    limit = 10_000
    changefreq = "weekly"

    def __init__(self, model, url_name: str) -> None:
        self.model, self.url_name = model, url_name

    def items(self):
        return self.model.objects.only("code").order_by("code")

    def location(self, item) -> str:
        return reverse(self.url_name, args=[item.code])


SITEMAPS = {
    "sections": SectionSitemap(),
    "incidents": IncidentSitemap(Incident.objects.published()),
    "operations": OperationSitemap(EnforcementOperation.objects.published()),
    "sites": SiteSitemap(MiningSite.objects.filter(status="published")),
    "regions": PlaceSitemap(Region, "region-detail"),
    "provinces": PlaceSitemap(Province, "province-detail"),
    "districts": PlaceSitemap(District, "district-detail"),
}

# Pages for editors, and addresses that only repeat what the pages show.
DISALLOWED = ["/admin/", "/review/", "/imports/", "/api/", "/i18n/", "/map/regions.geojson"]


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says: send them to the hashed SVG."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.svg")
