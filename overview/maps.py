"""The map page and the layers every map draws: region or province outlines with incident figures.

The outlines are static (regions/data/boundaries/regions.geojson and provinces.geojson, read
once per process);
the figures are counted in one query under the incident list's own FilterSet, so the map,
the list and the API agree on what a filter means.
"""

import functools
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.api.filters import refuse_non_ascii_numbers
from core.sql import quote_name
from incidents.choices import IncidentType
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident
from regions.models import Province, Region

BOUNDARIES_DIR = Path(settings.BASE_DIR) / "regions" / "data" / "boundaries"
BOUNDARIES_FILE = BOUNDARIES_DIR / "regions.geojson"


@dataclass(frozen=True)
class Level:
    """A level of places the map can outline and colour: its outlines, its table and its incident column."""

    key: str
    file: Path
    model: type
    column: str
    detail: str


LEVELS = {
    "region": Level("region", BOUNDARIES_FILE, Region, "region_id", "region-detail"),
    "province": Level("province", BOUNDARIES_DIR / "provinces.geojson", Province, "province_id", "province-detail"),
}

# How long browsers and shared caches may keep the public layer (the outlines never change;
# the figures change when an editor publishes).
PUBLIC_MAX_AGE = 300

# What the regions can be coloured by on the map page, the first being the default.
METRICS = {
    "incidents": _("Incidents"),
    "killed": _("People killed"),
}

# The filters the map page's form shows; any other filter of IncidentFilterSet in the URL
# is kept (as a hidden field) and applied too.
FORM_FILTERS = ("date_from", "date_to", "type")
PLACE_FILTERS = ("region", "province", "district")


@functools.cache
def region_geometries(level: str = "region") -> dict[str, str]:
    """Each region's (or province's) outline as GeoJSON geometry text, by INEI code (read once per process)."""
    collection = json.loads(LEVELS[level].file.read_text(encoding="utf-8"))
    return {
        feature["properties"]["code"]: json.dumps(feature["geometry"], separators=(",", ":"))
        for feature in collection["features"]
    }


@dataclass
class RegionFigures:
    """One region's incidents under a filter: how many, how many people killed, how many drawn as points."""

    code: str
    name: str
    incidents: int
    killed: int
    located: int
    level: str = "region"

    @property
    def url(self) -> str:
        return reverse(LEVELS[self.level].detail, args=[self.code])


def region_figures(
    filterset: IncidentFilterSet, level: str = "region", within: str | None = None
) -> list[RegionFigures]:
    """Every region (none left out) with the figures of the filtered incidents in it, in one query.

    `killed` adds up the best figures; an incident whose toll is not known adds nothing.
    The filtered incidents are grouped by region once, then joined to the regions. When a
    filter joins (actors), they are matched by id in a subquery, so none counts twice;
    otherwise they are grouped as they are, which at national scale is several times
    faster than matching a million ids.
    """
    incidents = filterset.qs.order_by()
    if len(incidents.query.alias_map) > 1:
        incidents = Incident.objects.filter(pk__in=incidents.values("pk")).order_by()
    place = LEVELS[level]
    by_region = incidents.values(place.column).annotate(
        incident_count=Count("pk"),
        killed=Coalesce(Sum("killed_best"), 0),
        located=Count("pk", filter=Q(latitude__isnull=False)),
    )
    sql, parameters = by_region.query.sql_with_params()
    where, extra = "", []
    if within and level != "region":
        where, extra = "WHERE place.region_id = %s", [within]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT place.code, place.display_name, COALESCE(figures.incident_count, 0), "
            "COALESCE(figures.killed, 0), COALESCE(figures.located, 0) "
            f"FROM {quote_name(place.model._meta.db_table)} place "
            f"LEFT JOIN ({sql}) figures ON figures.{quote_name(place.column)} = place.code {where} "
            "ORDER BY place.code",
            [*parameters, *extra],
        )
        return [RegionFigures(*row, level=level) for row in cursor.fetchall()]


