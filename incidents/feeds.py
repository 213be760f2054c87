"""Atom feeds of newly published incidents: all of Peru, and one per region, province and district.

Entries follow the order of publication (newest first). Only published incidents appear,
whoever asks; an entry shows the date, the place and the figures, never casualties' names.
Titles and texts follow the request's language.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident
from incidents.tolls import toll_text
from regions.models import District, Province, Region

FEED_LENGTH = 50
AUTHOR = "Veta"


def place_label(incident: Incident) -> str:
    """The incident's place, finest level first, at the precision its sources give."""
    levels = [area.display_name for area in (incident.district, incident.province, incident.region) if area]
    place = ", ".join(levels)
    if incident.location_name:
        place = f"{incident.location_name} ({place})"
    if not incident.province_id:
        return _("%(place)s — known only to the region") % {"place": place}
    if not incident.district_id:
        return _("%(place)s — known only to the province") % {"place": place}
    return place


class IncidentFeed(Feed):
    """Newly published incidents in all of Peru, newest publication first."""

    feed_type = Atom1Feed
    author_name = AUTHOR

    def title(self) -> str:
        return _("Veta: newly published incidents")

    def feed_guid(self) -> str:
        return "tag:veta,2025:feed:incidents"

    def subtitle(self) -> str:
        return _("Violence around illegal and informal gold mining in Peru, traced to its sources.")

    def link(self) -> str:
        return reverse("incident-list")

    def incidents(self) -> QuerySet:
        return Incident.objects.published().for_list()

    def items(self) -> QuerySet:
        return self.incidents().order_by(F("published_at").desc(nulls_last=True), "-id")[:FEED_LENGTH]

    def item_title(self, item: Incident) -> str:
        """The title in the reader's language, or in the other one when there is none in theirs."""
        return item.in_language("title")[0]

    def item_link(self, item: Incident) -> str:
        return reverse("incident-detail", args=[item.pk])

    def item_guid(self, item: Incident) -> str:
        # A tag URI (RFC 4151) that stays the same whatever host serves the feed.
        return f"tag:veta,2025:incident:{item.pk}"

    def item_guid_is_permalink(self, item: Incident) -> bool:
        return False

    def item_pubdate(self, item: Incident) -> datetime.datetime:
        return item.published_at or item.created_at

    def item_updateddate(self, item: Incident) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Incident) -> str:
        return AUTHOR

    def item_categories(self, item: Incident) -> list[str]:
        return [item.get_incident_type_display()]

    def item_description(self, item: Incident) -> str:
        """The date, the place and the toll in words ("at least 3 killed"), as HTML; no casualty names."""
        toll = toll_text(item)
        parts = [
            format_html("<p><strong>{}</strong>: {}</p>", _("Date"), item.date_label),
            format_html("<p><strong>{}</strong>: {}</p>", _("Place"), place_label(item)),
            format_html("<p><strong>{}</strong>: {}</p>", _("Type"), item.get_incident_type_display()),
            format_html("<p><strong>{}</strong>: {}</p>", _("Toll"), toll or _("No casualty figures reported.")),
        ]
        description, language = item.in_language("description")
        if description:
            parts.append(format_html('<p lang="{}">{}</p>', language, description))
        return "".join(parts)


class PlaceIncidentFeed(IncidentFeed):
    """Newly published incidents in one place (region, province or district, by its INEI code),
    newest publication first, chosen by the incident list's own place filter."""

    model: type = Region
    level = "region"

    def get_object(self, request: HttpRequest, code: str):
        return get_object_or_404(self.model, code=code)

    def feed_guid(self, place) -> str:
        return f"tag:veta,2025:feed:{self.level}:{place.code}"

    def title(self, place) -> str:
        return _("Veta: newly published incidents in %(place)s") % {"place": place.display_name}

    def subtitle(self, place) -> str:
        if self.level == "region":
            coarser = _("Incidents known only at region level are included.")
        else:
            coarser = _(
                "Incidents known only to a coarser place (the province or the region) are not included; "
                "the region's feed has them."
            )
        return (
            _("Incidents of violence around gold mining in %(place)s, Peru, as Veta publishes them.")
            % {"place": place.display_name}
            + " "
            + str(coarser)
        )

    def link(self, place) -> str:
        return reverse(f"{self.level}-detail", args=[place.code])

    def items(self, place) -> QuerySet:
        # The same place filter as the incident list and the API.
        incidents = IncidentFilterSet.base_filters[self.level].filter(self.incidents(), [place.code])
        return incidents.order_by(F("published_at").desc(nulls_last=True), "-id")[:FEED_LENGTH]


class RegionIncidentFeed(PlaceIncidentFeed):
    """Newly published incidents in one region."""


class ProvinceIncidentFeed(PlaceIncidentFeed):
    """Newly published incidents in one province."""

    model = Province
    level = "province"


class DistrictIncidentFeed(PlaceIncidentFeed):
    """Newly published incidents in one district."""

    model = District
    level = "district"
