"""API v1 endpoints for Peru's geography (reference data), protected areas and mining sites."""

from core.api.exports import PLACE_COLUMNS, UPDATED_AT_COLUMN, Column, attribute_columns, join_names
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

AREA_COLUMNS = attribute_columns("code", "name", "display_name", "capital", "latitude", "longitude", "area_km2")


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
    csv_columns = [*AREA_COLUMNS, *attribute_columns("iso_code"), UPDATED_AT_COLUMN]
    export_name = "veta-regions"


class ProvinceViewSet(AreaViewSet):
    """Provinces with their region."""

    queryset = Province.objects.select_related("region")
    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilterSet
    csv_columns = [
        *AREA_COLUMNS,
        ("region_code", lambda province: province.region_id),
        ("region", lambda province: province.region.display_name),
        UPDATED_AT_COLUMN,
    ]
    export_name = "veta-provinces"


class DistrictViewSet(AreaViewSet):
    """Districts with their province and region."""

    queryset = District.objects.select_related("province__region")
    serializer_class = DistrictSerializer
    filterset_class = DistrictFilterSet
    csv_columns = [
        *AREA_COLUMNS,
        ("province_code", lambda district: district.province_id),
        ("province", lambda district: district.province.display_name),
        ("region_code", lambda district: district.province.region_id),
        ("region", lambda district: district.province.region.display_name),
        UPDATED_AT_COLUMN,
    ]
    export_name = "veta-districts"


class ProtectedAreaViewSet(VetaViewSet):
    """Natural protected areas (SERNANP) and the regions they extend into."""

    queryset = ProtectedArea.objects.prefetch_related("regions")
    serializer_class = ProtectedAreaSerializer
    filterset_class = ProtectedAreaFilterSet
    ordering_fields = both_directions("id", "name", "updated_at")
    csv_columns = [
        *attribute_columns("id", "name", "category", "hectares"),
        ("region_codes", lambda area: [region.code for region in area.regions.all()]),
        ("regions", lambda area: join_names(area.regions.all())),
        *attribute_columns("notes"),
        UPDATED_AT_COLUMN,
    ]
    export_name = "veta-protected-areas"


MINING_SITE_CSV_COLUMNS: list[Column] = [
    *attribute_columns("id", "name", "aliases", "kind", "legal_status", "status"),
    ("protected_area_id", lambda site: site.protected_area_id),
    ("protected_area", lambda site: site.protected_area.name if site.protected_area else ""),
    *PLACE_COLUMNS,
    *attribute_columns("place_precision", "location_name", "latitude", "longitude", "notes"),
    UPDATED_AT_COLUMN,
]


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
