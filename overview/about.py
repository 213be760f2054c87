"""/about/: what Veta is, how its data is coded, the codebook of every coded field, and every field.

The codebook is generated from the TextChoices classes in the apps' `choices.py`
modules: every code the database can hold is listed with its translated label, so the
page cannot drift from the code. The explanations and the UCDP/ACLED equivalents below
are keyed by the same members; a code without an explanation still appears (and a test
asks for one). The fields of every table come from the data package's schema
(`overview.package.TABLES`), the same descriptions datapackage.json gives.
"""

import inspect
import re
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

import pghistory.models
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import choices as veta_choices
from core.choices import (
    DatePrecision,
    FigureQualifier,
    Language,
    ModerationStatus,
    PlacePrecision,
    RevisionStatus,
    Wording,
)
from enforcement import choices as enforcement_choices
from enforcement.choices import Agency, IncidentLinkKind, MachineryKind, OperationKind, ReinfoStatus
from incidents import choices as incident_choices
from incidents import exports
from incidents.choices import (
    ActorKind,
    ActorRole,
    CasualtyOutcome,
    CasualtyRole,
    ClaimGrade,
    IncidentType,
    Sex,
    SourceKind,
)
from overview import choices as overview_choices
from overview import package
from overview.choices import IndicatorTopic, IndicatorUnit
from regions import choices as region_choices
from regions.choices import (
    ProtectedAreaCategory,
    SiteKind,
    SiteLegalStatus,
)

HistoryEvent = pghistory.models.Event

# The modules whose TextChoices make up the codebook, in the order the page shows them.
CHOICE_MODULES: tuple[ModuleType, ...] = (
    veta_choices,
    incident_choices,
    region_choices,
    enforcement_choices,
    overview_choices,
)

# The apps whose models use those codes (for "used in" lines).
CODED_APPS = ("core", "regions", "incidents", "enforcement")


def choice_classes() -> list[type[models.TextChoices]]:
    """Every TextChoices class defined in the choices modules, in source order."""
    classes = []
    for module in CHOICE_MODULES:
        # A module's namespace keeps the order its classes are defined in.
        classes.extend(
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, models.TextChoices)
            and value is not models.TextChoices
            and value.__module__ == module.__name__
        )
    return classes


# --- What each class is about --------------------------------------------------------------

CLASS_TITLES = {
    DatePrecision: (_("Date precision"), _("How exactly an event's date is known.")),
    PlacePrecision: (_("Place precision"), _("How exactly an event's place is known, finest first.")),
    ModerationStatus: (
        _("Moderation status"),
        _("Where a record stands in the editors' work; only published records are public."),
    ),
    RevisionStatus: (
        _("Proposed revision status"),
        _("Where an editor's change to a published record stands; the public sees it only once accepted."),
    ),
    Wording: (_("Wording of a figure"), _("How a source qualified a figure it gave.")),
    FigureQualifier: (
        _("Qualifier of a derived figure"),
        _(
            "How sure an incident's figure is, derived with its low, best and high figures from the wording of "
            "the claims behind it; every page, feed and export shows it with the figure."
        ),
    ),
    Language: (_("Source language"), _("The language a source is written in.")),
    IncidentType: (_("Incident types"), _("What happened, with the ACLED and UCDP types the exports map it to.")),
    ActorKind: (
        _("Actor kinds"),
        _("What sort of party an actor is. Named actors are records; an unnamed party is its kind alone."),
    ),
    ActorRole: (_("Actor roles"), _("The part an actor played in an incident.")),
    CasualtyOutcome: (_("Casualty outcomes"), _("What happened to the people counted.")),
    CasualtyRole: (_("Casualty roles"), _("Who the people counted were.")),
    Sex: (_("Sex of a casualty"), _("Recorded only as sources give it.")),
    ClaimGrade: (_("Claim grades"), _("How far a source's figures can be trusted, after Airwars' grading.")),
    SourceKind: (_("Source kinds"), _("What sort of publication a source is.")),
    ProtectedAreaCategory: (
        _("Protected-area categories"),
        _("The categories of Peru's natural protected areas, as SERNANP uses them."),
    ),
    SiteKind: (_("Mining-site kinds"), _("What kind of place a mining site is.")),
    SiteLegalStatus: (_("Mining-site legal status"), _("The legal standing of the mining at a site.")),
    IndicatorTopic: (
        _("Context-figure topics"),
        _("What a sourced context figure (forest lost, miners registered…) measures."),
    ),
    IndicatorUnit: (_("Context-figure units"), _("The unit of a context figure.")),
    OperationKind: (_("Operation kinds"), _("What a single enforcement operation did.")),
    Agency: (_("Agencies"), _("The state bodies taking part in operations.")),
    MachineryKind: (_("Machinery kinds"), _("Machines an operation destroyed, each kind with its count.")),
    IncidentLinkKind: (_("Operation–incident links"), _("How an enforcement operation relates to an incident.")),
    ReinfoStatus: (_("REINFO statuses"), _("A REINFO record's status in the lists the government publishes.")),
}

