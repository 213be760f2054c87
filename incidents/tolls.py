"""An incident's toll in words, as headlines, cards, feeds and citations give it, in the reader's language.

"at least 3 killed, at least 7 missing", "about 200 rescued", "3–7 killed": every outcome
the incident has a figure for, each with its qualifier (`core.figures.qualified_number`).
Works for an incident and for a total of incidents alike (anything with `figures(outcome)`
and `qualifier(outcome)`).
"""

from django.utils.translation import ngettext

from core.figures import qualified_number, shown_count, total_qualifier
from incidents.choices import FIGURE_OUTCOMES, CasualtyOutcome


def outcome_phrase(outcome: str, count: int) -> str:
    """'%(figure)s killed' and the like, with the plural the count takes in the reader's language."""
    if outcome == CasualtyOutcome.KILLED:
        return ngettext("%(figure)s killed", "%(figure)s killed", count)
    if outcome == CasualtyOutcome.INJURED:
        return ngettext("%(figure)s injured", "%(figure)s injured", count)
    if outcome == CasualtyOutcome.MISSING:
        return ngettext("%(figure)s missing", "%(figure)s missing", count)
    if outcome == CasualtyOutcome.KIDNAPPED:
        return ngettext("%(figure)s kidnapped", "%(figure)s kidnapped", count)
    return ngettext("%(figure)s rescued", "%(figure)s rescued", count)


def toll_phrase(record, outcome: str) -> str:
    """One outcome's figure in words: 'at least 3 killed'; '' when the record has no figure for it."""
    low, best, high = record.figures(outcome)
    if best is None:
        return ""
    qualifier = record.qualifier(outcome)
    count = shown_count(low, best, high, qualifier)
    return outcome_phrase(outcome, count) % {"figure": qualified_number(low, best, high, qualifier)}


def toll_phrases(record, outcomes=FIGURE_OUTCOMES) -> list[tuple[str, str]]:
    """(outcome, phrase) for every outcome the record has a figure for, in the codebook's order."""
    return [(str(outcome), phrase) for outcome in outcomes if (phrase := toll_phrase(record, outcome))]


def toll_text(record, outcomes=FIGURE_OUTCOMES) -> str:
    """'at least 3 killed, at least 7 missing'; '' when no source gives a figure."""
    return ", ".join(phrase for _outcome, phrase in toll_phrases(record, outcomes))


class Totals:
    """Sums of incidents' figures, read as one record: `figures(outcome)` and `qualifier(outcome)`.

    `sums` holds the measures of incidents.measures by name (`killed_low`, …, `killed_open`).
    A sum with an open-ended part (some incident's figure is "at least") is "at least" its low
    sum; a sum whose low and high differ is a range ("20–27"); otherwise exact.
    """

    def __init__(self, sums: dict) -> None:
        self.sums = sums

    def figures(self, outcome: str) -> tuple[int | None, int | None, int | None]:
        return tuple(self.sums.get(f"{outcome}_{bound}") for bound in ("low", "best", "high"))

    def qualifier(self, outcome: str) -> str:
        low, _best, high = self.figures(outcome)
        return total_qualifier(low, high, self.sums.get(f"{outcome}_open"))

    def number(self, outcome: str) -> str:
        """'at least 20', '20–27', '20'."""
        return qualified_number(*self.figures(outcome), self.qualifier(outcome))

    def phrase(self, outcome: str) -> str:
        """'at least 20 killed'; with no incident, '0 killed'."""
        return toll_phrase(self, outcome)
