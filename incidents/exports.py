"""ACLED- and UCDP-GED-compatible columns for incidents (documented in docs/exports.md).

Every mapping from Veta's codes to ACLED's and UCDP's lives here: the incident types
(`TYPE_MAPPING`), the date and place precisions, the actor kinds. Both exports are built
from the incidents the API serves (`Incident.objects.for_api()`: places, actors,
casualties, claims and sources come in a fixed number of queries); neither reads a
casualty's name or age.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from core.api.exports import RowLayout
from core.choices import DatePrecision, FigureQualifier, PlacePrecision
from incidents.choices import ActorKind, ActorRole, CasualtyOutcome, CasualtyRole, IncidentType
from incidents.models import Incident, IncidentActor

COUNTRY = "Peru"
ACLED_ISO = 604  # ISO 3166-1 numeric code of Peru, as ACLED's `iso` column gives it
ACLED_REGION = "South America"
ACLED_ID_PREFIX = "PERV"  # ACLED-style ids (country letters + number); V marks Veta's, never ACLED's
UCDP_COUNTRY_ID = 135  # Gleditsch & Ward number of Peru, as UCDP's `country_id` gives it
UCDP_REGION = "Americas"
UCDP_GOVERNMENT = "Government of Peru"

# ACLED event types.
BATTLES = "Battles"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
RIOTS = "Riots"
PROTESTS = "Protests"
STRATEGIC_DEVELOPMENTS = "Strategic developments"

# UCDP types of violence.
STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3


@dataclass(frozen=True)
class TypeMapping:
    """How one Veta incident type is written in ACLED's and UCDP's terms."""

    event_type: str
    sub_event_type: str
    type_of_violence: int | None  # None: the type has no UCDP category (left empty)
    # For attacks on security forces: when every perpetrator is a crowd (miners, a
    # community) rather than an armed group, ACLED's Riots / Mob violence applies.
    crowd_event_type: str | None = None
    crowd_sub_event_type: str | None = None


# Veta incident type → ACLED event type / sub-event type and UCDP type of violence,
# following the codebook's table (docs/exports.md explains each choice).
TYPE_MAPPING: dict[str, TypeMapping] = {
    IncidentType.ARMED_ATTACK: TypeMapping(VIOLENCE_AGAINST_CIVILIANS, "Attack", ONE_SIDED),
    IncidentType.MASSACRE: TypeMapping(VIOLENCE_AGAINST_CIVILIANS, "Attack", ONE_SIDED),
    IncidentType.KIDNAPPING: TypeMapping(VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance", ONE_SIDED),
    IncidentType.EXTORTION: TypeMapping(STRATEGIC_DEVELOPMENTS, "Other", None),
    IncidentType.ATTACK_ON_SECURITY_FORCES: TypeMapping(
        BATTLES, "Armed clash", STATE_BASED, crowd_event_type=RIOTS, crowd_sub_event_type="Mob violence"
    ),
    IncidentType.CLASH_WITH_SECURITY_FORCES: TypeMapping(BATTLES, "Armed clash", STATE_BASED),
    IncidentType.PROTEST_VIOLENCE: TypeMapping(RIOTS, "Violent demonstration", ONE_SIDED),
    IncidentType.TRAFFICKING: TypeMapping(STRATEGIC_DEVELOPMENTS, "Other", None),
    IncidentType.OTHER: TypeMapping(STRATEGIC_DEVELOPMENTS, "Other", None),
}

# ACLED's disorder type follows from the event and sub-event type.
DISORDER_TYPES = {
    BATTLES: "Political violence",
    VIOLENCE_AGAINST_CIVILIANS: "Political violence",
    PROTESTS: "Demonstrations",
    STRATEGIC_DEVELOPMENTS: "Strategic developments",
}
RIOT_DISORDER_TYPES = {
    "Violent demonstration": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}

# Date precision → ACLED time_precision and UCDP date_prec (the codebook's table).
ACLED_TIME_PRECISION = {
    DatePrecision.DAY: 1,
    DatePrecision.DAYS: 2,
    DatePrecision.WEEK: 2,
    DatePrecision.MONTH: 3,
    DatePrecision.YEAR: 3,
}
UCDP_DATE_PREC = {
    DatePrecision.DAY: 1,
    DatePrecision.DAYS: 2,
    DatePrecision.WEEK: 3,
    DatePrecision.MONTH: 4,
    DatePrecision.YEAR: 5,
}
# Place precision → ACLED geo_precision and UCDP where_prec (the codebook's table).
ACLED_GEO_PRECISION = {
    PlacePrecision.EXACT: 1,
    PlacePrecision.NEAR: 2,
    PlacePrecision.DISTRICT: 2,
    PlacePrecision.PROVINCE: 3,
    PlacePrecision.REGION: 3,
}
UCDP_WHERE_PREC = {
    PlacePrecision.EXACT: 1,
    PlacePrecision.NEAR: 2,
    PlacePrecision.DISTRICT: 3,
    PlacePrecision.PROVINCE: 3,
    PlacePrecision.REGION: 4,
}

# ACLED inter codes: 1 state forces, 3 political militia (ACLED's code for gangs and other
# armed groups), 5 rioters, 7 civilians, 8 external/other forces.
STATE_KINDS = {ActorKind.SECURITY_FORCES, ActorKind.PROSECUTORS, ActorKind.GOVERNMENT}
CROWD_KINDS = {ActorKind.MINERS_INFORMAL, ActorKind.MINERS_FORMAL, ActorKind.COMMUNITY}


def _actors(incident: Incident, role: str) -> list[IncidentActor]:
    return sorted(
        (part for part in incident.actor_roles.all() if part.role == role),
        key=lambda part: (part.actor.name.casefold(), part.actor_id),
    )


def _is_crowd_attack(incident: Incident) -> bool:
    perpetrators = _actors(incident, ActorRole.PERPETRATOR)
    return bool(perpetrators) and all(part.actor.kind in CROWD_KINDS for part in perpetrators)


def acled_types(incident: Incident) -> tuple[str, str]:
    """ACLED (event type, sub-event type) of an incident."""
    mapping = TYPE_MAPPING[incident.incident_type]
    if mapping.crowd_event_type and _is_crowd_attack(incident):
        return mapping.crowd_event_type, mapping.crowd_sub_event_type
    return mapping.event_type, mapping.sub_event_type


def acled_disorder_type(incident: Incident) -> str:
    event_type, sub_event_type = acled_types(incident)
    if event_type == RIOTS:
        return RIOT_DISORDER_TYPES[sub_event_type]
    return DISORDER_TYPES[event_type]


def acled_inter(part: IncidentActor | None, event_type: str) -> int | None:
    """ACLED's inter code of an actor in an incident of the given event type."""
    if part is None:
        return None
    kind = part.actor.kind
    if kind in STATE_KINDS:
        return 1
    if event_type == RIOTS and (kind in CROWD_KINDS or part.role == ActorRole.PERPETRATOR):
        return 5
    if part.role == ActorRole.PERPETRATOR:
        return 8 if kind == ActorKind.COMPANY else 3
    return 7


