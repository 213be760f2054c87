"""The admin of placed records: editors may give only the finest place, and lists show it."""

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_widgets import DateAdminForm, EditorAdminMixin, make_optional
from regions.models import Region
from regions.places import PlacedModel

PLACE_LEVELS = ("region", "province", "district")


class PlaceAndDateAdminForm(DateAdminForm):
    """Lets editors give only the finest place, as well as only the start of a whole day, month or year.

    The models' clean() derive the region from the province or district; this form stops
    requiring the region so that clean() gets to run.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            make_optional(self.fields["region"])
            self.fields["region"].help_text = _("Filled in from the district or province when they are given.")

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        if "region" in self.fields:
            self._fill_region(cleaned_data)
        return cleaned_data

    def _fill_region(self, cleaned_data: dict[str, Any]) -> None:
        if cleaned_data.get("region") or any(name in self.errors for name in PLACE_LEVELS):
            return
        finer = cleaned_data.get("district") or cleaned_data.get("province")
        if finer is None:
            self.add_error("region", _("Give the region, or a province or district to take it from."))
            return
        cleaned_data["region"] = Region.objects.get(pk=finer.pk[:2])


class PlacedAdminMixin(EditorAdminMixin):
    """Veta's admin defaults for records with a place (`PlacedModel`): the place-and-date form and a place column."""

    form = PlaceAndDateAdminForm

    @admin.display(description=_("place"), ordering="region")
    def place(self, obj: PlacedModel) -> str:
        """The district, province or region the record is filed under."""
        return str(obj.finest_place)
