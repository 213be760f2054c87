"""Figures said honestly: a low/best/high triple and its qualifier as words, for one record or a total.

One home for how every page, feed and export's text writes a figure, in the reader's
language: "3", "at least 3", "about 200", "up to 10", "3–7". The qualifiers are
`core.choices.FigureQualifier`; the rule that derives them from claims is
`incidents.services.derive_figures`, and `total_qualifier` gives the qualifier of a sum.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext

from core.choices import FigureQualifier


def grouped(value: int) -> str:
    """A whole number with the language's thousands separator."""
    return number_format(value, force_grouping=True)


def total_qualifier(low: int | None, high: int | None, open_count: int | None) -> str:
    """The qualifier of a sum of figures: "at least" when a part is open above, else exact, up to or a range.

    `open_count` is how many of the summed figures are open above (qualifier "at least").
    """
    if low is None or high is None:
        return ""
    if open_count:
        return FigureQualifier.AT_LEAST.value
    if low == high:
        return FigureQualifier.EXACT.value
    return FigureQualifier.UP_TO.value if low == 0 else FigureQualifier.RANGE.value


def shown_count(low: int | None, best: int | None, high: int | None, qualifier: str) -> int | None:
    """The number a text leads with (for plural forms): the floor of "at least", the ceiling of a range."""
    if qualifier == FigureQualifier.AT_LEAST:
        return low
    if qualifier in (FigureQualifier.RANGE, FigureQualifier.UP_TO):
        return high
    return best


def qualified_number(low: int | None, best: int | None, high: int | None, qualifier: str) -> str:
    """'3', 'at least 3', 'about 200', 'up to 10' or '3–7'; '—' when the figure is unknown.

    "At least" reads from the low figure: it is the least any source gives, and no source
    bounds the figure from above. A range reads low–high; the best figure is shown beside it
    where a page has room for it (the incident's figures table, the charts).
    """
    if best is None:
        return "—"
    if qualifier == FigureQualifier.AT_LEAST:
        return gettext("at least %(figure)s") % {"figure": grouped(low)}
    if qualifier == FigureQualifier.ABOUT:
        return gettext("about %(figure)s") % {"figure": grouped(best)}
    if qualifier == FigureQualifier.UP_TO:
        return gettext("up to %(figure)s") % {"figure": grouped(high)}
    if qualifier == FigureQualifier.RANGE or (low is not None and high is not None and low != high):
        return gettext("%(low)s–%(high)s") % {"low": grouped(low), "high": grouped(high)}
    return grouped(best)


def qualified(record, outcome: str) -> str:
    """`qualified_number` of a record's figures for one outcome.

    The record has `figures(outcome)` → (low, best, high) and `qualifier(outcome)`: an
    incident, or a total of incidents.
    """
    low, best, high = record.figures(outcome)
    qualifier = record.qualifier(outcome) if hasattr(record, "qualifier") else ""
    return qualified_number(low, best, high, qualifier)
