"""Places an article names, from a gazetteer of Veta's own places.

Every region, province and district (and district capitals such as Puerto Maldonado), every
protected area and mining site (with its other names) is looked up without accents or case.
A name that several places share is settled by the other places the text names, or left at
the coarser level with a note; an incident is never put in a guessed district.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.choices import PlacePrecision
from overview.intake.text import fold
from regions.models import District, MiningSite, ProtectedArea, Province, Region

REGION, PROVINCE, DISTRICT, SITE, AREA = "region", "province", "district", "site", "protected_area"
LEVEL_RANK = {REGION: 0, AREA: 1, PROVINCE: 2, DISTRICT: 3, SITE: 4}
# Other spellings sources use.
ALIASES = {
    "cuzco": ("region", "08"),
    "nasca": ("province", "1103"),
    "huepetue": ("district", "170204"),
    "huepethue": ("district", "170204"),
    "huaypetue": ("district", "170204"),
    "bahuaja sonene": ("protected_area", "Bahuaja-Sonene National Park"),
    "parque nacional bahuaja sonene": ("protected_area", "Bahuaja-Sonene National Park"),
    "reserva nacional tambopata": ("protected_area", "Tambopata National Reserve"),
    "reserva nacional de tambopata": ("protected_area", "Tambopata National Reserve"),
    "tambopata national reserve": ("protected_area", "Tambopata National Reserve"),
}
# Single words that are district names and ordinary words too: read only after "distrito de".
COMMON_WORDS = frozenset(
    [
        "union",
        "independencia",
        "progreso",
        "libertad",
        "paz",
        "esperanza",
        "alto",
        "colonia",
        "santa",
        "sur",
        "norte",
        "bolivar",
        "mariscal",
        "vice",
        "pampas",
        "chavin",
        "huaros",
        "jesus",
        "maria",
        "carmen",
        "rosa",
        "victoria",
        "la",
        "el",
        "los",
        "las",
        "san",
        "mala",
        "yauca",
        "comas",
        "ocros",
        "sama",
        "ilo",
        "ite",
        "mayo",
        "junio",
        "pampa",
        "nuevo",
        "pueblo",
        "capitan",
        "quinua",
        "marca",
        "punta",
    ]
)
FOREIGN = {
    "colombia": "Colombia",
    "ecuador": "Ecuador",
    "bolivia": "Bolivia",
    "brasil": "Brazil",
    "brazil": "Brazil",
    "venezuela": "Venezuela",
    "chile": "Chile",
    "argentina": "Argentina",
    "mexico": "Mexico",
    "guyana": "Guyana",
    "surinam": "Suriname",
    "suriname": "Suriname",
    "ghana": "Ghana",
    "honduras": "Honduras",
    "guatemala": "Guatemala",
}
PERU = re.compile(r"\b(?:peru|peruan[oa]s?|peruvian)\b")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
LEVEL_HINT = re.compile(
    r"(?:(?P<district>distrito(?: de)?|district(?: of)?)|(?P<province>provincia(?: de)?|province(?: of)?)|"
    r"(?P<region>region(?: de)?|departamento(?: de)?|department(?: of)?|region of))\s$"
)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a level, its key, and the region (and province, district) it lies in."""

    level: str
    key: str
    name: str
    region: str
    province: str | None = None
    district: str | None = None
    site_id: int | None = None


@dataclass
class Mention:
    """A place name as the text writes it, with the places it may be."""

    start: int
    end: int
    written: str
    candidates: list[Place]
    resolved: Place | None = None
    note: str = ""


@dataclass
class PlaceFinding:
    """The finest place the text supports, with the mention it came from and any note."""

    region: str | None = None
    province: str | None = None
    district: str | None = None
    site_id: int | None = None
    precision: str | None = None
    location_name: str = ""
    span: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    mentions_peru: bool = False


