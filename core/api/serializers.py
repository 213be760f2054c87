"""Serializer pieces shared by the apps: model validation on write."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


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
        fields = model._meta.concrete_fields
        given = {field.attname: getattr(instance, field.attname) for field in fields}
        try:
            instance.full_clean(exclude=[name for name in m2m])
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        # clean() may have filled derived values (a region from the district, a month's end):
        # write them too.
        for field in fields:
            if field.name in attrs or getattr(instance, field.attname) != given[field.attname]:
                attrs[field.name] = getattr(instance, field.name)
        return attrs
