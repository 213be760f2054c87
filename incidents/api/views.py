"""API v1 endpoints for incidents, actors and sources."""

import orjson
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.csv_layout import (
    PLACE_COLUMNS,
    UPDATED_AT_COLUMN,
    CsvLayout,
    Joined,
    Text,
    Withheld,
    column_of,
    model_columns,
)
from core.api.exports import SqlGeoJSON
from core.api.views import VetaViewSet, both_directions
from core.moderation_api import ModerationActionMixin, TransitionErrorSerializer
from incidents.api.rendering import render_incidents
from incidents.api.serializers import ActorSerializer, IncidentSerializer, SourceSerializer
from incidents.choices import FIGURE_BOUNDS, FIGURE_COLUMNS, HEADLINE_OUTCOMES
from incidents.exports import ACLED_LAYOUT, UCDP_LAYOUT
from incidents.filtersets import ActorFilterSet, IncidentFilterSet, SourceFilterSet
from incidents.models import Actor, Incident, Source
from incidents.services import MergeError, merge_incidents
from regions.models import District, MiningSite, Province, Region

# Veta's own CSV of incidents, declared once (core.api.csv_layout): PostgreSQL writes it with COPY.
INCIDENT_CSV_LAYOUT = CsvLayout(
    [
        *model_columns(Incident, "id", "title", "title_es"),
        column_of(Incident, "incident_type", "type"),
        *model_columns(Incident, "status", "date_start", "date_end", "date_precision"),
        *PLACE_COLUMNS,
        # "withheld" for readers who may not see the site (a draft site of a published incident).
        Withheld(column_of(Incident, "site_id"), "site", MiningSite),
        Withheld(Text("site", "site__name"), "site", MiningSite),
        *model_columns(Incident, *FIGURE_COLUMNS),
        Joined("source_ids", "sources", "pk"),
        Joined("source_links", "sources", "url"),
        UPDATED_AT_COLUMN,
    ]
)


# The GeoJSON export's properties, written by PostgreSQL (core.api.exports.SqlGeoJSON).
INCIDENT_GEOJSON = SqlGeoJSON(
    {
        "title": "title",
        "title_es": "title_es",
        "type": "incident_type",
        "date_start": "date_start",
        "date_end": "date_end",
        "date_precision": "date_precision",
        "region": "region_id",
        "province": "province_id",
        "district": "district_id",
        "place_precision": "place_precision",
        **{
            outcome.value: {part: f"{outcome.value}_{part}" for part in (*FIGURE_BOUNDS, "qualifier")}
            for outcome in HEADLINE_OUTCOMES
        },
    },
    # Every incident is drawn, as UCDP and ACLED draw every event: at its own point, else at the
    # point of the finest place it is known to (the place's capital, from INEI's ubigeo tables).
    area_points=(
        ("district_id", District._meta.db_table, "district"),
        ("province_id", Province._meta.db_table, "province"),
        ("region_id", Region._meta.db_table, "region"),
    ),
)


INCIDENT_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "csv", "geojson", "acled", "ucdp"],
    description="`json` (default) gives pages of results. The others stream the whole filtered result as "
    "one file: `csv` in Veta's own columns; `geojson` a FeatureCollection of the incidents with coordinates; "
    "`acled` a CSV in the columns of ACLED's data export (event_id_cnty, event_date, time_precision, "
    "event_type, sub_event_type, actor1, actor2, admin1-3, location, latitude, longitude, geo_precision, "
    "source, notes, fatalities, timestamp...); `ucdp` a CSV in the columns of UCDP's Georeferenced Event "
    "Dataset (date_start, date_end, date_prec, where_prec, adm_1, adm_2, latitude, longitude, best, low, "
    "high, source fields...). How Veta's codes map to ACLED's and UCDP's is documented in docs/exports.md.",
)


class MergeRequestSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text="The id of the incident to keep; this one is its duplicate.")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="The public reason shown on the duplicate's page; by default it names the incident kept.",
    )


class MergeResultSerializer(serializers.Serializer):
    kept = serializers.IntegerField(help_text="The id of the incident kept.")
    duplicate = serializers.IntegerField(help_text="The id of the duplicate.")
    duplicate_deleted = serializers.BooleanField(
        help_text="True when the duplicate was never published and is gone; otherwise it is retracted."
    )
    moved = serializers.DictField(child=serializers.IntegerField(), help_text="How many rows moved, by kind.")


