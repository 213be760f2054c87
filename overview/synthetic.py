"""Synthetic data for load tests: realistic, reproducible incidents, sites, operations and REINFO records.

`generate()` writes, over Peru's real districts, incidents dated over ten years with their
place precisions, claims from several sources, the low/best/high figures derived from those
claims by the same rule as `incidents.services.derive_figures`, casualties, mining sites,
enforcement operations and REINFO records listed in a few snapshots. The same seed and size
give the same data (ids aside).

Synthetic rows are not marked: they live in a database of their own, a load-test database
(the benchmark's `veta_bench_scale`), never beside Veta's records. `generate()` writes only
into a database that is already one (marked by a comment on the database, outside the
schema) or that holds no records yet, and then marks it; a database holding records becomes
one only when told so (`load_test_database=True`, `generate_synthetic --load-test-database`),
since its records are then deleted. In a load-test database every record is disposable:
`generate()` empties the record tables (TRUNCATE) before writing, and `remove()` empties them.

Speed: rows are written with PostgreSQL's COPY in chunks, in one transaction. The audit
history's triggers are skipped for synthetic rows (they are not Veta's record and need no
audit trail), through pgtrigger's own per-transaction `pgtrigger.ignore` setting; emptying
the tables with TRUNCATE writes no tombstones. Triggers that keep derived data (the
statistics rollups) still run.
"""

import datetime
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from core.choices import DatePrecision, ModerationStatus, PlacePrecision, Wording
from enforcement.choices import Agency, OperationKind, ReinfoStatus
from enforcement.validators import ruc_check_digit
from incidents.choices import (
    FIGURE_FIELDS,
    FIGURE_OUTCOMES,
    QUALIFIER_FIELDS,
    CasualtyRole,
    ClaimGrade,
    IncidentType,
    SourceKind,
)
from incidents.models import IncidentRegionMonthRollup, IncidentRollup
from incidents.services import derive_figures
from regions.choices import SiteKind, SiteLegalStatus

ProgressCallback = Callable[[str], None]