# What each code means, keyed by class first: members of different classes may share a
# value ("other", "exact", "unknown") and would collide as keys of one dict.
EXPLANATIONS: dict[type, dict] = {
    DatePrecision: {
        DatePrecision.DAY: _("The exact day is known."),
        DatePrecision.DAYS: _("A range of two to six days is known, e.g. when sources disagree on the night."),
        DatePrecision.WEEK: _("The week is known, not the day."),
        DatePrecision.MONTH: _(
            "Only the month is known: stored as the whole month and shown as “May 2025”, never as its first day."
        ),
        DatePrecision.YEAR: _("Only the year is known: stored as the whole year."),
    },
    PlacePrecision: {
        PlacePrecision.EXACT: _("Coordinates of the very place: a tunnel entrance, a camp, a police post."),
        PlacePrecision.NEAR: _("Within about 25 km of a named place whose coordinates are given."),
        PlacePrecision.DISTRICT: _("The district (ADM3) is known, no finer."),
        PlacePrecision.PROVINCE: _("The province (ADM2) is known, not the district."),
        PlacePrecision.REGION: _(
            "Only the region (ADM1) is known: the record counts for the region, "
            "never for a guessed province or district."
        ),
    },
    RevisionStatus: {
        RevisionStatus.PROPOSED: _("Waiting for a reviewer; the public still sees the published version."),
        RevisionStatus.ACCEPTED: _(
            "Accepted by a reviewer: the change is public, with a correction note if figures changed."
        ),
        RevisionStatus.RETURNED: _("Returned to its editor with a reason; the published version stands."),
    },
    ModerationStatus: {
        ModerationStatus.DRAFT: _(
            "Being written; seen by editors only. A published record that points to a draft (a mining "
            "site not yet published) shows it as “withheld”, and search does not find it by its name."
        ),
        ModerationStatus.IN_REVIEW: _("Waiting for another editor's check; not public yet."),
        ModerationStatus.PUBLISHED: _("Public: on the pages, in the API, the feeds and the exports."),
        ModerationStatus.RETRACTED: _(
            "Withdrawn after publication, with a public reason; no longer listed or counted, "
            "and reported to API clients as unpublished."
        ),
    },
    Wording: {
        Wording.EXACT: _("The source gives the figure as it is."),
        Wording.AT_LEAST: _("“At least”, “could be higher”: a floor; the true figure may be higher."),
        Wording.ABOUT: _("“About”, “some”: an approximation."),
        Wording.UP_TO: _("“Up to”, “as many as”: a ceiling; never taken as the low figure."),
        Wording.MORE_THAN: _("“More than N”: a floor above N (low N + 1); the true figure may be higher."),
    },
    FigureQualifier: {
        FigureQualifier.EXACT: _("The counted claims agree, and one gives the figure as exact: “3 killed”."),
        FigureQualifier.ABOUT: _("The counted claims agree on an approximate figure: “about 200 rescued”."),
        FigureQualifier.AT_LEAST: _(
            "A source says “at least N” or “more than N” and no source bounds the figure from above: low is N, "
            "and the true figure may be higher than high. Shown as “at least 3 killed”."
        ),
        FigureQualifier.UP_TO: _("Sources give only ceilings (“up to N”): low is 0. Shown as “up to 10 killed”."),
        FigureQualifier.RANGE: _("Sources disagree: low and high differ. Shown as “3–7 killed”."),
    },
    Language: {
        Language.SPANISH: _("Written in Spanish."),
        Language.ENGLISH: _("Written in English."),
        Language.PORTUGUESE: _("Written in Portuguese."),
        Language.OTHER: _("Written in another language."),
    },
    IncidentType: {
        IncidentType.ARMED_ATTACK: _("An armed assault on miners, workers or residents."),
        IncidentType.MASSACRE: _(
            "An armed attack killing four or more people; a separate type so that the threshold is visible."
        ),
        IncidentType.KIDNAPPING: _("An abduction or forced disappearance."),
        IncidentType.EXTORTION: _("Threats or demands for payment (“cupos”), with or without violence."),
        IncidentType.ATTACK_ON_SECURITY_FORCES: _(
            "An assault, arson or shooting aimed at police, military or their posts."
        ),
        IncidentType.CLASH_WITH_SECURITY_FORCES: _("An armed exchange during an operation."),
        IncidentType.PROTEST_VIOLENCE: _(
            "A protest or strike turning violent, including force used against protesters."
        ),
        IncidentType.TRAFFICKING: _("Human trafficking or exploitation linked to mining areas, including rescues."),
        IncidentType.OTHER: _("Anything else, described in the record."),
    },
    ActorKind: {
        ActorKind.CRIMINAL_GROUP: _("A gang or organised crime group, named or not."),
        ActorKind.SECURITY_FORCES: _("Police, army or navy."),
        ActorKind.PROSECUTORS: _("Public prosecutors, including the environmental prosecutors (FEMA)."),
        ActorKind.MINERS_INFORMAL: _(
            "Miners without the permits the law requires, whether or not in the formalization process."
        ),
        ActorKind.MINERS_FORMAL: _("Miners who hold the concession and permits the law requires."),
        ActorKind.COMMUNITY: _("A community or its organisation, including native communities."),
        ActorKind.COMPANY: _("A business: a mining company, a gold buyer, a transport firm."),
        ActorKind.GOVERNMENT: _("A ministry, a regional or local government or another public body."),
        ActorKind.UNKNOWN: _("The sources do not say who, e.g. “armed assailants”."),
    },
    ActorRole: {
        ActorRole.PERPETRATOR: _("Carried out the violence or crime."),
        ActorRole.TARGET: _("Was attacked, threatened, held or exploited."),
        ActorRole.RESPONDER: _("Answered the incident: a rescue, an arrest, an investigation."),
    },
    CasualtyOutcome: {
        CasualtyOutcome.KILLED: _("Died; includes missing people later found dead (the change is dated)."),
        CasualtyOutcome.INJURED: _("Wounded."),
        CasualtyOutcome.MISSING: _(
            "Whereabouts unknown; moves to killed or rescued, with the date, when sources say so."
        ),
        CasualtyOutcome.KIDNAPPED: _("Taken and held by force."),
        CasualtyOutcome.RESCUED: _("Freed, or missing people found alive."),
    },
    CasualtyRole: {
        CasualtyRole.MINER: _("Miners and mine workers."),
        CasualtyRole.SECURITY_FORCES: _("Police officers and military personnel."),
        CasualtyRole.CIVILIAN: _("Anyone else: residents, workers outside mining, people trafficked."),
        CasualtyRole.ASSAILANT: _("People among the attackers."),
        CasualtyRole.UNKNOWN: _("The sources do not say."),
    },
    Sex: {
        Sex.FEMALE: _("Female, as the source says."),
        Sex.MALE: _("Male, as the source says."),
        Sex.UNKNOWN: _("The source does not say."),
    },
    ClaimGrade: {
        ClaimGrade.CONFIRMED: _("An official figure, or one acknowledged by the responsible authority."),
        ClaimGrade.RELIABLE: _("Two or more independent credible sources agree."),
        ClaimGrade.SINGLE_SOURCE: _("One credible source."),
        ClaimGrade.CONTESTED: _("Sources disagree on the figure or on responsibility."),
        ClaimGrade.DISCOUNTED: _("Shown to be wrong: kept for the record, left out of every figure."),
    },
    SourceKind: {
        SourceKind.NEWS: _("A news report."),
        SourceKind.OFFICIAL: _("A statement, report or figure from a public authority."),
        SourceKind.NGO: _("A report by an NGO or a research body."),
        SourceKind.OTHER: _("Any other publication."),
    },
    ProtectedAreaCategory: {
        ProtectedAreaCategory.NATIONAL_PARK: _(
            "Parque nacional: strict protection, no extraction of natural resources."
        ),
        ProtectedAreaCategory.NATIONAL_RESERVE: _(
            "Reserva nacional: wildlife resources used sustainably under a management plan."
        ),
        ProtectedAreaCategory.NATIONAL_SANCTUARY: _(
            "Santuario nacional: protects the habitat of a species or a natural formation."
        ),
        ProtectedAreaCategory.HISTORIC_SANCTUARY: _(
            "Santuario histórico: protects the natural setting of a historic site."
        ),
        ProtectedAreaCategory.COMMUNAL_RESERVE: _(
            "Reserva comunal: conserved for the benefit of neighbouring communities."
        ),
        ProtectedAreaCategory.WILDLIFE_REFUGE: _("Refugio de vida silvestre: habitats managed for wildlife."),
        ProtectedAreaCategory.LANDSCAPE_RESERVE: _(
            "Reserva paisajística: a landscape where nature and people's use coexist."
        ),
        ProtectedAreaCategory.PROTECTION_FOREST: _("Bosque de protección: protects watersheds and soils."),
        ProtectedAreaCategory.HUNTING_RESERVE: _("Coto de caza: regulated hunting."),
        ProtectedAreaCategory.RESERVED_ZONE: _("Zona reservada: provisional protection until a final category is set."),
        ProtectedAreaCategory.REGIONAL_CONSERVATION_AREA: _(
            "Área de conservación regional: managed by a regional government."
        ),
        ProtectedAreaCategory.PRIVATE_CONSERVATION_AREA: _(
            "Área de conservación privada: private land recognised by the State."
        ),
    },
    SiteKind: {
        SiteKind.TUNNEL_ENTRANCE: _("The entrance of an underground mine (socavón)."),
        SiteKind.ALLUVIAL_AREA: _("An area of alluvial gold mining on land, such as La Pampa in Madre de Dios."),
        SiteKind.RIVER_DREDGING: _("Mining from rafts and dredges on a river."),
        SiteKind.CAMP: _("A miners' camp."),
        SiteKind.PLANT: _("A plant where ore is processed."),
        SiteKind.OTHER: _("Any other place, described in the record."),
    },
    SiteLegalStatus: {
        SiteLegalStatus.CONCESSION: _("Mined under a mining concession."),
        SiteLegalStatus.REINFO_REGISTERED: _("Mined by miners registered in REINFO, in the formalization process."),
        SiteLegalStatus.ILLEGAL: _(
            "Mined where mining is forbidden, such as protected areas, or without any registration."
        ),
        SiteLegalStatus.UNKNOWN: _("The sources do not say."),
    },
    IndicatorTopic: {
        IndicatorTopic.FOREST_LOSS: _("Forest lost in a period, in hectares."),
        IndicatorTopic.GOLD_PRODUCTION_SHARE: _("A place's share of Peru's gold production."),
        IndicatorTopic.MINING_WORKFORCE: _("People working in mining."),
        IndicatorTopic.UNREGISTERED_MINERS_SHARE: _("The share of miners in no registry."),
        IndicatorTopic.REINFO_FORMALIZED_SHARE: _("The share of REINFO miners who completed formalization."),
        IndicatorTopic.REINFO_EXCLUDED_RECORDS: _("How many REINFO records were excluded."),
        IndicatorTopic.OTHER: _("Any other figure, described by its label."),
    },
    IndicatorUnit: {
        IndicatorUnit.HECTARES: _("Hectares of land."),
        IndicatorUnit.PERCENT: _("Percent, from 0 to 100."),
        IndicatorUnit.PEOPLE: _("A number of people."),
        IndicatorUnit.RECORDS: _("A number of registry records."),
        IndicatorUnit.SOLES: _("Peruvian soles (S/), as exact decimals."),
    },
    OperationKind: {
        OperationKind.INTERDICTION: _(
            "An interdiction against illegal mining, destroying or seizing machinery and supplies."
        ),
        OperationKind.RAID: _("A raid or search of premises."),
        OperationKind.CAMP_DISMANTLED: _("A mining camp taken apart."),
        OperationKind.MACHINERY_DESTROYED: _("Machinery destroyed where it stood."),
        OperationKind.SEIZURE: _("Mercury, fuel, gold, machinery or other goods seized."),
        OperationKind.ARREST: _("People arrested."),
        OperationKind.EVICTION: _("Miners removed from an area."),
        OperationKind.OTHER: _("Anything else, described in the record."),
    },
    Agency: {
        Agency.PNP: _("Policía Nacional del Perú."),
        Agency.PNP_ENVIRONMENT: _("The National Police's environmental directorate."),
        Agency.ARMY: _("Ejército del Perú."),
        Agency.NAVY: _("Marina de Guerra del Perú, notably on rivers."),
        Agency.AIR_FORCE: _("Fuerza Aérea del Perú."),
        Agency.FEMA: _("Fiscalías Especializadas en Materia Ambiental, the environmental prosecutors."),
        Agency.SUNAT: _("The national tax and customs authority, which controls fuel, mercury and other supplies."),
        Agency.SERNANP: _("The national service that runs the natural protected areas."),
        Agency.OTHER: _("Another agency, named in the record."),
    },
    MachineryKind: {
        MachineryKind.DREDGE: _("A dredge working a riverbed."),
        MachineryKind.RAFT: _("A raft carrying suction equipment."),
        MachineryKind.ENGINE: _("An engine or motor."),
        MachineryKind.FRONT_LOADER: _("A front loader."),
        MachineryKind.EXCAVATOR: _("An excavator."),
        MachineryKind.TRUCK: _("A truck or dumper."),
        MachineryKind.PUMP: _("A pump."),
        MachineryKind.OTHER: _("Other machinery or equipment."),
    },
    IncidentLinkKind: {
        IncidentLinkKind.TRIGGERED: _(
            "The incident followed the operation, e.g. an attack on a post the day after an interdiction."
        ),
        IncidentLinkKind.RESPONDED: _("The operation answered the incident."),
        IncidentLinkKind.DURING: _("The incident happened during the operation, e.g. a clash."),
    },
    ReinfoStatus: {
        ReinfoStatus.VIGENTE: _("The registration is current."),
        ReinfoStatus.SUSPENDIDO: _("The registration is suspended."),
        ReinfoStatus.EXCLUIDO: _("The record was excluded from the registry."),
        ReinfoStatus.NOT_LISTED: _("Missing from a later complete list: kept in Veta, not deleted."),
    },
}

