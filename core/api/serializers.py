"""Serializer pieces shared by the apps: model validation on write, related records withheld on read."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core import visibility


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record's id, written as it is and read as null while the record is withheld from the reader.

    A draft mining site of a published operation is not the public's to see (core.visibility):
    its id would tell them it exists and what it is attached to.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False  # the record itself is needed to tell whether it is public

    def to_representation(self, value):
        request = self.context.get("request")
        user = request.user if request is not None else None
        return super().to_representation(value) if visibility.is_visible(value, user) else None


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