FIRST_DAY = datetime.date(2016, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
CHUNK = 20_000

# Where illegal gold mining and its violence concentrate: Madre de Dios, La Libertad (Pataz),
# Puno, Arequipa, Ayacucho… The rest of the country shares what is left, so the biggest
# region holds about a third of the rows and the smallest a few hundredths of a percent.
REGION_WEIGHTS = {
    "17": 32.0,
    "13": 16.0,
    "21": 11.0,
    "04": 9.0,
    "05": 6.0,
    "20": 4.0,
    "06": 4.0,
    "03": 3.0,
    "09": 2.5,
    "16": 2.5,
    "10": 2.0,
    "12": 1.5,
    "08": 1.5,
    "25": 1.0,
}
OTHER_REGION_WEIGHT = 0.25
SMALLEST_REGION_WEIGHT = 0.02  # Callao: hardly any mining

# Words whose share of incidents is known, for the full-text search benchmark: "mineros" is in
# most descriptions, "retroexcavadora" in about 3 %, "huaico" in about 0.1 %.
SEARCH_WORDS = {"common": "mineros", "mid": "retroexcavadora", "rare": "huaico"}
MID_WORD_SHARE = 0.03
RARE_WORD_SHARE = 0.001

TYPE_WEIGHTS = {
    IncidentType.ARMED_ATTACK: 30,
    IncidentType.EXTORTION: 15,
    IncidentType.ATTACK_ON_SECURITY_FORCES: 10,
    IncidentType.CLASH_WITH_SECURITY_FORCES: 10,
    IncidentType.KIDNAPPING: 8,
    IncidentType.PROTEST_VIOLENCE: 8,
    IncidentType.TRAFFICKING: 6,
    IncidentType.MASSACRE: 3,
    IncidentType.OTHER: 10,
}
TITLES = {
    IncidentType.ARMED_ATTACK: "Ataque armado contra mineros en {place}",
    IncidentType.MASSACRE: "Masacre en un socavón de {place}",
    IncidentType.KIDNAPPING: "Secuestran a trabajadores mineros en {place}",
    IncidentType.EXTORTION: "Extorsión a mineros artesanales en {place}",
    IncidentType.ATTACK_ON_SECURITY_FORCES: "Atacan a policías durante una interdicción en {place}",
    IncidentType.CLASH_WITH_SECURITY_FORCES: "Enfrentamiento entre mineros ilegales y la policía en {place}",
    IncidentType.PROTEST_VIOLENCE: "Protesta violenta de mineros informales en {place}",
    IncidentType.TRAFFICKING: "Rescatan a víctimas de trata en un campamento minero de {place}",
    IncidentType.OTHER: "Hecho violento vinculado a la minería ilegal en {place}",
}
SENTENCES = [
    "Según la policía, los atacantes llegaron en motocicletas y huyeron hacia el río.",
    "La fiscalía abrió una investigación por homicidio calificado.",
    "Los vecinos denunciaron amenazas de una banda que cobra cupos en la zona.",
    "El hecho ocurrió cerca de una bocamina abandonada.",
    "Las autoridades hallaron combustible y mercurio en el campamento.",
    "Testigos señalaron que el grupo armado controla el acceso a la quebrada.",
    "La comunidad nativa pidió la presencia permanente del Estado.",
    "Se decomisaron armas de fuego y explosivos.",
    "El gobierno regional anunció una mesa de diálogo.",
    "La zona concentra concesiones en proceso de formalización.",
]
COMMON_SENTENCE = "Los mineros de la zona denunciaron la falta de seguridad."
MID_SENTENCE = "En el lugar se encontró una retroexcavadora quemada."
RARE_SENTENCE = "Un huaico dificultó el acceso de los rescatistas."
LOCATIONS = ["La Pampa", "Sector Guacamayo", "Quebrada Honda", "Campamento Nuevo", "Km 108", "Río Malinowski", ""]
OUTLETS = ["La República", "El Comercio", "RPP Noticias", "Ojo Público", "Convoca", "Infobae Perú", "Andina"]
DATE_PRECISIONS = [
    (DatePrecision.DAY, 70),
    (DatePrecision.DAYS, 8),
    (DatePrecision.WEEK, 7),
    (DatePrecision.MONTH, 10),
    (DatePrecision.YEAR, 5),
]
PLACE_PRECISIONS = [
    (PlacePrecision.EXACT, 8),
    (PlacePrecision.NEAR, 7),
    (PlacePrecision.DISTRICT, 50),
    (PlacePrecision.PROVINCE, 20),
    (PlacePrecision.REGION, 15),
]
STATUSES = [
    (ModerationStatus.PUBLISHED, 86),
    (ModerationStatus.DRAFT, 7),
    (ModerationStatus.IN_REVIEW, 5),
    (ModerationStatus.RETRACTED, 2),
]
GRADES = [
    (ClaimGrade.CONFIRMED, 20),
    (ClaimGrade.RELIABLE, 35),
    (ClaimGrade.SINGLE_SOURCE, 30),
    (ClaimGrade.CONTESTED, 10),
    (ClaimGrade.DISCOUNTED, 5),
]
WORDINGS = [(Wording.EXACT, 70), (Wording.AT_LEAST, 15), (Wording.ABOUT, 10), (Wording.UP_TO, 5)]
# Typical toll per type: (killed, injured, missing, kidnapped, rescued) upper bounds of a draw.
TOLLS = {
    IncidentType.ARMED_ATTACK: (3, 4, 1, 0, 0),
    IncidentType.MASSACRE: (12, 4, 3, 0, 0),
    IncidentType.KIDNAPPING: (1, 1, 2, 6, 3),
    IncidentType.EXTORTION: (1, 2, 0, 0, 0),
    IncidentType.ATTACK_ON_SECURITY_FORCES: (2, 6, 0, 0, 0),
    IncidentType.CLASH_WITH_SECURITY_FORCES: (3, 10, 1, 0, 0),
    IncidentType.PROTEST_VIOLENCE: (1, 15, 0, 0, 0),
    IncidentType.TRAFFICKING: (0, 0, 2, 0, 20),
    IncidentType.OTHER: (1, 2, 1, 0, 0),
}
CASUALTY_ROLES = [CasualtyRole.MINER, CasualtyRole.SECURITY_FORCES, CasualtyRole.CIVILIAN, CasualtyRole.UNKNOWN]
FAMILY = ["QUISPE", "MAMANI", "HUAMAN", "CONDORI", "FLORES", "ROJAS", "CHAVEZ", "RAMOS", "VARGAS", "TORRES"]
GIVEN = ["JUAN", "ROSA", "LUIS", "MARIA", "CARLOS", "ELENA", "JOSE", "ANA"]

# Tables the generator writes, children before parents (the order `remove()` deletes in).
SYNTHETIC_TABLES = [
    "enforcement_reinfostatuschange",
    "enforcement_reinforecord",
    "enforcement_reinfosnapshot",
    "enforcement_enforcementoperation_sources",
    "enforcement_enforcementoperation",
    "incidents_incident_sources",
    "incidents_casualty",
    "incidents_claim",
    "incidents_incident",
    "regions_miningsite",
    "incidents_source",
]


@dataclass
class Sizes:
    """How many rows of each kind: the issue's national scale is 1,000,000 incidents."""

    incidents: int
    sources: int
    sites: int
    operations: int
    reinfo_records: int
    snapshots: int = 3

    @classmethod
    def for_incidents(cls, incidents: int) -> "Sizes":
        return cls(
            incidents=incidents,
            sources=max(20, incidents // 20),
            sites=max(10, incidents // 100),
            operations=incidents // 5,
            reinfo_records=max(10, incidents // 10),
        )


@dataclass
class Summary:
    """Rows written per table and the time it took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class _Claim:
    """What `derive_figures` reads of a claim, without a model instance per row."""

    pk: int
    source_id: int
    claimed_on: datetime.date
    grade: str
    wording: str
    figures: dict[str, int | None]
    chosen_as_best: bool = False

    def figure(self, outcome: str) -> int | None:
        return self.figures[outcome]


def _weighted(rng: random.Random, choices: Sequence[tuple[str, float]]) -> Callable[[], str]:
    values = [value for value, _weight in choices]
    cumulative, total = [], 0.0
    for _value, weight in choices:
        total += weight
        cumulative.append(total)

    def draw() -> str:
        return rng.choices(values, cum_weights=cumulative)[0]

    return draw


def _ruc(rng: random.Random) -> str:
    first_ten = ("10" if rng.random() < 0.7 else "20") + f"{rng.randrange(10**8):08d}"
    return first_ten + str(ruc_check_digit(first_ten))


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, tuple)):
        return "{" + ",".join(value) + "}"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


# Seconds spent in COPY per table, for the summary.
COPY_SECONDS: dict[str, float] = {}


def _copy(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY rows into a table; returns how many."""
    started = time.perf_counter()
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        lines = []
        for row in rows:
            lines.append("\t".join(_copy_text(value) for value in row))
            count += 1
            if len(lines) >= 5000:
                copy.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            copy.write("\n".join(lines) + "\n")
    COPY_SECONDS[table] = COPY_SECONDS.get(table, 0.0) + time.perf_counter() - started
    return count


def _reserve_ids(cursor, table: str, count: int) -> int:
    """The first of `count` consecutive ids taken from the table's sequence (the table is locked)."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = cursor.fetchone()[0]
    if count > 1:
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _skip_history_triggers(cursor) -> None:
    """Skip the audit history's triggers on the synthetic tables, for this transaction only."""
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'pgtrigger\\_%%' "
        "AND tgrelid = ANY(%s::regclass[])",
        [SYNTHETIC_TABLES],
    )
    names = sorted(row[0] for row in cursor.fetchall())
    cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(names) + "}"])


class _Places:
    """Real districts with their province and region, drawn with the regions' weights."""

    def __init__(self, rng: random.Random) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.code, d.province_id, p.region_id, d.display_name, d.latitude, d.longitude "
                "FROM regions_district d JOIN regions_province p ON p.code = d.province_id ORDER BY d.code"
            )
            districts = cursor.fetchall()
        if not districts:
            raise RuntimeError("No districts: load the geography first (manage.py load_geography).")
        by_region: dict[str, list[tuple]] = {}
        for row in districts:
            by_region.setdefault(row[2], []).append(row)
        self.regions = sorted(by_region)
        weights = [
            REGION_WEIGHTS.get(code, SMALLEST_REGION_WEIGHT if code == "07" else OTHER_REGION_WEIGHT)
            for code in self.regions
        ]
        self.by_region = by_region
        self.rng = rng
        self._region = _weighted(rng, list(zip(self.regions, weights, strict=True)))

    def district(self) -> tuple:
        return self.rng.choice(self.by_region[self._region()])


