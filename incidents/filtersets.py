"""The one FilterSet per incident-app model, shared by the API and the pages."""

import django_filters
from django import forms

from core.api.filters import (
    BoundingBoxFilter,
    ChoiceInFilter,
    SearchTextFilter,
    VisibleInFilter,
    overlapping_dates,
    updated_since,
)
from core.choices import Language
from incidents.choices import ActorKind, IncidentType
from incidents.models import Actor, Incident, Source
from incidents.search_sql import SEARCH_CONFIGS
from regions.filtersets import PlacedFilterSet
from regions.models import MiningSite


class CountFilter(django_filters.Filter):
    """A whole number ≥ 0 compared with a count."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, min_value=0, max_value=1_000_000, **kwargs)


# The trigger of incidents/migrations/0019 (incidents/search_sql.py) stores in `search_vector`
# the words of these fields and more: the texts in both languages, the type's labels in both,
# the place names as people and INEI write them, the site's other names and the actors' names.
INCIDENT_SEARCH_FIELDS = [
    "title",
    "title_es",
    "description",
    "description_es",
    "location_name",
    "region__display_name",
    "province__display_name",
    "district__display_name",
    "site__name",
]


class IncidentFilterSet(PlacedFilterSet):
    """Filters for incidents: place, time, type, actor, site, tolls, text and map box."""

    date_from, date_to = overlapping_dates().values()
    updated_since = updated_since()
    type = ChoiceInFilter(field_name="incident_type", choices=IncidentType.choices, help_text="Incident type codes.")
    actor = VisibleInFilter(
        field_name="actors", distinct=True, related=Actor, path="actors", help_text="Actor ids, comma-separated."
    )
    site = VisibleInFilter(
        field_name="site_id", related=MiningSite, path="site", help_text="Mining site ids, comma-separated."
    )
    min_killed = CountFilter(field_name="killed_best", help_text="At least this many killed (best figure).")
    min_missing = CountFilter(field_name="missing_best", help_text="At least this many missing (best figure).")
    q = SearchTextFilter(
        fields=INCIDENT_SEARCH_FIELDS,
        stored="search_vector",
        configs=SEARCH_CONFIGS,
        help_text=(
            "Full-text search in Spanish and English over titles, descriptions, places, site, actors and type;"
            " accents and case optional."
        ),
    )
    bbox = BoundingBoxFilter(help_text="min_lon,min_lat,max_lon,max_lat; only incidents with coordinates match.")

    class Meta:
        model = Incident
        fields = []


class ActorFilterSet(django_filters.FilterSet):
    kind = ChoiceInFilter(choices=ActorKind.choices, help_text="Actor kind codes.")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="Part of the name.")
    updated_since = updated_since()

    class Meta:
        model = Actor
        fields = []


class SourceFilterSet(django_filters.FilterSet):
    language = ChoiceInFilter(choices=Language.choices, help_text="Language codes.")
    url = django_filters.CharFilter(help_text="Exact URL, to find whether a source is already recorded.")
    q = SearchTextFilter(fields=["title", "outlet"], help_text="Words of the title or outlet.")
    updated_since = updated_since()

    class Meta:
        model = Source
        fields = []
