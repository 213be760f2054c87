"""Veta's first real records: the incidents, operations and figures our first sources report.

The records are data, in `overview/data/real_records.json`: every figure there comes from
the source it is attached to, and dates and places are coded at the precision the sources
give, no finer. Fields are the models' own, places are INEI codes, and records name each
other by key (`import_key`; actors and protected areas by name).

`load_real_records()` reads the whole file first and checks every record against the
models' rules and every key it names, reporting each problem with its record and field;
only then does it write, in one transaction, the records that are missing. Claims are
written through `incidents.services`, which derives each incident's figures from them.
Loading again creates nothing and never overwrites an editor's work.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.choices import ModerationStatus
from enforcement.models import EnforcementOperation, OperationIncidentLink, OperationReport
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, IncidentRelation, Source
from incidents.services import add_claim
from overview.models import Indicator
from regions.models import MiningSite, ProtectedArea, Province, Region

DATA_FILE = Path(__file__).resolve().parent / "data" / "real_records.json"


@dataclass(frozen=True)
class Section:
    """How one list of the file (or a list inside its records) maps onto a model.

    `references` are fields that name another section's records by key: a foreign key
    when the value is one key, a many-to-many when it is a list. `codes` are many-to-many
    fields given as INEI codes. `parts` are lists of rows that belong to the record.
    """

    model: type[models.Model]
    key: str | None = "import_key"
    references: Mapping[str, str] = field(default_factory=dict)
    codes: Mapping[str, type[models.Model]] = field(default_factory=dict)
    parts: Mapping[str, "Section"] = field(default_factory=dict)
    parent: str | None = None  # a part's foreign key to its record


# In the order they are written: a section names only those above it.
SECTIONS = {
    "sources": Section(Source),
    "actors": Section(Actor, key="name"),
    "protected_areas": Section(ProtectedArea, key="name", codes={"regions": Region}),
    "sites": Section(MiningSite, references={"protected_area": "protected_areas"}),
    "incidents": Section(
        Incident,
        references={"site": "sites"},
        parts={
            "actors": Section(IncidentActor, key=None, parent="incident", references={"actor": "actors"}),
            "casualties": Section(Casualty, key=None, parent="incident"),
            "claims": Section(Claim, key=None, parent="incident", references={"source": "sources"}),
            # An incident related to one written before it (the same unnamed place).
            "related": Section(IncidentRelation, key=None, parent="incident", references={"related": "incidents"}),
        },
    ),
    "operations": Section(
        EnforcementOperation,
        references={"target_site": "sites", "sources": "sources"},
        parts={
            "incidents": Section(
                OperationIncidentLink, key=None, parent="operation", references={"incident": "incidents"}
            ),
        },
    ),
    "reports": Section(
        OperationReport, references={"source": "sources"}, codes={"regions": Region, "provinces": Province}
    ),
    "indicators": Section(Indicator, references={"source": "sources"}),
}
COUNTED_AS = {"protected_areas": "protected areas", "indicators": "context figures"}


class RealRecordsError(ValueError):
    """The data file cannot be loaded; each problem names its record and field. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Row:
    """One checked row of the file: the unsaved model instance and what it names elsewhere."""

    label: str
    obj: models.Model
    references: dict[str, str | list[str]]
    codes: dict[str, list[str]]
    parts: dict[str, list["Row"]]
    key: str | None = None
    existing_pk: int | None = None  # the record was loaded before: it is kept as it is