# The UCDP and ACLED equivalents come from the mappings the exports use
# (incidents/exports.py), so the page says what the exports do.
PRECISION_EQUIVALENTS: dict[type, tuple[tuple[str, dict], tuple[str, dict]]] = {
    DatePrecision: (("UCDP date_prec", exports.UCDP_DATE_PREC), ("ACLED time_precision", exports.ACLED_TIME_PRECISION)),
    PlacePrecision: (
        ("UCDP where_prec", exports.UCDP_WHERE_PREC),
        ("ACLED geo_precision", exports.ACLED_GEO_PRECISION),
    ),
}

UCDP_TYPES_OF_VIOLENCE = {
    exports.STATE_BASED: _("1, state-based"),
    exports.NON_STATE: _("2, non-state"),
    exports.ONE_SIDED: _("3, one-sided"),
}


def acled_cell(incident_type: str) -> list[tuple[str, str | None]]:
    """ACLED event type / sub-event type of an incident type, and its alternative for crowds."""
    mapping = exports.TYPE_MAPPING[incident_type]
    terms = [(f"{mapping.event_type} / {mapping.sub_event_type}", None)]
    if mapping.crowd_event_type:
        condition = _("when every perpetrator is a crowd (miners, a community) rather than an armed group")
        terms.append((f"{mapping.crowd_event_type} / {mapping.crowd_sub_event_type}", condition))
    return terms


