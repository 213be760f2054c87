"""Template filters for Veta's figures: low/best/high ranges, soles and counts."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

register = template.Library()


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


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """The address with this site's scheme and host, as link previews need (`og:url`, `og:image`)."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.filter
def paired(labels, values) -> list[tuple]:
    """Labels beside values, for cells that carry their column's name: `labels|paired:values`."""
    return list(zip(labels, values, strict=False))