def _dates(rng: random.Random, precision: str) -> tuple[datetime.date, datetime.date]:
    span = (LAST_DAY - FIRST_DAY).days
    start = FIRST_DAY + datetime.timedelta(days=rng.randrange(span + 1))
    if precision == DatePrecision.DAY:
        return start, start
    if precision == DatePrecision.DAYS:
        return start, min(start + datetime.timedelta(days=rng.randint(1, 5)), LAST_DAY)
    if precision == DatePrecision.WEEK:
        return start, min(start + datetime.timedelta(days=6), LAST_DAY)
    if precision == DatePrecision.MONTH:
        first = start.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, following - datetime.timedelta(days=1)
    return start.replace(month=1, day=1), start.replace(month=12, day=31)


def _place(rng: random.Random, places: _Places, precision: str) -> tuple:
    """(region, province, district, precision, latitude, longitude) for a drawn district."""
    district, province, region, _name, latitude, longitude = places.district()
    if precision in (PlacePrecision.EXACT, PlacePrecision.NEAR):
        if latitude is None:
            precision = PlacePrecision.DISTRICT
        else:
            # Within a few km of the district's capital, and inside Peru's box.
            latitude = max(-18.3, min(-0.1, float(latitude) + rng.uniform(-0.05, 0.05)))
            longitude = max(-81.3, min(-68.7, float(longitude) + rng.uniform(-0.05, 0.05)))
            return region, province, district, precision, f"{latitude:.6f}", f"{longitude:.6f}"
    if precision == PlacePrecision.DISTRICT:
        return region, province, district, precision, None, None
    if precision == PlacePrecision.PROVINCE:
        return region, province, None, precision, None, None
    return region, None, None, PlacePrecision.REGION, None, None


