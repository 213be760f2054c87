"""The measures of a group of incidents, declared once: its number of incidents and the sums of its figures.

Every statistic, chart and total of incidents counts the incidents of a group, sums
their fifteen figures (`FIGURE_FIELDS`; an unknown figure adds nothing) and counts, per
outcome, the incidents whose figure is open above (`<outcome>_open`: qualifier "at least"),
so that a total with an open part says "at least". Each writer
derives its part from `MEASURES` rather than listing the figures again:

- the rollup models' columns (`rollup_fields`) and their triggers' aggregates
  (`incidents.rollup`, `Measure.sql_over_incidents`);
- the GROUP BY over incidents of the statistics API, the charts and the place pages
  (`aggregates`), and the rollup readers (`Measure.sql_of_one_incident`, `sql_sums`);
- the statistics' JSON, written by Python (`JSON_TEMPLATE`, `represent`) and by
  PostgreSQL (`json_sql`) from the same pieces (`_json_pieces`).

A new figure is a new entry of `incidents.choices.FIGURE_OUTCOMES` (and its fields on
`Incident`); a migration then rebuilds the rollups: it drops their triggers and JSON columns
(`incidents.rollup.DROP_TRIGGERS`, `DROP_JSON_COLUMNS`), adds the measure's columns, and writes
them again from its models (`json_columns_sql`, `trigger_sql`, `fill_sql`, as
`install_rollups` in incidents/0001_squashed_0024 does).
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from core.choices import FigureQualifier
from incidents.choices import FIGURE_BOUNDS, FIGURE_OUTCOMES

COUNT = "incidents"
# Per outcome, beside its sums of low, best and high: how many incidents have it open above.
OPEN = "open"
PARTS = (*FIGURE_BOUNDS, OPEN)


@dataclass(frozen=True)
class Measure:
    """One measure of a group: the number of its incidents (`field` None), the sum of one figure,
    or (`open_of`, an outcome) the number of its incidents whose figure for the outcome is open above."""

    name: str
    field: str | None = None
    open_of: str | None = None

    @property
    def open_condition(self) -> str:
        return f"{self.open_of}_qualifier = '{FigureQualifier.AT_LEAST.value}'"

    def sql_over_incidents(self, sign: str = "") -> str:
        """SQL aggregate over rows of incidents (a table or a trigger's transition table), signed."""
        if self.open_of is not None:
            return f"{sign}COUNT(*) FILTER (WHERE {self.open_condition})"
        return f"{sign}COUNT(*)" if self.field is None else f"{sign}COALESCE(SUM({self.field}), 0)"

    def sql_of_one_incident(self) -> str:
        """SQL for one incident's share, beside rollup rows that hold the measure summed."""
        if self.open_of is not None:
            return f"(CASE WHEN {self.open_condition} THEN 1 ELSE 0 END)"
        return "1" if self.field is None else f"COALESCE({self.field}, 0)"

    def aggregate(self, unknown_as_zero: bool = True) -> models.Aggregate | Coalesce:
        """The ORM aggregate over incidents; with `unknown_as_zero` off, a sum of unknown figures stays None."""
        if self.open_of is not None:
            return Count("pk", filter=Q(**{f"{self.open_of}_qualifier": FigureQualifier.AT_LEAST}))
        if self.field is None:
            return Count("pk")
        return Coalesce(Sum(self.field), 0) if unknown_as_zero else Sum(self.field)


OPEN_FIELDS: tuple[str, ...] = tuple(f"{outcome.value}_{OPEN}" for outcome in FIGURE_OUTCOMES)
# The count, then outcome by outcome its low, best and high sums and its open count (the JSON's order).
MEASURES: tuple[Measure, ...] = (
    Measure(COUNT),
    *(
        Measure(f"{outcome.value}_{part}", open_of=outcome.value)
        if part == OPEN
        else Measure(f"{outcome.value}_{part}", f"{outcome.value}_{part}")
        for outcome in FIGURE_OUTCOMES
        for part in PARTS
    ),
)
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
    """A group's measures as the statistics API gives them: incidents, then per outcome its low, best, high, open."""
    return {
        COUNT: row[f"{prefix}{COUNT}"],
        **{outcome: {part: row[f"{prefix}{outcome}_{part}"] for part in PARTS} for outcome in OUTCOMES},
    }


def _json_pieces(outcomes: tuple[str, ...] = OUTCOMES) -> tuple[list[tuple[str, str]], str]:
    """The JSON members of `represent` as (text before the number, measure name) pairs, and the closing text."""
    pieces, closing = [(f'"{COUNT}":', COUNT)], ""
    for outcome in outcomes:
        for position, part in enumerate(PARTS):
            opening = f'{closing},"{outcome}":{{' if position == 0 else ","
            pieces.append((f'{opening}"{part}":', f"{outcome}_{part}"))
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
    outcomes = tuple(o for o in OUTCOMES if columns is None or {f"{o}_{p}" for p in PARTS} <= columns)
    pieces, closing = _json_pieces(outcomes)
    parts = [f"{_quoted(text)} || {prefix}{name}::text" for text, name in pieces]
    return " || ".join([*parts, _quoted(closing)])


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


JSON_TEMPLATE = json_template()
