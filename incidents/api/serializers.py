"""JSON shapes of incidents, actors and sources for API v1."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from core.api import representation
from core.api.serializers import ModelValidationMixin
from core.choices import FigureQualifier
from core.uris import as_uri
from incidents.api.rendering import INCIDENT_JSON
from incidents.choices import FIGURE_OUTCOMES, ClaimGrade
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from incidents.services import choose_best_claim
from regions.api.fields import place_fields
from regions.models import MiningSite


class ActorSerializer(ModelValidationMixin, serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail")

    class Meta:
        model = Actor
        fields = ["id", "url", "name", "kind", "description", "created_at", "updated_at"]


class DuplicateSource(exceptions.APIException):
    """400 {"url": ["A source with this URL already exists: /api/v1/sources/<id>/"], "existing_id": <id>}.

    Not a ValidationError, which DRF would file under the `link` field and turn the id into text.
    """

    status_code = 400
    default_code = "unique"

    def __init__(self, existing: Source):
        super().__init__()
        path = reverse("api:source-detail", args=[existing.pk])
        message = _("A source with this URL already exists: %(path)s") % {"path": path}
        self.detail = {"url": [serializers.ErrorDetail(message, code="unique")], "existing_id": existing.pk}


class SourceSerializer(ModelValidationMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    # Written as `link`; surrounding spaces are trimmed, so "https://x/ " is the same URL as "https://x/".
    link = serializers.URLField(source="url", required=False, allow_blank=True, max_length=1000)

    def validate_link(self, value: str) -> str:
        """A URI (RFC 3986, as the schema promises); refuse a URL another source already has, naming that source."""
        try:
            value = as_uri(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        if value:
            existing = Source.objects.filter(url=value).exclude(pk=getattr(self.instance, "pk", None)).first()
            if existing is not None:
                raise DuplicateSource(existing)
        return value

    class Meta:
        model = Source
        fields = ["id", "url", "outlet", "title", "link", "published_on", "language", "kind", "notes",
                  "created_at", "updated_at"]  # fmt: skip


class IncidentActorSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="actor.id")
    name = serializers.CharField(source="actor.name")
    kind = serializers.CharField(source="actor.kind")

    class Meta:
        model = IncidentActor
        fields = ["id", "name", "kind", "role"]


class CasualtySerializer(serializers.ModelSerializer):
    """Names and ages only when marked public, or for editors (see `INCIDENT_JSON`)."""

    class Meta:
        model = Casualty
        fields = ["id", "outcome", "role", "count", "sex", "name", "age", "name_is_public"]
        # Null for readers who may not see a name that is not marked public.
        extra_kwargs = {"name": {"allow_null": True}, "age": {"allow_null": True}}


class ClaimSerializer(serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(read_only=True)
    chosen_as_best = serializers.BooleanField(
        read_only=True, help_text="True for the claim a reviewer chose as best; its figures are the best estimate."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "source",
            "claimed_on",
            *(outcome.value for outcome in FIGURE_OUTCOMES),
            "wording",
            "grade",
            "chosen_as_best",
            "notes",
        ]


FIGURE_SCHEMA = {
    "type": "object",
    "properties": {
        "low": {"type": "integer", "nullable": True},
        "best": {"type": "integer", "nullable": True},
        "high": {
            "type": "integer",
            "nullable": True,
            "description": "The highest figure a source gives; with the qualifier at_least the true one may be higher.",
        },
        "qualifier": {
            "type": "string",
            "enum": ["", *FigureQualifier.values],
            "description": "How sure the figures are: exact, about (approximate), at_least (no source bounds it from "
            "above: read 'at least <low>'), up_to (only ceilings: low is 0) or range (sources disagree: "
            "'<low>–<high>'); empty when no claim gives a figure.",
        },
    },
}


@extend_schema_field(
    {"type": "object", "properties": {outcome.value: FIGURE_SCHEMA for outcome in FIGURE_OUTCOMES}, "readOnly": True}
)
class FiguresField(serializers.ReadOnlyField):
    """{"killed": {"low": 3, "best": 3, "high": 3, "qualifier": "at_least"}, ...}; null figures when unknown.

    See `INCIDENT_JSON`.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)


class SourceReferenceField(serializers.PrimaryKeyRelatedField):
    """Written as a source's id; read as {id, outlet, title, link, published_on} (see `INCIDENT_JSON`)."""


