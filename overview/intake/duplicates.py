"""Incidents Veta may already hold for an article, each with its reasons and a score.

The search reads through indexes only: incidents of the region whose start date lies in a
window around the article's dates (incident_region_date), plus those of the region dated
to the year alone; without a region, those of the same type in the window. Nothing is
merged or linked here: the editor decides.
"""

import datetime

from django.db.models import Q
from rapidfuzz import fuzz

from core.choices import PlacePrecision
from incidents.choices import FIGURE_OUTCOMES, IncidentType
from incidents.models import Incident, Source
from overview.intake.text import fold

# The most candidates read from the database, and shown.
READ_AT_MOST = 300
SHOWN = 5
# Below this score a candidate is not shown; from FOLLOW_UP_SCORE an article with follow-up words is a follow-up.
SHOWN_FROM = 0.6
FOLLOW_UP_SCORE = 0.6
ATTACKS = {IncidentType.ARMED_ATTACK, IncidentType.MASSACRE}
FIELDS = [
    "id", "title", "incident_type", "date_start", "date_end", "date_precision", "region_id", "province_id",
    "district_id", "place_precision", "status", *[f"{o}_{b}" for o in FIGURE_OUTCOMES for b in ("low", "high")],
]  # fmt: skip


def _window(record: dict, published: datetime.date | None) -> tuple[datetime.date, datetime.date] | None:
    if record.get("date_start"):
        start = datetime.date.fromisoformat(record["date_start"])
        end = datetime.date.fromisoformat(record["date_end"] or record["date_start"])
        return start - datetime.timedelta(days=10), end + datetime.timedelta(days=10)
    if published:
        return published - datetime.timedelta(days=45), published
    return None


def candidates_query(record: dict, published: datetime.date | None):
    """The incidents that may be the same event, read through the indexes; None when nothing narrows them."""
    window = _window(record, published)
    if window is None:
        return None
    lo, hi = window
    queryset = Incident.objects.filter(merged_into__isnull=True).values(*FIELDS)
    # Incidents known to the month start on its first day, to the week on its Monday: reach back a month.
    dated = {"date_start__gte": lo - datetime.timedelta(days=31), "date_start__lte": hi}
    years = [datetime.date(year, 1, 1) for year in range(lo.year, hi.year + 1)]
    if record.get("region"):
        return queryset.filter(region_id=record["region"]).filter(
            Q(**dated) | Q(date_start__in=years, date_precision="year")
        )[:READ_AT_MOST]
    if record.get("incident_type"):
        return queryset.filter(incident_type=record["incident_type"], **dated)[:READ_AT_MOST]
    return queryset.filter(**dated)[:READ_AT_MOST]


def _overlap(a: tuple[datetime.date, datetime.date], b: tuple[datetime.date, datetime.date]) -> int:
    """Days between two ranges: 0 when they overlap."""
    if a[0] <= b[1] and b[0] <= a[1]:
        return 0
    return min(abs((a[0] - b[1]).days), abs((b[0] - a[1]).days))


def score(record: dict, figures: dict, title: str, row: dict) -> tuple[float, list[str]]:
    """How alike the proposed record and a stored incident are (0–1), and why."""
    total, reasons = 0.0, []
    if record.get("date_start"):
        mine = (datetime.date.fromisoformat(record["date_start"]), datetime.date.fromisoformat(record["date_end"]))
        gap = _overlap(mine, (row["date_start"], row["date_end"]))
        if gap == 0:
            total += 0.3
            reasons.append("dates overlap at their precision")
        elif gap <= 3:
            total += 0.2
            reasons.append(f"dates {gap} day(s) apart")
        elif gap <= 10:
            total += 0.08
            reasons.append(f"dates {gap} days apart")
    else:
        total += 0.1
        reasons.append("recent incident (the article gives no date of its own)")
    if record.get("district") and row["district_id"] and record["district"] != row["district_id"]:
        total -= 0.1
        reasons.append("different districts")
    elif record.get("district") and record["district"] == row["district_id"]:
        total += 0.25
        reasons.append("same district")
    elif record.get("province") and record["province"] == row["province_id"]:
        total += 0.2
        reasons.append("same province")
    elif record.get("region") and record["region"] == row["region_id"]:
        enclosing = row["place_precision"] == PlacePrecision.REGION or not record.get("province")
        total += 0.15 if enclosing else 0.05
        reasons.append("same region" + (", one place encloses the other" if enclosing else ", different provinces"))
    kind = record.get("incident_type")
    if kind and kind == row["incident_type"]:
        total += 0.15
        reasons.append("same type")
    elif kind in ATTACKS and row["incident_type"] in ATTACKS:
        total += 0.12
        reasons.append("both armed attacks")
    comparable, compared = 0, 0
    for outcome, figure in figures.items():
        low, high = row.get(f"{outcome}_low"), row.get(f"{outcome}_high")
        if high is None:
            continue
        compared += 1
        value = figure["value"]
        if low is not None and low / 2 <= value <= max(high * 2, high + 5):
            comparable += 1
    if compared and comparable == compared:
        total += 0.15
        reasons.append("comparable figures")
    elif compared:
        total -= 0.05
        reasons.append("different figures")
    similarity = fuzz.token_set_ratio(fold(title), fold(row["title"])) / 100 if title else 0
    if similarity >= 0.5:
        total += 0.15 * similarity
        reasons.append(f"similar wording ({similarity:.0%})")
    return round(max(total, 0.0), 3), reasons


def known_source(url: str) -> Source | None:
    """The source Veta already holds at this address (unique index on the URL)."""
    url = (url or "").strip()
    return Source.objects.filter(url=url).first() if url else None


def find(record: dict, title: str, published: datetime.date | None) -> list[dict]:
    """The candidates worth showing, best first."""
    query = candidates_query(record, published)
    if query is None:
        return []
    figures = record.get("figures") or {}
    scored = []
    for row in query:
        value, reasons = score(record, figures, title, row)
        if value >= SHOWN_FROM:
            scored.append(
                {
                    "incident": row["id"],
                    "title": row["title"],
                    "status": row["status"],
                    "date_start": row["date_start"].isoformat(),
                    "date_precision": row["date_precision"],
                    "region": row["region_id"],
                    "incident_type": row["incident_type"],
                    "score": value,
                    "reasons": reasons,
                }
            )
    scored.sort(key=lambda c: (-c["score"], c["incident"]))
    return scored[:SHOWN]


def similar_source_titles(title: str, incident_ids: list[int]) -> Source | None:
    """A source of the candidates whose title is near-identical to the article's."""
    if not title or not incident_ids:
        return None
    for source in Source.objects.filter(incidents__in=incident_ids).distinct()[:50]:
        if fuzz.ratio(fold(title), fold(source.title)) >= 92:
            return source
    return None
