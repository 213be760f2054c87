"""Loading Peru's regions, provinces and districts from the INEI ubigeo files."""

import csv
import functools
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from regions.models import District, Province, Region

UBIGEO_DIR = Path(__file__).resolve().parent / "data" / "ubigeo"

# The district file gives no INEI code for San Antonio (Mariscal Nieto, Moquegua), created
# in 2021; INEI numbers it 180107, after Mariscal Nieto's six older districts (its RENIEC
# code, 170107, follows the same order).
MISSING_DISTRICT_CODES = {("MOQUEGUA", "MARISCAL NIETO", "SAN ANTONIO"): "180107"}

# Names as people write them, with their accents, from a licensed list (`nombres.csv`,
# see data/ubigeo/README.md). Where that list cuts a name short, the INEI file's spelling
# (which has no accent to lose) is kept in full.
NAMES_FILE = "nombres.csv"
NAME_CORRECTIONS = {"060506": "Santa Cruz de Toledo"}


def strip_accents(text: str) -> str:
    """'Junín' -> 'Junin'; keeps ñ, which is a letter of its own in Spanish."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = []
    for index, char in enumerate(decomposed):
        if unicodedata.category(char) == "Mn" and not (char == "\u0303" and decomposed[index - 1] in "nN"):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


class OfficialNames:
    """The accented name of each region, province and district, by INEI code.

    A code the list lacks (the INEI file still numbers a few districts as before a
    province was split) takes the name the list gives the same accentless name in the
    same region; failing that, the INEI file's own upper-case name is shown unchanged,
    never a guess.
    """

    def __init__(self, rows: list[dict[str, str]]):
        self.by_code = {row["inei"]: NAME_CORRECTIONS.get(row["inei"], row["nombre"].strip()) for row in rows}
        self.by_region_and_name = {
            (code[:2], len(code), strip_accents(name).upper()): name for code, name in self.by_code.items()
        }

    def display_name(self, code: str, upper_name: str) -> str:
        if code in self.by_code:
            return self.by_code[code]
        return self.by_region_and_name.get((code[:2], len(code), upper_name), upper_name)


class GeographyFileError(Exception):
    """A reference file has a row Veta cannot load."""


@dataclass
class GeographyCounts:
    regions: int
    provinces: int
    districts: int
    changed: int


def read_rows(file_name: str) -> list[dict[str, str]]:
    with open(UBIGEO_DIR / file_name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def reference_codes() -> frozenset[str]:
    """Every region, province and district code of the INEI files Veta ships (2, 4 and 6 digits).

    The files are part of the code, so the set never changes while a process runs: a place
    filter takes a code from it without asking the database.
    """
    codes = {row["inei"][:2] for row in read_rows("departamento.csv")}
    codes |= {row["inei"][:4] for row in read_rows("provincia.csv")}
    codes |= {row["inei"] for row in read_rows("distrito.csv") if row["inei"] not in MISSING_VALUES}
    return frozenset(codes | set(MISSING_DISTRICT_CODES.values()))


# How the files mark a value they do not have (recently created districts lack some).
MISSING_VALUES = {"", "NA", "S.I."}


def _decimal(value: str, places: str) -> Decimal | None:
    return None if value.strip() in MISSING_VALUES else Decimal(value).quantize(Decimal(places))


def _common(row: dict[str, str], name: str, display: str) -> dict:
    return {
        "name": name,
        "display_name": display,
        "capital": "" if row["capital"] in MISSING_VALUES else row["capital"],
        "latitude": _decimal(row["latitude"], "0.000001"),
        "longitude": _decimal(row["longitude"], "0.000001"),
        "area_km2": _decimal(row["superficie"], "0.01"),
    }


def _upsert(model, objects: list) -> int:
    """Insert new rows and update changed ones; return how many rows differed."""
    fields = [
        field for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in ("created_at", "updated_at")
    ]  # fmt: skip
    existing = {obj.pk: obj for obj in model.objects.all()}

    def differs(obj) -> bool:
        old = existing.get(obj.pk)
        return old is None or any(getattr(obj, field.attname) != getattr(old, field.attname) for field in fields)

    changed = [obj for obj in objects if differs(obj)]
    if changed:
        model.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[field.name for field in fields] + ["updated_at"],
        )
    return len(changed)


@transaction.atomic
def load_geography() -> GeographyCounts:
    """Create or update every region, province and district; unchanged rows are left alone."""
    region_rows = read_rows("departamento.csv")
    province_rows = read_rows("provincia.csv")
    district_rows = read_rows("distrito.csv")
    names = OfficialNames(read_rows(NAMES_FILE))

    regions = [
        Region(
            code=row["inei"][:2],
            iso_code=row["iso_3166_2"],
            **_common(row, row["departamento"], names.display_name(row["inei"][:2], row["departamento"])),
        )
        for row in region_rows
    ]
    provinces = [
        Province(
            code=row["inei"][:4],
            region_id=row["inei"][:2],
            **_common(row, row["provincia"], names.display_name(row["inei"][:4], row["provincia"])),
        )
        for row in province_rows
    ]
    districts = []
    for line, row in enumerate(district_rows, start=2):
        code = row["inei"]
        if code in MISSING_VALUES:
            key = (row["departamento"], row["provincia"], row["distrito"])
            if key not in MISSING_DISTRICT_CODES:
                raise GeographyFileError(f"distrito.csv line {line}: inei: no code for the district {key}.")
            code = MISSING_DISTRICT_CODES[key]
        districts.append(
            District(
                code=code,
                province_id=code[:4],
                **_common(row, row["distrito"], names.display_name(code, row["distrito"])),
            )
        )
    changed = _upsert(Region, regions) + _upsert(Province, provinces) + _upsert(District, districts)
    return GeographyCounts(len(regions), len(provinces), len(districts), changed)
