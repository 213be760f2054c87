"""Numbers in an article, in digits or in words of either language, with their offsets."""

import re
from dataclasses import dataclass

from text_to_num import text2num

ES_WORDS = [
    "un",
    "una",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciseis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiun",
    "veintiuno",
    "veintiuna",
    "veintidos",
    "veintitres",
    "veinticuatro",
    "veinticinco",
    "veintiseis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
    "cien",
    "ciento",
    "doscientos",
    "doscientas",
    "trescientos",
    "trescientas",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
    "mil",
]
EN_WORDS = [
    "a",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
]
# A dozen and a half-dozen are figures too.
SPECIAL = {"una docena": 12, "a dozen": 12, "media docena": 6, "half a dozen": 6}

_ES = "|".join(sorted(ES_WORDS, key=len, reverse=True))
_EN = "|".join(sorted(EN_WORDS, key=len, reverse=True))
WORDS = {
    "es": re.compile(rf"\b(?:una docena|media docena|(?:{_ES})(?:(?: y |\s+)(?:{_ES}))*)\b"),
    "en": re.compile(rf"\b(?:a dozen|half a dozen|(?:{_EN})(?:(?:-| and |\s+)(?:{_EN}))*)\b"),
}
DIGITS = re.compile(r"(?<![\d.,/])\d{1,3}(?:[.,]\d{3})+(?![\d]|[.,]\d)|(?<![\d.,/])\d+(?![\d]|[.,]\d)")


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: int
    in_words: bool


def _word_value(original: str, folded: str, language: str) -> int | None:
    if folded in SPECIAL:
        return SPECIAL[folded]
    for candidate in (original.lower(), folded):
        try:
            return text2num(candidate, language)
        except ValueError:
            continue
    return None


def find_numbers(text: str, folded: str, language: str) -> list[Number]:
    """Every number of the text, in order: digits, and number words of the article's language."""
    found = []
    for match in DIGITS.finditer(folded):
        digits = re.sub(r"[.,]", "", match.group())
        found.append(Number(match.start(), match.end(), int(digits), False))
    pattern = WORDS.get(language)
    for match in pattern.finditer(folded) if pattern else ():
        if match.group() == "a":
            continue
        value = _word_value(text[match.start() : match.end()], match.group(), language)
        if value is not None:
            found.append(Number(match.start(), match.end(), value, True))
    found.sort(key=lambda n: (n.start, -n.end))
    result = []
    for number in found:
        if result and number.start < result[-1].end:
            continue
        result.append(number)
    return result
