"""Importing incidents from a spreadsheet: check every row first, then write in one transaction.

The column layout is documented in docs/import-format.md (and summarised on the import
page): one row per incident, keyed by `import_key`, with its date, place, sources, one
claim (the figures the row's first source gives) and, optionally, the casualties' role
and the actors. Two steps, used alike by `manage.py import_incidents` and the page:

1. `read_incident_file(data, file_name)` reads a CSV or XLSX file (through
   `core.tabular`) and checks every row: required cells, codes, dates and their
   precision, places (INEI codes or names, without regard to case or accents), the
   point, sources, figures and actors, and the model's own rules. It also compares each
   row with the incident of the same `import_key`, if any: a row that would change an
   incident that is no longer a draft is a problem (such changes go through the admin).
   It returns the valid rows and every problem as `line N, COLUMN: problem`, and raises
   `TableError` when the file as a whole cannot be read.
2. `import_incidents(parsed, skip_invalid=...)` writes the valid rows in one transaction:
   new incidents are created as drafts, drafts are updated, unchanged rows write nothing.
   Sources are matched by URL or created; claims by incident, source and date, and written
   through `incidents.services`, which derives the incident's figures from them. Nothing
   is written while any row has a problem, unless `skip_invalid` is given. Interrupted at
   any point, the import leaves the database as it was.

Re-importing the same file changes nothing.
"""

import datetime
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from core.choices import DatePrecision, ModerationStatus, PlacePrecision, Wording
from core.commands import ProgressCallback
from core.models import period_bounds
from core.tabular import Column, Limits, Problem, Row, Table, TableError, fold, read_table
from incidents.choices import FIGURE_OUTCOMES, ActorRole, CasualtyRole, ClaimGrade, IncidentType
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from incidents.services import add_claim, change_claim
from regions.models import District, Province, Region

__all__ = [
    "INCIDENT_COLUMNS",
    "ImportRefused",
    "ImportSummary",
    "IncidentFile",
    "IncidentRow",
    "TableError",
    "import_incidents",
    "read_incident_file",
]

PREVIEW_ROWS = 20
LIST_SEPARATOR = "|"
# How often a long import reports progress, in rows.
PROGRESS_EVERY = 1_000
# An incident file is a newsroom's spreadsheet: each row is checked and kept in memory until
# the write, so the file is refused beyond these (docs/import-format.md).
INCIDENT_FILE_LIMITS = Limits(rows=20_000, xlsx_bytes=64 * 1024 * 1024)

# Our documented layout (docs/import-format.md). Headers match whatever their case,
# accents and punctuation.
INCIDENT_COLUMNS = (
    Column("import_key", "import_key"),
    Column("title", "title"),
    Column("title_es", "title_es", required=False),
    Column("type", "type", aliases=("incident_type",)),
    Column("date_start", "date_start"),
    Column("date_end", "date_end", required=False),
    Column("date_precision", "date_precision", required=False),
    Column("region", "region", required=False),
    Column("province", "province", required=False),
    Column("district", "district", required=False),
    Column("place_precision", "place_precision", required=False),
    Column("location_name", "location_name", required=False),
    Column("latitude", "latitude", required=False),
    Column("longitude", "longitude", required=False),
    Column("description", "description", required=False),
    Column("description_es", "description_es", required=False),
    Column("source_url", "source_url", aliases=("source_urls",), required=False),
    Column("source_title", "source_title", aliases=("source_titles",), required=False),
    Column("source_outlet", "source_outlet", aliases=("source_outlets",), required=False),
    Column("source_published_on", "source_published_on", required=False),
    Column("claimed_on", "claimed_on", required=False),
    *(Column(outcome.value, outcome.value, required=False) for outcome in FIGURE_OUTCOMES),
    Column("wording", "wording", required=False),
    Column("grade", "grade", required=False),
    Column("claim_notes", "claim_notes", required=False),
    Column("casualty_role", "casualty_role", required=False),
    Column("perpetrators", "perpetrators", required=False),
    Column("targets", "targets", required=False),
)

# Model field → the column its errors belong to.
FIELD_COLUMNS = {"incident_type": "type", "region": "region", "province": "province", "district": "district"}
INCIDENT_FIELDS = (
    "title", "title_es", "incident_type", "description", "description_es", "date_start", "date_end",
    "date_precision", "region_id", "province_id", "district_id", "place_precision", "location_name", "latitude",
    "longitude",
)  # fmt: skip