class SourceReferenceFieldSchema(OpenApiSerializerFieldExtension):
    """Tell the OpenAPI schema that an incident's sources are ids in requests and objects in responses."""

    target_class = SourceReferenceField

    def map_serializer_field(self, auto_schema, direction: str) -> dict:
        if direction == "request":
            return {"type": "integer", "description": "A source's id."}
        return {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "outlet": {"type": "string"},
                "title": {"type": "string"},
                "link": {"type": "string"},
                "published_on": {"type": "string", "format": "date", "nullable": True},
            },
            "required": ["id", "outlet", "title", "link", "published_on"],
        }


class IncidentSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """An incident with its figures, casualties, claims, sources and actors inline.

    Its fields validate writes and document the API; an incident is read through its one
    declaration, `INCIDENT_JSON`, which PostgreSQL's JSON pages are rendered from too.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:incident-detail")
    type = serializers.ChoiceField(source="incident_type", choices=Incident._meta.get_field("incident_type").choices)
    date_label = serializers.CharField(read_only=True)
    shown = serializers.JSONField(
        read_only=True,
        help_text='{"language", "title", "description"}: the texts in the reader\'s language, or in the other '
        "language when the reader's is empty; `language` says which.",
    )
    site = serializers.PrimaryKeyRelatedField(queryset=MiningSite.objects.all(), required=False, allow_null=True)
    figures = FiguresField()
    actors = IncidentActorSerializer(source="actor_roles", many=True, read_only=True)
    casualties = CasualtySerializer(many=True, read_only=True)
    claims = ClaimSerializer(many=True, read_only=True)
    sources = SourceReferenceField(queryset=Source.objects.all(), many=True, required=False)
    chosen_claim = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(),
        required=False,
        allow_null=True,
        write_only=True,
        help_text="The id of the claim a reviewer chooses as best (null to choose none); reviewers only. "
        "Read it back as `chosen_as_best` on the claims.",
    )
    date_end = serializers.DateField(required=False)

    class Meta:
        model = Incident
        fields = [
            "id", "url", "title", "title_es", "type", "status", "description", "description_es", "shown",
            "date_start", "date_end", "date_precision", "date_label",
            "region", "province", "district", "place_precision", "location_name", "latitude", "longitude",
            "site", "figures", "actors", "casualties", "claims", "chosen_claim", "sources",
            "published_at", "retraction_reason", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "published_at", "retraction_reason"]

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields.update(place_fields())
        return fields

    def to_representation(self, instance: Incident) -> dict:
        """The incident as `INCIDENT_JSON` declares it, for this request's reader."""
        list_path = reverse("api:incident-list")
        request = self.context.get("request")
        context = {
            "url_prefix": request.build_absolute_uri(list_path) if request is not None else list_path,
            "private": bool(self.context.get("sees_private_data")),
            **representation.reader_parameters(request.user if request is not None else None),
        }
        return INCIDENT_JSON.python(instance, context)

    def validate_chosen_claim(self, claim: Claim | None) -> Claim | None:
        """Only reviewers may choose (or unchoose) the best claim, and only among this incident's counted claims."""
        current = None
        if self.instance is not None:
            current = next((c.pk for c in self.instance.claims.all() if c.chosen_as_best), None)
        if (claim.pk if claim else None) == current:
            return claim
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("incidents.publish_incident"):
            raise exceptions.PermissionDenied(
                _("Only reviewers, who may publish incidents, may choose the claim whose figures are the best.")
            )
        if claim is not None:
            if self.instance is None or claim.incident_id != self.instance.pk:
                raise serializers.ValidationError(_("Choose one of this incident's own claims."))
            if claim.grade == ClaimGrade.DISCOUNTED:
                raise serializers.ValidationError(_("A discounted claim cannot be chosen as best."))
        return claim

    def validate(self, attrs: dict) -> dict:
        """A title in English, in Spanish or in both, counting what the incident already has."""
        attrs = super().validate(attrs)
        title = attrs.get("title", getattr(self.instance, "title", "")) or ""
        title_es = attrs.get("title_es", getattr(self.instance, "title_es", "")) or ""
        if not title.strip() and not title_es.strip():
            raise serializers.ValidationError({"title": _("Give a title in English, in Spanish or in both.")})
        return attrs

    @transaction.atomic
    def update(self, instance: Incident, validated_data: dict) -> Incident:
        choosing = "chosen_claim" in validated_data
        claim = validated_data.pop("chosen_claim", None)
        instance = super().update(instance, validated_data)
        if choosing:
            choose_best_claim(instance, claim)
            # Reloaded: the claims prefetched with the instance predate the new choice.
            instance = Incident.objects.for_api().get(pk=instance.pk)
        return instance

    def create(self, validated_data: dict) -> Incident:
        validated_data.pop("chosen_claim", None)
        return super().create(validated_data)
