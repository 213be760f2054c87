"""Incident statistics from the rollup table, when a question can be answered from it exactly.

`incidents_incidentrollup` holds, per status, synthetic flag, region, type, start month,
end month and "dated only to the year", the number of incidents and the sums of their
fifteen figures. Statement triggers (migration incidents/0009) keep it in step with
`incidents_incident` in the same transaction as every change.

A question is answered from it when it groups only by month, year, region and type, and
filters only by region, type and whole months: `date_from` on a first day of a month
(an incident's range overlaps it when its end month is that month or later) and `date_to`
on a last day (when its start month is that month or earlier). Anything else — provinces,
districts, actors, words, tolls, days inside a month — goes to the GROUP BY over incidents,
which gives the same answers, only slower.
"""

import datetime

from django.conf import settings
from django.db.models import Case, DateField, Expression, F, IntegerField, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from incidents.choices import FIGURE_OUTCOMES
from incidents.models import IncidentRollup
from veta.choices import ModerationStatus

FILTERS = {"region", "type", "date_from", "date_to"}
GROUP_KEYS = {"month", "year", "region", "type"}


def _whole_month_start(day: datetime.date | None) -> bool:
    return day is None or day.day == 1


def _whole_month_end(day: datetime.date | None) -> bool:
    return day is None or (day + datetime.timedelta(days=1)).day == 1


def answerable(keys: list[str], given: set[str], cleaned: dict) -> bool:
    """Whether the rollup gives exactly the answer of the GROUP BY over incidents."""
    return (
        set(keys) <= GROUP_KEYS
        and given <= FILTERS
        and _whole_month_start(cleaned.get("date_from"))
        and _whole_month_end(cleaned.get("date_to"))
    )


def rollup_rows(cleaned: dict, sees_drafts: bool) -> QuerySet:
    """The rollup rows the question covers."""
    queryset = IncidentRollup.objects.all()
    if not sees_drafts:
        queryset = queryset.filter(status=ModerationStatus.PUBLISHED)
    if not settings.SHOW_SYNTHETIC:
        queryset = queryset.filter(is_synthetic=False)
    if cleaned.get("region"):
        queryset = queryset.filter(region_id__in=cleaned["region"])
    if cleaned.get("type"):
        queryset = queryset.filter(incident_type__in=cleaned["type"])
    if cleaned.get("date_from"):
        queryset = queryset.filter(end_month__gte=cleaned["date_from"])
    if cleaned.get("date_to"):
        queryset = queryset.filter(start_month__lte=cleaned["date_to"].replace(day=1))
    return queryset


def columns(key: str) -> dict[str, Expression]:
    """The rollup's columns for a grouping key, under the aliases the stats dimensions read."""
    if key == "month":
        return {
            "g_month": Case(
                When(year_only=True, then=Value(None, output_field=DateField())),
                default=F("start_month"),
                output_field=DateField(),
            ),
            "g_year_only": Case(
                When(year_only=True, then=ExtractYear("start_month")),
                default=Value(None, output_field=IntegerField()),
                output_field=IntegerField(),
            ),
        }
    if key == "year":
        return {"g_year": ExtractYear("start_month")}
    if key == "region":
        return {"g_region": F("region_id"), "g_region_name": F("region__display_name")}
    return {"g_type": F("incident_type")}


def measures() -> dict[str, Expression]:
    result: dict[str, Expression] = {"m_incidents": Coalesce(Sum("incidents"), 0)}
    for outcome in FIGURE_OUTCOMES:
        for bound in ("low", "best", "high"):
            result[f"m_{outcome}_{bound}"] = Coalesce(Sum(f"{outcome}_{bound}"), 0)
    return result