class ImportRefused(Exception):
    """The import cannot go ahead; `problems` says why. Nothing was written."""

    def __init__(self, problems: Problem | Sequence[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


# Reading cells ------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


def parse_date(text: str) -> datetime.date:
    """YYYY-MM-DD, or DD/MM/YYYY as Peruvian spreadsheets write dates."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text, re.ASCII) or re.fullmatch(
        r"(\d{1,2})/(\d{1,2})/(\d{4})", text, re.ASCII
    )
    if match:
        numbers = [int(part) for part in match.groups()]
        year, month, day = numbers if len(match.group(1)) == 4 else reversed(numbers)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY).") % {"value": text})


def parse_decimal(text: str) -> Decimal:
    """A number with a decimal point, or a decimal comma as Spanish spreadsheets write it."""
    normal = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    if not normal.isascii():  # Python would read full-width or Arabic-Indic digits
        raise CellError(_("“%(value)s” is not a number: write it with the digits 0 to 9.") % {"value": text})
    try:
        value = Decimal(normal)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not value.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": text})
    return value


def parse_count(text: str) -> int:
    if not re.fullmatch(r"\d+", text, re.ASCII):
        raise CellError(_("“%(value)s” is not a whole number of people (0 or more).") % {"value": text})
    return int(text)


def parse_code(text: str, choices: type, what: str) -> str:
    """A code of `choices`, matched without regard to case, accents or spaces for underscores."""
    wanted = fold(text).replace(" ", "_")
    for value in choices.values:
        if value == wanted:
            return value
    raise CellError(
        _("“%(value)s” is not a valid %(what)s; use one of: %(codes)s.")
        % {"value": text, "what": what, "codes": ", ".join(choices.values)}
    )


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR)] if text.strip() else []


# Places and actors ---------------------------------------------------------------------


class Gazetteer:
    """Peru's regions, provinces and districts, by INEI code and by folded name, loaded once."""

    def __init__(self) -> None:
        self.regions = {region.code: region for region in Region.objects.all()}
        self.provinces = {province.code: province for province in Province.objects.all()}
        self.districts = {
            code: (province_id, display_name)
            for code, province_id, display_name in District.objects.values_list("code", "province_id", "display_name")
        }
        self.region_names: dict[str, list[str]] = {}
        for region in self.regions.values():
            for name in {fold(region.name), fold(region.display_name)}:
                self.region_names.setdefault(name, []).append(region.code)
        self.province_names: dict[str, list[str]] = {}
        for province in self.provinces.values():
            for name in {fold(province.name), fold(province.display_name)}:
                self.province_names.setdefault(name, []).append(province.code)
        self.district_names: dict[str, list[str]] = {}
        for code, name, display_name in District.objects.values_list("code", "name", "display_name"):
            for each in {fold(name), fold(display_name)}:
                self.district_names.setdefault(each, []).append(code)

    def find(self, level: str, text: str, within: str | None) -> str:
        """The INEI code a cell names (a code, or a name inside `within`, the parent's code)."""
        digits = {"region": 2, "province": 4, "district": 6}[level]
        known = {"region": self.regions, "province": self.provinces, "district": self.districts}[level]
        if re.fullmatch(r"\d+", text, re.ASCII):
            code = text.zfill(digits) if len(text) == digits - 1 else text  # a spreadsheet may drop a leading 0
            if len(code) != digits or code not in known:
                raise CellError(
                    _("No %(level)s has the INEI code %(code)s.") % {"level": self.level_label(level), "code": text}
                )
            if within and not code.startswith(within):
                raise CellError(self.outside(level, text, within))
            return code
        names = {"region": self.region_names, "province": self.province_names, "district": self.district_names}
        codes = names[level].get(fold(text), [])
        inside = [code for code in codes if not within or code.startswith(within)]
        if len(inside) == 1:
            return inside[0]
        if not inside:
            if codes:
                raise CellError(self.outside(level, text, within))
            raise CellError(
                _("“%(value)s” is not a %(level)s of Peru.") % {"value": text, "level": self.level_label(level)}
            )
        raise CellError(
            _("“%(value)s” names several %(levels)s (%(codes)s): give the INEI code, or the %(parent)s.")
            % {
                "value": text,
                "levels": self.level_label(level, plural=True),
                "codes": ", ".join(sorted(inside)),
                "parent": self.level_label("province" if level == "district" else "region"),
            }
        )

    def name(self, code: str) -> str:
        if len(code) == 2:
            return self.regions[code].display_name
        if len(code) == 4:
            return self.provinces[code].display_name
        return self.districts[code][1]

    def outside(self, level: str, text: str, within: str) -> str:
        return _("“%(value)s” is not in %(parent)s.") % {"value": text, "parent": self.name(within)}

    @staticmethod
    def level_label(level: str, plural: bool = False) -> str:
        if plural:
            return {"region": _("regions"), "province": _("provinces"), "district": _("districts")}[level]
        return {"region": _("region"), "province": _("province"), "district": _("district")}[level]


def actors_by_name() -> dict[str, Actor]:
    return {fold(actor.name): actor for actor in Actor.objects.all()}


# Checked rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceSpec:
    """A source a row names: matched by URL, or created with its title and outlet."""

    url: str
    title: str
    outlet: str
    published_on: datetime.date | None


@dataclass(frozen=True)
class ClaimSpec:
    """The claim a row makes: its first source's figures as of a date."""

    claimed_on: datetime.date | None  # None until the incident's dates are settled
    figures: dict[str, int]
    wording: str
    grade: str
    notes: str


@dataclass
class IncidentRow:
    """One valid row: the incident's fields, its sources, claim, casualties and actors."""

    line: int
    import_key: str
    fields: dict[str, object]
    sources: list[SourceSpec]
    claim: ClaimSpec | None
    casualty_role: str | None
    actors: list[tuple[int, str]]  # (actor id, role)
    action: str = ""  # "new", "update" or "unchanged", set by planning
    incident_id: int | None = None

    def incident(self) -> Incident:
        """An unsaved incident with the row's fields, for checks and previews."""
        return Incident(import_key=self.import_key, status=ModerationStatus.DRAFT, **self.fields)

    def casualties(self) -> dict[str, int]:
        """Outcome → count of the casualty records the row asks for."""
        if self.claim is None or self.casualty_role is None:
            return {}
        return {outcome: count for outcome, count in self.claim.figures.items() if count > 0}


@dataclass
class IncidentFile:
    """A file read and checked: its valid rows, every problem, and what importing would do."""

    file_name: str
    sha256: str
    format: str
    headers: dict[str, str]
    ignored_headers: list[str]
    rows: list[IncidentRow] = field(repr=False)
    problems: list[Problem]
    invalid_lines: list[int]
    data_rows: int

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def skipped(self) -> int:
        return len(self.invalid_lines)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def preview(self) -> list[IncidentRow]:
        return self.rows[:PREVIEW_ROWS]


class RowChecker:
    """Checks one row after another against the layout, Peru's places, the actors and the model."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.places = Gazetteer()
        self.actors = actors_by_name()
        self.url_validator = URLValidator(schemes=["http", "https"])
        self.known_sources: dict[str, Source | None] = {}

    def known_source(self, url: str) -> Source | None:
        """The source already recorded with this address, if any (looked up once per address)."""
        if url not in self.known_sources:
            self.known_sources[url] = Source.objects.filter(url=url).first()
        return self.known_sources[url]

    def check(self, row: Row) -> tuple[IncidentRow | None, list[Problem]]:
        problems: list[Problem] = []

        def problem(key: str | None, message: str) -> None:
            problems.append(Problem(row.line, self.table.label(key) if key else None, message))

        def read(key: str, parser, *args):
            text = row[key]
            if not text:
                return None
            try:
                return parser(text, *args)
            except CellError as error:
                problem(key, str(error))
                return None

        for key in ("import_key", "title", "type", "date_start"):
            if key == "title" and not row["title"] and not row["title_es"]:
                problem(key, _("the cell is empty; give a title in English (title), in Spanish (title_es) or both."))
            elif key != "title" and not row[key]:
                problem(key, _("the cell is empty."))
        for key, model_field in (
            ("import_key", "import_key"),
            ("title", "title"),
            ("title_es", "title_es"),
            ("location_name", "location_name"),
        ):
            limit = Incident._meta.get_field(model_field).max_length
            if len(row[key]) > limit:
                problem(key, _("the text is longer than %(limit)s characters.") % {"limit": limit})

        incident_type = read("type", parse_code, IncidentType, _("incident type"))
        date_start = read("date_start", parse_date)
        date_end = read("date_end", parse_date)
        precision = read("date_precision", parse_code, DatePrecision, _("date precision"))
        if precision is None and not row["date_precision"]:
            if date_end is None or date_end == date_start:
                precision = DatePrecision.DAY
            elif date_start is not None:
                problem("date_precision", _("a date range needs its precision: days, week, month or year."))
        if date_start and precision:
            date_problem = self.date_problem(date_start, date_end, precision)
            if date_problem:
                problem("date_end", date_problem)

        codes: dict[str, str | None] = {"region": None, "province": None, "district": None}
        within = None
        for level in ("region", "province", "district"):
            if row[level]:
                try:
                    codes[level] = within = self.places.find(level, row[level], within)
                except CellError as error:
                    problem(level, str(error))
                    within = None if level == "region" else within
        if not any(row[level] for level in codes):
            problem("region", _("give the region, province or district."))
        finest = codes["district"] or codes["province"] or codes["region"]
        place_precision = read("place_precision", parse_code, PlacePrecision, _("place precision"))
        if place_precision is None and not row["place_precision"]:
            place_precision = (
                PlacePrecision.DISTRICT
                if codes["district"]
                else PlacePrecision.PROVINCE
                if codes["province"]
                else PlacePrecision.REGION
            )
        latitude = read("latitude", parse_decimal)
        longitude = read("longitude", parse_decimal)

        sources = self.check_sources(row, problem)
        claim = self.check_claim(row, problem, read, sources)
        casualty_role = read("casualty_role", parse_code, CasualtyRole, _("casualty role"))
        if casualty_role and not any(row[outcome.value] for outcome in FIGURE_OUTCOMES):
            problem("casualty_role", _("a casualty role needs figures (killed, injured…) to count."))
        actors = [
            *self.check_actors(row, "perpetrators", ActorRole.PERPETRATOR, problem),
            *self.check_actors(row, "targets", ActorRole.TARGET, problem),
        ]

        if problems:
            return None, problems
        fields = {
            "title": row["title"],
            "title_es": row["title_es"],
            "incident_type": incident_type,
            "description": row["description"],
            "description_es": row["description_es"],
            "date_start": date_start,
            "date_end": date_end,
            "date_precision": precision,
            "region_id": finest[:2],
            "province_id": finest[:4] if len(finest) >= 4 else None,
            "district_id": finest if len(finest) == 6 else None,
            "place_precision": place_precision,
            "location_name": row["location_name"],
            "latitude": latitude,
            "longitude": longitude,
        }
        checked = IncidentRow(row.line, row["import_key"], fields, sources, claim, casualty_role, actors)
        incident = checked.incident()
        try:
            # The model's own rules (precision against the levels given, coordinates inside
            # Peru, date spans); places were checked above, without a query per row.
            incident.full_clean(
                exclude=["region", "province", "district", "site", "import_key"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    problem(FIELD_COLUMNS.get(name, name) if name != "__all__" else None, message)
            return None, problems
        # clean() fills the end of a month or a year; keep what it settled on.
        checked.fields.update(date_start=incident.date_start, date_end=incident.date_end)
        if claim is not None and claim.claimed_on is None:
            # An undated claim is dated to the last day of the event, as the real records are.
            checked.claim = replace(claim, claimed_on=incident.date_end)
        return checked, problems

    @staticmethod
    def date_problem(start: datetime.date, end: datetime.date | None, precision: str) -> str | None:
        if end is not None and end < start:
            return _("the end date is before the start date.")
        if precision == DatePrecision.DAY and end not in (None, start):
            return _("a date known to the day starts and ends on the same day: leave date_end empty.")
        if precision in (DatePrecision.MONTH, DatePrecision.YEAR) and end is not None:
            first, last = period_bounds(precision, start)
            if (start, end) != (first, last):
                return _("a date known to the %(precision)s covers %(first)s to %(last)s: leave date_end empty.") % {
                    "precision": precision,
                    "first": first.isoformat(),
                    "last": last.isoformat(),
                }
        if precision == DatePrecision.DAYS and end is None:
            return _("a range of a few days needs its last day.")
        return None

    def check_sources(self, row: Row, problem) -> list[SourceSpec]:
        urls = split_list(row["source_url"])
        columns = {key: split_list(row[key]) for key in ("source_title", "source_outlet", "source_published_on")}
        if not urls:
            for key, values in columns.items():
                if values:
                    problem(key, _("given without a source_url."))
            return []
        for key, values in columns.items():
            if values and len(values) != len(urls):
                problem(
                    key,
                    _("give one value per source URL (%(urls)s), separated by “|”, or leave the cell empty.")
                    % {"urls": len(urls)},
                )
                columns[key] = []
        sources = []
        for position, url in enumerate(urls):
            try:
                self.url_validator(url)
            except ValidationError:
                problem("source_url", _("“%(value)s” is not a web address (http or https).") % {"value": url})
                continue
            if len(url) > Source._meta.get_field("url").max_length:
                problem("source_url", _("the address is longer than 1000 characters."))
                continue
            published_on = None
            if columns["source_published_on"]:
                text = columns["source_published_on"][position]
                try:
                    published_on = parse_date(text) if text else None
                except CellError as error:
                    problem("source_published_on", str(error))
            title = columns["source_title"][position] if columns["source_title"] else ""
            outlet = columns["source_outlet"][position] if columns["source_outlet"] else ""
            for key, text in (("source_title", title), ("source_outlet", outlet)):
                limit = Source._meta.get_field(key.removeprefix("source_")).max_length
                if len(text) > limit:
                    problem(key, _("the text is longer than %(limit)s characters.") % {"limit": limit})
            known = self.known_source(url)
            if known is None and not title:
                problem(
                    "source_title",
                    _("“%(url)s” is not among Veta's sources yet: give its title to add it.") % {"url": url},
                )
            if known is not None and published_on is None:
                published_on = known.published_on
            sources.append(SourceSpec(url, title, outlet, published_on))
        if len({source.url for source in sources}) != len(sources):
            problem("source_url", _("the same address is given twice."))
        return sources

    def check_claim(self, row: Row, problem, read, sources: list[SourceSpec]) -> ClaimSpec | None:
        figures = {}
        for outcome in FIGURE_OUTCOMES:
            value = read(outcome.value, parse_count)
            if value is not None:
                figures[outcome.value] = value
        wording = read("wording", parse_code, Wording, _("wording")) or Wording.EXACT
        grade = read("grade", parse_code, ClaimGrade, _("claim grade")) or ClaimGrade.SINGLE_SOURCE
        claimed_on = read("claimed_on", parse_date)
        if not figures:
            if any(row[outcome.value] for outcome in FIGURE_OUTCOMES):
                return None  # the figures given are wrong, and said so
            for key in ("claimed_on", "wording", "grade", "claim_notes"):
                if row[key]:
                    problem(key, _("the claim gives no figure: fill killed, injured, missing, kidnapped or rescued."))
            return None
        if not sources:
            if not row["source_url"]:
                problem("source_url", _("figures need the source that gives them."))
            return None
        return ClaimSpec(claimed_on or sources[0].published_on, figures, wording, grade, row["claim_notes"])

    def check_actors(self, row: Row, key: str, role: str, problem) -> list[tuple[int, str]]:
        found = []
        for name in split_list(row[key]):
            actor = self.actors.get(fold(name))
            if actor is None:
                problem(
                    key,
                    _("no actor is named “%(name)s”: add it in the admin first, or leave it out.") % {"name": name},
                )
            else:
                found.append((actor.pk, role))
        return found


def read_incident_file(data: bytes, file_name: str, *, progress: ProgressCallback | None = None) -> IncidentFile:
    """Read and check an incident file. Raises TableError when the file as a whole cannot be read."""
    table = read_table(data, file_name, INCIDENT_COLUMNS, limits=INCIDENT_FILE_LIMITS)
    checker = RowChecker(table)
    rows: list[IncidentRow] = []
    problems: list[Problem] = []
    invalid_lines: list[int] = []
    first_line: dict[str, int] = {}
    count = 0
    for row in table.rows:
        count += 1
        checked, row_problems = checker.check(row)
        key = row["import_key"]
        if key:
            seen = first_line.setdefault(key, row.line)
            if seen != row.line:
                row_problems.append(
                    Problem(
                        row.line,
                        table.label("import_key"),
                        _("“%(key)s” is already on line %(line)s.") % {"key": key, "line": seen},
                    )
                )
        if row_problems:
            problems.extend(row_problems)
            invalid_lines.append(row.line)
        else:
            rows.append(checked)
        if progress and count % PROGRESS_EVERY == 0:
            progress("read", count, table.estimated_rows)
    if count == 0:
        raise TableError(Problem(None, None, _("The file has a header but no rows.")))
    parsed = IncidentFile(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=table.format,
        headers=table.headers,
        ignored_headers=table.ignored_headers,
        rows=rows,
        problems=problems,
        invalid_lines=invalid_lines,
        data_rows=count,
    )
    plan_problems = plan(parsed.rows, table.label("import_key"))
    _drop_rows_with_problems(parsed, plan_problems)
    return parsed


def _drop_rows_with_problems(parsed: IncidentFile, problems: list[Problem]) -> None:
    if not problems:
        return
    lines = {problem.line for problem in problems}
    parsed.rows = [row for row in parsed.rows if row.line not in lines]
    parsed.problems = sorted([*parsed.problems, *problems], key=lambda problem: problem.line or 0)
    parsed.invalid_lines = sorted({*parsed.invalid_lines, *lines})


# Comparing with the database ---------------------------------------------------------------


def existing_incidents(keys: Iterable[str], lock: bool = False) -> dict[str, Incident]:
    queryset = Incident.objects.filter(import_key__in=list(keys))
    if lock:
        queryset = queryset.select_for_update()
    return {
        incident.import_key: incident
        for incident in queryset.prefetch_related("sources", "claims", "casualties", "actor_roles")
    }


def is_unchanged(row: IncidentRow, incident: Incident) -> bool:
    """Whether the incident already holds everything the row says."""
    if any(getattr(incident, name) != row.fields[name] for name in INCIDENT_FIELDS):
        return False
    linked = {source.url: source for source in incident.sources.all()}
    if any(spec.url not in linked for spec in row.sources):
        return False
    if row.claim is not None:
        source = linked[row.sources[0].url]
        if _matching_claim(incident.claims.all(), source.pk, row.claim) is None:
            return False
    roles = {(part.actor_id, part.role) for part in incident.actor_roles.all()}
    if any(actor not in roles for actor in row.actors):
        return False
    counts = {
        (casualty.outcome, casualty.role): casualty.count for casualty in incident.casualties.all() if not casualty.name
    }
    return all(counts.get((outcome, row.casualty_role)) == count for outcome, count in row.casualties().items())


def _matching_claim(claims: Iterable[Claim], source_id: int, spec: ClaimSpec) -> Claim | None:
    for claim in claims:
        if (
            claim.source_id == source_id
            and claim.claimed_on == spec.claimed_on
            and all(claim.figure(outcome) == spec.figures.get(outcome) for outcome in FIGURE_OUTCOMES)
            and (claim.wording, claim.grade, claim.notes) == (spec.wording, spec.grade, spec.notes)
        ):
            return claim
    return None


def plan(rows: list[IncidentRow], key_label: str, lock: bool = False) -> list[Problem]:
    """Set each row's action (new, update, unchanged); problems for rows that would change a non-draft."""
    existing = existing_incidents((row.import_key for row in rows), lock=lock)
    problems = []
    for row in rows:
        incident = existing.get(row.import_key)
        row.incident_id = incident.pk if incident else None
        if incident is None:
            row.action = "new"
        elif is_unchanged(row, incident):
            row.action = "unchanged"
        elif incident.status != ModerationStatus.DRAFT:
            row.action = ""
            problems.append(
                Problem(
                    row.line,
                    key_label,
                    _(
                        "the incident “%(key)s” is %(status)s and the row would change it: "
                        "change it in the admin, or give the row another import_key."
                    )
                    % {"key": row.import_key, "status": incident.get_status_display()},
                )
            )
        else:
            row.action = "update"
    return problems


# Writing ------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """What an import did."""

    file_name: str
    rows: int
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    sources_created: int = 0
    skipped_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def wrote_anything(self) -> bool:
        return bool(self.new or self.updated or self.sources_created)


def import_incidents(
    parsed: IncidentFile, *, skip_invalid: bool = False, progress: ProgressCallback | None = None
) -> ImportSummary:
    """Write a checked file's valid rows in one transaction.

    Raises ImportRefused, with nothing written, when rows have problems (without
    `skip_invalid`) or when no row is valid.
    """
    if parsed.problems and not skip_invalid:
        raise ImportRefused(parsed.problems)
    if not parsed.rows:
        raise ImportRefused(Problem(None, None, _("No row of the file is valid: nothing to import.")))
    with transaction.atomic():
        # The database may have changed since the file was checked (an editor published one
        # of its incidents): plan again, holding the incidents the file names.
        late_problems = plan(parsed.rows, parsed.headers.get("import_key", "import_key"), lock=True)
        if late_problems:
            _drop_rows_with_problems(parsed, late_problems)
            if not skip_invalid:
                raise ImportRefused(parsed.problems)
        summary = ImportSummary(
            file_name=parsed.file_name,
            rows=parsed.data_rows,
            skipped=parsed.skipped,
            skipped_lines=list(parsed.invalid_lines),
            problems=list(parsed.problems),
        )
        writer = _Writer()
        for done, row in enumerate(parsed.rows, start=1):
            if progress and done % PROGRESS_EVERY == 0:
                progress("write", done, len(parsed.rows))
            if row.action == "unchanged":
                summary.unchanged += 1
                continue
            writer.write(row)
            if row.action == "new":
                summary.new += 1
            else:
                summary.updated += 1
        summary.sources_created = writer.sources_created
    return summary


class _Writer:
    """Writes rows inside the import's transaction, creating each new source once."""

    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self.sources_created = 0

    def source(self, spec: SourceSpec) -> Source:
        source = self.sources.get(spec.url)
        if source is None:
            source = Source.objects.filter(url=spec.url).first()
            if source is None:
                source = Source(url=spec.url, title=spec.title or spec.url[:500], outlet=spec.outlet,
                                published_on=spec.published_on)  # fmt: skip
                source.full_clean(validate_unique=False, validate_constraints=False)
                source.save()
                self.sources_created += 1
            self.sources[spec.url] = source
        return source

    def write(self, row: IncidentRow) -> Incident:
        if row.incident_id is None:
            incident = Incident(import_key=row.import_key, status=ModerationStatus.DRAFT, **row.fields)
            incident.save()
        else:
            incident = Incident.objects.get(pk=row.incident_id)
            for name, value in row.fields.items():
                setattr(incident, name, value)
            incident.save()
        sources = [self.source(spec) for spec in row.sources]
        incident.sources.add(*sources)
        if row.claim is not None:
            self.write_claim(incident, sources[0], row.claim)
        for outcome, count in row.casualties().items():
            casualty = Casualty.objects.filter(
                incident=incident, outcome=outcome, role=row.casualty_role, name=""
            ).first()
            if casualty is None:
                Casualty.objects.create(incident=incident, outcome=outcome, role=row.casualty_role, count=count)
            elif casualty.count != count:
                casualty.count = count
                casualty.save(update_fields=["count", "updated_at"])
        for actor_id, role in row.actors:
            IncidentActor.objects.get_or_create(incident=incident, actor_id=actor_id, role=role)
        return incident

    @staticmethod
    def write_claim(incident: Incident, source: Source, spec: ClaimSpec) -> Claim:
        """The row's claim, matched by incident, source and date: added or changed through the services."""
        values = {outcome.value: spec.figures.get(outcome.value) for outcome in FIGURE_OUTCOMES}
        values.update(wording=spec.wording, grade=spec.grade, notes=spec.notes)
        claim = Claim.objects.filter(incident=incident, source=source, claimed_on=spec.claimed_on).first()
        if claim is None:
            return add_claim(Claim(incident=incident, source=source, claimed_on=spec.claimed_on, **values))
        if all(getattr(claim, name) == value for name, value in values.items()):
            return claim
        return change_claim(claim, **values)
