"""The list-page helpers every record list shares: core.pages' fields and regions.pages' place drop-downs."""

import pytest
from django.http import QueryDict

from core.pages import choice_field, filter_query, keep_unlisted, select_field, split_codes, without_empty_values
from incidents.choices import IncidentType
from regions.filtersets import MiningSiteFilterSet
from regions.models import MiningSite
from regions.pages import normalized_query, place_fields

pytestmark = pytest.mark.django_db


def bound(query: str) -> MiningSiteFilterSet:
    """A FilterSet bound to a query string, as a list page binds it, already validated."""
    filterset = MiningSiteFilterSet(data=QueryDict(query), queryset=MiningSite.objects.all())
    filterset.is_valid()
    return filterset


def codes(field) -> list[str]:
    return [code for _group, options in field.groups for code, _label in options]


def fields_by_name(query: str, **options) -> dict:
    return {field.name: field for field in place_fields(bound(query), **options)}


# core.pages -------------------------------------------------------------------------------------


def test_split_codes_keeps_only_well_formed_codes() -> None:
    assert split_codes("13, 17,1,abcd,170", 2) == ["13", "17"]
    assert split_codes("", 4) == []
    assert split_codes(None, 6) == []


def test_an_unlisted_value_is_offered_first_named_by_its_codes_labels() -> None:
    groups = [(None, [("13", "La Libertad"), ("17", "Madre de Dios")])]
    assert keep_unlisted("13,17", groups)[0] == (None, [("13,17", "La Libertad, Madre de Dios")])
    assert keep_unlisted("13,99", groups)[0] == (None, [("13,99", "La Libertad, 99")])
    assert keep_unlisted("17", groups) == groups
    assert keep_unlisted("", groups) == groups


def test_a_select_shows_back_the_value_given_and_its_errors() -> None:
    field = select_field(bound("region=99"), "region", "Region", [("13", "La Libertad")], "All regions")
    assert field.value == "99"
    assert codes(field) == ["99", "13"]
    assert field.errors == ["No region has the code 99."]


def test_a_choice_field_capitalises_each_label_as_a_menu_item() -> None:
    field = choice_field(bound(""), "type", "Type", IncidentType.choices, "All types")
    labels = [label for _group, options in field.groups for _code, label in options]
    assert labels and all(label[0] == label[0].upper() for label in labels)


def test_export_filters_keep_the_urls_order_and_leave_out_empty_and_unknown_parameters() -> None:
    data = QueryDict("kind=camp&page=2&q=&region=17&sort=-name")
    assert filter_query(["region", "kind", "q"], data).urlencode() == "kind=camp&region=17"


def test_empty_fields_of_a_plain_form_leave_the_query() -> None:
    assert without_empty_values(QueryDict("region=13&province=&q=%20&sort=title")).urlencode() == "region=13&sort=title"


# regions.pages ----------------------------------------------------------------------------------


def normalized(query: str) -> str:
    return normalized_query(QueryDict(query)).urlencode()


def test_a_province_or_district_outside_the_chosen_places_leaves_the_query() -> None:
    assert normalized("region=13&province=1701&district=170101") == "region=13"
    assert normalized("region=17&province=1701&district=130801") == "region=17&province=1701"
    assert normalized("region=13,17&province=1701") == "region=13%2C17&province=1701"


def test_a_plain_form_offers_every_province_and_the_districts_of_the_chosen_region() -> None:
    unchosen = fields_by_name("")
    assert {code[:2] for code in codes(unchosen["province"])} >= {"13", "17"}
    assert codes(unchosen["district"]) == []
    assert "apply the filters" in unchosen["district"].help_text
    chosen = fields_by_name("region=17")
    assert {code[:2] for code in codes(chosen["province"])} == {"17"}
    assert "170101" in codes(chosen["district"]) and {code[:2] for code in codes(chosen["district"])} == {"17"}
    assert not chosen["province"].disabled and not chosen["district"].disabled


def test_a_stepwise_form_makes_provinces_wait_for_a_region_and_districts_for_a_province() -> None:
    unchosen = fields_by_name("", stepwise=True)
    assert unchosen["province"].disabled and unchosen["province"].help_text == "Choose a region first."
    assert unchosen["district"].disabled and unchosen["district"].help_text == "Choose a province first."
    region = fields_by_name("region=17", stepwise=True)
    assert "1701" in codes(region["province"]) and not region["province"].disabled
    assert region["district"].disabled
    province = fields_by_name("region=17&province=1701", stepwise=True)
    assert {code[:4] for code in codes(province["district"])} == {"1701"}


def test_several_regions_offer_the_provinces_of_each_grouped_by_region() -> None:
    fields = fields_by_name("region=13,17", stepwise=True)
    assert fields["region"].value == "13,17"
    assert codes(fields["region"])[0] == "13,17"
    assert [group for group, _options in fields["province"].groups] == ["La Libertad", "Madre de Dios"]


def test_a_district_given_alone_shows_among_its_neighbours_on_a_stepwise_form() -> None:
    fields = fields_by_name("district=170101", stepwise=True)
    assert "1701" in codes(fields["province"])
    assert "170101" in codes(fields["district"]) and "170102" in codes(fields["district"])


def test_the_place_selects_cost_at_most_three_queries(django_assert_max_num_queries) -> None:
    filterset = bound("region=13,17&province=1701")
    with django_assert_max_num_queries(3):
        place_fields(filterset)
    with django_assert_max_num_queries(3):
        place_fields(filterset, stepwise=True)


def test_a_change_of_region_resets_province_and_district_and_a_live_form_refreshes_them() -> None:
    fields = fields_by_name("region=17")
    assert fields["region"].resets == ("province", "district")
    assert fields["province"].resets == ("district",)
    assert [name for name, field in fields.items() if field.refreshed] == ["province", "district"]
