"""The database refuses places that do not hold together; model validation explains why."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.choices import PlacePrecision
from regions.choices import SiteKind
from regions.models import District, MiningSite, Province

pytestmark = pytest.mark.django_db


@contextmanager
def refused_by(constraint: str) -> Iterator[None]:
    """The block must fail with an IntegrityError naming the constraint; the test's transaction survives."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    assert constraint in str(caught.value)


def create_site(**fields: object) -> MiningSite:
    return MiningSite.objects.create(**{"name": "Test site", "kind": SiteKind.CAMP, **fields})


# Provinces and districts


def test_a_province_code_must_start_with_its_region_code() -> None:
    with refused_by("province_code_starts_with_region"):
        Province.objects.create(code="1399", region_id="17", name="FALSA", display_name="Falsa")
    assert not Province.objects.filter(code="1399").exists()


def test_a_province_whose_code_starts_with_its_region_code_is_accepted() -> None:
    Province.objects.create(code="1799", region_id="17", name="NUEVA", display_name="Nueva")
    assert Province.objects.get(code="1799").region_id == "17"


def test_a_district_code_must_start_with_its_province_code() -> None:
    with refused_by("district_code_starts_with_province"):
        District.objects.create(code="170199", province_id="1308", name="FALSO", display_name="Falso")
    assert not District.objects.filter(code="170199").exists()


def test_a_district_code_must_have_six_digits() -> None:
    with refused_by("district_code_six_digits"):
        District.objects.create(code="17019", province_id="1701", name="CORTO", display_name="Corto")


# Mining sites: place levels and precision


def test_a_site_at_district_level_in_its_province_and_region_is_accepted() -> None:
    site = create_site(
        region_id="17", province_id="1701", district_id="170101", place_precision=PlacePrecision.DISTRICT
    )
    assert site.finest_place.code == "170101"


def test_a_site_province_must_lie_in_its_region() -> None:
    with refused_by("mining_site_province_in_region"):
        create_site(region_id="13", province_id="1701", place_precision=PlacePrecision.PROVINCE)


def test_a_site_district_must_lie_in_its_province() -> None:
    with refused_by("mining_site_district_in_province"):
        create_site(region_id="17", province_id="1701", district_id="130809", place_precision=PlacePrecision.DISTRICT)


def test_a_site_known_only_at_region_level_names_no_province() -> None:
    with refused_by("mining_site_region_precision_names_no_finer_place"):
        create_site(region_id="17", province_id="1701", place_precision=PlacePrecision.REGION)


def test_a_site_known_at_province_level_needs_its_province() -> None:
    with refused_by("mining_site_province_precision_names_province_only"):
        create_site(region_id="17", place_precision=PlacePrecision.PROVINCE)


def test_a_site_known_at_province_level_names_no_district() -> None:
    with refused_by("mining_site_province_precision_names_province_only"):
        create_site(region_id="17", province_id="1701", district_id="170101", place_precision=PlacePrecision.PROVINCE)


def test_a_site_known_at_district_level_needs_its_district() -> None:
    with refused_by("mining_site_district_precision_names_district"):
        create_site(region_id="17", province_id="1701", place_precision=PlacePrecision.DISTRICT)


def test_a_site_at_an_exact_place_needs_coordinates() -> None:
    with refused_by("mining_site_point_precision_has_coordinates"):
        create_site(region_id="17", place_precision=PlacePrecision.EXACT)


def test_a_site_near_a_named_place_needs_coordinates() -> None:
    with refused_by("mining_site_point_precision_has_coordinates"):
        create_site(region_id="17", place_precision=PlacePrecision.NEAR)


def test_a_site_latitude_must_lie_in_peru() -> None:
    with refused_by("mining_site_latitude_in_peru"):
        create_site(region_id="17", latitude=Decimal("40.0"), longitude=Decimal("-70.0"))


def test_a_site_longitude_must_lie_in_peru() -> None:
    with refused_by("mining_site_longitude_in_peru"):
        create_site(region_id="17", latitude=Decimal("-12.6"), longitude=Decimal("-60.0"))