def ucdp_cell(incident_type: str) -> list[tuple[str, str | None]]:
    violence = exports.TYPE_MAPPING[incident_type].type_of_violence
    if violence is None:
        return [("—", _("no UCDP category; left empty"))]
    return [(str(UCDP_TYPES_OF_VIOLENCE.get(violence, violence)), None)]


@dataclass
class CodeRow:
    code: str
    label: str
    explanation: str
    extra: list = field(default_factory=list)

    @property
    def code_parts(self) -> list[str]:
        """The code split at its underscores, where a narrow column may break the line."""
        return self.code.split("_")


@dataclass
class CodebookEntry:
    """One coded field's codes, for the codebook table."""

    anchor: str
    title: str
    description: str
    class_name: str
    used_in: list[str]
    extra_headers: list[str]
    rows: list[CodeRow]


def anchor_for(cls: type) -> str:
    """'DatePrecision' → 'code-date-precision'."""
    return "code-" + re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


@cache
def fields_using() -> dict[type, tuple[str, ...]]:
    """Which model fields hold each choices class's codes ('incident.date_precision' …)."""
    classes = choice_classes()
    found: dict[type, list[str]] = {cls: [] for cls in classes}
    for app_label in CODED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if issubclass(model, HistoryEvent):
                continue  # the edit history's copies of the records
            for model_field in model._meta.get_fields():
                if not getattr(model_field, "concrete", False):
                    continue
                base = model_field.base_field if isinstance(model_field, ArrayField) else model_field
                if not getattr(base, "choices", None):
                    continue
                values = {str(value) for value, _label in base.flatchoices}
                for cls in classes:
                    if values == set(cls.values):
                        found[cls].append(f"{model._meta.model_name}.{model_field.name}")
    return {cls: tuple(names) for cls, names in found.items()}


