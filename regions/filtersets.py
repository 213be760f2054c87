"""The one FilterSet per regions-app model, shared by the API and the pages.

Also the place filters (region, province, district by INEI code) that every FilterSet of
placed records inherits from `PlacedFilterSet`.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet, Value
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.api.filters import (
    BoundingBoxFilter,
    ChoiceInFilter,
    NumberInFilter,
    SearchTextFilter,
    Unaccent,
    updated_since,
)
from regions.choices import ProtectedAreaCategory, SiteKind, SiteLegalStatus
from regions.geography import reference_codes
from regions.models import District, MiningSite, ProtectedArea, Province, Region


class CodeListField(forms.CharField):
    """Comma-separated INEI codes of one length, each of which must exist."""

    def __init__(self, *args, digits: int, model, **kwargs):
        self.digits, self.model = digits, model
        super().__init__(*args, **kwargs)

    def clean(self, value: str | None) -> list[str] | None:
        value = super().clean(value)
        if not value:
            return None
        codes = [code.strip() for code in value.split(",")]
        malformed = [code for code in codes if not re.fullmatch(rf"\d{{{self.digits}}}", code, re.ASCII)]
        if malformed:
            raise ValidationError(
                _("%(codes)s: an INEI code here has exactly %(digits)d digits.")
                % {"codes": ", ".join(map(repr, malformed)), "digits": self.digits}
            )
        # INEI's codes ship with Veta (`reference_codes`): only a place an editor added beyond them
        # costs a query, so a list page filtered by region stays one query.
        beyond = set(codes) - reference_codes()
        found = set(self.model._base_manager.filter(code__in=beyond).order_by().values_list("code", flat=True))
        unknown = sorted(beyond - found)
        if unknown:
            raise ValidationError(
                _("No %(kind)s has the code %(codes)s.")
                % {"kind": self.model._meta.verbose_name, "codes": ", ".join(unknown)}
            )
        return codes


class CodeListFilter(django_filters.Filter):
    """Matches records whose `<field>_id` is one of the given codes."""

    field_class = CodeListField

    def __init__(self, *args, digits: int, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra.update(digits=digits, model=model)

    def filter(self, queryset: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": value})


class RelatedCodeListFilter(CodeListFilter):
    """INEI codes matched through a many-to-many field, each record listed once.

    A plain join would repeat a record once per matching code; a `pk IN (subquery)`
    keeps one row per record without DISTINCT, so the keyset ordering is untouched.
    """

    def filter(self, queryset: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return queryset
        matching = queryset.model._default_manager.filter(**{f"{self.field_name}__in": value}).values("pk")
        return queryset.filter(pk__in=matching)


def bounding_box_filter(help_text: str) -> BoundingBoxFilter:
    """The shared map-box filter, declared as a string for the OpenAPI schema."""
    return extend_schema_field(OpenApiTypes.STR)(BoundingBoxFilter(help_text=help_text))


def name_contains(queryset: QuerySet, fields: list[str], text: str | None) -> QuerySet:
    """Records one of whose names contains the text, ignoring case and accents (q=junin finds Junín)."""
    if not text:
        return queryset
    wanted = Unaccent(Value(text))
    condition = Q()
    for field in fields:
        condition |= Q(**{f"_unaccented_{field}__icontains": wanted})
    return queryset.annotate(**{f"_unaccented_{field}": Unaccent(F(field)) for field in fields}).filter(condition)


AREA_NAME_FIELDS = ["name", "display_name"]


def region_codes(field_name: str = "region_id") -> CodeListFilter:
    """2-digit INEI region codes, matched against `field_name`."""
    return CodeListFilter(
        field_name=field_name, digits=2, model=Region, help_text="2-digit INEI region codes, comma-separated."
    )


def province_codes(field_name: str = "province_id") -> CodeListFilter:
    """4-digit INEI province codes, matched against `field_name`."""
    return CodeListFilter(
        field_name=field_name, digits=4, model=Province, help_text="4-digit INEI province codes, comma-separated."
    )


def district_codes(field_name: str = "district_id") -> CodeListFilter:
    """6-digit INEI district codes, matched against `field_name`."""
    return CodeListFilter(
        field_name=field_name, digits=6, model=District, help_text="6-digit INEI district codes, comma-separated."
    )


class PlacedFilterSet(django_filters.FilterSet):
    """region, province and district filters for records with a place (`regions.places.PlacedModel`)."""

    region = region_codes()
    province = province_codes()
    district = district_codes()


def _search_area_names(queryset: QuerySet, name: str, value: str | None) -> QuerySet:
    return name_contains(queryset, AREA_NAME_FIELDS, value)


def area_name_search() -> SearchTextFilter:
    return SearchTextFilter(method=_search_area_names, help_text="Part of the name; accents and case are ignored.")


class RegionFilterSet(django_filters.FilterSet):
    q = area_name_search()
    updated_since = updated_since()

    class Meta:
        model = Region
        fields = []


class ProvinceFilterSet(django_filters.FilterSet):
    region = region_codes()
    q = area_name_search()
    updated_since = updated_since()

    class Meta:
        model = Province
        fields = []


class DistrictFilterSet(django_filters.FilterSet):
    region = region_codes("province__region_id")
    province = province_codes()
    q = area_name_search()
    updated_since = updated_since()

    class Meta:
        model = District
        fields = []


class ProtectedAreaFilterSet(django_filters.FilterSet):
    category = ChoiceInFilter(choices=ProtectedAreaCategory.choices, help_text="SERNANP category codes.")
    region = RelatedCodeListFilter(
        field_name="regions", digits=2, model=Region, help_text="2-digit INEI region codes the area extends into."
    )
    q = SearchTextFilter(fields=["name", "notes"], help_text="Words of the name or notes; accents optional.")
    updated_since = updated_since()

    class Meta:
        model = ProtectedArea
        fields = []


MINING_SITE_SEARCH_FIELDS = ["name", "location_name", "notes"]


class MiningSiteFilterSet(PlacedFilterSet):
    kind = ChoiceInFilter(choices=SiteKind.choices, help_text="Site kind codes.")
    legal_status = ChoiceInFilter(choices=SiteLegalStatus.choices, help_text="Legal status codes.")
    protected_area = NumberInFilter(field_name="protected_area_id", help_text="Protected area ids, comma-separated.")
    q = SearchTextFilter(
        fields=MINING_SITE_SEARCH_FIELDS, help_text="Spanish full-text search over name, place and notes."
    )
    bbox = bounding_box_filter("min_lon,min_lat,max_lon,max_lat; only sites with coordinates match.")
    updated_since = updated_since()

    class Meta:
        model = MiningSite
        fields = []
