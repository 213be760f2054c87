"""The measures of a group of incidents, declared once: its number of incidents and the sums of its figures.

Every statistic, chart and total of incidents counts the incidents of a group and sums
their fifteen figures (`FIGURE_FIELDS`; an unknown figure adds nothing). Each writer
derives its part from `MEASURES` rather than listing the figures again:

- the rollup models' columns (`rollup_fields`) and their triggers' aggregates
  (`incidents.rollup`, `Measure.sql_over_incidents`);
- the GROUP BY over incidents of the statistics API, the charts and the place pages
  (`aggregates`), and the rollup readers (`Measure.sql_of_one_incident`, `sql_sums`);
- the statistics' JSON, written by Python (`JSON_TEMPLATE`, `represent`) and by
  PostgreSQL (`json_sql`) from the same pieces (`_json_pieces`).

A new figure is a new entry of `incidents.choices.FIGURE_OUTCOMES` (and its fields on
`Incident`); a migration then rebuilds the rollups (see incidents/0018).
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from incidents.choices import FIGURE_BOUNDS, FIGURE_FIELDS, FIGURE_OUTCOMES

COUNT = "incidents"


@dataclass(frozen=True)
class Measure:
    """One measure of a group: the number of its incidents (`field` None) or the sum of one figure."""

    name: str
    field: str | None = None

    def sql_over_incidents(self, sign: str = "") -> str:
        """SQL aggregate over rows of incidents (a table or a trigger's transition table), signed."""
        return f"{sign}COUNT(*)" if self.field is None else f"{sign}COALESCE(SUM({self.field}), 0)"

    def sql_of_one_incident(self) -> str:
        """SQL for one incident's share, beside rollup rows that hold the measure summed."""
        return "1" if self.field is None else f"COALESCE({self.field}, 0)"

    def aggregate(self, unknown_as_zero: bool = True) -> models.Aggregate | Coalesce:
        """The ORM aggregate over incidents; with `unknown_as_zero` off, a sum of unknown figures stays None."""
        if self.field is None:
            return Count("pk")
        return Coalesce(Sum(self.field), 0) if unknown_as_zero else Sum(self.field)


MEASURES: tuple[Measure, ...] = (Measure(COUNT), *(Measure(name, name) for name in FIGURE_FIELDS))
NAMES: tuple[str, ...] = tuple(measure.name for measure in MEASURES)
BY_NAME: dict[str, Measure] = {measure.name: measure for measure in MEASURES}
OUTCOMES: tuple[str, ...] = tuple(str(outcome.value) for outcome in FIGURE_OUTCOMES)


def rollup_fields() -> dict[str, models.Field]:
    """The columns a rollup row holds per measure (the sums of a group's incidents)."""
    return {name: models.BigIntegerField() for name in NAMES}


def aggregates(names: tuple[str, ...] = NAMES, prefix: str = "", unknown_as_zero: bool = True) -> dict:
    """ORM aggregates of the named measures, aliased `prefix + name`."""
    return {f"{prefix}{name}": BY_NAME[name].aggregate(unknown_as_zero) for name in names}


def sql_sums(names: tuple[str, ...] = NAMES, coalesce: bool = False) -> list[str]:
    """SQL sums of rollup columns holding the measures (zero over no rows with `coalesce`), as bigint."""
    return [f"COALESCE(sum({name}), 0)::bigint" if coalesce else f"sum({name})::bigint" for name in names]


def represent(row: dict, prefix: str = "") -> dict:
    """A group's measures as the statistics API gives them: incidents, then per outcome its low, best, high."""
    return {
        COUNT: row[f"{prefix}{COUNT}"],
        **{outcome: {bound: row[f"{prefix}{outcome}_{bound}"] for bound in FIGURE_BOUNDS} for outcome in OUTCOMES},
    }


def _json_pieces(outcomes: tuple[str, ...] = OUTCOMES) -> tuple[list[tuple[str, str]], str]:
    """The JSON members of `represent` as (text before the number, measure name) pairs, and the closing text."""
    pieces, closing = [(f'"{COUNT}":', COUNT)], ""
    for outcome in outcomes:
        for position, bound in enumerate(FIGURE_BOUNDS):
            opening = f'{closing},"{outcome}":{{' if position == 0 else ","
            pieces.append((f'{opening}"{bound}":', f"{outcome}_{bound}"))
        closing = "}"
    return pieces, closing


def json_template() -> str:
    """The measures' JSON members with a %d per measure, in `NAMES` order (for Python's % operator)."""
    pieces, closing = _json_pieces()
    return "".join(text + "%d" for text, _name in pieces) + closing


def json_sql(prefix: str = "", columns: set[str] | None = None) -> str:
    """SQL writing the same JSON members as `json_template` from columns `prefix + name`.

    With `columns` (a table's, in a migration), only the outcomes the table has columns for.
    """
    outcomes = tuple(o for o in OUTCOMES if columns is None or {f"{o}_{b}" for b in FIGURE_BOUNDS} <= columns)
    pieces, closing = _json_pieces(outcomes)
    parts = [f"{_quoted(text)} || {prefix}{name}::text" for text, name in pieces]
    return " || ".join([*parts, _quoted(closing)])


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


JSON_TEMPLATE = json_template()
