"""Casualties by month, for the charts on the dashboard, the timeline and the region pages.

`monthly_casualties(incidents)` sums the best killed, injured and missing figures of the
given incidents per month of their start date, in one SQL query. Two rules keep it honest:

- An unknown figure adds nothing: the sums count it as 0, and each month also says how
  many incidents it holds, so a month with incidents but no known toll still shows up.
- Dates are used at their precision. An incident known to the day, to a few days or to a
  week counts in the month it starts in (a range over New Year counts in December); one
  known to the month counts in that month. One known only to the year is never put in a
  month: it would pile a whole year's toll onto January. Such incidents are summed per
  year in `series.year_only` and shown beside the chart as "not dated to a month", the
  same rule as the API's `stats/incidents?group_by=month`.

The result is a list of dicts (the months with at least one incident, oldest first) that
also carries `year_only` and what the chart include needs (`chart_data`, `totals`).

`rolled_up_monthly_casualties` gives the same series from the incident rollup (see
incidents/rollup.py) when the incidents are only filtered by region, type and dates: a
read of a few hundred rows instead of every matching incident, which at national scale
is the difference between milliseconds and seconds on the dashboard, the timeline and
the region pages. `filtered_monthly_casualties` picks one or the other for a FilterSet.
Both take the chart's measures from `incidents.measures` (`CHART_MEASURES`) and build the
series the same way (`_series`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, DateField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, TruncMonth, TruncYear
from django.utils.formats import date_format
from django.utils.translation import gettext

from core.choices import DatePrecision, FigureQualifier
from core.figures import grouped, qualified_number, total_qualifier
from incidents import measures, rollup
from incidents.choices import HEADLINE_OUTCOMES
from incidents.models import Incident, sees_drafts

# The outcomes the charts show, in the order of their bars.
CHART_OUTCOMES = tuple(outcome.value for outcome in HEADLINE_OUTCOMES)


def outcome_labels() -> dict[str, str]:
    """The outcomes' names in the reader's language (evaluated per request)."""
    return {
        "killed": gettext("Killed"),
        "injured": gettext("Injured"),
        "missing": gettext("Missing"),
    }


# Per outcome, beside its best sum (keyed by the outcome): its low and high sums, and how many
# incidents have it open above ("at least"); keyed `<outcome>_low`, `<outcome>_high`, `<outcome>_open`.
RANGE_PARTS = ("low", "high", measures.OPEN)
RANGE_KEYS = tuple(f"{outcome}_{part}" for outcome in CHART_OUTCOMES for part in RANGE_PARTS)


def chart_cell(low: int, best: int, high: int, open_count: int) -> str:
    """A chart table's cell: the best sum, with the range or "at least" when the figures are not exact.

    '3', '23 (20–27)', 'at least 3', '5 (at least 3)'.
    """
    qualifier = total_qualifier(low, high, open_count)
    if qualifier == FigureQualifier.EXACT:
        return grouped(best)
    text = qualified_number(low, best, high, qualifier)
    if qualifier == FigureQualifier.AT_LEAST and best == low:
        return text
    return f"{grouped(best)} ({text})"


def cells(row) -> list[tuple[str, str]]:
    """(outcome, cell text) per chart outcome of a row (a dict, or a YearOnlyTotal)."""
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key)
    return [
        (outcome, chart_cell(get(f"{outcome}_low"), get(outcome), get(f"{outcome}_high"), get(f"{outcome}_open")))
        for outcome in CHART_OUTCOMES
    ]


@dataclass(frozen=True)
class YearOnlyTotal:
    """The incidents of one year that are known only to the year, with their summed figures."""

    year: int
    incidents: int
    killed: int
    injured: int
    missing: int
    killed_low: int = 0
    killed_high: int = 0
    killed_open: int = 0
    injured_low: int = 0
    injured_high: int = 0
    injured_open: int = 0
    missing_low: int = 0
    missing_high: int = 0
    missing_open: int = 0

    @property
    def cells(self) -> list[tuple[str, str]]:
        return cells(self)


class CasualtySeries(list):
    """Months with incidents, oldest first: dicts of month (a date, the 1st), incidents, killed, injured, missing.

    `year_only` lists the year-precision incidents' totals per year, kept out of the months.
    """

    def __init__(self, months: list[dict] = (), year_only: list[YearOnlyTotal] = ()) -> None:
        super().__init__(months)
        self.year_only = list(year_only)

    @property
    def is_empty(self) -> bool:
        return not self and not self.year_only

    @property
    def totals(self) -> dict[str, int]:
        """Incidents and figures over the months and the year-only groups together."""
        month_totals = self.month_totals
        return {key: month_totals[key] + sum(getattr(year, key) for year in self.year_only) for key in month_totals}

    @property
    def month_totals(self) -> dict[str, int]:
        """Incidents and figures over the months only (what the chart draws)."""
        return {key: sum(row[key] for row in self) for key in ("incidents", *CHART_OUTCOMES, *RANGE_KEYS)}

    @property
    def table_rows(self) -> list[dict]:
        """The months with their cells (best sums with their ranges), for the chart's table."""
        return [{**row, "cells": cells(row)} for row in self]

    @property
    def total_cells(self) -> list[tuple[str, str]]:
        return cells(self.month_totals)

    def filled_months(self) -> list[dict]:
        """Every month from the first to the last, empty months as zeros, so the bars keep time's spacing."""
        if not self:
            return []
        by_month = {row["month"]: row for row in self}
        month, last = self[0]["month"], self[-1]["month"]
        filled = []
        while month <= last:
            filled.append(
                by_month.get(month)
                or {"month": month, "incidents": 0, **dict.fromkeys((*CHART_OUTCOMES, *RANGE_KEYS), 0)}
            )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return filled

    @property
    def chart_data(self) -> dict:
        """What static/js/charts.js draws; every label comes from here, translated."""
        labels = outcome_labels()
        months = self.filled_months()
        return {
            "labels": [date_format(row["month"], "M Y") for row in months],
            # Each bar's month, for the link to the incidents it counts (charts.js).
            "months": [row["month"].strftime("%Y-%m") for row in months],
            "datasets": [
                {
                    "key": outcome,
                    "label": labels[outcome],
                    "data": [row[outcome] for row in months],
                    # The whiskers: the sums of the low and high figures; open: some incident is "at least".
                    "low": [row[f"{outcome}_low"] for row in months],
                    "high": [row[f"{outcome}_high"] for row in months],
                    "open": [row[f"{outcome}_open"] > 0 for row in months],
                }
                for outcome in CHART_OUTCOMES
            ],
            "y_title": gettext("People (best figure; whiskers: lowest to highest figure)"),
            "open_label": gettext("at least: the true figure may be higher"),
        }


