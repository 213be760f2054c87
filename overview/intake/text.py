"""Cleaning an article's text: decoding, markup, size, sentences, and accent-free folding."""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.translation import gettext as _
from unidecode import unidecode

# The longest article read; a longer text is refused with a message saying so.
MAX_CHARS = 60_000
# The shortest text worth reading.
MIN_CHARS = 40


class IntakeError(ValueError):
    """A text that cannot be read as an article: says which field and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class CleanText:
    """The article's text as Veta reads it, with what was done to it."""

    text: str
    warnings: list[str]


class _TextOnly(HTMLParser):
    """Keeps the text of an HTML page and breaks lines at its blocks; drops scripts and styles."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title"}
    SKIPPED = {"script", "style", "noscript", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


HTML_TAG = re.compile(r"<\s*(p|div|br|span|a|html|body|article|h[1-6]|li|ul|strong|em|script|style)\b[^>]*>", re.I)
# UTF-8 read as Latin-1/Windows-1252: "Ã©" for "é", "â€™" for "’".
MOJIBAKE = re.compile(r"Ã[\x80-\xbf¡-ÿ]|â€[\x80-\xbf™œ\x9d“”˜¦]|Â[\xa0-\xbf]")


def decode_bytes(data: bytes, field: str = "file") -> CleanText:
    """A file's bytes as text: UTF-8 (with or without a BOM), else Windows-1252 with a warning; binary is refused."""
    if b"\x00" in data[:4096]:
        raise IntakeError(field, _("This is a binary file, not text: upload the article as plain text (UTF-8)."))
    try:
        return CleanText(data.decode("utf-8-sig"), [])
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        return CleanText(text, [_("The text was not UTF-8; it was read as Windows-1252 (Latin-1). Check its accents.")])


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 read as Windows-1252 ("minerÃ­a" → "minería") where it is clearly that."""
    if len(MOJIBAKE.findall(text)) < 2:
        return text, False
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8"), True
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text, False


def clean(text: str, field: str = "text") -> CleanText:
    """The article ready to read, or an IntakeError saying why it cannot be."""
    if text is None or not text.strip():
        raise IntakeError(field, _("The text is empty: paste the article's text."))
    if len(text) > MAX_CHARS:
        raise IntakeError(
            field,
            _(
                "The text has %(count)s characters; Veta reads articles of at most %(cap)s. "
                "Paste the article alone, without the rest of the page."
            )
            % {"count": f"{len(text):,}", "cap": f"{MAX_CHARS:,}"},
        )
    warnings = []
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if "\x00" in text or controls > max(5, len(text) // 100):
        raise IntakeError(field, _("The text holds binary data, not an article: paste plain text."))
    if "\ufffd" in text and text.count("\ufffd") > max(3, len(text) // 200):
        raise IntakeError(
            field, _("The text is not readable (wrong character encoding): save it as UTF-8 and try again.")
        )
    text, repaired = repair_mojibake(text)
    if repaired:
        warnings.append(_("The accents were garbled (UTF-8 read as Latin-1) and were repaired."))
    if HTML_TAG.search(text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
        warnings.append(_("HTML markup was removed; only the text was read."))
    text = html.unescape(text) if "&" in text else text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
    if len(text) < MIN_CHARS:
        raise IntakeError(
            field, _("The text is too short to be an article (%(count)s characters).") % {"count": len(text)}
        )
    return CleanText(text, warnings)


def fold(text: str) -> str:
    """Lower case without accents, one character for one: offsets in the folded text are those of the original."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.lower())
            continue
        folded = unidecode(ch).lower()
        if len(folded) == 1 and (folded.isalnum() or folded in "'\"-.,;:!?()"):
            out.append(folded)
        else:
            out.append("x" if ch.isalpha() else " ")
    return "".join(out)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“‘«(¿¡]?[A-ZÁÉÍÓÚÑ0-9])|\n+")
# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = ("Sr.", "Sra.", "Dr.", "Av.", "Gral.", "Cnel.", "Crnl.", "Col.", "Mr.", "Mrs.", "St.", "No.", "Nº.")


def sentences(text: str) -> list[Sentence]:
    """The article's sentences with their offsets (headlines and paragraphs end one too)."""
    result = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        if any(piece.endswith(abbr) for abbr in ABBREVIATIONS):
            continue
        if piece.strip():
            result.append(_sentence(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        result.append(_sentence(text, start, len(text)))
    return result


def _sentence(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end])
