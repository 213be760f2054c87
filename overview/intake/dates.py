"""Dates in an article, resolved against its publication date, with their precision.

"el jueves" and "on Thursday" are the latest such day up to the publication date; "ayer",
"hace dos semanas", "last week" count back from it; "25 de agosto" without a year is the
latest 25 August up to it; "a fines de mayo", "in May" are months; "la noche de Año Nuevo"
is 31 December. dateparser reads the explicit dates; the relative ones are resolved here.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

import dateparser

from core.choices import DatePrecision

MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
SMALL = {
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(WEEKDAYS)
_N = r"\d{1,2}|" + "|".join(sorted(SMALL, key=len, reverse=True))
YEAR = r"(?:19|20)\d{2}"

# (name, pattern) in order of preference where two overlap; each is resolved by `_resolve`.
PATTERNS = [
    ("day_month_es", rf"\b(?P<day>\d{{1,2}})(?:º|°)? de (?P<month>{_M})(?: (?:de|del) (?P<year>{YEAR}))?\b"),
    ("month_day_en", rf"\b(?P<month>{_M})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (?P<year>{YEAR}))?"),
    ("day_month_en", rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<month>{_M})\b(?:,? (?P<year>{YEAR}))?"),
    ("new_year_eve", r"\b(?:noche de ano nuevo|vispera de ano nuevo|nochevieja|new year'?s eve|new year eve)\b"),
    ("new_year_day", r"\b(?:dia de ano nuevo|new year'?s day|primero de enero)\b"),
    ("christmas", r"\b(?:navidad|nochebuena|christmas(?: eve| day)?)\b"),
    ("first_week", rf"\b(?:primera semana de|first week of) (?P<month>{_M})(?: (?:de |del )?(?P<year>{YEAR}))?\b"),
    (
        "part_of_month",
        rf"\b(?:(?:a |hacia )?(?:fines|finales|principios|inicios|comienzos|mediados) de|"
        rf"(?:late|early|mid-?|the end of|the beginning of|the middle of)\s?) ?(?P<month>{_M})\b"
        rf"(?: (?:de |del )?(?P<year>{YEAR}|ano pasado))?",
    ),
    ("days_ago", rf"\b(?:hace (?P<n1>{_N}) dias|(?P<n2>{_N}) days ago)\b"),
    ("weeks_ago", rf"\b(?:hace (?P<n1>{_N}) semanas?|(?P<n2>{_N}) weeks? ago)\b"),
    ("last_week", r"\b(?:la semana pasada|last week|la pasada semana)\b"),
    ("weekend", r"\b(?:(?:el |este |el pasado )?fin de semana|(?:last |this |over the )?weekend)\b"),
    ("day_before_yesterday", r"\b(?:anteayer|antes de ayer|the day before yesterday)\b"),
    ("yesterday", r"\b(?:ayer|yesterday)\b"),
    ("today", r"\b(?:esta madrugada|esta manana|hoy|this morning|today|early on \w+day)\b"),
    ("weekday", rf"\b(?P<weekday>{_W})\b"),
    (
        "month_es",
        rf"\b(?:en|de|durante|desde|el pasado mes de|mes de) (?P<month>{_M})\b(?: (?:de |del )?(?P<year>{YEAR}|ano pasado))?",  # noqa: E501
    ),
    ("month_en", rf"\b(?:in|during|since|last) (?P<month>{_M})\b(?:,? (?:of )?(?P<year>{YEAR}|last year))?"),
    ("last_month", r"\b(?:el mes pasado|last month)\b"),
    ("year", rf"\b(?:en|in|durante|during) (?P<year>{YEAR})\b"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in PATTERNS]


@dataclass(frozen=True)
class DateFinding:
    """A date the text gives: its range, precision, and where it was read."""

    start: datetime.date
    end: datetime.date
    precision: str
    span: tuple[int, int]
    rule: str


def _year_before(month: int, day: int, published: datetime.date) -> int:
    """The year that puts day/month last on or before the publication date."""
    year = published.year
    try:
        if datetime.date(year, month, day) > published:
            year -= 1
    except ValueError:
        year -= 1
    return year


def _month_year(groups: dict, month: int, published: datetime.date) -> int:
    year = groups.get("year")
    if year and year.isdigit():
        return int(year)
    if year:  # "del año pasado", "last year"
        return published.year - 1
    return published.year if month <= published.month else published.year - 1


def _count(groups: dict) -> int | None:
    raw = groups.get("n1") or groups.get("n2")
    if raw is None:
        return None
    return int(raw) if raw.isdigit() else SMALL.get(raw)


def _month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def _week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _resolve(rule: str, groups: dict, text: str, published: datetime.date):
    """(start, end, precision) for one match, or None when it names no real date."""
    DAY, DAYS, WEEK, MONTH, YEAR_ = (
        DatePrecision.DAY,
        DatePrecision.DAYS,
        DatePrecision.WEEK,
        DatePrecision.MONTH,
        DatePrecision.YEAR,
    )
    one = datetime.timedelta(days=1)
    if rule in ("day_month_es", "month_day_en", "day_month_en"):
        month, day = MONTHS[groups["month"]], int(groups["day"])
        if not 1 <= day <= 31:
            return None
        year = int(groups["year"]) if groups.get("year") else _year_before(month, day, published)
        parsed = dateparser.parse(f"{day} {month} {year}", date_formats=["%d %m %Y"], settings={"STRICT_PARSING": True})
        if parsed is None:
            return None
        return parsed.date(), parsed.date(), DAY
    if rule == "new_year_eve":
        year = published.year - 1 if published.month == 1 else published.year
        day = datetime.date(year, 12, 31)
        return day, day, DAY
    if rule == "new_year_day":
        day = datetime.date(published.year if published.month <= 6 else published.year + 1, 1, 1)
        return (day, day, DAY) if day <= published else None
    if rule == "christmas":
        year = published.year if (published.month, published.day) >= (12, 24) else published.year - 1
        day = datetime.date(year, 12, 25 if "eve" not in text and "nochebuena" not in text else 24)
        return day, day, DAY
    if rule == "first_week":
        month = MONTHS[groups["month"]]
        year = _month_year(groups, month, published)
        return datetime.date(year, month, 1), datetime.date(year, month, 7), WEEK
    if rule in ("part_of_month", "month_es", "month_en"):
        month = MONTHS[groups["month"]]
        year = _month_year(groups, month, published)
        start, end = _month_range(year, month)
        return start, end, MONTH
    if rule == "days_ago":
        count = _count(groups)
        if count is None:
            return None
        day = published - datetime.timedelta(days=count)
        return day, day, DAY
    if rule == "weeks_ago":
        count = _count(groups)
        if count is None:
            return None
        return (*_week_of(published - datetime.timedelta(weeks=count)), WEEK)
    if rule == "last_week":
        return (*_week_of(published - datetime.timedelta(weeks=1)), WEEK)
    if rule == "weekend":
        saturday = published - datetime.timedelta(days=(published.weekday() - 5) % 7)
        sunday = saturday + one
        if sunday > published:
            return saturday, saturday, DAY
        return saturday, sunday, DAYS
    if rule == "day_before_yesterday":
        day = published - 2 * one
        return day, day, DAY
    if rule == "yesterday":
        day = published - one
        return day, day, DAY
    if rule == "today":
        return published, published, DAY
    if rule == "weekday":
        back = (published.weekday() - WEEKDAYS[groups["weekday"]]) % 7
        day = published - datetime.timedelta(days=back)
        return day, day, DAY
    if rule == "last_month":
        first = published.replace(day=1) - one
        start, end = _month_range(first.year, first.month)
        return start, end, MONTH
    if rule == "year":
        year = int(groups["year"])
        if year > published.year:
            return None
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), YEAR_
    return None


def find_dates(folded: str, published: datetime.date, start: int = 0, end: int | None = None) -> list[DateFinding]:
    """The dates of folded[start:end], in text order; where two overlap, the more specific one."""
    end = len(folded) if end is None else end
    found: list[tuple[int, int, int, DateFinding]] = []
    for rank, (rule, pattern) in enumerate(COMPILED):
        for match in pattern.finditer(folded, start, end):
            resolved = _resolve(rule, match.groupdict(), match.group(), published)
            if resolved is None:
                continue
            first, last, precision = resolved
            if first > published:
                continue
            found.append((match.start(), match.end(), rank, DateFinding(first, last, precision, match.span(), rule)))
    found.sort(key=lambda item: (item[2], item[0]))
    taken: list[tuple[int, int]] = []
    kept = []
    for s, e, _rank, finding in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        kept.append(finding)
    kept.sort(key=lambda finding: finding.span[0])
    return kept
