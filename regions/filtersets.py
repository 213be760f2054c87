"""The one FilterSet per regions-app model, shared by the API and the pages."""

import django_filters
from django.db.models import F, Q, QuerySet, Value
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.api.filters import (
    BoundingBoxFilter,
    CodeListFilter,
    PlaceFilterMixin,
    SearchTextFilter,
    Unaccent,
    updated_since,
)
from regions.choices import ProtectedAreaCategory, SiteKind, SiteLegalStatus
from regions.models import District, MiningSite, ProtectedArea, Province, Region


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Comma-separated codes, each one of the field's choices."""


class NumberInFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    """Comma-separated whole numbers."""


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
    return CodeListFilter(
        field_name=field_name, digits=2, model=Region, help_text="2-digit INEI region codes, comma-separated."
    )


def province_codes(field_name: str = "province_id") -> CodeListFilter:
    return CodeListFilter(
        field_name=field_name, digits=4, model=Province, help_text="4-digit INEI province codes, comma-separated."
    )


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


class MiningSiteFilterSet(PlaceFilterMixin):
    region, province, district = PlaceFilterMixin.place_filters().values()
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
