"""Template filters for Veta's figures: low/best/high ranges, soles and counts."""

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import ngettext

from core.citation import DATASET_TITLE, Citation
from core.figures import qualified

register = template.Library()


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
