"""Incident pages: the filtered, sortable list and one incident with its figures, claims and sources.

The list filters with the API's IncidentFilterSet, so the page, its export links and the
API agree on what a filter means; the URL carries the whole filter and can be shared.
With htmx the form swaps only the results; without JavaScript it is a plain GET form.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, CharField, F, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import ModerationStatus
from core.pages import FilteredList, SortOption, filter_list, filter_query
from incidents import corrections
from incidents.choices import FIGURE_OUTCOMES, ActorRole, CasualtyOutcome, ClaimGrade, IncidentType
from incidents.filtersets import IncidentFilterSet
from incidents.models import Actor, Casualty, CasualtyOutcomeChange, Claim, Incident, IncidentActor, Source
from incidents.services import toll_timeline, worded
from regions.models import District, Province, Region

INCIDENTS_PER_PAGE = 50
RELATED_SHOWN = 5

# The filters the list's form shows, in order; all are IncidentFilterSet filters.
FORM_FIELDS = ("region", "province", "district", "date_from", "date_to", "type", "actor", "min_killed", "q")

SORT_OPTIONS = [
    SortOption("date", gettext_lazy("Date"), ("-date_start", "-id")),
    SortOption("title", gettext_lazy("Title"), ("title", "-date_start", "-id")),
    SortOption(
        "place",
        gettext_lazy("Place"),
        ("region__display_name", "province__display_name", "district__display_name", "-date_start", "-id"),
    ),
    # By the type's name in the reader's language (annotated per request), not by its code.
    SortOption("type", gettext_lazy("Type"), ("type_label", "-date_start", "-id")),
    # Most killed first; incidents without a known figure come last.
    SortOption("killed", gettext_lazy("Killed"), ("-killed_sort", "-date_start", "-id")),
]
# The order a column sorts in when its key is given without "-": dates and tolls newest/highest first.
DESCENDING_KEYS = {"date", "killed"}
NUMBER_COLUMNS = {"killed"}

ROLE_HEADINGS = {
    ActorRole.PERPETRATOR: gettext_lazy("Perpetrators"),
    ActorRole.TARGET: gettext_lazy("Targets"),
    ActorRole.RESPONDER: gettext_lazy("Responders"),
}


# The list ------------------------------------------------------------------------------------


@dataclass
class Option:
    """One <option> of a filter's select."""

    value: str
    label: str
    selected: bool = False


@dataclass
class SortColumn:
    """A sortable column header: its label, its aria-sort state and the sort its link asks for."""

    key: str
    label: str
    aria_sort: str | None
    link_sort: str
    number: bool


def split_codes(value: str | None, digits: int) -> list[str]:
    """The well-formed INEI codes of a comma-separated value; the FilterSet refuses the others."""
    if not value:
        return []
    return [code for code in (part.strip() for part in value.split(",")) if re.fullmatch(rf"\d{{{digits}}}", code)]


def normalized_query(query: QueryDict) -> QueryDict:
    """The query without empty values, and without provinces or districts outside the chosen places.

    A plain GET form sends every field, filled or not; and after a reader picks another
    region, the province and district chosen before no longer belong to it. Both are
    dropped, so the URL a reader shares says only what the filter is.
    """
    result = QueryDict(mutable=True)
    for key, values in query.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            result.setlist(key, kept)
    regions = split_codes(result.get("region"), 2)
    provinces = split_codes(result.get("province"), 4)
    district_value = result.get("district")
    if regions and provinces and all(code[:2] not in regions for code in provinces):
        result.pop("province", None)
        provinces = []
    if district_value:
        districts = split_codes(district_value, 6)
        outside = (provinces and all(code[:4] not in provinces for code in districts)) or (
            regions and all(code[:2] not in regions for code in districts)
        )
        if districts and outside:
            result.pop("district", None)
    return result


def options_for(choices: Iterable[tuple[str, str]], current: str | None) -> list[Option]:
    """Options for a select, with the current value selected.

    A value given in the URL that no option holds (several comma-separated codes, or one
    the filter refuses) gets an option of its own, so the form shows what is filtered.
    """
    choices = [(str(value), str(label)) for value, label in choices]
    labels = dict(choices)
    options = [Option(value, label, value == current) for value, label in choices]
    if current and current not in labels:
        label = ", ".join(labels.get(part.strip(), part.strip()) for part in current.split(","))
        options.insert(0, Option(current, label, True))
    return options


