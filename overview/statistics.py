"""/statistics/: incidents and casualties by month × region, province or type, for analysts.

The figures come from the statistics API (`IncidentStatsView`, the same query and the same
filters), so the page, `/api/v1/stats/incidents/` and its CSV (`format=csv`) agree. Each cell
gives the best figure with its low–high range, or "at least" when some incident's figure is
open above, and links to the incidents it counts; the rows and columns can be sorted.
"""

import calendar
import datetime
from dataclasses import dataclass, field

import orjson
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.figures import qualified_number, total_qualifier
from incidents.choices import IncidentType
from overview.api.stats import IncidentStatsView

BY = {"region": _("Region"), "province": _("Province (of one region)"), "type": _("Type")}
MEASURES = {
    "incidents": _("Incidents"),
    "killed": _("Killed"),
    "injured": _("Injured"),
    "missing": _("Missing"),
    "kidnapped": _("Kidnapped"),
    "rescued": _("Rescued"),
}
FILTERS = ("region", "date_from", "date_to", "type")
answer = IncidentStatsView.as_view(throttle_classes=[])


@dataclass
class Cell:
    text: str
    best: int
    link: str


@dataclass
class Row:
    label: str
    link_query: str
    cells: list[Cell | None] = field(default_factory=list)
    total: Cell | None = None


def cell_text(value, measure: str) -> tuple[str, int]:
    if measure == "incidents":
        return f"{value:,}", value
    qualifier = total_qualifier(value["low"], value["high"], value["open"])
    return qualified_number(value["low"], value["best"], value["high"], qualifier), value["best"]


def period_query(group: dict) -> str:
    if group.get("month"):
        year, month = map(int, group["month"].split("-"))
        last = calendar.monthrange(year, month)[1]
        return f"date_from={group['month']}-01&date_to={group['month']}-{last:02d}"
    return f"date_from={group['year']}-01-01&date_to={group['year']}-12-31"


def column_of(group: dict, by: str) -> tuple[str, str] | None:
    """(code, name) of the group's column, or None for records not known to it (a region-only incident)."""
    key = group.get(by)
    if key is None:
        return None
    if by == "type":
        return key, str(IncidentType(key).label).capitalize()
    return key["code"], key["name"]


def stats(request: HttpRequest, by: str, filters: QueryDict) -> tuple[int, dict]:
    """The statistics API's answer for the page's question (its status and its JSON), unthrottled."""
    query = filters.copy()
    query["group_by"] = f"month,{by}"
    query["format"] = "json"
    original, request.GET = request.GET, query
    try:
        response = answer(request)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    finally:
        request.GET = original
    return response.status_code, orjson.loads(response.content)


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    original = request.GET.copy()
    by = original.get("by") if original.get("by") in BY else "region"
    measure = original.get("measure") if original.get("measure") in MEASURES else "killed"
    sort = original.get("sort", "-month")
    filters = QueryDict(mutable=True)
    for name in FILTERS:
        if original.get(name, "").strip():
            filters[name] = original[name].strip()
    errors = {}
    if by == "province" and "region" not in filters:
        errors["region"] = [_("Choose a region to see its provinces.")]
    status, data = (400, {}) if errors else stats(request, by, filters)
    if status != 200:
        errors = errors or data
        data = {"groups": [], "totals": None}

    list_url = reverse("incident-list")
    base = filters.urlencode()
    columns: dict[str, str] = {}
    rows: dict[str, Row] = {}
    for group in data.get("groups", []):
        period = group.get("month") or f"{group.get('year')}"
        label = (
            date_format(datetime.date(*map(int, group["month"].split("-")), 1), "YEAR_MONTH_FORMAT")
            if group.get("month")
            else str(_("during %(year)s") % {"year": group.get("year")})
        )
        row = rows.setdefault(period, Row(label, period_query(group)))
        column = column_of(group, by)
        code = column[0] if column else ""
        columns.setdefault(code, column[1] if column else str(_("Known only to the region")))
        row.cells.append((code, group))
    matrix = []
    for period, row in rows.items():
        by_code = dict(row.cells)
        cells = []
        for code in columns:
            group = by_code.get(code)
            if group is None:
                cells.append(None)
                continue
            text, best = cell_text(group[measure], measure)
            place = f"&{by}={code}" if code else ""
            cells.append(Cell(text, best, f"{list_url}?{'&'.join(p for p in (base, row.link_query) if p)}{place}"))
        row_total = sum_groups([g for _c, g in row.cells], measure)
        row.cells = cells
        row_link = f"{list_url}?{'&'.join(part for part in (base, row.link_query) if part)}"
        row.total = Cell(*cell_text(row_total, measure), row_link)
        matrix.append((period, row))
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "total":
        matrix.sort(key=lambda item: item[1].total.best, reverse=descending)
    else:
        matrix.sort(key=lambda item: item[0], reverse=descending)
    totals_row = []
    for code in columns:
        groups = [g for g in data.get("groups", []) if (column_of(g, by) or ("",))[0] == code]
        place = f"&{by}={code}" if code else ""
        totals_row.append(Cell(*cell_text(sum_groups(groups, measure), measure), f"{list_url}?{base}{place}"))
    grand = Cell(*cell_text(data["totals"][measure], measure), f"{list_url}?{base}") if data.get("totals") else None
    csv_query = filters.copy()
    csv_query["group_by"] = f"month,{by}"
    csv_query["format"] = "csv"
    context = {
        "by": by,
        "by_choices": list(BY.items()),
        "measure": measure,
        "measures": list(MEASURES.items()),
        "sort": sort,
        "filters": {name: original.get(name, "") for name in FILTERS},
        "type_choices": list(IncidentType.choices),
        "errors": errors,
        "columns": list(columns.values()),
        "matrix": [row for _period, row in matrix],
        "totals_row": totals_row,
        "grand": grand,
        "csv_url": f"{reverse('api:stats-incidents')}?{csv_query.urlencode()}",
        "api_url": f"{reverse('api:stats-incidents')}?{csv_query.urlencode().replace('format=csv', 'format=json')}",
        "query_without_sort": "&".join(
            f"{name}={value}" for name, value in original.items() if name != "sort" and value
        ),
    }
    return render(request, "statistics.html", context, status=200 if not errors else 400)


def sum_groups(groups: list[dict], measure: str):
    if measure == "incidents":
        return sum(group["incidents"] for group in groups)
    return {bound: sum(group[measure][bound] for group in groups) for bound in ("low", "best", "high", "open")}
