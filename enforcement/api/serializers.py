"""JSON shapes of enforcement operations, summary reports and the REINFO registry for API v1."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import ModelValidationMixin, VisibleRelatedField
from enforcement.choices import IncidentLinkKind
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationIncidentLink,
    OperationReport,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from incidents.models import Incident, Source
from regions.api.fields import PlaceCodeField, place_fields
from regions.api.serializers import place_dict
from regions.models import District, MiningSite, Province, Region

TIMESTAMPS = ["created_at", "updated_at"]


def incident_links_visible_to(user) -> QuerySet[OperationIncidentLink]:
    """Links to incidents the user may see: published ones, or all for incident editors."""
    visible = Incident.objects.visible_to(user or AnonymousUser())
    return OperationIncidentLink.objects.filter(incident__in=visible.values("pk")).order_by("incident_id")


class MachinerySerializer(serializers.ModelSerializer):
    class Meta:
        model = MachineryDestroyed
        fields = ["kind", "count"]


class IncidentLinkSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="incident_id", read_only=True)
    relation = serializers.ChoiceField(choices=IncidentLinkKind.choices, read_only=True)

    class Meta:
        model = OperationIncidentLink
        fields = ["id", "relation"]


class EnforcementOperationSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """An operation with the machinery it destroyed and the incidents linked to it, inline."""

    url = serializers.HyperlinkedIdentityField(view_name="api:operation-detail")
    date_label = serializers.CharField(read_only=True)
    date_end = serializers.DateField(required=False)
    target_site = VisibleRelatedField(queryset=MiningSite.objects.all(), required=False)
    machinery = MachinerySerializer(many=True, read_only=True)
    incidents = serializers.SerializerMethodField()
    sources = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), many=True, required=False)

    class Meta:
        model = EnforcementOperation
        fields = [
            "id", "url", "title", "kind", "agencies", "status", "description",
            "date_start", "date_end", "date_precision", "date_label",
            "region", "province", "district", "place_precision", "location_name", "latitude", "longitude",
            "target_site", "value_destroyed", "value_wording", "arrests",
            "mercury_seized_kg", "fuel_seized_gallons", "gold_seized_grams",
            "machinery", "incidents", "sources",
            "published_at", "retraction_reason", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["status", "published_at", "retraction_reason"]

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields.update(place_fields())
        return fields

    @extend_schema_field(IncidentLinkSerializer(many=True))
    def get_incidents(self, operation: EnforcementOperation) -> list[dict]:
        """Linked incidents as {id, relation}; drafts only for those who may edit incidents."""
        links = getattr(operation, "visible_incident_links", None)
        if links is None:
            request = self.context.get("request")
            links = incident_links_visible_to(request.user if request else None).filter(operation=operation)
        return [{"id": link.incident_id, "relation": link.relation} for link in links]


class OperationReportSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """An official summary of many operations; regions and provinces as {code, name}, written as codes."""

    url = serializers.HyperlinkedIdentityField(view_name="api:operation-report-detail")
    date_label = serializers.CharField(read_only=True)
    date_end = serializers.DateField(required=False)
    regions = PlaceCodeField(queryset=Region.objects.all(), many=True, required=False)
    provinces = PlaceCodeField(queryset=Province.objects.all(), many=True, required=False)
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())

    class Meta:
        model = OperationReport
        fields = [
            "id", "url", "title", "issuer", "scope", "agencies",
            "date_start", "date_end", "date_precision", "date_label", "regions", "provinces",
            "operations_count", "value_destroyed", "value_wording", "arrests", "source", "notes", *TIMESTAMPS,
        ]  # fmt: skip

    def to_representation(self, instance: OperationReport) -> dict:
        data = super().to_representation(instance)
        data["regions"] = [place_dict(region) for region in instance.regions.all()]
        data["provinces"] = [place_dict(province) for province in instance.provinces.all()]
        return data


class ReinfoStatusChangeSerializer(serializers.ModelSerializer):
    snapshot = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ReinfoStatusChange
        fields = ["from_status", "to_status", "changed_on", "snapshot"]


class ReinfoRecordSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """A REINFO registration with its status history, oldest change first.

    The district is written as its INEI code and read as {code, name}, with its
    province and region.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:reinfo-record-detail")
    district = PlaceCodeField(queryset=District.objects.all())
    mining_site = VisibleRelatedField(queryset=MiningSite.objects.all(), required=False)
    status_history = ReinfoStatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta:
        model = ReinfoRecord
        fields = [
            "id", "url", "ruc", "declarant_name", "codigo_unico", "mining_right_name", "district", "status",
            "mining_site", "first_snapshot", "last_snapshot", "status_history", *TIMESTAMPS,
        ]  # fmt: skip

    def to_representation(self, instance: ReinfoRecord) -> dict:
        data = super().to_representation(instance)
        district = instance.district
        data["district"] = place_dict(district)
        data["province"] = place_dict(district.province)
        data["region"] = place_dict(district.province.region)
        return data


class ReinfoSnapshotSerializer(ModelValidationMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:reinfo-snapshot-detail")
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ReinfoSnapshot
        fields = [
            "id", "url", "as_of", "title", "is_complete", "file_name", "file_sha256", "row_count", "source",
            *TIMESTAMPS,
        ]  # fmt: skip