def test_a_site_with_a_latitude_needs_a_longitude() -> None:
    with refused_by("mining_site_coordinates_paired"):
        create_site(region_id="17", latitude=Decimal("-12.6"))


def test_a_site_at_an_exact_place_in_peru_is_accepted() -> None:
    site = create_site(
        region_id="17", place_precision=PlacePrecision.EXACT, latitude=Decimal("-12.6"), longitude=Decimal("-69.2")
    )
    site.refresh_from_db()
    assert (site.latitude, site.longitude) == (Decimal("-12.600000"), Decimal("-69.200000"))


# Mining sites: validation before saving


def test_cleaning_a_site_given_only_its_district_fills_its_province_and_region() -> None:
    site = MiningSite(name="Tambopata camp", kind=SiteKind.CAMP, place_precision=PlacePrecision.DISTRICT)
    site.district_id = "170101"

    site.full_clean()

    assert (site.region_id, site.province_id, site.district_id) == ("17", "1701", "170101")


def test_the_model_clean_step_fills_the_province_and_region_from_the_district() -> None:
    site = MiningSite(name="Tambopata camp", kind=SiteKind.CAMP, place_precision=PlacePrecision.DISTRICT)
    site.district_id = "170101"

    site.clean()

    assert (site.region_id, site.province_id) == ("17", "1701")


def test_cleaning_a_site_whose_district_is_not_in_its_province_names_the_district() -> None:
    site = MiningSite(
        name="Misplaced",
        kind=SiteKind.CAMP,
        place_precision=PlacePrecision.DISTRICT,
        region_id="17",
        province_id="1701",
    )
    site.district_id = "130809"

    with pytest.raises(ValidationError) as caught:
        site.full_clean()

    assert caught.value.message_dict["district"] == ["The district is not in the province."]


def test_cleaning_a_site_whose_province_is_not_in_its_region_names_the_province() -> None:
    site = MiningSite(name="Misplaced", kind=SiteKind.CAMP, place_precision=PlacePrecision.PROVINCE, region_id="13")
    site.province_id = "1701"

    with pytest.raises(ValidationError) as caught:
        site.full_clean()

    assert caught.value.message_dict["province"] == ["The province is not in the region."]


def test_cleaning_a_site_whose_district_lies_in_another_region_refuses_instead_of_moving_it() -> None:
    site = MiningSite(name="Misplaced", kind=SiteKind.CAMP, place_precision=PlacePrecision.DISTRICT, region_id="13")
    site.district_id = "170101"

    with pytest.raises(ValidationError) as caught:
        site.full_clean()

    assert caught.value.message_dict["district"] == ["The district is not in the region."]
    assert site.region_id == "13"


def test_cleaning_a_site_with_a_latitude_outside_peru_names_the_latitude() -> None:
    site = MiningSite(
        name="Far away", kind=SiteKind.CAMP, region_id="17", latitude=Decimal("40"), longitude=Decimal("-70")
    )

    with pytest.raises(ValidationError) as caught:
        site.full_clean()

    assert caught.value.message_dict["latitude"] == ["Latitude lies outside Peru."]
    assert "longitude" not in caught.value.message_dict


def test_cleaning_a_site_with_only_a_latitude_asks_for_the_longitude() -> None:
    site = MiningSite(name="Half a point", kind=SiteKind.CAMP, region_id="17", latitude=Decimal("-12.6"))

    with pytest.raises(ValidationError) as caught:
        site.full_clean()

    assert caught.value.message_dict["longitude"] == ["Give both latitude and longitude, or neither."]


def test_cleaning_a_site_at_province_level_without_a_province_explains_the_precision() -> None:
    site = MiningSite(name="Vague", kind=SiteKind.CAMP, region_id="17", place_precision=PlacePrecision.PROVINCE)

    with pytest.raises(ValidationError) as caught:
        site.full_clean()

    assert caught.value.message_dict["place_precision"] == [
        "A place known at province level needs its province and no district."
    ]


# Context figures
