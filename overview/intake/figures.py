"""Casualty figures with their wording: "al menos tres muertos", "unos 20 heridos", "up to five missing".

A figure is a number (digits or words) near a word of an outcome, in the sentences about the
event (not in those recalling earlier ones); the words before the number give its wording.
"More than N" is kept with its own wording (`more_than`): the figures count it as a floor of N + 1.
A later "the toll rose to five" replaces an earlier figure of the same outcome.
"""

import re
from dataclasses import dataclass

from core.choices import Wording
from incidents.choices import CasualtyOutcome, CasualtyRole
from overview.intake.numbers import Number

OUTCOME_WORDS = {
    CasualtyOutcome.KILLED: (
        r"muert[oa]s?|fallecid[oa]s?|asesinad[oa]s?|murieron|muri[oe]|mueren|perdieron la vida|sin vida|"
        r"cadaver(?:es)?|cuerpos|victimas mortales|killed|dead|died|deaths?|bodies|murdered|"
        r"lost their lives|fatalities|fatally"
    ),
    CasualtyOutcome.INJURED: r"herid[oa]s?|lesionad[oa]s?|injured|wounded|hurt|injuries",
    CasualtyOutcome.MISSING: r"desaparecid[oa]s?|no habidos|missing|unaccounted",
    CasualtyOutcome.KIDNAPPED: r"secuestrad[oa]s?|raptad[oa]s?|plagiad[oa]s?|rehenes|kidnapped|abducted|hostages?",
    CasualtyOutcome.RESCUED: (
        r"rescatad[oa]s?|liberad[oa]s?|con vida|rescued|freed|found alive|released|puest[oa]s? a salvo"
    ),
}
# A verb of the outcome before its number: "mataron a tres", "killing five", "rescataron a 20".
OUTCOME_VERBS = {
    CasualtyOutcome.KILLED: r"mataron a|mato a|asesino a|asesinaron a|ejecutaron a|killing|killed|murdered|dejo un saldo de",  # noqa: E501
    CasualtyOutcome.INJURED: r"hirieron a|injuring|wounding|wounded",
    CasualtyOutcome.KIDNAPPED: r"secuestraron a|raptaron a|kidnapping|abducting|kidnapped|abducted",
    CasualtyOutcome.RESCUED: r"rescataron a|rescato a|liberaron a|libero a|rescuing|rescued|freed",
}
# "La cifra de muertos subió a cinco", "the death toll rose to five".
TOLL = re.compile(
    r"(?:cifra de (?P<es>muertos|fallecidos|victimas|heridos|desaparecidos)|numero de (?P<es2>muertos|fallecidos|"
    r"victimas|heridos|desaparecidos)|(?P<en>death|injury) toll|toll)\s+(?:[\w',]+\s+){0,14}?"
    r"(?:subio|ascendio|aumento|se elevo|llego|rose|climbed|increased|reached|risen|has risen|stands|stood)"
    r"\s+(?:a|to|at|hasta)\s+$"
)
TOLL_OUTCOME = {
    "muertos": CasualtyOutcome.KILLED,
    "fallecidos": CasualtyOutcome.KILLED,
    "victimas": CasualtyOutcome.KILLED,
    "death": CasualtyOutcome.KILLED,
    "heridos": CasualtyOutcome.INJURED,
    "injury": CasualtyOutcome.INJURED,
    "desaparecidos": CasualtyOutcome.MISSING,
}
WORDINGS = [
    (Wording.AT_LEAST, r"al menos|por lo menos|como minimo|no menos de|at least|a minimum of|no fewer than"),
    (Wording.MORE_THAN, r"mas de|more than|over|upwards of|in excess of"),
    (
        Wording.ABOUT,
        r"unos|unas|alrededor de|cerca de|aproximadamente|casi|about|around|some|nearly|roughly|approximately|an estimated|almost",  # noqa: E501
    ),
    (Wording.UP_TO, r"hasta|up to|as many as"),
]
WORDING_BEFORE = [(wording, re.compile(rf"\b(?:{words})\s+$")) for wording, words in WORDINGS]
MORE_THAN = re.compile(r"\b(?:mas de|more than|over|upwards of|in excess of)\s+$")
ROLE_WORDS = [
    (CasualtyRole.MINER, r"mineros?|miners?|trabajadores|workers|obreros"),
    (
        CasualtyRole.SECURITY_FORCES,
        r"policias?|agentes|efectivos|soldados|militares|police(?: officers)?|officers|soldiers|troops|policemen",
    ),
    (
        CasualtyRole.CIVILIAN,
        r"civiles|pobladores|comuneros|vecinos|residentes|mujeres|menores|civilians|residents|villagers|women|girls",
    ),
    (CasualtyRole.ASSAILANT, r"atacantes|delincuentes|sicarios|asaltantes|assailants|gunmen|attackers|criminals"),
]
# What follows a number that is not a count of people.
NOT_PEOPLE = re.compile(
    r"^\s*(?:%|por ciento|percent|anos|years|hectareas|hectares|ha\b|soles|dolares|dollars|km|kilometros|kilometres|"
    r"kilometers|metros|meters|horas|hours|dias|days|semanas|weeks|meses|months|kilos|kg|gramos|grams|galones|"
    r"gallons|toneladas|tons|millones|million|mil\b|de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|setiembre|octubre|noviembre|diciembre)|operativos|operaciones|operations|dragas|dredges|balsas|"
    r"rafts|motores|engines|a\.m|p\.m|am\b|pm\b|de la (?:manana|tarde|noche)|veces|times)"
)
FILLER = r"(?:[a-z]+\s+){0,4}?"