def _place_name(region: str, province: str | None, district: str | None, names: dict[str, str]) -> str:
    return names[district or province or region]


# The columns of a timestamped, dated and placed record (TimestampedModel, DatedModel,
# PlacedModel) with a title: incidents and operations write them first, in this order.
DATED_PLACE_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "date_start",
    "date_end",
    "date_precision",
    "region_id",
    "province_id",
    "district_id",
    "place_precision",
    "location_name",
    "latitude",
    "longitude",
    "title",
]
# Synthetic incidents are written in Spanish: their texts go to the Spanish fields.
INCIDENT_COLUMNS = [
    *("title_es" if name == "title" else name for name in DATED_PLACE_COLUMNS),
    "incident_type",
    "description_es",
    "site_id",
    "status",
    "published_at",
    "retraction_reason",
    *FIGURE_FIELDS,
    *QUALIFIER_FIELDS,
]
CLAIM_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "incident_id",
    "source_id",
    "claimed_on",
    *FIGURE_OUTCOMES,
    "wording",
    "grade",
    "chosen_as_best",
    "notes",
]
CASUALTY_COLUMNS = [
    "created_at",
    "updated_at",
    "incident_id",
    "outcome",
    "role",
    "count",
    "name",
    "sex",
    "name_is_public",
    "notes",
]


def _place_names() -> dict[str, str]:
    names = {}
    with connection.cursor() as cursor:
        for table in ("regions_region", "regions_province", "regions_district"):
            cursor.execute(f"SELECT code, display_name FROM {table}")
            names.update(cursor.fetchall())
    return names