def extra_columns(cls: type) -> tuple[list[str], dict]:
    """Further columns some classes have: UCDP/ACLED precision codes, ACLED and UCDP event types."""
    if cls in PRECISION_EQUIVALENTS:
        columns = PRECISION_EQUIVALENTS[cls]
        headers = [header for header, _mapping in columns]
        return headers, {
            member: [[(str(mapping[member]), None)] if member in mapping else [] for _header, mapping in columns]
            for member in cls
        }
    if cls is IncidentType:
        headers = [_("ACLED event type / sub-event type"), _("UCDP type of violence")]
        return headers, {member: [acled_cell(member), ucdp_cell(member)] for member in cls}
    return [], {}


def codebook() -> list[CodebookEntry]:
    """The codebook: every class, every code, its label in the reader's language and its meaning."""
    entries = []
    used = fields_using()
    for cls in choice_classes():
        title, description = CLASS_TITLES.get(cls, (cls.__name__, ""))
        headers, extras = extra_columns(cls)
        explanations = EXPLANATIONS.get(cls, {})
        rows = [
            CodeRow(member.value, str(member.label), str(explanations.get(member, "")), extras.get(member, []))
            for member in cls
        ]
        entries.append(
            CodebookEntry(anchor_for(cls), str(title), str(description), cls.__name__, list(used[cls]), headers, rows)
        )
    return entries