@dataclass
class Figure:
    """A count of people with an outcome, as the text words it, and where it was read."""

    outcome: str
    value: int
    wording: str
    span: tuple[int, int]
    sentence: tuple[int, int]
    role: str = CasualtyRole.UNKNOWN
    more_than: bool = False
    updated: bool = False


def _wording(folded: str, number: Number, sentence_start: int) -> tuple[str, bool]:
    before = folded[max(sentence_start, number.start - 30) : number.start]
    for wording, pattern in WORDING_BEFORE:
        if pattern.search(before):
            return wording, bool(MORE_THAN.search(before))
    return Wording.EXACT, False


def _role(window: str) -> str:
    for role, words in ROLE_WORDS:
        if re.search(rf"\b(?:{words})\b", window):
            return role
    return CasualtyRole.UNKNOWN


def find_figures(
    folded: str, numbers: list[Number], event_sentences: list[tuple[int, int]], skip: list[tuple[int, int]]
) -> dict[str, Figure]:
    """The figure of each outcome the event's sentences give: the first stated, or a later 'rose to'."""
    figures: dict[str, Figure] = {}
    after_patterns = {outcome: re.compile(rf"^\s*{FILLER}(?:{words})\b") for outcome, words in OUTCOME_WORDS.items()}
    verb_patterns = {
        outcome: re.compile(rf"\b(?:{words})\s+(?:(?:a|al|otros|otras|the|another|at least|al menos|unos|some)\s+)?$")
        for outcome, words in OUTCOME_VERBS.items()
    }
    previous: Figure | None = None
    for s_start, s_end in event_sentences:
        for number in numbers:
            if not s_start <= number.start < s_end:
                continue
            if number.value <= 0 or number.value > 100_000:
                continue
            if any(a <= number.start < b for a, b in skip):
                continue
            after = folded[number.end : min(s_end, number.end + 60)]
            if NOT_PEOPLE.match(after):
                continue
            before = folded[max(s_start, number.start - 60) : number.start]
            outcome, best_end = None, len(after) + 1
            updated = False
            toll = TOLL.search(folded[max(s_start, number.start - 160) : number.start])
            if toll:
                word = toll.group("es") or toll.group("es2") or toll.group("en") or "death"
                outcome, updated = TOLL_OUTCOME.get(word, CasualtyOutcome.KILLED), True
            if outcome is None:
                for candidate, pattern in after_patterns.items():
                    match = pattern.match(after)
                    # "seis mineros y dos policías heridos": the noun right after the number wins.
                    if match and match.end() < best_end:
                        outcome, best_end = candidate, match.end()
            if outcome is None:
                for candidate, pattern in verb_patterns.items():
                    if pattern.search(before):
                        outcome = candidate
                        break
            if outcome is None:
                continue
            if (
                number.in_words
                and number.value == 1
                and not re.match(r"^\s*(?:[a-z]+\s+){0,2}(?:" + OUTCOME_WORDS[outcome] + ")", after)
            ):
                continue
            wording, more_than = _wording(folded, number, s_start)
            if (
                wording == Wording.EXACT
                and previous is not None
                and previous.sentence == (s_start, s_end)
                and re.fullmatch(
                    r"[a-z\s]*\b(?:y|and|e)\s+(?:otr[oa]s\s+|others?\s+)?",
                    folded[previous.span[1] : number.start].split(",")[-1] + " ",
                )
            ):
                wording = previous.wording
            figure = Figure(
                outcome,
                number.value,
                wording,
                (number.start, number.end),
                (s_start, s_end),
                _role(folded[max(s_start, number.start - 20) : number.end + 40]),
                more_than,
                updated,
            )
            previous = figure
            if outcome not in figures or (updated and not figures[outcome].updated):
                figures[outcome] = figure
    return figures
