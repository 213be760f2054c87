"""JSON shapes of regions, provinces, districts, protected areas and mining sites for API v1."""

from rest_framework import serializers

from core.api.serializers import ModelValidationMixin
from regions.api.fields import PlaceCodeField, place_fields
from regions.models import District, MiningSite, ProtectedArea, Province, Region

AREA_FIELDS = ["id", "url", "code", "name", "display_name", "capital", "latitude", "longitude", "area_km2"]
TIMESTAMPS = ["created_at", "updated_at"]


def place_dict(place) -> dict | None:
    return {"code": place.code, "name": place.display_name} if place else None


class AdministrativeAreaSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """An INEI area, identified by its code; `id` repeats the code, the area's key."""

    id = serializers.CharField(source="pk", read_only=True)

    def get_fields(self) -> dict:
        fields = super().get_fields()
        if self.instance is not None:
            # The code is the primary key: changing it would create another area.
            fields["code"].read_only = True
        return fields


class RegionSerializer(AdministrativeAreaSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="code")

    class Meta:
        model = Region
        fields = [*AREA_FIELDS, "iso_code", *TIMESTAMPS]


class ProvinceSerializer(AdministrativeAreaSerializer):
    """A province with its region as {code, name}; written as the region's code."""

    url = serializers.HyperlinkedIdentityField(view_name="api:province-detail", lookup_field="code")
    region = PlaceCodeField(queryset=Region.objects.all())

    class Meta:
        model = Province
        fields = [*AREA_FIELDS, "region", *TIMESTAMPS]

    def to_representation(self, instance: Province) -> dict:
        data = super().to_representation(instance)
        data["region"] = place_dict(instance.region)
        return data


class DistrictSerializer(AdministrativeAreaSerializer):
    """A district with its province and region as {code, name}; written with the province's code."""

    url = serializers.HyperlinkedIdentityField(view_name="api:district-detail", lookup_field="code")
    province = PlaceCodeField(queryset=Province.objects.all())

    class Meta:
        model = District
        fields = [*AREA_FIELDS, "province", *TIMESTAMPS]

    def to_representation(self, instance: District) -> dict:
        data = super().to_representation(instance)
        data["province"] = place_dict(instance.province)
        data["region"] = place_dict(instance.province.region)
        return data


class ProtectedAreaSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """A protected area with the regions it extends into as [{code, name}]; written as region codes."""

    url = serializers.HyperlinkedIdentityField(view_name="api:protected-area-detail")
    regions = PlaceCodeField(queryset=Region.objects.all(), many=True)

    class Meta:
        model = ProtectedArea
        fields = ["id", "url", "name", "category", "hectares", "regions", "notes", *TIMESTAMPS]

    def to_representation(self, instance: ProtectedArea) -> dict:
        data = super().to_representation(instance)
        data["regions"] = [place_dict(region) for region in instance.regions.all()]
        return data


class MiningSiteSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """A mining site with its place; drafts are shown to editors only."""

    url = serializers.HyperlinkedIdentityField(view_name="api:mining-site-detail")
    protected_area = serializers.PrimaryKeyRelatedField(
        queryset=ProtectedArea.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = MiningSite
        fields = [
            "id", "url", "name", "aliases", "kind", "legal_status", "protected_area",
            "region", "province", "district", "place_precision", "location_name", "latitude", "longitude",
            "notes", "status", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["status"]

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields.update(place_fields())
        return fields
