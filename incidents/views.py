"""Incident pages: the filtered, sortable list and one incident with its figures, claims and sources.

The list filters with the API's IncidentFilterSet, so the page, its export links and the
API agree on what a filter means; the URL carries the whole filter and can be shared.
With htmx the form swaps only the results; without JavaScript it is a plain GET form.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, CharField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import visibility
from core.choices import FigureQualifier, ModerationStatus
from core.pages import (
    FilterField,
    SortOption,
    choice_field,
    filter_list,
    filter_query,
    list_context,
    select_field,
    text_field,
)
from incidents import corrections
from incidents.choices import FIGURE_OUTCOMES, ActorRole, CasualtyOutcome, ClaimGrade, IncidentType
from incidents.filtersets import IncidentFilterSet
from incidents.models import (
    Actor,
    Casualty,
    CasualtyOutcomeChange,
    Claim,
    Incident,
    IncidentActor,
    IncidentRelation,
    Source,
)
from incidents.services import toll_timeline, worded
from incidents.signals import incident_page_sections
from regions.pages import normalized_query, place_fields

INCIDENTS_PER_PAGE = 50
RELATED_SHOWN = 5

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

ROLE_HEADINGS = {
    ActorRole.PERPETRATOR: gettext_lazy("Perpetrators"),
    ActorRole.TARGET: gettext_lazy("Targets"),
    ActorRole.RESPONDER: gettext_lazy("Responders"),
}


# The list ------------------------------------------------------------------------------------


def incident_filter_fields(filterset) -> list[FilterField]:
    """The incident filter form's fields, where, when and what, shared by the list and the timeline.

    The place selects narrow step by step, since the list's form answers field by field.
    """
    where, when, what = gettext_lazy("Where"), gettext_lazy("When"), gettext_lazy("What")
    # Only actors the reader may see: one used only by drafts is not offered to the public (core.visibility).
    user = filterset.request.user if filterset.request is not None else None
    actors = [
        (str(pk), name)
        for pk, name in visibility.visible(Actor.objects.all(), user).order_by("name").values_list("pk", "name")
    ]
    return [
        *place_fields(filterset, stepwise=True, group=where),
        text_field(filterset, "date_from", gettext_lazy("From"), widget="date", group=when),
        text_field(filterset, "date_to", gettext_lazy("To"), widget="date", group=when),
        choice_field(
            filterset, "type", gettext_lazy("Type"), IncidentType.choices, gettext_lazy("All types"), group=what
        ),
        select_field(filterset, "actor", gettext_lazy("Actor"), actors, gettext_lazy("All actors"), group=what),
        text_field(
            filterset,
            "min_killed",
            gettext_lazy("Killed, at least"),
            widget="number",
            minimum=0,
            inputmode="numeric",
            group=what,
        ),
        text_field(
            filterset,
            "q",
            gettext_lazy("Words"),
            widget="search",
            maxlength=200,
            help_text=gettext_lazy("In titles, descriptions and place names; accents optional."),
            group=what,
        ),
    ]


def type_labels() -> Case:
    """The incident type's name in the active language, as SQL, to sort by."""
    return Case(
        *(When(incident_type=code, then=Value(str(label))) for code, label in IncidentType.choices),
        default=F("incident_type"),
        output_field=CharField(),
    )


