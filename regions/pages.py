"""The place drop-downs of every list page's filter form, and the URL's place filters kept coherent.

Region, province and district filters take one INEI code or several, comma-separated
("13,17"); the drop-downs offer the places under every code chosen.
"""

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.pages import (
    FilterField,
    OptionGroups,
    grouped_select_field,
    raw_value,
    select_field,
    split_codes,
    without_empty_values,
)
from regions.models import District, Province, Region


def normalized_query(query: QueryDict) -> QueryDict:
    """The query without empty values, and without provinces or districts outside the chosen places.

    A plain GET form sends every field, filled or not; and after a reader picks another
    region, the province and district chosen before no longer belong to it. Both are
    dropped, so the URL a reader shares says only what the filter is.
    """
    result = without_empty_values(query)
    regions = split_codes(result.get("region"), 2)
    provinces = split_codes(result.get("province"), 4)
    if regions and provinces and all(code[:2] not in regions for code in provinces):
        result.pop("province", None)
        provinces = []
    districts = split_codes(result.get("district"), 6)
    outside = (provinces and all(code[:4] not in provinces for code in districts)) or (
        regions and all(code[:2] not in regions for code in districts)
    )
    if districts and outside:
        result.pop("district", None)
    return result


def grouped_by(places: QuerySet, parent: str) -> OptionGroups:
    """Places as options grouped under their parent's name, in the queryset's order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for place in places:
        groups.setdefault(getattr(place, parent).display_name, []).append((place.code, place.display_name))
    return list(groups.items())


def place_fields(filterset, *, stepwise: bool = False, group: str = "") -> list[FilterField]:
    """Region, province and district as drop-downs, each narrowed by the coarser ones chosen.

    Every region is offered. A plain record list, whose reader applies the form once,
    offers every province until regions are chosen, and the districts of the chosen
    provinces or regions. A `stepwise` form keeps each select short, for a reader it
    answers field by field: provinces wait for a region, districts for a province (a code
    given alone in the URL still shows among its neighbours). At most three queries,
    whatever the number of rows listed.
    """
    regions = split_codes(raw_value(filterset, "region"), 2)
    provinces = split_codes(raw_value(filterset, "province"), 4)
    districts = split_codes(raw_value(filterset, "district"), 6)
    region_options = list(Region.objects.order_by("display_name").values_list("code", "display_name"))

    province_regions = regions or (sorted({code[:2] for code in provinces + districts}) if stepwise else [])
    district_provinces = provinces or (sorted({code[:4] for code in districts}) if stepwise else [])
    district_regions = [] if stepwise else regions

    province_groups: OptionGroups = []
    if province_regions or not stepwise:
        found = Province.objects.select_related("region").order_by("region__display_name", "display_name")
        if province_regions:
            found = found.filter(region_id__in=province_regions)
        province_groups = grouped_by(found, "region")

    district_groups: OptionGroups = []
    if district_provinces or district_regions:
        found = District.objects.select_related("province").order_by("province__display_name", "display_name")
        if district_provinces:
            found = found.filter(province_id__in=district_provinces)
        else:
            found = found.filter(province__region_id__in=district_regions)
        district_groups = grouped_by(found, "province")

    region = select_field(
        filterset, "region", _("Region"), region_options, _("All regions"), group=group, resets=("province", "district")
    )
    province = grouped_select_field(
        filterset,
        "province",
        _("Province"),
        province_groups,
        _("All provinces"),
        group=group,
        resets=("district",),
        refreshed=True,
    )
    district = grouped_select_field(
        filterset, "district", _("District"), district_groups, _("All districts"), group=group, refreshed=True
    )
    if stepwise:
        # A select with nothing to offer waits, saying for what.
        for waiting, help_text in ((province, _("Choose a region first.")), (district, _("Choose a province first."))):
            if not waiting.groups:
                waiting.disabled, waiting.help_text = True, help_text
    elif not district.groups:
        district.help_text = _("Choose a region or a province and apply the filters to list its districts.")
    return [region, province, district]
