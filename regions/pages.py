"""The place drop-downs of every list page's filter form."""

from django.utils.translation import gettext_lazy as _

from core.pages import FilterField, Options, field_errors, raw_value, select_field
from regions.models import District, Province, Region


def place_fields(filterset) -> list[FilterField]:
    """Region, province and district as drop-downs, each narrowed by the coarser one chosen.

    Provinces are those of the chosen region (all of them, by region, when none is
    chosen); districts those of the chosen province, or of the chosen region. At most
    three queries, whatever the number of rows listed.
    """
    region, province = raw_value(filterset, "region"), raw_value(filterset, "province")
    region_options = list(Region.objects.order_by("display_name").values_list("code", "display_name"))

    provinces = Province.objects.select_related("region").order_by("region__display_name", "display_name")
    if len(region) == 2:
        provinces = provinces.filter(region_id=region)
    province_groups: dict[str, Options] = {}
    for item in provinces:
        province_groups.setdefault(item.region.display_name, []).append((item.code, item.display_name))

    district_groups: dict[str, Options] = {}
    district_help = ""
    chosen_area = province if len(province) == 4 else region if len(region) == 2 else ""
    if chosen_area:
        districts = District.objects.filter(code__startswith=chosen_area).select_related("province")
        for item in districts.order_by("province__display_name", "display_name"):
            district_groups.setdefault(item.province.display_name, []).append((item.code, item.display_name))
    else:
        district_help = _("Choose a region or a province and apply the filters to list its districts.")

    def grouped(name: str, label, groups: dict[str, Options], empty_label, help_text="") -> FilterField:
        value = raw_value(filterset, name)
        listed = {code for options in groups.values() for code, _label in options}
        choices = [(group, options) for group, options in groups.items()]
        if value and value not in listed:
            choices.append((None, [(value, value)]))
        return FilterField(
            name,
            label,
            value,
            widget="select",
            groups=choices,
            empty_label=empty_label,
            help_text=help_text,
            errors=field_errors(filterset, name),
        )

    return [
        select_field(filterset, "region", _("Region"), region_options, _("All regions")),
        grouped("province", _("Province"), province_groups, _("All provinces")),
        grouped("district", _("District"), district_groups, _("All districts"), district_help),
    ]
