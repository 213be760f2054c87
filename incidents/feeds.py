"""Atom feeds of newly published incidents: all of Peru, and one per region.

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
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from core.templatetags.veta import figure
from incidents.choices import FIGURE_OUTCOMES
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident
from regions.models import Region

FEED_LENGTH = 50
AUTHOR = "Veta"
# The figures an entry gives, best with its range: "3 (3–10)".


def outcome_label(outcome: str) -> str:
    return {
        "killed": _("Killed"),
        "injured": _("Injured"),
        "missing": _("Missing"),
        "kidnapped": _("Kidnapped"),
        "rescued": _("Rescued or found alive"),
    }[outcome]


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
        """The date, the place and the figures (best with range), as HTML; no casualty names."""
        figures = [
            (outcome_label(outcome), figure(item, outcome))
            for outcome in FIGURE_OUTCOMES
            if item.figures(outcome)[1] is not None
        ]
        parts = [
            format_html("<p><strong>{}</strong>: {}</p>", _("Date"), item.date_label),
            format_html("<p><strong>{}</strong>: {}</p>", _("Place"), place_label(item)),
            format_html("<p><strong>{}</strong>: {}</p>", _("Type"), item.get_incident_type_display()),
        ]
        if figures:
            parts.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", figures)))
            if any(text.endswith(")") for _label, text in figures):
                parts.append(format_html("<p>{}</p>", _("Best figure, with the range the sources give in brackets.")))
        else:
            parts.append(format_html("<p>{}</p>", _("No casualty figures reported.")))
        description, language = item.in_language("description")
        if description:
            parts.append(format_html('<p lang="{}">{}</p>', language, description))
        return "".join(parts)


class RegionIncidentFeed(IncidentFeed):
    """Newly published incidents in one region (by its INEI code), newest publication first."""

    def get_object(self, request: HttpRequest, code: str) -> Region:
        return get_object_or_404(Region, code=code)

    def feed_guid(self, region: Region) -> str:
        return f"tag:veta,2025:feed:region:{region.code}"

    def title(self, region: Region) -> str:
        return _("Veta: newly published incidents in %(region)s") % {"region": region.display_name}

    def subtitle(self, region: Region) -> str:
        return _(
            "Incidents of violence around gold mining in %(region)s, Peru, as Veta publishes them. "
            "Incidents known only at region level are included."
        ) % {"region": region.display_name}

    def link(self, region: Region) -> str:
        return reverse("region-detail", args=[region.code])

    def items(self, region: Region) -> QuerySet:
        # The same region filter as the incident list and the API.
        incidents = IncidentFilterSet.base_filters["region"].filter(self.incidents(), [region.code])
        return incidents.order_by(F("published_at").desc(nulls_last=True), "-id")[:FEED_LENGTH]