def generate(
    sizes: Sizes, seed: int, progress: ProgressCallback | None = None, *, load_test_database: bool = False
) -> Summary:
    """Fill a load-test database with a fresh set for `sizes` and `seed`, in one transaction.

    The database must be a load-test database already, or hold no records, or be declared
    one by `load_test_database` (its records are deleted); otherwise NotALoadTestDatabase,
    and nothing is written. It is marked as one and emptied before the new data.
    """
    started = time.perf_counter()
    summary = Summary()
    say = progress or (lambda message: None)
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own, for COPY
        # Ids are taken from the sequences in blocks: keep other writers out meanwhile.
        cursor.execute(f"LOCK TABLE {', '.join(RECORD_TABLES)} IN SHARE ROW EXCLUSIVE MODE")
        held = held_records()
        if held and not (load_test_database or is_load_test_database()):
            listed = ", ".join(f"{count:,} {kind}" for kind, count in held.items())
            raise NotALoadTestDatabase(
                f"This database holds records ({listed}) and is not a load-test database: "
                "synthetic data goes into a database of its own."
            )
        _set_mark(MARK)
        if held:
            _empty(cursor)
            say(f"deleted the records that were there ({sum(held.values()):,})")
        _skip_history_triggers(cursor)
        places = _Places(rng)
        names = _place_names()

        # Sources.
        source_first = _reserve_ids(cursor, "incidents_source", sizes.sources)
        source_ids = list(range(source_first, source_first + sizes.sources))
        source_rows = []
        for number, source_id in enumerate(source_ids, start=1):
            published = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
            outlet = rng.choice(OUTLETS)
            source_rows.append(
                (
                    source_id,
                    now,
                    now,
                    outlet,
                    f"Nota {number} sobre violencia en zonas mineras",
                    f"https://noticias.example/sintetico/{seed}/{number}",
                    published,
                    "es",
                    SourceKind.NEWS,
                    "",
                )
            )
        summary.counts["sources"] = _copy(
            cursor,
            "incidents_source",
            [
                *("id", "created_at", "updated_at", "outlet", "title", "url", "published_on", "language", "kind"),
                "notes",
            ],
            source_rows,
        )
        say(f"sources: {len(source_rows):,}")

        # Mining sites.
        site_first = _reserve_ids(cursor, "regions_miningsite", sizes.sites)
        site_rows, site_regions = [], {}
        kinds = [kind for kind, _label in SiteKind.choices]
        legal = [status for status, _label in SiteLegalStatus.choices]
        for number in range(sizes.sites):
            site_id = site_first + number
            region, province, district, precision, latitude, longitude = _place(
                rng, places, rng.choice([PlacePrecision.DISTRICT, PlacePrecision.NEAR])
            )
            site_regions.setdefault(region, []).append(site_id)
            site_rows.append(
                (
                    site_id,
                    now,
                    now,
                    region,
                    province,
                    district,
                    precision,
                    "",
                    latitude,
                    longitude,
                    f"Sector minero {number + 1} de {names[district]}",
                    [],
                    rng.choice(kinds),
                    rng.choice(legal),
                    "",
                    ModerationStatus.PUBLISHED,
                )
            )
        summary.counts["sites"] = _copy(
            cursor,
            "regions_miningsite",
            [
                "id",
                "created_at",
                "updated_at",
                "region_id",
                "province_id",
                "district_id",
                "place_precision",
                "location_name",
                "latitude",
                "longitude",
                "name",
                "aliases",
                "kind",
                "legal_status",
                "notes",
                "status",
            ],
            site_rows,
        )
        say(f"mining sites: {len(site_rows):,}")

        summary.counts.update(
            _generate_incidents(cursor, rng, sizes.incidents, places, names, source_ids, site_regions, now, say)
        )
        summary.counts["operations"] = _generate_operations(
            cursor, rng, sizes.operations, places, names, source_ids, site_regions, now, say
        )
        summary.counts.update(_generate_reinfo(cursor, rng, sizes, places, now, say))
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
    with connection.cursor() as cursor:
        # Move the new search entries from the GIN index's pending list into the index proper,
        # as autovacuum would later: searches and their plans meet the index as it will be.
        cursor.execute("SELECT gin_clean_pending_list('incident_search'::regclass)")
        for table in SYNTHETIC_TABLES:
            cursor.execute(f"ANALYZE {table}")
        # The rollups' triggers rewrote their rows once per batch: at a million incidents they
        # were mostly dead rows, which the statistics then read past (14 ms instead of 8 ms
        # for month × region). VACUUM cannot run inside a transaction, e.g. a test's.
        rollups = [IncidentRollup._meta.db_table, IncidentRegionMonthRollup._meta.db_table]
        for table in rollups:
            cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM ANALYZE'} {table}")
    summary.seconds = time.perf_counter() - started
    return summary


