"""Template filters for Veta's figures: low/best/high ranges, soles and counts."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape, escapejs, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from core.bilingual import in_language, reader_language

register = template.Library()

# The note after a text shown in the other language, written in that text's own language.
LANGUAGE_NOTES = {"en": "(in English)", "es": "(en español)"}


def grouped(value) -> str:
    return number_format(value, force_grouping=True)


@register.filter
def figure(incident, outcome: str) -> str:
    """An outcome's best figure with its range: '3', '3 (3–10)', or '—' when unknown."""
    low, best, high = incident.figures(outcome)
    if best is None:
        return "—"
    if low == high == best or low is None or high is None:
        return grouped(best)
    return f"{grouped(best)} ({grouped(low)}–{grouped(high)})"


@register.filter
def soles(amount) -> str:
    """Soles for the reader's language: 'S/ 3,700 million' in English, 'S/ 3.700 millones' in Spanish."""
    if amount in (None, ""):
        return "—"
    amount = Decimal(amount)
    if abs(amount) >= 1_000_000:
        millions = (amount / 1_000_000).quantize(Decimal("0.1")).normalize()
        if millions == millions.to_integral():
            millions = millions.quantize(Decimal("1"))
        # "1 millón" but "1,5 millones": only exactly one million takes the singular.
        plural_count = int(abs(millions)) if millions == millions.to_integral() else 2
        return ngettext("S/ %(amount)s million", "S/ %(amount)s million", plural_count) % {
            "amount": number_format(millions, force_grouping=True)
        }
    return "S/ " + number_format(amount.quantize(Decimal("0.01")), 2, force_grouping=True)


@register.filter
def count(value) -> str:
    """A whole number with the language's thousands separator."""
    if value is None:
        return "—"
    return number_format(value, force_grouping=True)


@register.simple_tag
def date_pattern(name: str) -> str:
    """The reader's language's date format (Django's letters), for scripts: 'j \\d\\e F \\d\\e Y' in Spanish."""
    return escapejs(get_format(name))


@register.simple_tag
def localized(record, field: str) -> str:
    """A bilingual text in the reader's language; the other language's, marked, when the reader's is empty.

    `{% localized incident "title" %}` gives the Spanish title on a Spanish page, or the
    English one inside `<span lang="en">` followed by "(in English)" when there is no
    Spanish title.
    """
    text, language = in_language(record, field)
    if language == reader_language():
        return conditional_escape(text)
    return format_html(
        '<span lang="{}">{} <span class="lang-note">{}</span></span>', language, text, LANGUAGE_NOTES[language]
    )


@register.filter
def localized_text(record, field: str) -> str:
    """The same text without marks, for a page's <title> or an attribute."""
    return in_language(record, field)[0]


@register.simple_tag
def localized_block(record, field: str) -> str:
    """A bilingual long text as paragraphs, in a `lang`-marked block when it is the other language's."""
    text, language = in_language(record, field)
    paragraphs = linebreaks(text, autoescape=True)
    if language == reader_language():
        return format_html('<div class="description">{}</div>', mark_safe(paragraphs))
    return format_html(
        '<div lang="{}"><div class="description">{}</div><p class="lang-note">{}</p></div>',
        language,
        mark_safe(paragraphs),
        LANGUAGE_NOTES[language],
    )
