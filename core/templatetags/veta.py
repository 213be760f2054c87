"""Template filters for Veta's figures: low/best/high ranges, soles and counts."""

import calendar
import datetime
from decimal import Decimal

from django import template
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.utils import timezone, translation
from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape, escapejs, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from core.bilingual import in_language, reader_language
from core.citation import DATASET_TITLE, Citation
from core.figures import qualified

register = template.Library()

# The note after a text shown in the other language, written in that text's own language.
LANGUAGE_NOTES = {"en": "(in English)", "es": "(en español)"}


@register.inclusion_tag("includes/citation.html", takes_context=True)
def citation(
    context: template.Context,
    title: str = DATASET_TITLE,
    url: str = "",
    updated: datetime.date | None = None,
    note: str = "",
) -> dict:
    """The "Cite this" block: APA and BibTeX naming the title, dates, the latest release, the access
    date, the address and the licence; the release comes from the page's context (`latest_release`)."""
    release = context.get("latest_release")
    if callable(release):
        release = release()
    if isinstance(updated, datetime.datetime):
        updated = timezone.localdate(updated)
    request = context.get("request")
    found = Citation(
        title=str(title),
        url=url or (request.build_absolute_uri() if request else ""),
        accessed=timezone.localdate(),
        updated=updated,
        release=release,
        note=str(note or ""),
    )
    return {"citation": found, "apa": found.apa(translation.get_language() or "en"), "bibtex": found.bibtex()}


def grouped(value) -> str:
    return number_format(value, force_grouping=True)


@register.filter
def figure(record, outcome: str) -> str:
    """An outcome's figure as honestly as it is known: '3', 'at least 3', 'about 200', '3–7', or '—' when unknown.

    `record` is an incident or a total of incidents (anything with `figures(outcome)` and
    `qualifier(outcome)`; see core.figures).
    """
    return qualified(record, outcome)


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


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """The address with this site's scheme and host, as link previews need (`og:url`, `og:image`)."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.filter
def paired(labels, values) -> list[tuple]:
    """Labels beside values, for cells that carry their column's name: `labels|paired:values`."""
    return list(zip(labels, values, strict=False))


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


@register.filter
def month_range(month: datetime.date) -> str:
    """The incident list's date filter for a whole month: `date_from=2024-03-01&date_to=2024-03-31`."""
    last = calendar.monthrange(month.year, month.month)[1]
    return f"date_from={month:%Y-%m}-01&date_to={month:%Y-%m}-{last:02d}"


@register.filter
def year_range(year: int) -> str:
    """The incident list's date filter for a whole year."""
    return f"date_from={year}-01-01&date_to={year}-12-31"