def _generate_incidents(
    cursor,
    rng: random.Random,
    total: int,
    places: _Places,
    names: dict[str, str],
    source_ids: list[int],
    site_regions: dict[str, list[int]],
    now: datetime.datetime,
    say: ProgressCallback,
) -> dict[str, int]:
    counts = {"incidents": 0, "claims": 0, "casualties": 0}
    date_precision = _weighted(rng, DATE_PRECISIONS)
    place_precision = _weighted(rng, PLACE_PRECISIONS)
    incident_type = _weighted(rng, list(TYPE_WEIGHTS.items()))
    status = _weighted(rng, STATUSES)
    grade = _weighted(rng, GRADES)
    wording = _weighted(rng, WORDINGS)
    started = time.perf_counter()
    done = 0
    while done < total:
        size = min(CHUNK, total - done)
        first = _reserve_ids(cursor, "incidents_incident", size)
        incidents, raw_claims = [], []
        for offset in range(size):
            incident_id = first + offset
            kind = incident_type()
            precision = date_precision()
            start, end = _dates(rng, precision)
            region, province, district, place_precision_value, latitude, longitude = _place(
                rng, places, place_precision()
            )
            sentences = rng.sample(SENTENCES, 2)
            if rng.random() < 0.6:
                sentences.append(COMMON_SENTENCE)
            if rng.random() < MID_WORD_SHARE:
                sentences.append(MID_SENTENCE)
            if rng.random() < RARE_WORD_SHARE:
                sentences.append(RARE_SENTENCE)
            state = status()
            sites = site_regions.get(region)
            site = rng.choice(sites) if sites and rng.random() < 0.2 else None
            incidents.append(
                [
                    incident_id,
                    now,
                    now,
                    start,
                    end,
                    precision,
                    region,
                    province,
                    district,
                    place_precision_value,
                    rng.choice(LOCATIONS),
                    latitude,
                    longitude,
                    TITLES[kind].format(place=_place_name(region, province, district, names)),
                    kind,
                    " ".join(sentences),
                    site,
                    state,
                    now if state in (ModerationStatus.PUBLISHED, ModerationStatus.RETRACTED) else None,
                    "Las fuentes no confirmaron el hecho." if state == ModerationStatus.RETRACTED else "",
                ]
            )
            # The truth, then each source's view of it.
            truth = [rng.randint(0, bound) if bound else 0 for bound in TOLLS[kind]]
            for source_id in rng.sample(source_ids, rng.choices((1, 2, 3), weights=(50, 35, 15))[0]):
                figures = {}
                for outcome, value in zip(FIGURE_OUTCOMES, truth, strict=True):
                    if value or outcome == "killed":
                        figures[outcome] = max(0, value + rng.choice((-1, 0, 0, 0, 1))) if value else 0
                    else:
                        figures[outcome] = None
                raw_claims.append(
                    (offset, source_id, start + datetime.timedelta(days=rng.randrange(30)), grade(), wording(), figures)
                )
        claim_first = _reserve_ids(cursor, "incidents_claim", len(raw_claims))
        claims_of: list[list[_Claim]] = [[] for _ in range(size)]
        claim_rows, link_rows = [], []
        for number, (offset, source_id, claimed_on, claim_grade, claim_wording, figures) in enumerate(raw_claims):
            claim = _Claim(claim_first + number, source_id, claimed_on, claim_grade, claim_wording, figures)
            claims_of[offset].append(claim)
            claim_rows.append(
                (
                    claim.pk,
                    now,
                    now,
                    first + offset,
                    source_id,
                    claimed_on,
                    *(figures[outcome] for outcome in FIGURE_OUTCOMES),
                    claim_wording,
                    claim_grade,
                    False,
                    "",
                )
            )
            link_rows.append((first + offset, source_id))
        casualty_rows = []
        for offset, row in enumerate(incidents):
            qualifiers = []
            for outcome in FIGURE_OUTCOMES:
                figures = derive_figures(claims_of[offset], outcome)
                row.extend((figures.low, figures.best, figures.high))
                qualifiers.append(figures.qualifier)
                best = figures.best or 0
                while best > 0:
                    count = min(best, rng.randint(1, 4))
                    best -= count
                    casualty_rows.append(
                        (now, now, first + offset, outcome, rng.choice(CASUALTY_ROLES), count, "", "unknown", False, "")
                    )
            row.extend(qualifiers)
        counts["incidents"] += _copy(cursor, "incidents_incident", INCIDENT_COLUMNS, incidents)
        counts["claims"] += _copy(cursor, "incidents_claim", CLAIM_COLUMNS, claim_rows)
        _copy(cursor, "incidents_incident_sources", ["incident_id", "source_id"], link_rows)
        counts["casualties"] += _copy(cursor, "incidents_casualty", CASUALTY_COLUMNS, casualty_rows)
        done += size
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0
        eta = (total - done) / rate if rate else 0
        say(f"incidents: {done:,}/{total:,} ({rate:,.0f}/s, ETA {eta:.0f} s)")
    return counts


