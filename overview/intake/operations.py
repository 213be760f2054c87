"""An enforcement operation's results: agencies, machinery destroyed by kind, value in soles, arrests, seizures."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from core.choices import Wording
from enforcement.choices import Agency, MachineryKind, OperationKind
from overview.intake.numbers import Number

AGENCIES = [
    (
        Agency.PNP_ENVIRONMENT,
        r"direccion (?:de|del) medio ambiente|dirección de medio ambiente|environmental directorate|dirmeamb|policia ecologica",  # noqa: E501
    ),
    (Agency.PNP, r"policia nacional|pnp\b|national police|police\b|policia\b|policias\b|dirandro|dirincri"),
    (Agency.ARMY, r"ejercito|army|fuerzas armadas|armed forces|militares|soldiers|soldados"),
    (Agency.NAVY, r"marina de guerra|marina\b|navy|naval"),
    (Agency.AIR_FORCE, r"fuerza aerea|air force|fap\b"),
    (
        Agency.FEMA,
        r"fiscalia (?:especializada )?(?:en materia )?ambiental|fema\b|fiscal(?:es|ia)? ambiental|environmental prosecutors?|fiscales ambientales",  # noqa: E501
    ),
    (Agency.SUNAT, r"sunat"),
    (Agency.SERNANP, r"sernanp"),
]
MACHINERY = [
    (MachineryKind.DREDGE, r"dragas?|dredges?"),
    (MachineryKind.RAFT, r"balsas?|rafts?|chupaderas?"),
    (MachineryKind.ENGINE, r"motores|motor\b|engines?"),
    (MachineryKind.FRONT_LOADER, r"cargadores? frontales?|front(?:-end)? loaders?"),
    (MachineryKind.EXCAVATOR, r"excavadoras?|retroexcavadoras?|excavators?|backhoes?"),
    (MachineryKind.TRUCK, r"camiones|camion\b|volquetes?|trucks?|dump trucks?"),
    (MachineryKind.PUMP, r"motobombas?|bombas?|pumps?"),
]
MONEY = re.compile(
    r"(?:s/\.?|soles)\s?(?P<amount>\d[\d.,]*)\s*(?P<scale>millones|millon|million|mil\b|thousand|billion)?"
    r"|(?P<amount2>\d[\d.,]*)\s*(?P<scale2>millones|millon|million|mil\b)?\s*(?:de )?soles"
)
SCALES = {
    "millones": 1_000_000,
    "millon": 1_000_000,
    "million": 1_000_000,
    "mil": 1_000,
    "thousand": 1_000,
    "billion": 1_000_000_000,
}
ARRESTS = re.compile(
    r"^\s*(?:personas\s+|presuntos\s+|people\s+|suspects\s+)?(?:detenid|capturad|arrestad|intervenid|arrest|detain)"
)
ARREST_VERB = re.compile(r"(?:detuvieron a|capturaron a|arrestaron a|arrested|detained)\s+(?:a\s+)?$")
SEIZURES = [
    (
        "mercury_seized_kg",
        re.compile(
            r"(?P<n>\d[\d.,]*)\s*(?:kilos|kg|kilogramos|kilograms)\s+de\s+mercurio|(?P<n2>\d[\d.,]*)\s*(?:kg|kilograms|kilos) of mercury"  # noqa: E501
        ),
    ),
    (
        "fuel_seized_gallons",
        re.compile(r"(?P<n>\d[\d.,]*)\s*(?:galones|gallons)(?:\s+(?:de|of)\s+(?:combustible|petroleo|diesel|fuel))?"),
    ),
    ("gold_seized_grams", re.compile(r"(?P<n>\d[\d.,]*)\s*(?:gramos|grams)\s+(?:de|of)\s+(?:oro|gold)")),
]
KINDS = [
    (
        OperationKind.CAMP_DISMANTLED,
        r"desmantel\w* (?:un |el |varios )?campamento|campamentos? desmantelad|dismantl\w* (?:a |an |the )?(?:\w+ ){0,3}camp",  # noqa: E501
    ),
    (OperationKind.RAID, r"allanamiento|allanaron|raid\b|raided"),
    (OperationKind.EVICTION, r"desalojo|desalojaron|evict"),
    (OperationKind.INTERDICTION, r"interdicci|interdiction|operativo|operation"),
    (OperationKind.MACHINERY_DESTROYED, r"destruy\w+|inutiliz\w+|destroyed|destruction"),
    (OperationKind.SEIZURE, r"incaut|decomis|seiz"),
    (OperationKind.ARREST, r"detenid|capturad|arrest"),
]


def _decimal(raw: str) -> Decimal | None:
    """'3.700' → 3700, '1,5' → 1.5, '1,200,000' → 1200000: a group of three digits after a mark is thousands."""
    raw = raw.rstrip(".,")
    thousands = re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw)
    raw = re.sub(r"[.,]", "", raw) if thousands else raw.replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


@dataclass
class OperationFinding:
    kind: str | None = None
    agencies: list[str] = field(default_factory=list)
    machinery: dict[str, int] = field(default_factory=dict)
    value_destroyed: Decimal | None = None
    value_wording: str = Wording.EXACT
    arrests: int | None = None
    seizures: dict[str, Decimal] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def find_operation(folded: str, numbers: list[Number], event_spans: list[tuple[int, int]]) -> OperationFinding:
    finding = OperationFinding()
    event_text_ranges = event_spans or [(0, len(folded))]

    def in_event(position: int) -> bool:
        return any(s <= position < e for s, e in event_text_ranges)

    for agency, pattern in AGENCIES:
        match = re.search(rf"\b(?:{pattern})", folded)
        if match and agency not in finding.agencies:
            finding.agencies.append(agency)
            finding.spans.setdefault(f"agency:{agency}", match.span())
    if Agency.PNP_ENVIRONMENT in finding.agencies and Agency.PNP in finding.agencies:
        finding.agencies.remove(Agency.PNP)
    for kind, pattern in KINDS:
        match = re.search(rf"\b(?:{pattern})", folded)
        if match:
            finding.kind = kind
            finding.spans["kind"] = match.span()
            break
    for number in numbers:
        if not in_event(number.start) or number.value <= 0:
            continue
        after = folded[number.end : number.end + 40]
        for kind, pattern in MACHINERY:
            if re.match(rf"^\s*(?:[a-z]+\s+)?(?:{pattern})\b", after) and kind not in finding.machinery:
                finding.machinery[kind] = number.value
                finding.spans[f"machinery:{kind}"] = (number.start, number.end)
                break
        before = folded[max(0, number.start - 30) : number.start]
        if finding.arrests is None and (ARRESTS.match(after) or ARREST_VERB.search(before)):
            finding.arrests = number.value
            finding.spans["arrests"] = (number.start, number.end)
    for match in MONEY.finditer(folded):
        if not in_event(match.start()):
            continue
        amount = _decimal(match.group("amount") or match.group("amount2"))
        scale = match.group("scale") or match.group("scale2")
        if amount is None:
            continue
        value = amount * SCALES.get(scale or "", 1)
        before = folded[max(0, match.start() - 20) : match.start()]
        finding.value_destroyed = value.quantize(Decimal("0.01"))
        if re.search(r"(?:mas de|more than|over|al menos|at least)\s+$", before):
            finding.value_wording = Wording.AT_LEAST
        elif re.search(r"(?:unos|cerca de|alrededor de|about|around|some|nearly|aproximadamente)\s+$", before):
            finding.value_wording = Wording.ABOUT
        finding.spans["value_destroyed"] = match.span()
        break
    for field_name, pattern in SEIZURES:
        match = pattern.search(folded)
        if match and in_event(match.start()):
            amount = _decimal(match.group("n") or match.groupdict().get("n2") or "")
            if amount is not None:
                finding.seizures[field_name] = amount
                finding.spans[field_name] = match.span()
    return finding