def filter_parameters(data: QueryDict) -> QueryDict:
    """The non-empty parameters of `data` that IncidentFilterSet understands, in their order."""
    kept = QueryDict(mutable=True)
    for name in IncidentFilterSet.base_filters:
        values = [value for value in data.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept


def _layer_body(figures: list[RegionFigures], level: str = "region") -> str:
    geometries = region_geometries(level)
    features = []
    for region in figures:
        properties = {
            "code": region.code,
            "name": region.name,
            "incidents": region.incidents,
            "killed": region.killed,
            "with_coordinates": region.located,
            "url": region.url,
        }
        head = json.dumps({"type": "Feature", "id": region.code, "properties": properties}, ensure_ascii=False)
        # The geometry is already JSON text: splice it in rather than parse and dump it again.
        features.append(f'{head[:-1]}, "geometry": {geometries.get(region.code, "null")}}}')
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


@require_safe
def region_layer(request: HttpRequest, level: str = "region") -> HttpResponse:
    """/map/regions.geojson (and /map/provinces.geojson): every region's (province's) outline with the
    figures of the incidents the reader may see.

    Takes the incident list's filters (region, date_from, date_to, type, q...); the provinces'
    layer also takes `within`, a region's code, to draw only that region's provinces. An
    unknown parameter or a refused value is a 400 naming it, as in the API. A province's
    figures count the incidents known to it or to a place in it; an incident known only to its
    region is in no province's figures.
    """
    known = set(IncidentFilterSet.base_filters) | ({"within"} if level == "province" else set())
    unknown = sorted(set(request.GET) - known)
    if unknown:
        message = f"Unknown parameter; known ones are: {', '.join(sorted(known))}."
        return JsonResponse({name: [message] for name in unknown}, status=400)
    within = request.GET.get("within") if level == "province" else None
    if within is not None and not Region.objects.filter(code=within).exists():
        return JsonResponse({"within": [f"No region has the code {within[:10]}."]}, status=400)
    data = request.GET.copy()
    data.pop("within", None)
    incidents = Incident.objects.visible_to(request.user)
    filterset = IncidentFilterSet(data=data, queryset=incidents, request=request)
    if not filterset.is_valid() or not refuse_non_ascii_numbers(filterset):
        return JsonResponse(filterset.errors.get_json_data(), status=400)
    body = _layer_body(region_figures(filterset, level, within), level)
    response = HttpResponse(body, content_type="application/geo+json")
    # Editors' figures include drafts: never let a shared cache hand them to the public.
    patch_vary_headers(response, ("Cookie",))
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def province_layer(request: HttpRequest) -> HttpResponse:
    return region_layer(request, "province")


def sort_key(name: str) -> str:
    """A name as it sorts in a Spanish index: Áncash among the A's."""
    return "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn").casefold()


def type_choices(current: str) -> list[tuple[str, str]]:
    """The incident types for the form's select, plus the current value when it names several."""
    choices = list(IncidentType.choices)
    codes = [code.strip() for code in current.split(",") if code.strip()]
    if len(codes) > 1 and all(code in IncidentType.values for code in codes):
        names = ", ".join(str(IncidentType(code).label) for code in codes)
        choices.append((current, _("several: %(types)s") % {"types": names}))
    return choices


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    """/map/: incidents with coordinates as clustered markers over regions coloured by incidents or killed.

    The URL carries the filter (the incident list's parameters) and `metric`; the table of
    regions under the map gives the same figures as the colours.
    """
    filters = filter_parameters(request.GET)
    incidents = Incident.objects.visible_to(request.user)
    filterset = IncidentFilterSet(data=filters, queryset=incidents, request=request)
    metric = request.GET.get("metric")
    if metric not in METRICS:
        metric = next(iter(METRICS))
    level = request.GET.get("level")
    if level not in LEVELS:
        level = "region"
    valid = filterset.is_valid()
    figures = region_figures(filterset, level) if valid else []
    # At province level, the incidents known only to their region are in no province.
    region_only = filterset.qs.filter(province__isnull=True).count() if valid and level == "province" else 0
    query = filters.urlencode()
    regions_url = reverse("map-provinces" if level == "province" else "map-regions")
    # The page's own download, not the API: the map never meets the API's rate limits.
    points_url = reverse("incident-export") + "?format=geojson"
    # A click on a region lists its incidents under the same filter, less any other place.
    link_filters = filters.copy()
    for name in PLACE_FILTERS:
        link_filters.pop(name, None)
    link_query = link_filters.urlencode()
    region_link = reverse("incident-list") + "?" + (f"{link_query}&" if valid and link_query else "") + f"{level}="
    if valid and query:
        regions_url += f"?{query}"
        points_url += f"&{query}"
    errors = filterset.form.errors
    context = {
        "form_values": {name: filters.get(name, "") for name in FORM_FILTERS},
        "other_filters": [
            (name, value) for name, values in filters.lists() if name not in FORM_FILTERS for value in values
        ],
        "errors": errors,
        "other_errors": [(name, messages) for name, messages in errors.items() if name not in FORM_FILTERS],
        "type_choices": type_choices(filters.get("type", "")),
        "metrics": list(METRICS.items()),
        "level": level,
        "levels": [("region", _("Regions")), ("province", _("Provinces"))],
        "region_only": region_only,
        "metric": metric,
        "valid": valid,
        "filtered": bool(query),
        "figures": sorted(figures, key=lambda region: (-region.incidents, -region.killed, sort_key(region.name))),
        "total_incidents": sum(region.incidents for region in figures),
        "total_killed": sum(region.killed for region in figures),
        "total_located": sum(region.located for region in figures),
        "regions_url": regions_url,
        "points_url": points_url if valid else "",
        "region_link": region_link,
        "list_url": reverse("incident-list") + (f"?{query}" if query else ""),
    }
    return render(request, "map.html", context, status=200 if valid else 400)