class Reader:
    """Checks the file's records one after another, collecting every problem."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, label: str, name: str | None, message: str) -> None:
        self.problems.append(f"{label}, {name}: {message}" if name else f"{label}: {message}")

    def read(self, data: object) -> dict[str, list[Row]]:
        if not isinstance(data, dict):
            self.problem("the file", None, "it holds an object whose members are the lists of records.")
            return {}
        for name in data.keys() - SECTIONS.keys():
            self.problem("the file", name, f"unknown list; the lists are {', '.join(SECTIONS)}.")
        rows = {}
        for name, section in SECTIONS.items():
            records = data.get(name, [])
            if not isinstance(records, list):
                self.problem("the file", name, "a list of records is expected.")
                continue
            rows[name] = self.records(name, section, records)
        self.check_references(rows)
        return rows

    def records(self, name: str, section: Section, records: list) -> list[Row]:
        keys = [record.get(section.key) if isinstance(record, dict) else None for record in records]
        existing = dict(
            section.model.objects.filter(**{f"{section.key}__in": [key for key in keys if key]}).values_list(
                section.key, "pk"
            )
        )
        rows, seen = [], set()
        for position, (record, key) in enumerate(zip(records, keys, strict=True)):
            label = f"{name} “{key}”" if isinstance(key, str) and key else f"{name}[{position}]"
            if not isinstance(key, str) or not key:
                self.problem(label, section.key, "every record needs its key, a text.")
                continue
            if key in seen:
                self.problem(label, section.key, "another record of the list has the same key.")
                continue
            seen.add(key)
            row = self.row(label, section, record, loaded=key in existing)
            if row is not None:
                row.key, row.existing_pk = key, existing.get(key)
                rows.append(row)
        return rows

    def row(self, label: str, section: Section, record: object, loaded: bool = False) -> Row | None:
        """Build the record's unsaved instance from its fields and check it with the model's own rules.

        A record loaded before is checked field by field and by the model's clean(), but not
        for uniqueness and constraints against the database, where it already is.
        """
        if not isinstance(record, dict):
            self.problem(label, None, "a record is an object of fields.")
            return None
        model_fields = {model_field.name: model_field for model_field in section.model._meta.get_fields()}
        values, references, codes, parts = {}, {}, {}, {}
        for name, value in record.items():
            model_field = model_fields.get(name)
            if name in section.references:
                if not (isinstance(value, str) or (isinstance(value, list) and all(isinstance(k, str) for k in value))):
                    self.problem(label, name, "give a record's key, or a list of keys.")
                else:
                    references[name] = value
            elif name in section.codes:
                if not (isinstance(value, list) and all(isinstance(code, str) for code in value)):
                    self.problem(label, name, "give a list of INEI codes.")
                else:
                    codes[name] = value
            elif name in section.parts:
                if not isinstance(value, list):
                    self.problem(label, name, "a list of rows is expected.")
                    continue
                parts[name] = [
                    part
                    for position, item in enumerate(value)
                    if (part := self.row(f"{label}, {name}[{position}]", section.parts[name], item)) is not None
                ]
            elif (
                model_field is None
                or not model_field.concrete
                or model_field.many_to_many
                or model_field.primary_key
                or not model_field.editable
                or name == section.parent
            ):
                self.problem(label, name, "unknown field.")
            else:
                # Places are given by code: "region": "13" is the region_id.
                values[model_field.attname] = value
        obj = section.model(**values)
        required = [
            name
            for name in section.references
            if name not in references
            and not model_fields[name].many_to_many
            and not (model_fields[name].null or model_fields[name].blank)
        ]
        for name in required:
            self.problem(label, name, "this field is required.")
        exclude = [*section.references, *section.codes, *filter(None, [section.parent])]
        self.check(label, obj, exclude, against_database=not loaded)
        return Row(label, obj, references, codes, parts)

    def check(self, label: str, obj: models.Model, exclude: list[str], against_database: bool) -> None:
        """The model's rules, field by field first: its clean() only sees values that could be read."""
        steps = [lambda: obj.clean_fields(exclude=exclude), obj.clean]
        if against_database:
            steps += [lambda: obj.validate_unique(exclude=exclude), lambda: obj.validate_constraints(exclude=exclude)]
        for step in steps:
            try:
                step()
            except ValidationError as error:
                self.report(label, error)
                return

    def report(self, label: str, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            for message in messages:
                self.problem(label, None if name == "__all__" else name, message)

    def check_references(self, rows: dict[str, list[Row]]) -> None:
        keys = {name: {row.key for row in section_rows} for name, section_rows in rows.items()}
        known_codes: dict[type[models.Model], set[str]] = {}

        def walk(section: Section, section_rows: list[Row]) -> None:
            for row in section_rows:
                for name, value in row.references.items():
                    target = section.references[name]
                    for key in [value] if isinstance(value, str) else value:
                        if key not in keys.get(target, ()):
                            self.problem(row.label, name, f"no record of “{target}” has the key “{key}”.")
                for name, values in row.codes.items():
                    model = section.codes[name]
                    if model not in known_codes:
                        known_codes[model] = set(model.objects.values_list("code", flat=True))
                    for code in values:
                        if code not in known_codes[model]:
                            what = model._meta.verbose_name
                            self.problem(row.label, name, f"“{code}” is not the INEI code of a {what}.")
                for name, part_rows in row.parts.items():
                    walk(section.parts[name], part_rows)

        for name, section in SECTIONS.items():
            walk(section, rows.get(name, []))


def read_real_records(path: Path = DATA_FILE) -> dict[str, list[Row]]:
    """Read and check the data file; raise RealRecordsError naming every problem's record and field."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise RealRecordsError([f"{Path(path).name}, line {error.lineno}: {error.msg}."]) from error
    reader = Reader()
    rows = reader.read(data)
    if reader.problems:
        raise RealRecordsError(reader.problems)
    return rows


class Writer:
    """Saves the rows that are missing, section after section, resolving keys to the rows saved."""

    def __init__(self) -> None:
        self.saved: dict[str, dict[str, models.Model]] = {}
        self.now = timezone.now()

    def resolve(self, section: Section, row: Row) -> None:
        for name, value in row.references.items():
            records = self.saved[section.references[name]]
            if isinstance(value, str):
                setattr(row.obj, name, records[value])

    def save(self, row: Row) -> None:
        """Check again with every reference set, then save; an error still names the record."""
        try:
            row.obj.full_clean()
        except ValidationError as error:
            reader = Reader()
            reader.report(row.label, error)
            raise RealRecordsError(reader.problems) from error
        row.obj.save()

    def write(self, name: str, section: Section, rows: list[Row]) -> int:
        created = 0
        self.saved[name] = {}
        for row in rows:
            if row.existing_pk is not None:
                # Already loaded (perhaps since edited): kept as it is.
                self.saved[name][row.key] = section.model.objects.get(pk=row.existing_pk)
                continue
            self.resolve(section, row)
            if section.model in (MiningSite, Incident, EnforcementOperation):
                row.obj.status = ModerationStatus.PUBLISHED
            if section.model in (Incident, EnforcementOperation):
                row.obj.published_at = self.now
            self.save(row)
            for field_name, value in row.references.items():
                if isinstance(value, list):
                    records = self.saved[section.references[field_name]]
                    getattr(row.obj, field_name).set([records[key] for key in value])
            for field_name, codes in row.codes.items():
                getattr(row.obj, field_name).set(section.codes[field_name].objects.filter(code__in=codes))
            for part_name, part_rows in row.parts.items():
                self.write_parts(row.obj, section.parts[part_name], part_rows)
            if section.model is Incident:
                # An incident cites the sources of its claims.
                row.obj.sources.set({claim.source for claim in row.obj.claims.all()})
            self.saved[name][row.key] = row.obj
            created += 1
        return created

    def write_parts(self, parent: models.Model, section: Section, rows: list[Row]) -> None:
        for row in rows:
            self.resolve(section, row)
            setattr(row.obj, section.parent, parent)
            if section.model is Claim:
                # Through the service, which checks the claim and derives the incident's figures again.
                add_claim(row.obj)
            else:
                self.save(row)


@transaction.atomic
def load_real_records(path: Path = DATA_FILE) -> dict[str, int]:
    """Create whichever real records are missing; return how many of each were created."""
    rows = read_real_records(path)
    writer = Writer()
    return {COUNTED_AS.get(name, name): writer.write(name, section, rows[name]) for name, section in SECTIONS.items()}