def filter_choices(query: QueryDict) -> dict[str, list[Option]]:
    """The options of the form's selects: provinces of the chosen regions, districts of the chosen provinces."""
    regions = split_codes(query.get("region"), 2)
    provinces = split_codes(query.get("province"), 4)
    districts = split_codes(query.get("district"), 6)
    region_choices = Region.objects.order_by("display_name").values_list("code", "display_name")
    # A province or district given without its region still shows among its neighbours.
    province_regions = regions or sorted({code[:2] for code in provinces + districts})
    province_choices = (
        Province.objects.filter(region_id__in=province_regions)
        .order_by("display_name")
        .values_list("code", "display_name")
        if province_regions
        else []
    )
    district_provinces = provinces or sorted({code[:4] for code in districts})
    district_choices = (
        District.objects.filter(province_id__in=district_provinces)
        .order_by("display_name")
        .values_list("code", "display_name")
        if district_provinces
        else []
    )
    return {
        "region": options_for(region_choices, query.get("region")),
        "province": options_for(province_choices, query.get("province")),
        "district": options_for(district_choices, query.get("district")),
        "type": options_for(IncidentType.choices, query.get("type")),
        "actor": options_for(Actor.objects.order_by("name").values_list("pk", "name"), query.get("actor")),
    }


def sort_columns(sort: str) -> list[SortColumn]:
    """The table's headers, each with its aria-sort and the sort its link asks for (the other way when sorted)."""
    columns = []
    for option in SORT_OPTIONS:
        aria_sort = None
        if sort.lstrip("-") == option.key:
            natural = "descending" if option.key in DESCENDING_KEYS else "ascending"
            other = "ascending" if natural == "descending" else "descending"
            aria_sort = other if sort.startswith("-") else natural
        link_sort = f"-{option.key}" if sort == option.key else option.key
        columns.append(SortColumn(option.key, str(option.label), aria_sort, link_sort, option.key in NUMBER_COLUMNS))
    return columns


def type_labels() -> Case:
    """The incident type's name in the active language, as SQL, to sort by."""
    return Case(
        *(When(incident_type=code, then=Value(str(label))) for code, label in IncidentType.choices),
        default=F("incident_type"),
        output_field=CharField(),
    )


def filter_form_context(request: HttpRequest, listing: FilteredList, url: str, *, live: bool) -> dict:
    """What templates/incidents/_filter_fields.html needs: values, errors and the selects' options.

    The incident list and the timeline show the same form for the same FilterSet; `live`
    wires its fields to fetch fresh results from `url` with htmx (the list does, the
    timeline is a plain GET form).
    """
    form = listing.filterset.form
    return {
        "values": {name: request.GET.get(name, "") for name in FORM_FIELDS},
        "errors": {name: form.errors.get(name, []) for name in FORM_FIELDS} if listing.invalid else {},
        "choices": filter_choices(request.GET),
        "filter_url": url,
        "filter_live": live,
    }


def incident_list(request: HttpRequest) -> HttpResponse:
    """/incidents/: incidents filtered by the API's FilterSet, sorted, paginated, with export links."""
    is_htmx = request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")
    query = normalized_query(request.GET)
    if "format" in query and not is_htmx:
        # ?format=csv (geojson, acled, ucdp…) asks for a file: the API's export of the same filter.
        export = QueryDict(mutable=True)
        export["format"] = query["format"]
        export.update(filter_query(IncidentFilterSet.base_filters, query))
        return HttpResponseRedirect(f"{reverse('api:incident-list')}?{export.urlencode()}")
    if query.urlencode() != request.GET.urlencode():
        url = reverse("incident-list") + (f"?{query.urlencode()}" if query else "")
        if not is_htmx:
            return HttpResponseRedirect(url)
        request.GET = query
    else:
        url = None

    incidents = (
        Incident.objects.visible_to(request.user)
        .for_list()
        .annotate(killed_sort=Coalesce("killed_best", Value(-1)), type_label=type_labels())
    )
    listing = filter_list(request, IncidentFilterSet, incidents, sort_options=SORT_OPTIONS, per_page=INCIDENTS_PER_PAGE)
    context = {
        "listing": listing,
        **filter_form_context(request, listing, reverse("incident-list"), live=True),
        "columns": sort_columns(listing.sort),
        "export_query": listing.export_query(),
        "export_formats": [
            ("csv", _("CSV")),
            ("geojson", _("GeoJSON")),
            ("acled", _("ACLED-style CSV")),
            ("ucdp", _("UCDP-style CSV")),
        ],
    }
    template = "incidents/_results_response.html" if is_htmx else "incidents/list.html"
    response = render(request, template, context, status=listing.status)
    if is_htmx and url is not None:
        response["HX-Push-Url"] = url
    patch_vary_headers(response, ["HX-Request"])
    return response


