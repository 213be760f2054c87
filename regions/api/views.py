"""API v1 endpoints for Peru's geography (reference data), protected areas and mining sites."""

from core.api.csv_layout import PLACE_COLUMNS, UPDATED_AT_COLUMN, CsvLayout, Joined, Text, model_columns
from core.api.filters import published_or_visible
from core.api.views import VetaViewSet, both_directions
from core.moderation_api import ModerationActionMixin
from regions.api.serializers import (
    DistrictSerializer,
    MiningSiteSerializer,
    ProtectedAreaSerializer,
    ProvinceSerializer,
    RegionSerializer,
)
from regions.filtersets import (
    DistrictFilterSet,
    MiningSiteFilterSet,
    ProtectedAreaFilterSet,
    ProvinceFilterSet,
    RegionFilterSet,
)
from regions.models import District, MiningSite, ProtectedArea, Province, Region

AREA_FIELDS = ("code", "name", "display_name", "capital", "latitude", "longitude", "area_km2")


class AreaViewSet(VetaViewSet):
    """Shared settings of the INEI areas: looked up and ordered by code."""

    lookup_field = "code"
    ordering_fields = both_directions("code", "updated_at")
    default_ordering = "code"


class RegionViewSet(AreaViewSet):
    """Peru's 25 regions (departamentos) and their INEI codes."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    csv_columns = CsvLayout([*model_columns(Region, *AREA_FIELDS, "iso_code"), UPDATED_AT_COLUMN])
    export_name = "veta-regions"


class ProvinceViewSet(AreaViewSet):
    """Provinces with their region."""

    queryset = Province.objects.select_related("region")
    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilterSet
    csv_columns = CsvLayout(
        [
            *model_columns(Province, *AREA_FIELDS),
            Text("region_code", "region_id"),
            Text("region", "region__display_name"),
            UPDATED_AT_COLUMN,
        ]
    )
    export_name = "veta-provinces"


class DistrictViewSet(AreaViewSet):
    """Districts with their province and region."""

    queryset = District.objects.select_related("province__region")
    serializer_class = DistrictSerializer
    filterset_class = DistrictFilterSet
    csv_columns = CsvLayout(
        [
            *model_columns(District, *AREA_FIELDS),
            Text("province_code", "province_id"),
            Text("province", "province__display_name"),
            Text("region_code", "province__region_id"),
            Text("region", "province__region__display_name"),
            UPDATED_AT_COLUMN,
        ]
    )
    export_name = "veta-districts"


class ProtectedAreaViewSet(VetaViewSet):
    """Natural protected areas (SERNANP) and the regions they extend into."""

    queryset = ProtectedArea.objects.prefetch_related("regions")
    serializer_class = ProtectedAreaSerializer
    filterset_class = ProtectedAreaFilterSet
    ordering_fields = both_directions("id", "name", "updated_at")
    csv_columns = CsvLayout(
        [
            *model_columns(ProtectedArea, "id", "name", "category", "hectares"),
            Joined("region_codes", "regions", "code"),
            Joined("regions", "regions", "display_name"),
            *model_columns(ProtectedArea, "notes"),
            UPDATED_AT_COLUMN,
        ]
    )
    export_name = "veta-protected-areas"


MINING_SITE_CSV_COLUMNS = CsvLayout(
    [
        *model_columns(MiningSite, "id", "name", "aliases", "kind", "legal_status", "status", "protected_area_id"),
        Text("protected_area", "protected_area__name"),
        *PLACE_COLUMNS,
        # The place's precision, name and point again, as the first version of this file had them.
        *model_columns(MiningSite, "place_precision", "location_name", "latitude", "longitude", "notes"),
        UPDATED_AT_COLUMN,
    ]
)


def mining_site_geojson_properties(site: MiningSite) -> dict:
    return {
        "name": site.name,
        "aliases": site.aliases,
        "kind": site.kind,
        "legal_status": site.legal_status,
        "protected_area": site.protected_area_id,
        "region": site.region_id,
        "province": site.province_id,
        "district": site.district_id,
        "place_precision": site.place_precision,
        "location_name": site.location_name,
    }


class MiningSiteViewSet(ModerationActionMixin, VetaViewSet):
    """Places where mining happens; drafts are shown only to those who may edit sites."""

    queryset = MiningSite.objects.select_related("region", "province", "district", "protected_area")
    serializer_class = MiningSiteSerializer
    filterset_class = MiningSiteFilterSet
    ordering_fields = both_directions("id", "name", "updated_at")
    csv_columns = MINING_SITE_CSV_COLUMNS
    geojson_properties = staticmethod(mining_site_geojson_properties)
    export_name = "veta-mining-sites"

    def visible(self, queryset):
        return published_or_visible(queryset, self.request.user)