def _generate_operations(
    cursor,
    rng: random.Random,
    total: int,
    places: _Places,
    names: dict[str, str],
    source_ids: list[int],
    site_regions: dict[str, list[int]],
    now: datetime.datetime,
    say: ProgressCallback,
) -> int:
    if not total:
        return 0
    kinds = [kind for kind, _label in OperationKind.choices]
    agencies = [agency for agency, _label in Agency.choices]
    date_precision = _weighted(rng, DATE_PRECISIONS[:3])
    first = _reserve_ids(cursor, "enforcement_enforcementoperation", total)
    rows, links = [], []
    for offset in range(total):
        operation_id = first + offset
        precision = date_precision()
        start, end = _dates(rng, precision)
        region, province, district, place_precision_value, latitude, longitude = _place(
            rng, places, rng.choice([PlacePrecision.DISTRICT, PlacePrecision.PROVINCE, PlacePrecision.NEAR])
        )
        sites = site_regions.get(region)
        rows.append(
            (
                operation_id,
                now,
                now,
                start,
                end,
                precision,
                region,
                province,
                district,
                place_precision_value,
                "",
                latitude,
                longitude,
                f"Interdicción contra la minería ilegal en {_place_name(region, province, district, names)}",
                rng.choice(kinds),
                sorted(set(rng.sample(agencies, rng.randint(1, 3)))),
                "Operativo conjunto de la policía y la fiscalía ambiental.",
                Decimal(rng.randrange(10_000, 5_000_000)) if rng.random() < 0.7 else None,
                Wording.ABOUT,
                rng.randint(0, 12) if rng.random() < 0.5 else None,
                rng.choice(sites) if sites and rng.random() < 0.3 else None,
                ModerationStatus.PUBLISHED,
                now,
                "",
            )
        )
        links.append((operation_id, rng.choice(source_ids)))
    count = _copy(
        cursor,
        "enforcement_enforcementoperation",
        [
            *DATED_PLACE_COLUMNS,
            "kind",
            "agencies",
            "description",
            "value_destroyed",
            "value_wording",
            "arrests",
            "target_site_id",
            "status",
            "published_at",
            "retraction_reason",
        ],
        rows,
    )
    _copy(cursor, "enforcement_enforcementoperation_sources", ["enforcementoperation_id", "source_id"], links)
    say(f"operations: {count:,}")
    return count


def _generate_reinfo(
    cursor, rng: random.Random, sizes: Sizes, places: _Places, now: datetime.datetime, say: ProgressCallback
) -> dict[str, int]:
    cursor.execute("SELECT as_of FROM enforcement_reinfosnapshot")
    taken = {row[0] for row in cursor.fetchall()}
    dates = []
    for year in range(LAST_DAY.year - sizes.snapshots + 1, LAST_DAY.year + 1):
        day = datetime.date(year, 6, 30)
        while day in taken:  # never the date of a real list
            day -= datetime.timedelta(days=1)
        dates.append(day)
    snapshot_first = _reserve_ids(cursor, "enforcement_reinfosnapshot", len(dates))
    snapshots = [(snapshot_first + number, day) for number, day in enumerate(dates)]
    _copy(
        cursor,
        "enforcement_reinfosnapshot",
        [
            *("id", "created_at", "updated_at", "as_of", "title", "is_complete", "file_name", "file_sha256"),
            "row_count",
        ],
        [
            (snapshot_id, now, now, day, f"REINFO sintético {day}", True, "", "", sizes.reinfo_records)
            for snapshot_id, day in snapshots
        ],
    )
    statuses = [ReinfoStatus.VIGENTE] * 6 + [ReinfoStatus.SUSPENDIDO] * 3 + [ReinfoStatus.EXCLUIDO]
    first = _reserve_ids(cursor, "enforcement_reinforecord", sizes.reinfo_records)
    records, changes = [], []
    for offset in range(sizes.reinfo_records):
        record_id = first + offset
        district = places.district()[0]
        status = rng.choice(statuses)
        changes.append(("", status, snapshots[0][1], record_id, snapshots[0][0]))
        for snapshot_id, day in snapshots[1:]:
            if rng.random() < 0.05:
                new = rng.choice([other for other in statuses if other != status])
                changes.append((status, new, day, record_id, snapshot_id))
                status = new
        person = rng.random() < 0.7
        name = (
            f"{rng.choice(FAMILY)} {rng.choice(FAMILY)} {rng.choice(GIVEN)}"
            if person
            else f"MINERA {rng.choice(FAMILY)} S.A.C."
        )
        records.append(
            (
                record_id,
                now,
                now,
                _ruc(rng),
                name,
                f"99{offset:07d}",
                f"DERECHO SINTÉTICO {offset + 1}",
                status,
                district,
                snapshots[0][0],
                snapshots[-1][0],
            )
        )
    count = _copy(
        cursor,
        "enforcement_reinforecord",
        [
            *("id", "created_at", "updated_at", "ruc", "declarant_name", "codigo_unico", "mining_right_name"),
            *("status", "district_id", "first_snapshot_id", "last_snapshot_id"),
        ],
        records,
    )
    changed = _copy(
        cursor,
        "enforcement_reinfostatuschange",
        ["from_status", "to_status", "changed_on", "record_id", "snapshot_id"],
        changes,
    )
    say(f"REINFO: {len(snapshots)} snapshots, {count:,} records, {changed:,} status changes")
    return {"reinfo_snapshots": len(snapshots), "reinfo_records": count, "reinfo_status_changes": changed}