def incident_list(request: HttpRequest) -> HttpResponse:
    """/incidents/: incidents filtered by the API's FilterSet, sorted, paginated, with export links."""
    is_htmx = request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")
    query = normalized_query(request.GET)
    if "format" in query and not is_htmx:
        # ?format=csv (geojson, acled, ucdp…) asks for a file: the page's download of the same filter.
        export = QueryDict(mutable=True)
        export["format"] = query["format"]
        export.update(filter_query(IncidentFilterSet.base_filters, query))
        return HttpResponseRedirect(f"{reverse('incident-export')}?{export.urlencode()}")
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
    result = filter_list(request, IncidentFilterSet, incidents, sort_options=SORT_OPTIONS, per_page=INCIDENTS_PER_PAGE)
    context = list_context(
        result,
        incident_filter_fields(result.filterset),
        filter_live=True,
        export_formats=[
            ("csv", _("CSV")),
            ("geojson", _("GeoJSON")),
            ("acled", _("ACLED-style CSV")),
            ("ucdp", _("UCDP-style CSV")),
        ],
    )
    template = "incidents/_results_response.html" if is_htmx else "incidents/list.html"
    response = render(request, template, context, status=result.status)
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
    qualifier: str = ""

    @property
    def qualifier_label(self) -> str:
        return str(dict(FigureQualifier.choices).get(self.qualifier, ""))

    @property
    def shows_best(self) -> bool:
        """Whether the best figure differs from what the qualified figure says (a range, or "at least" below it)."""
        shown = {FigureQualifier.AT_LEAST: self.low, FigureQualifier.RANGE: None}
        return self.qualifier in shown and self.best != shown[self.qualifier]


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


def related_incidents(incident: Incident, site_visible: bool = True) -> list[Incident]:
    """Published incidents an editor related to this one (either way), then those at the same site or district.

    Each carries `relation_note` and `relation_note_es`, the editor's public reason in English
    and Spanish, or None when the incident is related only by its place. An incident known
    only to its region finds the others in its unnamed place through such a relation or a
    shared mining site (only a site the reader may see).
    """
    from_this = IncidentRelation.objects.filter(incident=incident)
    to_this = IncidentRelation.objects.filter(related=incident)
    related = Q(pk__in=from_this.values("related_id")) | Q(pk__in=to_this.values("incident_id"))
    if incident.site_id and site_visible:
        related |= Q(site_id=incident.site_id)
    if incident.district_id:
        related |= Q(district_id=incident.district_id)

    def note(field: str) -> Coalesce:
        return Coalesce(
            Subquery(from_this.filter(related=OuterRef("pk")).values(field)[:1]),
            Subquery(to_this.filter(incident=OuterRef("pk")).values(field)[:1]),
        )

    return list(
        Incident.objects.published()
        .for_list()
        .filter(related)
        .exclude(pk=incident.pk)
        .annotate(relation_note=note("note"), relation_note_es=note("note_es"))
        .order_by(F("relation_note").asc(nulls_last=True), "-date_start", "-id")[:RELATED_SHOWN]
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
    figure_rows = [
        FigureRow(outcome, outcome_labels[outcome], *incident.figures(outcome), incident.qualifier(outcome))
        for outcome in outcomes
    ]
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
    # A link only to a site page the reader may open; a draft site is withheld from the public (core.visibility).
    site_visible = visibility.is_visible(site, request.user)
    has_coordinates = incident.latitude is not None and incident.longitude is not None
    permalink = request.build_absolute_uri(reverse("incident-detail", args=[incident.pk]))
    published = incident.status == ModerationStatus.PUBLISHED
    language = translation.get_language() or "en"
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
        "site_withheld": visibility.withheld(site, request.user),
        "related": related_incidents(incident, site_visible),
        # Sections of the apps above (an operation that caused or answered this incident).
        "other_sections": [
            section
            for _receiver, section in incident_page_sections.send(sender=Incident, incident=incident, user=request.user)
            if section is not None
        ],
        "corrections": corrections.public_corrections(incident),
        # Built from the claims and casualties loaded above: no extra query.
        "toll": toll_timeline(incident, outcomes),
        "permalink": permalink,
        # Only a published incident can be embedded (the embed page is public and cached).
        "embed_src": request.build_absolute_uri(reverse("embed-incident", args=[incident.pk]) + f"?lang={language}")
        if published
        else "",
        "oembed_url": f"{reverse('oembed')}?{urlencode({'url': permalink, 'format': 'json'})}" if published else "",
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
