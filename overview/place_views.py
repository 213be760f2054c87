"""Place pages: the list of regions and one profile per region, province or district.

A profile counts a record for a place only at the precision its sources give: an
incident known only at region level counts for its region, never for a province or
district. Every total on a profile is the sum of the records the profile lists, and each
list is filtered with the same FilterSet filter as the API and the list pages use.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F, Func, Max, Model, Q, QuerySet, Sum
from django.db.models.functions import Left
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.api.filters import published_or_visible
from core.figures import total_qualifier
from enforcement.choices import ReinfoStatus
from enforcement.filtersets import EnforcementOperationFilterSet, ReinfoRecordFilterSet
from enforcement.models import EnforcementOperation, OperationReport, ReinfoRecord
from incidents import measures
from incidents.charts import CHART_OUTCOMES, monthly_casualties, outcome_labels, rolled_up_monthly_casualties
from incidents.choices import FIGURE_BOUNDS as BOUNDS
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident, sees_drafts
from incidents.tolls import toll_phrase
from overview.models import Indicator
from regions.filtersets import MiningSiteFilterSet
from regions.models import District, MiningSite, ProtectedArea, Province, Region

# Outcomes whose totals a place shows, and the bounds of each figure.
TOTAL_OUTCOMES = CHART_OUTCOMES
# Per outcome its low, best and high sums and how many incidents have it open above ("at least").
FIGURE_KEYS = tuple(f"{outcome}_{part}" for outcome in TOTAL_OUTCOMES for part in measures.PARTS)

INCIDENTS_PER_PAGE = 25
OPERATIONS_SHOWN = 20
SITES_SHOWN = 20


def tally_measures() -> dict:
    """The measures a place shows (incidents.measures), a sum of unknown figures left None (shown as unknown)."""
    return measures.aggregates((measures.COUNT, *FIGURE_KEYS), unknown_as_zero=False)


class Tally:
    """Counts and summed figures of a set of incidents, shown with the same filters as one incident's."""

    def __init__(self, row: dict | None = None) -> None:
        self.row = row or {}

    @property
    def incidents(self) -> int:
        return self.row.get(measures.COUNT) or 0

    def figures(self, outcome: str) -> tuple[int | None, int | None, int | None]:
        """(low, best, high) sums; zeros without incidents, None when no incident gives a figure."""
        if not self.incidents:
            return (0, 0, 0)
        return tuple(self.row.get(f"{outcome}_{bound}") for bound in BOUNDS)

    def qualifier(self, outcome: str) -> str:
        """ "at_least" when an incident's figure is open above, else exact, up to or a range (core.figures)."""
        low, _best, high = self.figures(outcome)
        return total_qualifier(low, high, self.row.get(f"{outcome}_{measures.OPEN}"))

    def best(self, outcome: str) -> int:
        """The best figure as a number to sort by (unknown counts as less than zero)."""
        value = self.figures(outcome)[1]
        return -1 if value is None else value

    def __add__(self, other: "Tally") -> "Tally":
        summed = {}
        for key in (measures.COUNT, *FIGURE_KEYS):
            values = [value for value in (self.row.get(key), other.row.get(key)) if value is not None]
            summed[key] = sum(values) if values else None
        return Tally(summed)


def tallies_by(incidents: QuerySet, key: str) -> dict[str, Tally]:
    """One Tally per value of the field `key`, in one GROUP BY query."""
    rows = incidents.order_by().values(key).annotate(**tally_measures())
    return {row[key]: Tally(row) for row in rows}


def counts_by(queryset: QuerySet, key: str | Func) -> dict[str, int]:
    """How many records per value of `key` (a field name or an expression), in one GROUP BY query."""
    rows = queryset.order_by().annotate(group_key=F(key) if isinstance(key, str) else key)
    rows = rows.values("group_key").annotate(n=Count("pk"))
    return {row["group_key"]: row["n"] for row in rows}


