"""Texts written in English, in Spanish or in both: the reader's language first, then the other.

A bilingual text is two fields of a record: `<field>` in English and `<field>_es` in Spanish
(an incident's `title` and `title_es`). `in_language` picks the one in the reader's
language and falls back to the other when it is empty, saying which language it gave, so a
page can mark the fallback with its `lang` attribute and a short note.
"""

from django.utils import translation

SECOND_FIELD = {"en": "", "es": "_es"}
OTHER_LANGUAGE = {"en": "es", "es": "en"}


def reader_language(language: str | None = None) -> str:
    """'es' or 'en': the given language, or the active one, reduced to Veta's two."""
    code = (language or translation.get_language() or "en").split("-")[0]
    return code if code in SECOND_FIELD else "en"


def in_language(obj: object, field: str, language: str | None = None) -> tuple[str, str]:
    """(text, language code) of the bilingual `field` of `obj`: the reader's, or the other one when empty."""
    wanted = reader_language(language)
    text = getattr(obj, field + SECOND_FIELD[wanted], "") or ""
    if text.strip():
        return text, wanted
    other = OTHER_LANGUAGE[wanted]
    text = getattr(obj, field + SECOND_FIELD[other], "") or ""
    return (text, other) if text.strip() else ("", wanted)