# The measures the charts show (incidents.measures), by the key a chart row gives them.
CHART_MEASURES = {
    "incidents": measures.COUNT,
    **{outcome: f"{outcome}_best" for outcome in CHART_OUTCOMES},
    **{key: key for key in RANGE_KEYS},
}


def _series(rows: Iterable[tuple]) -> CasualtySeries:
    """A series from (first day of the month or, year-dated, of the year; year-dated?; measures by key) rows."""
    months, years = [], []
    for month, year_only, values in rows:
        if year_only:
            years.append(YearOnlyTotal(year=month.year, **values))
        else:
            months.append({"month": month, **values})
    months.sort(key=lambda row: row["month"])
    years.sort(key=lambda total: total.year)
    return CasualtySeries(months, years)


def monthly_casualties(incidents: QuerySet) -> CasualtySeries:
    """Sum the incidents' best killed, injured and missing figures per month, in one query.

    `incidents` may be any filtered queryset of incidents (joins, annotations and DISTINCT
    included): it is used as a subquery of ids, so no incident is counted twice.
    Year-precision incidents go to `series.year_only`, never into a month (see the module).
    """
    year_only = Q(date_precision=DatePrecision.YEAR)
    rows = (
        Incident.objects.filter(pk__in=incidents.order_by().values("pk"))
        .annotate(
            # PostgreSQL's date_trunc gives a timestamp; the month (the year, when year-dated) is a date.
            chart_month=Case(
                When(year_only, then=Cast(TruncYear("date_start"), DateField())),
                default=Cast(TruncMonth("date_start"), DateField()),
            ),
            chart_year_only=Case(When(year_only, then=Value(True)), default=Value(False)),
        )
        .order_by()
        .values("chart_month", "chart_year_only")
        .annotate(**measures.aggregates(tuple(CHART_MEASURES.values())))
    )
    return _series(
        (row["chart_month"], row["chart_year_only"], {key: row[name] for key, name in CHART_MEASURES.items()})
        for row in rows
    )


# The rollup's month columns as they are (incidents.rollup.grouped): the first day of the
# month, or of the year for a year-only group, and whether the group is the year-only one.
ROLLUP_MONTH_COLUMNS = {"month": "g_month, g_year_only"}


def rolled_up_monthly_casualties(cleaned: dict, sees_drafts: bool) -> CasualtySeries:
    """`monthly_casualties` of the incidents a reader sees under `cleaned`'s region, type and date filters.

    Read from the incident rollup; only for questions `incidents.rollup.answerable` accepts.
    """
    positions = {key: measures.NAMES.index(name) for key, name in CHART_MEASURES.items()}
    rows = rollup.grouped(["month"], cleaned, sees_drafts, ROLLUP_MONTH_COLUMNS)
    return _series(
        (month, year_only, {key: values[position] for key, position in positions.items()})
        for month, year_only, *values in rows
    )


def filtered_monthly_casualties(filterset, user) -> CasualtySeries:
    """`monthly_casualties` of a valid IncidentFilterSet's incidents, from the rollup when it answers exactly.

    The FilterSet's queryset must be the incidents `user` sees (`visible_to`).
    """

    cleaned = filterset.form.cleaned_data
    if rollup.answerable(["month"], rollup.applied_filters(cleaned)):
        return rolled_up_monthly_casualties(cleaned, sees_drafts(user))
    return monthly_casualties(filterset.qs)