# ---------------------------------------------------------------- the list of regions


def without_accents(name: str) -> str:
    """A name to sort by as Spanish readers expect: Áncash with the A's, Ñ after N."""
    return "".join(
        char
        for char in unicodedata.normalize("NFD", name.replace("Ñ", "N~").replace("ñ", "n~"))
        if not unicodedata.combining(char)
    ).casefold()


@dataclass
class RegionRow:
    """One region in the list, with what Veta holds about it."""

    region: Region
    tally: Tally
    operations: int
    reinfo_records: int
    sites: int


@dataclass
class Column:
    """A sortable column of the region list."""

    key: str
    label: str
    sort_key: Callable[[RegionRow], object]
    number: bool = True


REGION_COLUMNS = [
    Column("name", _("Region"), lambda row: without_accents(row.region.display_name), number=False),
    Column("incidents", _("Incidents"), lambda row: row.tally.incidents),
    Column("killed", _("Killed"), lambda row: row.tally.best("killed")),
    Column("operations", _("Operations"), lambda row: row.operations),
    Column("reinfo", _("REINFO records"), lambda row: row.reinfo_records),
    Column("sites", _("Mining sites"), lambda row: row.sites),
]


def region_list(request: HttpRequest) -> HttpResponse:
    """All 25 regions with their incidents, killed, operations, REINFO records and mining sites."""
    user = request.user
    regions = list(Region.objects.all())
    incidents = Incident.objects.visible_to(user)
    tallies = tallies_by(incidents, "region_id")
    operations = counts_by(published_or_visible(EnforcementOperation.objects.all(), user), "region_id")
    reinfo = counts_by(ReinfoRecord.objects.all(), Left("district_id", 2))
    sites = counts_by(published_or_visible(MiningSite.objects.all(), user), "region_id")
    rows = [
        RegionRow(
            region,
            tallies.get(region.code, Tally()),
            operations.get(region.code, 0),
            reinfo.get(region.code, 0),
            sites.get(region.code, 0),
        )
        for region in regions
    ]

    columns = {column.key: column for column in REGION_COLUMNS}
    sort = request.GET.get("sort") or "name"
    descending = sort.startswith("-")
    column = columns.get(sort.lstrip("-"))
    if column is None:
        sort, descending, column = "name", False, columns["name"]
    # Stable sorts: by name first (Áncash among the A's), so ties stay in alphabetical order.
    rows.sort(key=lambda row: without_accents(row.region.display_name))
    rows.sort(key=column.sort_key, reverse=descending)

    headers = []
    for candidate in REGION_COLUMNS:
        if candidate is column:
            aria_sort = "descending" if descending else "ascending"
            next_sort = candidate.key if descending else f"-{candidate.key}"
        else:
            # Names read A to Z first; counts largest first.
            aria_sort, next_sort = None, f"-{candidate.key}" if candidate.number else candidate.key
        headers.append({"column": candidate, "aria_sort": aria_sort, "next_sort": next_sort})

    total = Tally()
    for tally in tallies.values():
        total += tally
    context = {
        "rows": rows,
        "headers": headers,
        "total": total,
        "total_operations": sum(operations.values()),
        "total_reinfo": sum(reinfo.values()),
        "total_sites": sum(sites.values()),
    }
    return render(request, "regions/region_list.html", context)


# ---------------------------------------------------------------- place profiles


@dataclass(frozen=True)
class Level:
    """A level of INEI's hierarchy: how to find a place and its records at that level."""

    key: str  # the FilterSets' filter name and the PlacedModel field
    model: type[Model]
    label: str
    related: tuple[str, ...] = ()
    child_key: str | None = None
    url_name: str = ""


REGION = Level("region", Region, _("region"), child_key="province", url_name="region-detail")
PROVINCE = Level("province", Province, _("province"), ("region",), child_key="district", url_name="province-detail")
DISTRICT = Level("district", District, _("district"), ("province__region",), url_name="district-detail")
CHILD_LEVEL = {"province": PROVINCE, "district": DISTRICT}


