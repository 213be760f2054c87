"""What kind of record an article supports, and which type of incident, with the reason.

Kinds: an incident, an enforcement operation, a follow-up of an incident Veta holds, context
without a record of its own (REINFO or policy news), or nothing relevant (no mining, or
another country). Each rule is a list of words; the reason names the words that decided.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from incidents.choices import IncidentType


class Kind:
    INCIDENT = "incident"
    OPERATION = "operation"
    FOLLOW_UP = "follow_up"
    CONTEXT = "context"
    IRRELEVANT = "irrelevant"

    CHOICES = (
        (INCIDENT, "incident"),
        (OPERATION, "enforcement operation"),
        (FOLLOW_UP, "follow-up of an incident Veta holds"),
        (CONTEXT, "context (no record of its own)"),
        (IRRELEVANT, "not relevant"),
    )


def words(*alternatives: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")")


MINING = words(
    r"miners?\b",
    r"mercurio",
    r"mercury",
    r"maquinaria",
    r"miner[oiaí]",
    r"mining",
    r"mine\b",
    r"mines\b",
    r"oro\b",
    r"gold",
    r"socavon",
    r"dragas?\b",
    r"dredg",
    r"reinfo",
    r"aurifer",
    r"bocamina",
    r"tunnel",
)
VIOLENCE = words(
    r"asesin",
    r"ataque",
    r"atac",
    r"balacera",
    r"disparo",
    r"muert",
    r"murieron",
    r"herid",
    r"secuestr",
    r"extorsi",
    r"enfrentamiento",
    r"incendi",
    r"masacre",
    r"desaparecid",
    r"sicari",
    r"attack",
    r"killed",
    r"dead\b",
    r"shot",
    r"gunmen",
    r"gunfire",
    r"injured",
    r"wounded",
    r"kidnap",
    r"abduct",
    r"extort",
    r"clash",
    r"massacre",
    r"set fire",
    r"arson",
    r"riot",
    r"missing",
    r"trata de personas",
    r"traffick",
    r"rescat",
    r"rescued",
    r"violen",
)
OPERATION = words(
    r"interdicci",
    r"operativo",
    r"intervencion",
    r"desmantel",
    r"destruy",
    r"incautar",
    r"incautaron",
    r"decomis",
    r"detenid",
    r"capturad",
    r"allanamiento",
    r"inutiliz",
    r"interdiction",
    r"raid",
    r"dismantl",
    r"destroyed",
    r"seized",
    r"arrested",
    r"detained",
    r"crackdown",
    r"operation",
)
CONTEXT = words(
    r"reinfo",
    r"formalizaci",
    r"formalization",
    r"registro integral",
    r"decreto",
    r"decree",
    r"congreso",
    r"congress",
    r"ley\b",
    r"law\b",
    r"bill\b",
    r"proyecto de ley",
    r"ampliaci",
    r"extension",
    r"vigencia",
    r"exportaci",
    r"exports?\b",
    r"precio del oro",
    r"gold price",
)
FOLLOW_UP = words(
    r"elev[oa] (?:a|la cifra)",
    r"ascendi[oó] a",
    r"subi[oó] a",
    r"aument[oó] a",
    r"toll (?:rose|has risen|climbed|increased|reached)",
    r"rose to",
    r"risen to",
    r"hallaron (?:los )?cuerpos",
    r"encontraron (?:los )?cuerpos",
    r"found (?:the )?bodies",
    r"bodies of the",
    r"tras el ataque del",
    r"del ataque (?:del|ocurrido)",
    r"following (?:the|last \w+'s) attack",
    r"after (?:the|last \w+'s) attack",
    r"dias despues",
    r"days after",
    r"sobrevivientes",
    r"hallados con vida",
    r"found alive",
    r"new (?:figures|toll)",
    r"nuevo balance",
    r"actualiz",
)
# Sentences that recall other events: their dates, places and figures are not this event's.
CONTEXT_SENTENCE = words(
    r"similar",
    r"anterior",
    r"anteriormente",
    r"previous",
    r"earlier",
    r"ano pasado",
    r"last year",
    r"en 20\d\d",
    r"in 20\d\d",
    r"otro ataque",
    r"another attack",
    r"no es (?:un hecho )?aislado",
    r"not an isolated",
    r"antecedente",
    r"historial",
    r"ya en",
    r"already in",
    r"en lo que va del",
    r"so far this year",
    r"since 20",
    r"desde 20",
    r"cada ano",
    r"every year",
    r"lost [0-9,.]+ h",
    r"perdio [0-9,.]+ h",
)

TYPE_RULES = [
    (
        IncidentType.TRAFFICKING,
        words(
            r"trata de personas",
            r"traffick",
            r"explotacion sexual",
            r"prostibulo",
            r"brothel",
            r"sexual exploitation",
            r"prostitu",
        ),
    ),
    (IncidentType.KIDNAPPING, words(r"secuestr", r"raptad", r"plagi", r"kidnap", r"abduct", r"hostage", r"rehen")),
    (IncidentType.EXTORTION, words(r"extorsi", r"cupos?\b", r"extort", r"protection money", r"cobro de cupo")),
    (
        IncidentType.PROTEST_VIOLENCE,
        words(
            r"protesta",
            r"paro\b",
            r"huelga",
            r"disturbios",
            r"manifestant",
            r"bloqueo",
            r"protest",
            r"strike\b",
            r"riots?\b",
            r"demonstrat",
        ),
    ),
    (
        IncidentType.ATTACK_ON_SECURITY_FORCES,
        words(
            r"(?:atacaron|incendiaron|quemaron|prendieron fuego)[a-z ]{0,40}(?:comisaria|puesto|base|policia|patrullero|militar)",  # noqa: E501
            r"(?:attacked|set fire to|torched|burned)[a-z ]{0,60}(?:police|military|station|post|base|patrol)",
            r"emboscada a (?:una patrulla|policias|militares)",
            r"ambush(?:ed)? (?:a )?(?:police|military|patrol)",
            r"ataque (?:a|contra) (?:la |una )?(?:comisaria|base|puesto|patrulla)",
            r"attack on (?:a |the )?(?:police|military)",
        ),
    ),
    (
        IncidentType.CLASH_WITH_SECURITY_FORCES,
        words(
            r"enfrentamiento",
            r"intercambio de disparos",
            r"balacera con",
            r"clash",
            r"shootout",
            r"exchange of fire",
            r"firefight",
        ),
    ),
    (
        IncidentType.ARMED_ATTACK,
        words(
            r"ataque armado",
            r"atacaron",
            r"ataco\b",
            r"atacan\b",
            r"mato a",
            r"ataque",
            r"asesin",
            r"sicari",
            r"balearon",
            r"disparar",
            r"hombres armados",
            r"armed attack",
            r"attack",
            r"gunmen",
            r"shot",
            r"armed men",
            r"killed",
            r"murder",
            r"masacre",
            r"massacre",
        ),
    ),
]


@dataclass
class Classification:
    kind: str
    reason: str
    incident_type: str | None = None
    type_reason: str = ""
    follow_up_signals: list[str] | None = None


def _first(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match else None


def classify(folded: str, lede: str, figures: dict, killed: int | None, foreign_only: list[str]) -> Classification:
    """The kind of record and incident type, from the whole text and its lede (headline and first sentences)."""
    mining = MINING.findall(folded)
    if not mining:
        return Classification(Kind.IRRELEVANT, _("The text does not mention mining or gold."))
    if foreign_only:
        return Classification(
            Kind.IRRELEVANT,
            _("The article is about another country (%(countries)s), not Peru.")
            % {"countries": ", ".join(foreign_only)},
        )
    violence = VIOLENCE.findall(lede) + VIOLENCE.findall(folded)
    operation_lede = OPERATION.findall(lede)
    operation = OPERATION.findall(folded)
    context = CONTEXT.findall(folded)
    follow = FOLLOW_UP.findall(folded)
    people = {outcome for outcome in figures if outcome != "rescued"}
    incident_type, type_reason = None, ""
    for candidate, pattern in TYPE_RULES:
        word = _first(pattern, lede) or None
        if word:
            incident_type, type_reason = candidate, word
            break
    if incident_type is None:
        for candidate, pattern in TYPE_RULES:
            word = _first(pattern, folded)
            if word:
                incident_type, type_reason = candidate, word
                break
    if incident_type == IncidentType.ARMED_ATTACK and (killed or 0) >= 4:
        incident_type, type_reason = IncidentType.MASSACRE, f"{type_reason}; {killed} killed (4 or more)"
    if operation_lede and not people and incident_type not in (IncidentType.TRAFFICKING,):
        return Classification(
            Kind.OPERATION,
            _("An enforcement action: “%(words)s”.") % {"words": operation_lede[0]},
            follow_up_signals=follow,
        )
    if people or (violence and incident_type and not (context and not VIOLENCE.findall(lede))):
        reason = _("Violence with casualties") if people else _("Violence")
        return Classification(
            Kind.INCIDENT,
            f"{reason}: “{(violence or list(people))[0]}”.",
            incident_type or IncidentType.OTHER,
            type_reason,
            follow,
        )
    if figures.get("rescued") and incident_type == IncidentType.TRAFFICKING:
        return Classification(Kind.INCIDENT, _("A rescue from trafficking."), incident_type, type_reason, follow)
    if operation:
        return Classification(
            Kind.OPERATION, _("An enforcement action: “%(words)s”.") % {"words": operation[0]}, follow_up_signals=follow
        )
    if context:
        return Classification(
            Kind.CONTEXT, _("Mining news without an event to record: “%(words)s”.") % {"words": context[0]}
        )
    return Classification(Kind.CONTEXT, _("Mining news without violence or an enforcement action."))


def context_sentences(folded: str, spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The sentences that recall other events."""
    return {(s, e) for s, e in spans if CONTEXT_SENTENCE.search(folded[s:e])}
