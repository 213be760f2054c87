"""Places in the API: a region, province or district written as its INEI code and read as code and name."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from regions.models import District, Province, Region


class PlaceCodeField(serializers.SlugRelatedField):
    """Written as an INEI code; read as {"code": ..., "name": ...}."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def to_representation(self, place) -> dict:
        return {"code": place.code, "name": place.display_name}

    def use_pk_only_optimization(self) -> bool:
        return False


class PlaceCodeFieldSchema(OpenApiSerializerFieldExtension):
    """Tell the OpenAPI schema that place fields are codes in requests and objects in responses."""

    target_class = PlaceCodeField

    def map_serializer_field(self, auto_schema, direction: str) -> dict:
        if direction == "request":
            return {"type": "string", "description": "INEI code."}
        return {
            "type": "object",
            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            "required": ["code", "name"],
        }


def place_fields() -> dict[str, PlaceCodeField]:
    """The writable region, province and district of a placed record, each by INEI code."""
    return {
        "region": PlaceCodeField(queryset=Region.objects.all(), required=False),
        "province": PlaceCodeField(queryset=Province.objects.all(), required=False, allow_null=True),
        "district": PlaceCodeField(queryset=District.objects.all(), required=False, allow_null=True),
    }
