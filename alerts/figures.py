"""How an alert message shows an incident's casualty figures: the one place to change it.

Every message (plain text and HTML, new incidents and corrections) renders figures
through `figure_lines`, and the templates through `alerts/email/_figures.txt` and
`_figures.html`, which only loop over its lines. It reads the incident's low / best /
high figures as stored in a delivery's state (`figures_of`).
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.figures import qualified_number
from incidents.choices import FIGURE_BOUNDS, FIGURE_FIELDS, FIGURE_OUTCOMES, QUALIFIER_FIELDS, CasualtyOutcome


def figures_of(incident) -> dict[str, int | str | None]:
    """The incident's figures as a delivery stores them: {"killed_low": 3, …, "killed_qualifier": "at_least"}."""
    return {name: getattr(incident, name) for name in (*FIGURE_FIELDS, *QUALIFIER_FIELDS)}


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def figure_lines(figures: dict[str, int | None]) -> list[str]:
    """Each known outcome in one line, in the active language: "killed: at least 3", "missing: 4–9"."""
    lines = []
    for outcome in FIGURE_OUTCOMES:
        low, best, high = (figures.get(f"{outcome.value}_{bound}") for bound in FIGURE_BOUNDS)
        if best is None:
            continue
        # As every page says it: "at least 3", "about 200", "3–7" (core.figures); a delivery
        # stored before qualifiers were kept reads as its range.
        value = qualified_number(low, best, high, figures.get(f"{outcome.value}_qualifier") or "")
        lines.append(_("%(outcome)s: %(value)s") % {"outcome": CasualtyOutcome(outcome).label, "value": value})
    return lines
