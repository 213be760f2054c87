"""Admin pieces shared by Veta's apps: a checkbox field for arrays of choices, a form for dates.

Every change form of `EditorAdminMixin` also carries the version the record was opened at
and refuses to save over a version someone else saved since (`core.concurrency`).
"""

from typing import Any

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.concurrency import VERSION_FIELD, VersionCheckMixin, VersionedModelForm, VersionField
from core.models import DatedModel


class ChoiceArrayField(forms.MultipleChoiceField):
    """Several values from a fixed list, stored in an ArrayField and shown as checkboxes."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not one of the allowed values: %(allowed)s."),
    }

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in value:
            if not self.valid_value(item):
                allowed = ", ".join(str(key) for key, _label in self.choices)
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item, "allowed": allowed},
                )

    def clean(self, value: Any) -> list[str]:
        # Ticking the same box twice is impossible in a browser but not in a crafted POST.
        return list(dict.fromkeys(super().clean(value)))


def is_choice_array(db_field: models.Field) -> bool:
    """Whether the model field is an ArrayField whose items come from a list of choices."""
    return isinstance(db_field, ArrayField) and bool(db_field.base_field.choices)


def choice_array_formfield(db_field: ArrayField) -> ChoiceArrayField:
    """The checkbox form field for an ArrayField of choices."""
    return ChoiceArrayField(
        choices=db_field.base_field.choices,
        required=not db_field.blank,
        label=capfirst(db_field.verbose_name),
        help_text=db_field.help_text,
    )


def make_optional(field: forms.Field) -> None:
    """Stop requiring a form field, down to the widgets the admin wraps around each other."""
    field.required = False
    widget = field.widget
    # The autocomplete widget, inside the admin's add/change-links wrapper, offers an empty
    # choice and a clear button only when it knows the field is optional.
    while widget is not None:
        widget.is_required = False
        widget = getattr(widget, "widget", None)


class DateAdminForm(VersionedModelForm):
    """Lets editors give only the start of a whole day, month or year.

    The models' clean() derive the end date from the precision; this form stops requiring
    it so that clean() gets to run. Like every `VersionedModelForm`, it refuses to save over
    a version saved since it was opened. Placed records add their place (`regions.admin_forms`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if issubclass(self._meta.model, DatedModel) and "date_end" in self.fields:
            make_optional(self.fields["date_end"])
            self.fields["date_end"].help_text = _(
                "Leave empty for a single day, a month or a year: it follows from the start and the precision."
            )


class EditorAdminMixin:
    """Admin defaults for Veta's records: the date form, checkboxes for arrays of choices,
    and optimistic concurrency.

    The change form carries the version (`updated_at`) it was opened at. Saving locks the
    row and compares: if someone else saved in between, nothing is saved (neither the
    record nor its inlines), and the form comes back with the editor's input, an error at
    the top and a table of the fields that differ (as opened, as saved now, as edited),
    carrying the current version so that a deliberate second save succeeds.
    """

    form = DateAdminForm
    change_form_template = "admin/core/change_form.html"

    def get_form(self, request: HttpRequest, obj: models.Model | None = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change, **kwargs)
        if VERSION_FIELD not in form.base_fields:
            # An admin with a form of its own: give it the version check too.
            form = type(form.__name__, (VersionCheckMixin, form), {VERSION_FIELD: VersionField()})
        return form

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> forms.Field | None:
        if is_choice_array(db_field):
            return choice_array_formfield(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
