"""What every page's layout needs: the navigation across the apps' sections and whether the reader may see drafts."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from incidents.models import sees_drafts
from overview.releases import latest_release

NAVIGATION = [
    ("home", _("Dashboard")),
    ("incident-list", _("Incidents")),
    ("timeline", _("Timeline")),
    ("map", _("Map")),
    ("statistics", _("Statistics")),
    ("region-list", _("Regions")),
    ("site-list", _("Mining sites")),
    ("operation-list", _("Operations")),
    ("reinfo-list", _("REINFO")),
    ("about", _("About")),
]

# Pages that belong to a section of the navigation without being its first page.
SECTION_OF = {
    "incident-detail": "incident-list",
    "incident-import": "incident-list",
    "region-detail": "region-list",
    "province-detail": "region-list",
    "district-detail": "region-list",
    "site-detail": "site-list",
    "operation-detail": "operation-list",
    "reinfo-import": "reinfo-list",
}


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    url_name = getattr(match, "url_name", None) if match else None
    return {
        "navigation": NAVIGATION,
        "current_url_name": url_name,
        "current_section": SECTION_OF.get(url_name, url_name),
        "sees_drafts": bool(user) and sees_drafts(user),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        # Called only by a page that cites the dataset (`{% citation %}`), and cached: no query otherwise.
        "latest_release": latest_release,
    }