def _acled_sides(incident: Incident) -> tuple[list[IncidentActor], list[IncidentActor]]:
    """Actor 1's side (perpetrators, or responders when none is named) and actor 2's (targets)."""
    first = _actors(incident, ActorRole.PERPETRATOR) or _actors(incident, ActorRole.RESPONDER)
    return first, _actors(incident, ActorRole.TARGET)


def _names(parts: list[IncidentActor]) -> str:
    return "; ".join(part.actor.name for part in parts)


def acled_actor_columns(incident: Incident) -> dict[str, object]:
    event_type, _ = acled_types(incident)
    first, second = _acled_sides(incident)
    inter1 = acled_inter(first[0] if first else None, event_type)
    inter2 = acled_inter(second[0] if second else None, event_type)
    if inter1 is None and inter2 is not None:
        inter1, inter2, first, second = inter2, None, second, []
    if inter1 is None:
        interaction = None
    elif inter2 is None:
        interaction = inter1 * 10
    else:
        interaction = min(inter1, inter2) * 10 + max(inter1, inter2)
    return {
        "actor1": first[0].actor.name if first else "",
        "assoc_actor_1": _names(first[1:]),
        "inter1": inter1,
        "actor2": second[0].actor.name if second else "",
        "assoc_actor_2": _names(second[1:]),
        "inter2": inter2,
        "interaction": interaction,
    }


