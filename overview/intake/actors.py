"""Actors an article names: gangs, communities, police units; unnamed parties by their kind only."""

import re
from dataclasses import dataclass

from incidents.choices import ActorKind, ActorRole

NAMED_GANG = re.compile(
    r"\b(?:banda(?: criminal)?|organizaci[oó]n criminal|clan|grupo criminal|gang|criminal (?:group|gang|organi[sz]ation))"  # noqa: E501
    r"(?: (?:denominad[oa]|llamad[oa]|conocid[oa] como|known as|called))?\s+[«“\"']?"
    r"(?P<name>(?:Los|Las|La|El|The)\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+(?:de|del|of)\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)?)"
)
NAMED_BEFORE_GANG = re.compile(
    r"[«“\"']?(?P<name>(?:Los|Las|The)\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)[»”\"']?,?\s+(?:gang|criminal gang|banda|una banda)"
)
COMMUNITY = re.compile(
    r"\b(?:comunidad (?:nativa|campesina)|native community|comunidad)\s+(?:de\s+)?(?P<name>[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)*)"  # noqa: E501
)
UNNAMED = [
    (
        ActorKind.UNKNOWN,
        ActorRole.PERPETRATOR,
        r"hombres armados|sicarios|encapuchados|desconocidos|atacantes|armed (?:men|assailants)|gunmen|unidentified (?:attackers|assailants|men)|hooded men|assailants",  # noqa: E501
    ),
    (
        ActorKind.CRIMINAL_GROUP,
        ActorRole.PERPETRATOR,
        r"bandas criminales|organizaciones criminales|criminal gangs|criminal groups|organized crime|crimen organizado",
    ),
    (
        ActorKind.MINERS_INFORMAL,
        ActorRole.TARGET,
        r"mineros (?:informales|artesanales|ilegales)|informal miners|artisanal miners|illegal miners",
    ),
]


@dataclass
class ActorFinding:
    name: str
    kind: str
    role: str
    span: tuple[int, int]


def find_actors(
    text: str, folded: str, known: dict[str, str], event_spans: list[tuple[int, int]]
) -> list[ActorFinding]:
    """Named actors first (a gang, a community, an actor Veta already has), then unnamed parties by kind."""
    found: dict[str, ActorFinding] = {}

    def in_event(position: int) -> bool:
        return any(s <= position < e for s, e in event_spans)

    for pattern in (NAMED_GANG, NAMED_BEFORE_GANG):
        for match in pattern.finditer(text):
            if in_event(match.start()):
                name = match.group("name").strip()
                found.setdefault(
                    name.lower(),
                    ActorFinding(name, ActorKind.CRIMINAL_GROUP, ActorRole.PERPETRATOR, match.span("name")),
                )
    for match in COMMUNITY.finditer(text):
        if in_event(match.start()):
            name = match.group("name").strip()
            found.setdefault(
                name.lower(), ActorFinding(name, ActorKind.COMMUNITY, ActorRole.TARGET, match.span("name"))
            )
    for folded_name, (name, kind) in known.items():
        if len(folded_name) < 6:
            continue
        index = folded.find(folded_name)
        if index >= 0 and in_event(index):
            found.setdefault(
                name.lower(),
                ActorFinding(
                    name,
                    kind,
                    ActorRole.PERPETRATOR if kind == ActorKind.CRIMINAL_GROUP else ActorRole.TARGET,
                    (index, index + len(folded_name)),
                ),
            )
    for kind, role, pattern in UNNAMED:
        match = re.search(rf"\b(?:{pattern})\b", folded)
        if match and in_event(match.start()) and not any(a.kind == kind and a.role == role for a in found.values()):
            found[f"~{kind}-{role}"] = ActorFinding("", kind, role, match.span())
    return sorted(found.values(), key=lambda a: a.span[0])
