"""JSON shapes of incidents, actors and sources for API v1."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from incidents.choices import FIGURE_OUTCOMES
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from regions.models import MiningSite
from veta.api.serializers import ModelValidationMixin, place_fields


class ActorSerializer(ModelValidationMixin, serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail")

    class Meta:
        model = Actor
        fields = ["id", "url", "name", "kind", "description", "created_at", "updated_at"]


class SourceSerializer(ModelValidationMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    link = serializers.URLField(source="url", required=False, allow_blank=True, max_length=1000)

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
    """Names and ages only when marked public, or for editors."""

    class Meta:
        model = Casualty
        fields = ["id", "outcome", "role", "count", "sex", "name", "age", "name_is_public"]

    def to_representation(self, instance: Casualty) -> dict:
        data = super().to_representation(instance)
        if not (instance.name_is_public or self.context.get("sees_private_data")):
            data["name"] = None
            data["age"] = None
        return data


class ClaimSerializer(serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "source",
            "claimed_on",
            *(outcome.value for outcome in FIGURE_OUTCOMES),
            "wording",
            "grade",
            "notes",
        ]


FIGURE_SCHEMA = {
    "type": "object",
    "properties": {
        "low": {"type": "integer", "nullable": True},
        "best": {"type": "integer", "nullable": True},
        "high": {"type": "integer", "nullable": True},
    },
}


@extend_schema_field(
    {"type": "object", "properties": {outcome.value: FIGURE_SCHEMA for outcome in FIGURE_OUTCOMES}, "readOnly": True}
)
class FiguresField(serializers.Field):
    """{"killed": {"low": 3, "best": 3, "high": 3}, ...}; null figures when no claim gives one."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, incident: Incident) -> dict:
        return {outcome.value: incident.figures_by_bound(outcome) for outcome in FIGURE_OUTCOMES}


class IncidentSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """An incident with its figures, casualties, claims, sources and actors inline."""

    url = serializers.HyperlinkedIdentityField(view_name="api:incident-detail")
    type = serializers.ChoiceField(source="incident_type", choices=Incident._meta.get_field("incident_type").choices)
    date_label = serializers.CharField(read_only=True)
    site = serializers.PrimaryKeyRelatedField(queryset=MiningSite.objects.all(), required=False, allow_null=True)
    figures = FiguresField()
    actors = IncidentActorSerializer(source="actor_roles", many=True, read_only=True)
    casualties = CasualtySerializer(many=True, read_only=True)
    claims = ClaimSerializer(many=True, read_only=True)
    sources = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), many=True, required=False)
    date_end = serializers.DateField(required=False)

    class Meta:
        model = Incident
        fields = [
            "id", "url", "title", "type", "status", "description",
            "date_start", "date_end", "date_precision", "date_label",
            "region", "province", "district", "place_precision", "location_name", "latitude", "longitude",
            "site", "figures", "actors", "casualties", "claims", "sources",
            "published_at", "retraction_reason", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "published_at", "retraction_reason"]

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields.update(place_fields())
        return fields

    def to_representation(self, instance: Incident) -> dict:
        data = super().to_representation(instance)
        data["sources"] = [
            {"id": source.id, "outlet": source.outlet, "title": source.title, "link": source.url,
             "published_on": source.published_on}
            for source in instance.sources.all()
        ]  # fmt: skip
        return data