# Every table of records a load-test database empties before new data (with their links), in one TRUNCATE.
RECORD_TABLES = [
    *SYNTHETIC_TABLES,
    "enforcement_operationincidentlink",
    "enforcement_machinerydestroyed",
    "incidents_casualtyoutcomechange",
    "incidents_incidentactor",
    "incidents_incidentrelation",
    # Records citing the sources: a load-test database keeps none of them either.
    "regions_indicator",
    "enforcement_operationreport_provinces",
    "enforcement_operationreport_regions",
    "enforcement_operationreport",
]
# The records that make a database someone's: any of them and it is not emptied unless told.
HELD_RECORDS = {
    "incidents": "incidents_incident",
    "sources": "incidents_source",
    "mining sites": "regions_miningsite",
    "operations": "enforcement_enforcementoperation",
    "REINFO records": "enforcement_reinforecord",
}
MARK = "Veta load-test database: its records are made by generate_synthetic and may be deleted."


class NotALoadTestDatabase(Exception):
    """The database holds records and is not marked as a load-test database: synthetic data stays out."""


def is_load_test_database() -> bool:
    """Whether the current database carries the load-test mark (a comment on the database)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0] == MARK


def _set_mark(comment: str | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = connection.ops.quote_name(cursor.fetchone()[0])
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [comment])


def held_records() -> dict[str, int]:
    """How many records of each kind the database holds (kinds with none left out)."""
    counts = {}
    with connection.cursor() as cursor:
        for kind, table in HELD_RECORDS.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[kind] = cursor.fetchone()[0]
    return {kind: count for kind, count in counts.items() if count}


def referring_tables(tables: list[str]) -> list[str]:
    """The other tables whose foreign keys point at these (an app's own rows about a record, such as the
    e-mail alerts' ledger): TRUNCATE empties them with the records, since it refuses to leave them dangling."""
    found = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.db_constraint and field.related_model._meta.db_table in tables
    }
    return sorted(found - set(tables))


def _empty(cursor) -> None:
    """Delete every record of a load-test database at once (TRUNCATE: no row triggers, no tombstones)."""
    # Rows written earlier in the same transaction leave deferred foreign-key checks pending,
    # which TRUNCATE refuses to run past: check them now, then defer again as Django's are.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"TRUNCATE {', '.join(RECORD_TABLES + referring_tables(RECORD_TABLES))}")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def remove() -> dict[str, int]:
    """Empty a load-test database's records and lift its mark; returns the records deleted per kind.

    Refuses (NotALoadTestDatabase) on any other database.
    """
    with transaction.atomic():
        if not is_load_test_database():
            raise NotALoadTestDatabase("This database is not a load-test database: nothing was deleted.")
        removed = held_records()
        with connection.cursor() as cursor:
            _empty(cursor.cursor)
        _set_mark(None)
    return removed
