"""POST /api/v1/intake/: an article's proposal as JSON, for programs with an editor's API key.

Writes nothing unless `create` is true (a new draft) or `attach_to` names an incident (the
article added to it as a source with its claim). Bad input is a 400 naming the field.
"""

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.choices import DatePrecision, PlacePrecision, Wording
from incidents.choices import IncidentType
from incidents.models import Incident
from overview.intake import kinds, services
from overview.intake.parse import Article
from overview.intake.text import MAX_CHARS, IntakeError


class MayDraft(permissions.BasePermission):
    """Editors and reviewers: those who may add incidents."""

    message = "Intake needs an editor's API key (permission to add incidents)."

    def has_permission(self, request: Request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.has_perm("incidents.add_incident"))


class IntakeRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        trim_whitespace=False,
        allow_blank=True,
        max_length=MAX_CHARS * 4,
        help_text=f"The article's text (plain text; HTML markup is removed). At most {MAX_CHARS:,} characters.",
    )
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200)
    published_on = serializers.DateField(
        required=False, allow_null=True, help_text="Relative dates are read against it."
    )
    language = serializers.ChoiceField(choices=["es", "en"], required=False, help_text="Detected when left out.")
    create = serializers.BooleanField(
        required=False, default=False, help_text="Save the proposal as a draft (status draft); false writes nothing."
    )
    attach_to = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Instead of a new draft, add the article to this incident as a source with its claim.",
    )


PROPOSAL_SCHEMA = inline_serializer(
    "IntakeProposal",
    {
        "language": serializers.CharField(help_text="es, en or other"),
        "kind": serializers.CharField(help_text=", ".join(k for k, _label in kinds.Kind.CHOICES)),
        "kind_reason": serializers.CharField(),
        "source": serializers.DictField(help_text="title, url, outlet, published_on, language"),
        "incident": inline_serializer(
            "IntakeIncident",
            {
                "title": serializers.CharField(),
                "incident_type": serializers.CharField(help_text=", ".join(IncidentType.values)),
                "date_start": serializers.DateField(allow_null=True),
                "date_end": serializers.DateField(allow_null=True),
                "date_precision": serializers.CharField(allow_null=True, help_text=", ".join(DatePrecision.values)),
                "region": serializers.CharField(allow_null=True),
                "province": serializers.CharField(allow_null=True),
                "district": serializers.CharField(allow_null=True),
                "place_precision": serializers.CharField(allow_null=True, help_text=", ".join(PlacePrecision.values)),
                "location_name": serializers.CharField(),
                "site": serializers.IntegerField(allow_null=True),
                "figures": serializers.DictField(
                    help_text="By outcome: {value, wording (" + ", ".join(Wording.values) + "), role}"
                ),
                "actors": serializers.ListField(child=serializers.DictField()),
            },
            allow_null=True,
        ),
        "operation": serializers.DictField(allow_null=True, help_text="For an enforcement operation."),
        "evidence": serializers.ListField(
            child=serializers.DictField(), help_text="field, value, start, end (offsets in the cleaned text), quote"
        ),
        "notes": serializers.ListField(child=serializers.CharField()),
        "warnings": serializers.ListField(child=serializers.CharField()),
        "candidates": serializers.ListField(
            child=serializers.DictField(), help_text="Incidents that may be the same event: incident, score, reasons"
        ),
        "known_source": serializers.DictField(allow_null=True),
        "follow_up_of": serializers.IntegerField(allow_null=True),
        "created": serializers.DictField(required=False, help_text="What was written, with create or attach_to."),
    },
)


def record_from_proposal(proposal) -> dict:
    """The proposal's record as create_draft takes it."""
    record = dict(proposal.operation or proposal.incident or {})
    if proposal.operation:
        record["operation_kind"] = record.pop("kind", "other")
    return record


def missing_for_draft(record: dict) -> list[str]:
    return [name for name in ("date_start", "date_precision", "region", "place_precision") if not record.get(name)]


class IntakeView(APIView):
    permission_classes = [MayDraft]

    @extend_schema(
        operation_id="intake",
        summary="Propose a record for a news article",
        description=(
            "Reads a news article in Spanish or English and proposes what Veta would record: the kind of record, "
            "the incident's type, dates with precision, place, figures with wording and actors (or an operation's "
            "agencies and results), the sentence each value came from, and the incidents it may duplicate. "
            "Writes nothing unless `create` or `attach_to` is given; a draft is never published without review."
        ),
        request=IntakeRequestSerializer,
        responses={
            200: PROPOSAL_SCHEMA,
            201: PROPOSAL_SCHEMA,
            400: OpenApiResponse(description="Bad input: {field: [message]}"),
            403: OpenApiResponse(description="Not an editor's key."),
        },
        examples=[
            OpenApiExample(
                "A Spanish article",
                request_only=True,
                value={
                    "text": "Al menos tres mineros murieron el jueves en un ataque armado en Pataz, La Libertad.",
                    "published_on": "2026-01-02",
                },
            )
        ],
        tags=["intake"],
    )
    def post(self, request: Request) -> Response:
        serializer = IntakeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        article = Article(
            text=data["text"],
            url=data.get("url") or "",
            outlet=data.get("outlet") or "",
            published_on=data.get("published_on"),
            language=data.get("language") or "",
        )
        try:
            proposal = services.propose(article)
        except IntakeError as error:
            return Response({error.field: [error.message]}, status=status.HTTP_400_BAD_REQUEST)
        body = proposal.as_json()
        if not data.get("create") and not data.get("attach_to"):
            return Response(body)
        source_data = {**proposal.source, "published_on": article.published_on}
        try:
            if data.get("attach_to"):
                incident = Incident.objects.filter(pk=data["attach_to"]).first()
                if incident is None:
                    return Response({"attach_to": ["No such incident."]}, status=status.HTTP_400_BAD_REQUEST)
                figures = (proposal.incident or {}).get("figures") or {}
                done = services.attach(source_data, incident, figures, request.user)
            else:
                if proposal.kind not in (kinds.Kind.INCIDENT, kinds.Kind.OPERATION, kinds.Kind.FOLLOW_UP):
                    return Response(
                        {"create": [f"Nothing to draft: {proposal.kind_reason}"]}, status=status.HTTP_400_BAD_REQUEST
                    )
                record = record_from_proposal(proposal)
                missing = missing_for_draft(record)
                if missing:
                    return Response(
                        {name: ["Not found in the article: give it, or draft on the intake page."] for name in missing},
                        status=status.HTTP_400_BAD_REQUEST,
                    )
                kind = kinds.Kind.OPERATION if proposal.operation else kinds.Kind.INCIDENT
                done = services.create_draft(source_data, record, kind, request.user)
        except ValidationError as error:
            return Response(getattr(error, "message_dict", {"non_field_errors": error.messages}), status=400)
        body["created"] = {
            "kind": done.kind,
            "id": done.record.pk,
            "status": done.record.status,
            "source": done.source.pk,
            "claims": [claim.pk for claim in done.claims],
        }
        return Response(body, status=status.HTTP_201_CREATED)


urlpatterns = [path("", IntakeView.as_view(), name="intake")]