class Gazetteer:
    """Folded name → the places of that name; built from the database in a handful of queries."""

    def __init__(self, names: dict[str, list[Place]]) -> None:
        self.names = names
        self.longest = max((len(name.split()) for name in names), default=1)

    @classmethod
    def load(cls) -> "Gazetteer":
        names: dict[str, list[Place]] = {}

        def add(name: str, place: Place) -> None:
            key = " ".join(WORD.findall(fold(name)))
            if key and place not in names.setdefault(key, []):
                names[key].append(place)

        regions, districts = {}, {}
        for code, display in Region.objects.values_list("code", "display_name"):
            regions[code] = display
            add(display, Place(REGION, code, display, code))
        add("Lima Metropolitana", Place(REGION, "15", regions.get("15", "Lima"), "15"))
        provinces = {}
        for code, display, region in Province.objects.values_list("code", "display_name", "region_id"):
            provinces[code] = Place(PROVINCE, code, display, region, code)
            add(display, provinces[code])
        for code, display, capital in District.objects.values_list("code", "display_name", "capital"):
            districts[code] = place = Place(DISTRICT, code, display, code[:2], code[:4], code)
            add(display, place)
            if capital and fold(capital) != fold(display):
                add(capital, place)
        areas = {}
        for area in ProtectedArea.objects.prefetch_related("regions"):
            region_codes = sorted(r.code for r in area.regions.all())
            if len(region_codes) == 1:
                areas[area.name] = Place(AREA, area.name, area.name, region_codes[0])
                add(area.name, areas[area.name])
        for site in MiningSite.objects.exclude(status="retracted").only(
            "id", "name", "aliases", "region_id", "province_id", "district_id"
        ):
            place = Place(SITE, str(site.pk), site.name, site.region_id, site.province_id, site.district_id, site.pk)
            for name in [site.name, *site.aliases]:
                add(name, place)
        for alias, (level, key) in ALIASES.items():
            if level == REGION and key in regions:
                add(alias, Place(REGION, key, regions[key], key))
            elif level == AREA and key in areas:
                add(alias, areas[key])
            elif level == PROVINCE and key in provinces:
                add(alias, provinces[key])
            elif level == DISTRICT and key in districts:
                add(alias, districts[key])
        return cls(names)

    def mentions(self, text: str, folded: str) -> list[Mention]:
        """Every place name of the text, longest first where they overlap, in text order."""
        words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(folded)]
        found = []
        i = 0
        while i < len(words):
            match = None
            for n in range(min(self.longest, len(words) - i), 0, -1):
                key = " ".join(w for _s, _e, w in words[i : i + n])
                if key in self.names:
                    match = (n, key)
                    break
            if match is None:
                i += 1
                continue
            n, key = match
            start, end = words[i][0], words[i + n - 1][1]
            original = text[start:end]
            hint = LEVEL_HINT.search(folded[max(0, start - 25) : start])
            if not original[:1].isupper() and not hint:
                i += 1
                continue
            # "La banda", "El carmen de": every word of a proper name but its little words starts upper case.
            if not hint and any(len(w) > 3 and w[0].islower() for w in original.split()):
                i += 1
                continue
            if n == 1 and key in COMMON_WORDS and not hint:
                i += 1
                continue
            candidates = list(self.names[key])
            if hint:
                level = next(name for name, value in hint.groupdict().items() if value)
                preferred = [p for p in candidates if p.level == level]
                candidates = preferred or candidates
            found.append(Mention(start, end, original, candidates))
            i += n
        return found


def _settle(mention: Mention, regions: set[str], provinces: set[str]) -> None:
    """Pick the one place a mention means, from the levels and the other places named."""
    candidates = mention.candidates
    levels = {p.level for p in candidates}
    for level in (SITE, AREA, REGION, PROVINCE, DISTRICT):
        # A bare name shared by levels means the widest: "Tambopata" is the province, "La Libertad" the region.
        if level in levels:
            of_level = [p for p in candidates if p.level == level]
            break
    if len(of_level) == 1:
        mention.resolved = of_level[0]
        return
    near = [p for p in of_level if (p.province and p.province in provinces) or p.region in regions]
    if len(near) == 1:
        mention.resolved = near[0]
        return
    shared_region = {p.region for p in (near or of_level)}
    if len(shared_region) == 1:
        region = shared_region.pop()
        mention.resolved = Place(REGION, region, region, region)
        mention.note = _("“%(name)s” names %(count)s places in one region; left at the region.") % {
            "name": mention.written,
            "count": len(of_level),
        }
        return
    mention.note = _("“%(name)s” names %(count)s places in different regions; none was chosen.") % {
        "name": mention.written,
        "count": len(of_level),
    }


def find_place(gazetteer: Gazetteer, text: str, folded: str, event_spans: list[tuple[int, int]]) -> PlaceFinding:
    """The finest place of the event: the region first named in the event's sentences, then finer places within it."""
    finding = PlaceFinding()
    finding.mentions = mentions = gazetteer.mentions(text, folded)
    finding.mentions_peru = bool(PERU.search(folded))
    finding.foreign = sorted({FOREIGN[w] for w in re.findall(r"[a-z]+", folded) if w in FOREIGN})
    unique = [m.candidates[0] for m in mentions if len({(p.level, p.key) for p in m.candidates}) == 1]
    regions = {p.region for p in unique}
    provinces = {p.province for p in unique if p.province}
    for mention in mentions:
        _settle(mention, regions, provinces)
        if mention.note:
            finding.notes.append(mention.note)

    def in_event(m: Mention) -> bool:
        return any(s <= m.start < e for s, e in event_spans)

    settled = [m for m in mentions if m.resolved]
    event = [m for m in settled if in_event(m)] or settled
    if not event:
        return finding
    region = event[0].resolved.region
    finest = None
    for mention in event:
        place = mention.resolved
        if place.region != region:
            continue
        if finest is None or LEVEL_RANK[place.level] > LEVEL_RANK[finest.resolved.level]:
            finest = mention
    place = finest.resolved
    finding.region = place.region
    finding.span = (finest.start, finest.end)
    if place.level == SITE:
        finding.site_id = place.site_id
        finding.province, finding.district = place.province, place.district
        finding.location_name = place.name
    elif place.level == AREA:
        finding.location_name = place.name
    else:
        finding.province, finding.district = place.province, place.district
        if place.level == DISTRICT and fold(finest.written) != fold(place.name):
            finding.location_name = finest.written
    # A site or protected area known only to the region lifts no finer level; a district named
    # beside it in the same region does.
    if place.level in (SITE, AREA) and not finding.district:
        for mention in event:
            if mention.resolved.level == DISTRICT and mention.resolved.region == region:
                finding.province, finding.district = mention.resolved.province, mention.resolved.district
                break
            if mention.resolved.level == PROVINCE and mention.resolved.region == region and not finding.province:
                finding.province = mention.resolved.province
    finding.precision = (
        PlacePrecision.DISTRICT
        if finding.district
        else PlacePrecision.PROVINCE
        if finding.province
        else PlacePrecision.REGION
    )
    return finding