def by_place(filterset_class, queryset: QuerySet, level: Level, code: str) -> QuerySet:
    """Records of one place, through the FilterSet's own filter for the level (the code is known to exist)."""
    return filterset_class.base_filters[level.key].filter(queryset, [code])


@dataclass
class SubPlace:
    """A province of a region or a district of a province, with its incidents."""

    place: Model
    tally: Tally
    url: str


def breadcrumbs(level: Level, place) -> tuple[Region, list[tuple[str, str]]]:
    """The region, and (name, url) from the region down to the place."""
    if level is REGION:
        region, chain = place, [(place, REGION)]
    elif level is PROVINCE:
        region, chain = place.region, [(place.region, REGION), (place, PROVINCE)]
    else:
        region = place.province.region
        chain = [(region, REGION), (place.province, PROVINCE), (place, DISTRICT)]
    return region, [(area.display_name, reverse(lvl.url_name, args=[area.code])) for area, lvl in chain]


def place_profile(request: HttpRequest, level: Level, code: str) -> HttpResponse:
    """The shared page of a region, province or district."""
    user = request.user
    place = get_object_or_404(level.model.objects.select_related(*level.related), code=code)
    region, crumbs = breadcrumbs(level, place)

    # Incidents: the totals are summed over exactly the incidents the table pages through.
    incidents = by_place(IncidentFilterSet, Incident.objects.visible_to(user).for_list(), level, code)
    if level.child_key:
        # One pass over the incidents: a tally per sub-place (None: known only here), summed.
        child_tallies = tallies_by(incidents, f"{level.child_key}_id")
        tally = sum(child_tallies.values(), Tally())
    else:
        tally = Tally(incidents.order_by().aggregate(**tally_measures()))
    paginator = Paginator(incidents, INCIDENTS_PER_PAGE)
    # Exact, not capped like the lists' counts: the figure totals above sum every incident anyway.
    paginator.count = tally.incidents  # already counted with the totals
    incident_page = paginator.get_page(request.GET.get("page"))

    sub_places: list[SubPlace] = []
    quiet_sub_places: list[SubPlace] = []
    coarser_tally = Tally()
    if level.child_key:
        child = CHILD_LEVEL[level.child_key]
        children = child.model.objects.filter(**{f"{level.key}_id": code}).order_by("display_name")
        coarser_tally = child_tallies.get(None, Tally())
        for place_child in children:
            entry = SubPlace(
                place_child,
                child_tallies.get(place_child.code, Tally()),
                reverse(child.url_name, args=[place_child.code]),
            )
            (sub_places if entry.tally.incidents else quiet_sub_places).append(entry)
        sub_places.sort(key=lambda entry: (-entry.tally.incidents, entry.place.display_name))

    operations = by_place(
        EnforcementOperationFilterSet,
        published_or_visible(EnforcementOperation.objects.all(), user).select_related("region", "province", "district"),
        level,
        code,
    )
    operation_totals = operations.order_by().aggregate(count=Count("id"), value_destroyed=Sum("value_destroyed"))
    # Summary reports naming the place (or, for a region, one of its provinces): shown apart, never summed.
    reports = OperationReport.objects.none()
    if level is REGION:
        reports = OperationReport.objects.filter(Q(regions=code) | Q(provinces__region=code)).distinct()
    elif level is PROVINCE:
        reports = OperationReport.objects.filter(provinces=code)

    reinfo_counts = counts_by(by_place(ReinfoRecordFilterSet, ReinfoRecord.objects.all(), level, code), "status")
    reinfo = [(status, label, reinfo_counts.get(status, 0)) for status, label in ReinfoStatus.choices]

    sites = by_place(
        MiningSiteFilterSet,
        published_or_visible(MiningSite.objects.all(), user).select_related("protected_area"),
        level,
        code,
    )
    site_list = list(sites[: SITES_SHOWN + 1])

    if level is REGION:
        protected_areas = list(ProtectedArea.objects.filter(regions=code))
    else:
        protected_areas = list(ProtectedArea.objects.filter(mining_sites__in=sites.values("pk")).distinct())

    indicators = list(
        Indicator.objects.filter(Q(region=region.code) | Q(region__isnull=True))
        .select_related("source")
        .order_by("region", "-date_start", "topic")
    )

    if level is REGION:  # the rollup answers by region (not by province or district)
        casualty_series = rolled_up_monthly_casualties({"region": [code]}, sees_drafts(user))
    else:
        casualty_series = monthly_casualties(incidents)

    query = f"{level.key}={code}"
    context = {
        "level": level,
        "place": place,
        "region": region,
        "breadcrumbs": crumbs,
        "totals": tally,
        "outcome_figures": [
            {
                **dict(zip(("label", *BOUNDS), (outcome_labels()[outcome], *tally.figures(outcome)), strict=True)),
                "outcome": outcome,
                "qualifier": tally.qualifier(outcome),
                "phrase": toll_phrase(tally, outcome),
            }
            for outcome in TOTAL_OUTCOMES
        ],
        "known_only_here": coarser_tally.incidents,
        "incident_page": incident_page,
        "casualty_series": casualty_series,
        "sub_places": sub_places,
        "quiet_sub_places": quiet_sub_places,
        "coarser_tally": coarser_tally,
        "child_level": CHILD_LEVEL.get(level.child_key) if level.child_key else None,
        "operations": operations[:OPERATIONS_SHOWN],
        "operation_count": operation_totals["count"],
        "value_destroyed": operation_totals["value_destroyed"],
        "reports": reports,
        "reinfo": reinfo,
        "reinfo_total": sum(reinfo_counts.values()),
        "sites": site_list[:SITES_SHOWN],
        "more_sites": len(site_list) > SITES_SHOWN,
        "protected_areas": protected_areas,
        "regional_indicators": [indicator for indicator in indicators if indicator.region_id],
        "national_indicators": [indicator for indicator in indicators if not indicator.region_id],
        "place_query": query,
        "map_points_url": f"{reverse('incident-export')}?format=geojson&{query}",
        "feed_url": reverse(f"feed-{level.key}", args=[code]),
        # A region's map outlines the regions; a province's or a district's, the region's provinces,
        # its own (or its district's) highlighted: Veta has no district outlines.
        "map_outline_url": reverse("map-regions")
        if level is REGION
        else f"{reverse('map-provinces')}?within={region.code}",
        "map_outline_code": region.code if level is REGION else code[:4],
        **(embed_links(request, region) if level is REGION else {}),
        # The latest change of the incidents the profile counts (one query, on the updated_at index).
        "last_updated": incidents.order_by().aggregate(latest=Max("updated_at"))["latest"],
    }
    return render(request, "regions/place_detail.html", context)


def embed_links(request: HttpRequest, region: Region) -> dict:
    """The region's embed snippet, chart files and oEmbed discovery link."""
    language = translation.get_language() or "en"
    chart = reverse("embed-region-casualties", args=[region.code])
    page = request.build_absolute_uri(reverse("region-detail", args=[region.code]))
    return {
        "embed_src": request.build_absolute_uri(f"{chart}?lang={language}"),
        "embed_files": [
            (_("Chart as SVG"), reverse("embed-region-casualties-file", args=[region.code, "svg"])),
            (_("Chart as PNG"), reverse("embed-region-casualties-file", args=[region.code, "png"])),
            (_("Map to embed"), reverse("embed-region-map", args=[region.code])),
        ],
        "oembed_url": f"{reverse('oembed')}?{urlencode({'url': page, 'format': 'json'})}",
    }


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    return place_profile(request, REGION, code)


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    return place_profile(request, PROVINCE, code)


def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    return place_profile(request, DISTRICT, code)
