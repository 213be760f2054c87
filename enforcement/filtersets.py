"""The one FilterSet per enforcement-app model, shared by the API and the pages."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field

from core.api.filters import (
    ChoiceInFilter,
    SearchTextFilter,
    VisibleInFilter,
    overlapping_dates,
    updated_since,
)
from enforcement.choices import Agency, OperationKind, ReinfoStatus
from enforcement.models import EnforcementOperation, OperationReport, ReinfoRecord, ReinfoSnapshot
from enforcement.validators import ruc_problem
from regions.filtersets import (
    CodeListFilter,
    PlacedFilterSet,
    RelatedCodeListFilter,
    bounding_box_filter,
    district_codes,
)
from regions.models import MiningSite, Province, Region

AGENCY_HELP = "Agency codes, comma-separated; records naming any of them match."


def agency_filter() -> ChoiceInFilter:
    """Comma-separated agency codes; a record matches when any of its agencies is among them."""
    agency = ChoiceInFilter(field_name="agencies", lookup_expr="overlap", choices=Agency.choices, help_text=AGENCY_HELP)
    # Described as one code per item: left to itself the schema would take the array field for the item.
    return extend_schema_field({"type": "string", "enum": list(Agency.values), "description": AGENCY_HELP})(agency)


class RucField(forms.CharField):
    """A RUC: 11 digits with a valid prefix and check digit."""

    def clean(self, value: str | None) -> str | None:
        value = super().clean(value)
        if not value:
            return None
        value = value.strip()
        problem = ruc_problem(value)
        if problem:
            raise ValidationError(problem)
        return value


class RucFilter(django_filters.Filter):
    field_class = RucField


class DistrictCodePrefixFilter(CodeListFilter):
    """Region or province codes matched as the start of the record's district code.

    A district's INEI code begins with its province's code, which begins with its
    region's; a record with only a district is found by region without a join.
    """

    def filter(self, queryset: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return queryset
        condition = Q()
        for code in value:
            condition |= Q(**{f"{self.field_name}__startswith": code})
        return queryset.filter(condition)


OPERATION_SEARCH_FIELDS = ["title", "description", "location_name"]


class EnforcementOperationFilterSet(PlacedFilterSet):
    """Filters for operations: place, time, agency, kind, target site, text and map box."""

    date_from, date_to = overlapping_dates().values()
    updated_since = updated_since()
    agency = agency_filter()
    kind = ChoiceInFilter(choices=OperationKind.choices, help_text="Operation kind codes, comma-separated.")
    site = VisibleInFilter(
        field_name="target_site_id",
        related=MiningSite,
        path="target_site",
        help_text="Target mining site ids, comma-separated.",
    )
    q = SearchTextFilter(
        fields=OPERATION_SEARCH_FIELDS, help_text="Spanish full-text search over title, description and place."
    )
    bbox = bounding_box_filter("min_lon,min_lat,max_lon,max_lat; only operations with coordinates match.")

    class Meta:
        model = EnforcementOperation
        fields = []


class OperationReportFilterSet(django_filters.FilterSet):
    date_from, date_to = overlapping_dates().values()
    updated_since = updated_since()
    agency = agency_filter()
    region = RelatedCodeListFilter(
        field_name="regions", digits=2, model=Region, help_text="2-digit INEI codes of regions the report covers."
    )

    class Meta:
        model = OperationReport
        fields = []


class ReinfoRecordFilterSet(django_filters.FilterSet):
    """Filters for REINFO records; the place is the record's district, found by code prefix."""

    ruc = RucFilter(help_text="The declarant's RUC: 11 digits with a valid check digit.")
    codigo_unico = django_filters.CharFilter(max_length=30, help_text="The mining right's código único, exactly.")
    status = ChoiceInFilter(choices=ReinfoStatus.choices, help_text="REINFO status codes, comma-separated.")
    region = DistrictCodePrefixFilter(
        field_name="district__code", digits=2, model=Region, help_text="2-digit INEI region codes, comma-separated."
    )
    province = DistrictCodePrefixFilter(
        field_name="district__code", digits=4, model=Province, help_text="4-digit INEI province codes."
    )
    district = district_codes()
    q = SearchTextFilter(
        fields=["declarant_name", "mining_right_name"], help_text="Words of the declarant's or the mining right's name."
    )
    updated_since = updated_since()

    class Meta:
        model = ReinfoRecord
        fields = []


class ReinfoSnapshotFilterSet(django_filters.FilterSet):
    updated_since = updated_since()

    class Meta:
        model = ReinfoSnapshot
        fields = []