# One incident --------------------------------------------------------------------------------


@dataclass
class FigureRow:
    """One outcome's derived figures, a row of the figures table."""

    outcome: str
    label: str
    low: int | None
    best: int | None
    high: int | None


@dataclass
class ClaimRow:
    """One source's dated claim, its figures worded as the source put them, and whether it counts."""

    claim: Claim
    figures: list[str]
    counted: bool


def detail_queryset(user) -> QuerySet:
    """Incidents whose page a user may open, with everything the page shows in a fixed number of queries.

    What `visible_to` allows, and retracted incidents too: a cited permalink keeps working
    and says why the incident was withdrawn. Drafts and records in review stay hidden.
    """
    return (
        Incident.objects.with_page_for(user)
        .select_related("region", "province", "district", "site")
        .prefetch_related(
            Prefetch("actor_roles", queryset=IncidentActor.objects.select_related("actor").order_by("actor__name")),
            Prefetch(
                "casualties",
                queryset=Casualty.objects.order_by("outcome", "role", "id").prefetch_related(
                    Prefetch("outcome_changes", queryset=CasualtyOutcomeChange.objects.select_related("source"))
                ),
            ),
            Prefetch("claims", queryset=Claim.objects.select_related("source").order_by("claimed_on", "id")),
            Prefetch("sources", queryset=Source.objects.order_by("published_on", "title")),
        )
    )


def related_incidents(incident: Incident) -> list[Incident]:
    """Published incidents at the same mining site or in the same district, newest first."""
    same_place = Q()
    if incident.site_id:
        same_place |= Q(site_id=incident.site_id)
    if incident.district_id:
        same_place |= Q(district_id=incident.district_id)
    if not same_place:
        return []
    return list(
        Incident.objects.published()
        .for_list()
        .filter(same_place)
        .exclude(pk=incident.pk)
        .order_by("-date_start", "-id")[:RELATED_SHOWN]
    )


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/incidents/<id>/: one incident, its figures and the claims and sources behind them."""
    incident = get_object_or_404(detail_queryset(request.user), pk=pk)
    claims = list(incident.claims.all())
    outcomes = [
        outcome
        for outcome in FIGURE_OUTCOMES
        if incident.figures(outcome)[1] is not None or any(claim.figure(outcome) is not None for claim in claims)
    ]
    outcome_labels = dict(CasualtyOutcome.choices)
    figure_rows = [FigureRow(outcome, outcome_labels[outcome], *incident.figures(outcome)) for outcome in outcomes]
    claim_rows = [
        ClaimRow(
            claim,
            [worded(claim.figure(outcome), claim.wording) for outcome in outcomes],
            claim.grade != ClaimGrade.DISCOUNTED,
        )
        for claim in claims
    ]
    actors_by_role = [
        (ROLE_HEADINGS[role], [link.actor for link in incident.actor_roles.all() if link.role == role])
        for role in ActorRole.values
    ]
    site = incident.site
    # A link only to a site page the reader may open (unpublished sites are 404 for the public).
    site_visible = site is not None and (
        site.status == ModerationStatus.PUBLISHED or request.user.has_perm("regions.change_miningsite")
    )
    has_coordinates = incident.latitude is not None and incident.longitude is not None
    permalink = request.build_absolute_uri(reverse("incident-detail", args=[incident.pk]))
    context = {
        "incident": incident,
        "outcomes": outcomes,
        "outcome_labels": [outcome_labels[outcome] for outcome in outcomes],
        "figure_rows": figure_rows,
        "claim_rows": claim_rows,
        "casualties": list(incident.casualties.all()),
        "sources": list(incident.sources.all()),
        "actors_by_role": [(heading, actors) for heading, actors in actors_by_role if actors],
        "site_visible": site_visible,
        "related": related_incidents(incident),
        "corrections": corrections.public_corrections(incident),
        # Built from the claims and casualties loaded above: no extra query.
        "toll": toll_timeline(incident, outcomes),
        "permalink": permalink,
        "today": timezone.localdate(),
        "has_coordinates": has_coordinates,
        # Plain decimal strings for the map's data attributes, never localized ("-12,6" would not parse).
        "map_point": {"lat": str(incident.latitude), "lon": str(incident.longitude)} if has_coordinates else None,
        "is_retracted": incident.status == ModerationStatus.RETRACTED,
        # A merged duplicate points to the incident kept, when the reader may open it.
        "merged_into": (
            Incident.objects.visible_to(request.user).filter(pk=incident.merged_into_id).only("pk", "title").first()
            if incident.merged_into_id
            else None
        ),
    }
    return render(request, "incidents/detail.html", context)
