"""Serializer pieces shared by the apps: model validation on write, places by INEI code."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from regions.models import District, Province, Region


class ModelValidationMixin:
    """Run the model's own full_clean() on writes, so bad input is a 400 naming the field, never a 500."""

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = self.instance or model()
        m2m = {field.name for field in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in m2m:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=[name for name in m2m])
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        # clean() may have filled derived values (region from district, month bounds).
        for field in model._meta.concrete_fields:
            if field.name in attrs or field.attname in ("region_id", "province_id", "date_end"):
                attrs[field.name] = getattr(instance, field.name)
        return attrs


class PlaceSerializer(serializers.Serializer):
    """A region, province or district as code and name."""

    code = serializers.CharField()
    name = serializers.CharField(source="display_name")


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


def place_fields() -> dict:
    return {
        "region": PlaceCodeField(queryset=Region.objects.all(), required=False),
        "province": PlaceCodeField(queryset=Province.objects.all(), required=False, allow_null=True),
        "district": PlaceCodeField(queryset=District.objects.all(), required=False, allow_null=True),
    }


PLACE_READ_FIELDS = ("region", "province", "district", "place_precision", "location_name", "latitude", "longitude")