class IncidentMergeMixin:
    """POST /api/v1/incidents/{id}/merge/ {"into": <id>}: fold a duplicate into the incident kept (reviewers)."""

    @extend_schema(
        summary="Merge this duplicate into another incident",
        description="Moves this incident's claims, casualties, sources, actors and operation links to `into` "
        "and derives its figures again from all the claims. A duplicate that was ever published is retracted "
        "with a public reason and a link to the incident kept; one that never was is deleted. Needs the "
        "reviewer's merge permission.",
        request=MergeRequestSerializer,
        responses={
            200: MergeResultSerializer,
            400: OpenApiResponse(
                description="The same incident twice, no such `into`, or another refused field: the body names each."
            ),
            403: OpenApiResponse(TransitionErrorSerializer, description="Not signed in, or no merge permission."),
            404: OpenApiResponse(TransitionErrorSerializer, description="No such incident visible to the caller."),
            409: OpenApiResponse(
                TransitionErrorSerializer, description="One of them was already merged, or `into` is retracted."
            ),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def merge(self, request: Request, pk=None) -> Response:
        duplicate = self.get_object()
        form = MergeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        into = Incident.objects.visible_to(request.user).filter(pk=form.validated_data["into"]).first()
        if into is None:
            raise exceptions.ValidationError({"into": ["No incident with this id is visible to you."]})
        try:
            result = merge_incidents(duplicate, into, request.user, form.validated_data.get("reason", ""))
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        except MergeError as error:
            if duplicate.pk == into.pk:
                raise exceptions.ValidationError({"into": [error.message]}) from error
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        return Response(
            MergeResultSerializer(
                {
                    "kept": result.kept.pk,
                    "duplicate": result.duplicate_id,
                    "duplicate_deleted": result.duplicate_deleted,
                    "moved": result.moved,
                }
            ).data
        )


@extend_schema_view(list=extend_schema(parameters=[INCIDENT_FORMAT_PARAMETER]))
class IncidentViewSet(IncidentMergeMixin, ModerationActionMixin, VetaViewSet):
    """Incidents with their figures, casualties, claims, sources and actors."""

    queryset = Incident.objects.for_api()
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet
    ordering_fields = both_directions("id", "date_start", "updated_at", "created_at")
    default_ordering = "-date_start"
    csv_columns = INCIDENT_CSV_LAYOUT
    geojson_properties = INCIDENT_GEOJSON
    csv_formats = {
        "acled": (ACLED_LAYOUT, "veta-incidents-acled"),
        "ucdp": (UCDP_LAYOUT, "veta-incidents-ucdp"),
    }
    export_name = "veta-incidents"

    def visible(self, queryset):
        return queryset.visible_to(self.request.user)

    def for_export(self, queryset, export: str):
        """The GeoJSON reads only the incident and its places: load no more (Veta's CSV is PostgreSQL's)."""
        if export == "geojson":
            return queryset.prefetch_related(None)
        return queryset

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["sees_private_data"] = self.sees_private_data()
        return context

    def sees_private_data(self) -> bool:
        user = self.request.user
        return user.is_authenticated and user.has_perm("incidents.change_casualty")

    # JSON reads are rendered by PostgreSQL (incidents/api/rendering.py): one query per page or
    # incident. The browsable API, the exports and every write go through the serializer.

    def renders_in_sql(self, request: Request) -> bool:
        return getattr(request.accepted_renderer, "format", None) == "json"

    def rendered(self, queryset, sort: str = "date_start", descending: bool = True, prepare: bool = False) -> list:
        return render_incidents(
            queryset,
            url_prefix=self.request.build_absolute_uri(reverse("api:incident-list")),
            sees_private_data=self.sees_private_data(),
            user=self.request.user,
            sort=sort,
            descending=descending,
            prepare=prepare and settings.DATABASE_PREPARED_STATEMENTS,
        )

    def list(self, request: Request, *args, **kwargs):
        if not self.renders_in_sql(request):
            return super().list(request, *args, **kwargs)
        paginator = self.paginator
        page = paginator.page_of(self.filter_queryset(self.get_queryset()), request, self)
        rows = self.rendered(page, paginator.field, paginator.descending)
        next_link = None
        if len(rows) > paginator.page_size:
            rows = rows[: paginator.page_size]
            next_link = paginator.next_link_after(rows[-1][1], rows[-1][2])
        body = b"".join(
            (b'{"next":', orjson.dumps(next_link), b',"results":[', ",".join(row[0] for row in rows).encode(), b"]}")
        )
        return HttpResponse(body, content_type="application/json")

    def retrieve(self, request: Request, *args, **kwargs):
        if not self.renders_in_sql(request):
            return super().retrieve(request, *args, **kwargs)
        try:
            pk = int(self.kwargs["pk"])
        except ValueError:
            raise Http404 from None
        # By id, one plan suits every value: the statement is prepared once per connection.
        queryset = self.filter_queryset(self.get_queryset()).filter(pk=pk).order_by("-date_start", "-pk")
        rows = self.rendered(queryset, prepare=True)
        if not rows:
            raise Http404
        text, _sort, _pk, updated_at = rows[0]
        return self.tag_rendered_version(HttpResponse(text.encode(), content_type="application/json"), updated_at)


class ActorViewSet(VetaViewSet):
    """Parties to incidents."""

    queryset = Actor.objects.all()
    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet
    ordering_fields = both_directions("id", "name", "updated_at")
    csv_columns = CsvLayout(model_columns(Actor, "id", "name", "kind", "description"))
    export_name = "veta-actors"


class SourceViewSet(VetaViewSet):
    """Published reports Veta's records rest on."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = both_directions("id", "updated_at")
    csv_columns = CsvLayout(model_columns(Source, "id", "outlet", "title", "url", "published_on", "language", "kind"))
    export_name = "veta-sources"