@dataclass
class FieldRow:
    """One column of a data-package table: name, Frictionless type, description, and its codes' entry."""

    name: str
    type: str
    description: str
    required: bool
    codes_anchor: str | None = None
    codes_title: str | None = None


@dataclass
class DataTable:
    """One table of the data package with every field, as its datapackage.json describes it."""

    anchor: str
    name: str
    path: str
    title: str
    description: str
    fields: list[FieldRow]


def data_tables() -> list[DataTable]:
    """Every table of the data package and every field, from the package's own schema (overview.package.TABLES).

    The descriptions are the ones datapackage.json carries, so the page and the package
    cannot disagree; a coded field links to its codes in the codebook instead of listing them.
    """
    tables = []
    for table in package.TABLES:
        rows = []
        for column in table.fields:
            title = CLASS_TITLES.get(column.codes, (None,))[0] if column.codes else None
            rows.append(
                FieldRow(
                    column.name,
                    column.type,
                    column.description,
                    column.required,
                    anchor_for(column.codes) if column.codes else None,
                    str(title) if title else (column.codes.__name__ if column.codes else None),
                )
            )
        tables.append(DataTable(f"table-{table.name}", table.name, table.path, table.title, table.description, rows))
    return tables


def about(request: HttpRequest) -> HttpResponse:
    """/about/: what Veta is, its methodology, the codebook, sources, citing and data access."""
    context = {
        "codebook": codebook(),
        "data_tables": data_tables(),
        "site_root": request.build_absolute_uri("/"),
        "today": timezone.localdate(),
    }
    return render(request, "about.html", context)