def event_date(incident: Incident) -> datetime.date:
    """The one date ACLED asks for: the day itself, or the middle of a longer period."""
    return incident.date_start + datetime.timedelta(days=(incident.date_end - incident.date_start).days // 2)


@dataclass(frozen=True)
class Point:
    """Coordinates an export gives, and the name of the place they belong to."""

    latitude: Decimal | None
    longitude: Decimal | None
    name: str


def export_point(incident: Incident) -> Point:
    """The incident's own point, or else the capital of its finest known area.

    ACLED and UCDP give every event coordinates and say with geo_precision / where_prec
    how far to trust them; Veta does the same, so a region-level incident is placed at
    the region's capital with the precision code for a region.
    """
    area = incident.finest_place
    if incident.latitude is not None:
        return Point(incident.latitude, incident.longitude, incident.location_name or area.display_name)
    if area.latitude is not None:
        return Point(area.latitude, area.longitude, area.capital or area.display_name)
    return Point(None, None, area.display_name)


def _fatalities(incident: Incident, bound: str) -> int:
    # ACLED and UCDP write 0 when no source reports a death.
    value = getattr(incident, f"killed_{bound}")
    return 0 if value is None else value


def _sources(incident: Incident) -> list:
    return sorted(incident.sources.all(), key=lambda source: (source.published_on or datetime.date.max, source.pk))


def _source_name(source) -> str:
    return source.outlet or source.title


def _tags(incident: Incident) -> str:
    tags = [f"veta_type={incident.incident_type}"]
    qualifier = incident.killed_qualifier
    if qualifier and qualifier != FigureQualifier.EXACT:
        # ACLED's single figure is the lowest reported; say when the sources gave more, or "at least".
        tags.append(f"veta_fatalities={qualifier}:{incident.killed_low}/{incident.killed_best}/{incident.killed_high}")
    if incident.date_precision != DatePrecision.DAY:
        tags.append(f"date_range={incident.date_start.isoformat()}/{incident.date_end.isoformat()}")
    return "; ".join(tags)


def _timestamp(incident: Incident) -> int:
    return int(incident.updated_at.timestamp())


def acled_row(incident: Incident) -> dict[str, object]:
    """One incident as a row of ACLED's data export."""
    event_type, sub_event_type = acled_types(incident)
    point = export_point(incident)
    date = event_date(incident)
    return {
        "event_id_cnty": f"{ACLED_ID_PREFIX}{incident.pk}",
        "event_date": date.isoformat(),
        "year": date.year,
        "time_precision": ACLED_TIME_PRECISION[incident.date_precision],
        "disorder_type": acled_disorder_type(incident),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        **acled_actor_columns(incident),
        "civilian_targeting": "Civilian targeting" if event_type == VIOLENCE_AGAINST_CIVILIANS else "",
        "iso": ACLED_ISO,
        "region": ACLED_REGION,
        "country": COUNTRY,
        "admin1": incident.region.display_name,
        "admin2": incident.province.display_name if incident.province else "",
        "admin3": incident.district.display_name if incident.district else "",
        "location": point.name,
        "latitude": point.latitude,
        "longitude": point.longitude,
        "geo_precision": ACLED_GEO_PRECISION[incident.place_precision],
        "source": "; ".join(dict.fromkeys(_source_name(source) for source in _sources(incident))),
        "source_scale": "",
        "notes": incident.description or incident.title,
        # ACLED's rule: the lowest figure reported when sources disagree, and "at least N" as N.
        "fatalities": _fatalities(incident, "low"),
        "tags": _tags(incident),
        "timestamp": _timestamp(incident),
    }


ACLED_FIELDS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


# --- UCDP GED -------------------------------------------------------------------------------


def priogrid_gid(latitude: Decimal | None, longitude: Decimal | None) -> int | None:
    """The PRIO-GRID cell (half a degree) holding a point, numbered as UCDP numbers it."""
    if latitude is None or longitude is None:
        return None
    row = int((latitude + 90) // Decimal("0.5"))
    column = int((longitude + 180) // Decimal("0.5"))
    return row * 720 + column + 1


def _killed_by_role(incident: Incident) -> dict[str, int]:
    killed: dict[str, int] = {}
    for casualty in incident.casualties.all():
        if casualty.outcome == CasualtyOutcome.KILLED:
            killed[casualty.role] = killed.get(casualty.role, 0) + casualty.count
    return killed


def ucdp_sides(incident: Incident) -> tuple[str, str, int | None]:
    """(side_a, side_b, gwnoa): the government first in state-based violence, as UCDP writes it."""
    violence = TYPE_MAPPING[incident.incident_type].type_of_violence
    perpetrators = _actors(incident, ActorRole.PERPETRATOR)
    targets = _actors(incident, ActorRole.TARGET)
    if violence == STATE_BASED:
        state = [part for part in [*perpetrators, *targets] if part.actor.kind in STATE_KINDS]
        others = [part for part in [*perpetrators, *targets] if part.actor.kind not in STATE_KINDS]
        return _names(state) or UCDP_GOVERNMENT, _names(others), UCDP_COUNTRY_ID
    side_a = _names(perpetrators)
    gwnoa = UCDP_COUNTRY_ID if perpetrators and all(part.actor.kind in STATE_KINDS for part in perpetrators) else None
    if violence == ONE_SIDED:
        return side_a, "Civilians", gwnoa
    return side_a, _names(targets), gwnoa


def ucdp_deaths(incident: Incident) -> dict[str, int]:
    """deaths_a, deaths_b, deaths_civilians and deaths_unknown, adding up to `best`.

    Apportioned from the casualty records by role; what they do not account for is
    unknown, and when they count more than the best figure all of it is unknown.
    """
    best = _fatalities(incident, "best")
    killed = _killed_by_role(incident)
    civilians = killed.get(CasualtyRole.MINER, 0) + killed.get(CasualtyRole.CIVILIAN, 0)
    security, assailants = killed.get(CasualtyRole.SECURITY_FORCES, 0), killed.get(CasualtyRole.ASSAILANT, 0)
    if TYPE_MAPPING[incident.incident_type].type_of_violence == STATE_BASED:
        side_a, side_b = security, assailants
    else:
        side_a, side_b = assailants, 0
    if side_a + side_b + civilians > best:
        side_a = side_b = civilians = 0
    return {
        "deaths_a": side_a,
        "deaths_b": side_b,
        "deaths_civilians": civilians,
        "deaths_unknown": best - side_a - side_b - civilians,
    }


def _source_citation(source) -> str:
    parts = [source.outlet, source.published_on.isoformat() if source.published_on else "", f'"{source.title}"']
    citation = ", ".join(part for part in parts if part)
    return f"{citation} {source.url}" if source.url else citation


def ucdp_row(incident: Incident) -> dict[str, object]:
    """One incident as a row of UCDP's Georeferenced Event Dataset (GED)."""
    point = export_point(incident)
    side_a, side_b, gwnoa = ucdp_sides(incident)
    sources = _sources(incident)
    return {
        "id": incident.pk,
        "relid": f"{ACLED_ID_PREFIX}{incident.pk}",
        "year": incident.date_start.year,
        "active_year": "",
        "code_status": "",
        "type_of_violence": TYPE_MAPPING[incident.incident_type].type_of_violence,
        "conflict_dset_id": "",
        "conflict_new_id": "",
        "conflict_name": "",
        "dyad_dset_id": "",
        "dyad_new_id": "",
        "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else "",
        "side_a_dset_id": "",
        "side_a_new_id": "",
        "side_a": side_a,
        "side_b_dset_id": "",
        "side_b_new_id": "",
        "side_b": side_b,
        "number_of_sources": len(sources),
        "source_article": "; ".join(_source_citation(source) for source in sources),
        "source_office": "; ".join(source.outlet for source in sources if source.outlet),
        "source_date": "; ".join(source.published_on.isoformat() for source in sources if source.published_on),
        "source_headline": "; ".join(source.title for source in sources),
        "source_original": "",
        "where_prec": UCDP_WHERE_PREC[incident.place_precision],
        "where_coordinates": point.name,
        "where_description": incident.location_name,
        "adm_1": f"{incident.region.display_name} department",
        "adm_2": f"{incident.province.display_name} province" if incident.province else "",
        "latitude": point.latitude,
        "longitude": point.longitude,
        "geom_wkt": f"POINT ({point.longitude} {point.latitude})" if point.latitude is not None else "",
        "priogrid_gid": priogrid_gid(point.latitude, point.longitude),
        "country": COUNTRY,
        "country_id": UCDP_COUNTRY_ID,
        "region": UCDP_REGION,
        "event_clarity": "",
        "date_prec": UCDP_DATE_PREC[incident.date_precision],
        "date_start": incident.date_start.isoformat(),
        "date_end": incident.date_end.isoformat(),
        **ucdp_deaths(incident),
        "best": _fatalities(incident, "best"),
        "high": _fatalities(incident, "high"),
        "low": _fatalities(incident, "low"),
        "gwnoa": gwnoa,
        "gwnob": "",
        # Not a UCDP column: how sure the low/best/high deaths are (exact, about, at_least, up_to, range).
        "veta_qualifier": incident.killed_qualifier,
    }


UCDP_FIELDS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob", "veta_qualifier",
]  # fmt: skip


ACLED_LAYOUT = RowLayout(ACLED_FIELDS, acled_row)
UCDP_LAYOUT = RowLayout(UCDP_FIELDS, ucdp_row)
