"""Veta's first real records: the incidents, operations and figures our first sources report.

Every figure here comes from the source it is attached to; dates and places are coded
at the precision the sources give, no finer. Records are keyed by `import_key`, so
loading them again creates only what is missing and never overwrites an editor's work.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.choices import DatePrecision, Language, ModerationStatus, PlacePrecision, Wording
from enforcement.choices import Agency, IncidentLinkKind, OperationKind
from enforcement.models import EnforcementOperation, OperationIncidentLink, OperationReport
from incidents.choices import ActorKind, ActorRole, CasualtyOutcome, CasualtyRole, ClaimGrade, IncidentType, SourceKind
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from incidents.services import refresh_incident_figures
from regions.choices import IndicatorTopic, IndicatorUnit, ProtectedAreaCategory, SiteKind, SiteLegalStatus
from regions.models import Indicator, MiningSite, ProtectedArea, Region

D = datetime.date
LA_LIBERTAD, MADRE_DE_DIOS, PATAZ, TAMBOPATA_PROVINCE, TAMBOPATA_DISTRICT = "13", "17", "1308", "1701", "170101"

SOURCES = [
    {
        "import_key": "source-la-libertad-new-year-attack-report",
        "title": "Report on an armed attack on informal miners in La Libertad on New Year's Eve",
        "outlet": "",
        "language": Language.ENGLISH,
        "notes": "Cites local officials and the town's mayor. Undated, headline not preserved: the title "
        "describes the article. Also recalls the May attack in the same district.",
    },
    {
        "import_key": "source-peru-mine-attack-3-dead-7-missing",
        "title": "Peru mine attack: 3 dead and 7 missing in La Libertad",
        "outlet": "",
        "language": Language.ENGLISH,
        "notes": "Cites local police reports. Undated; places the attack on a Thursday night.",
    },
    {
        "import_key": "source-insight-crime-puerto-maldonado-protests",
        "title": "Crackdown on illegal mining triggers protests in Puerto Maldonado",
        "outlet": "InSight Crime",
        "language": Language.ENGLISH,
        "notes": "Analysis from March 2012 (the strike began on 5 March). Headline not preserved: the title "
        "describes the article.",
    },
    {
        "import_key": "source-crackdown-reinfo-debate-dec-2025",
        "title": "Peru Intensifies Crackdown on Illegal Mining as REINFO Debate Deepens Governance Tensions",
        "outlet": "",
        "language": Language.ENGLISH,
        "notes": "Reports figures given by the High Commissioner for the Fight Against Illegal Mining.",
    },
    {
        "import_key": "source-dialogo-tambopata-bahuaja-sonene",
        "title": "Illegal mining threatens Tambopata National Reserve and Bahuaja-Sonene National Park",
        "outlet": "Diálogo Américas",
        "language": Language.ENGLISH,
        "notes": "Autumn 2022; draws on Mongabay, the Ombudsman's office and the Ministry of Environment. "
        "Headline not preserved: the title describes the article.",
    },
]

ACTORS = [
    {"name": "Unidentified armed assailants", "kind": ActorKind.UNKNOWN},
    {"name": "Criminal gangs (unidentified)", "kind": ActorKind.CRIMINAL_GROUP},
    {"name": "Informal miners", "kind": ActorKind.MINERS_INFORMAL},
    {"name": "Illegal miners", "kind": ActorKind.MINERS_INFORMAL},
    {"name": "National Police of Peru (PNP)", "kind": ActorKind.SECURITY_FORCES},
    {"name": "Police and armed forces", "kind": ActorKind.SECURITY_FORCES},
    {"name": "Trafficked women and girls", "kind": ActorKind.UNKNOWN},
]

PROTECTED_AREAS = [
    {"name": "Tambopata National Reserve", "category": ProtectedAreaCategory.NATIONAL_RESERVE, "regions": ["17"]},
    {"name": "Bahuaja-Sonene National Park", "category": ProtectedAreaCategory.NATIONAL_PARK, "regions": ["17"]},
]

SITES = [
    {
        "import_key": "site-la-libertad-new-year-tunnel",
        "name": "Tunnel entrance of the New Year attack (La Libertad)",
        "kind": SiteKind.TUNNEL_ENTRANCE,
        "legal_status": SiteLegalStatus.UNKNOWN,
        "region_id": LA_LIBERTAD,
        "place_precision": PlacePrecision.REGION,
        "notes": "Informal mine in a remote mining town; sources name neither the mine nor the district.",
    },
    {
        "import_key": "site-la-pampa",
        "name": "La Pampa",
        "kind": SiteKind.ALLUVIAL_AREA,
        "legal_status": SiteLegalStatus.ILLEGAL,
        "region_id": MADRE_DE_DIOS,
        "place_precision": PlacePrecision.REGION,
        "notes": "The main focus of mining in Madre de Dios; a police-military installation stands in the sector.",
    },
    {
        "import_key": "site-tambopata-river-dredging",
        "name": "Tambopata River dredging",
        "aliases": ["Río Tambopata"],
        "kind": SiteKind.RIVER_DREDGING,
        "legal_status": SiteLegalStatus.ILLEGAL,
        "region_id": MADRE_DE_DIOS,
        "place_precision": PlacePrecision.REGION,
        "protected_area": "Tambopata National Reserve",
        "notes": "Rafts and dredges on the Tambopata River, according to the PNP environmental directorate (2022).",
    },
    {
        "import_key": "site-palma-real-creek",
        "name": "Palma Real native community creek",
        "aliases": ["Quebrada Palma Real"],
        "kind": SiteKind.ALLUVIAL_AREA,
        "legal_status": SiteLegalStatus.ILLEGAL,
        "region_id": MADRE_DE_DIOS,
        "place_precision": PlacePrecision.REGION,
        "notes": "Near the border with Bolivia; miners from La Pampa work the creek with machinery (2022).",
    },
    {
        "import_key": "site-san-jacinto-de-aguajal-camp",
        "name": "San Jacinto de Aguajal camp",
        "kind": SiteKind.CAMP,
        "legal_status": SiteLegalStatus.ILLEGAL,
        "region_id": MADRE_DE_DIOS,
        "province_id": TAMBOPATA_PROVINCE,
        "place_precision": PlacePrecision.PROVINCE,
        "location_name": "San Jacinto de Aguajal sector",
        "notes": "The source places the sector in Tambopata without saying whether the province or the district.",
    },
]

# Claims: (source key, claimed_on, figures, wording, grade, notes)
INCIDENTS = [
    {
        "import_key": "incident-2026-la-libertad-new-year-attack",
        "title": "Armed attack on informal miners at a tunnel entrance, La Libertad",
        "incident_type": IncidentType.ARMED_ATTACK,
        "description": "Armed assailants attacked informal miners at the entrance of a mine in a remote mining town "
        "of La Libertad during the New Year celebrations. Three people died and seven were reported missing; "
        "residents feared a higher toll. No suspects had been named when the reports appeared. Sources disagree "
        "on the night: New Year's Eve (Wednesday 31 December 2025) or the Thursday night after it.",
        "date_start": D(2025, 12, 31),
        "date_end": D(2026, 1, 1),
        "date_precision": DatePrecision.DAYS,
        "region_id": LA_LIBERTAD,
        "place_precision": PlacePrecision.REGION,
        "location_name": "Remote mining town (district not named)",
        "site": "site-la-libertad-new-year-tunnel",
        "actors": [("Unidentified armed assailants", ActorRole.PERPETRATOR), ("Informal miners", ActorRole.TARGET)],
        "casualties": [
            (CasualtyOutcome.KILLED, CasualtyRole.MINER, 3),
            (CasualtyOutcome.MISSING, CasualtyRole.MINER, 7),
        ],
        "claims": [
            (
                "source-la-libertad-new-year-attack-report",
                D(2026, 1, 1),
                {"killed": 3, "missing": 7},
                Wording.AT_LEAST,
                ClaimGrade.RELIABLE,
                "Local officials; the toll could be higher and was still being verified. Article undated: the claim "
                "is dated to the last day of the event.",
            ),
            (
                "source-peru-mine-attack-3-dead-7-missing",
                D(2026, 1, 1),
                {"killed": 3, "missing": 7},
                Wording.EXACT,
                ClaimGrade.RELIABLE,
                "Local police reports; search for the missing continuing. Article undated: the claim is dated to the "
                "last day of the event.",
            ),
        ],
    },
    {
        "import_key": "incident-2025-05-la-libertad-massacre",
        "title": "Attack by criminal gangs kills 13 miners, La Libertad",
        "incident_type": IncidentType.MASSACRE,
        "description": "Criminal gangs seeking control of mining territory killed 13 miners in the same district of "
        "La Libertad where the New Year attack later took place. Known from later reports only, to the month.",
        "date_start": D(2025, 5, 1),
        "date_end": D(2025, 5, 31),
        "date_precision": DatePrecision.MONTH,
        "region_id": LA_LIBERTAD,
        "place_precision": PlacePrecision.REGION,
        "location_name": "Same district as the New Year attack (not named)",
        "actors": [("Criminal gangs (unidentified)", ActorRole.PERPETRATOR), ("Informal miners", ActorRole.TARGET)],
        "casualties": [(CasualtyOutcome.KILLED, CasualtyRole.MINER, 13)],
        "claims": [
            (
                "source-la-libertad-new-year-attack-report",
                D(2026, 1, 1),
                {"killed": 13},
                Wording.EXACT,
                ClaimGrade.RELIABLE,
                "Recalled as background in a report on the New Year attack.",
            ),
            (
                "source-peru-mine-attack-3-dead-7-missing",
                D(2026, 1, 1),
                {"killed": 13},
                Wording.EXACT,
                ClaimGrade.RELIABLE,
                "Recalled as background; attributed to criminal gangs.",
            ),
        ],
    },
    {
        "import_key": "incident-2012-03-puerto-maldonado-riots",
        "title": "Police gunfire kills three during miners' strike riots, Puerto Maldonado",
        "incident_type": IncidentType.PROTEST_VIOLENCE,
        "description": "Miners in Madre de Dios struck from 5 March against a decree making informal mining a crime. "
        "When talks broke down, riots followed on a Wednesday and three people died by gunfire as the police "
        "responded.",
        "date_start": D(2012, 3, 1),
        "date_end": D(2012, 3, 31),
        "date_precision": DatePrecision.MONTH,
        "region_id": MADRE_DE_DIOS,
        "province_id": TAMBOPATA_PROVINCE,
        "district_id": TAMBOPATA_DISTRICT,
        "place_precision": PlacePrecision.DISTRICT,
        "location_name": "Puerto Maldonado",
        "actors": [("National Police of Peru (PNP)", ActorRole.PERPETRATOR), ("Informal miners", ActorRole.TARGET)],
        "casualties": [(CasualtyOutcome.KILLED, CasualtyRole.UNKNOWN, 3)],
        "claims": [
            (
                "source-insight-crime-puerto-maldonado-protests",
                D(2012, 3, 31),
                {"killed": 3},
                Wording.EXACT,
                ClaimGrade.SINGLE_SOURCE,
                "Article undated: the claim is dated to the end of the month of the events.",
            ),
        ],
    },
    {
        "import_key": "incident-2011-10-madre-de-dios-trafficking-rescue",
        "title": "Police rescue about 200 trafficked women and girls from brothels, Madre de Dios",
        "incident_type": IncidentType.TRAFFICKING,
        "description": "Police freed some 200 women and girls held in brothels in Madre de Dios who had been "
        "trafficked from other parts of Peru, in a region where the gold boom feeds organised crime.",
        "date_start": D(2011, 10, 1),
        "date_end": D(2011, 10, 31),
        "date_precision": DatePrecision.MONTH,
        "region_id": MADRE_DE_DIOS,
        "place_precision": PlacePrecision.REGION,
        "actors": [
            ("National Police of Peru (PNP)", ActorRole.RESPONDER),
            ("Trafficked women and girls", ActorRole.TARGET),
        ],
        "casualties": [(CasualtyOutcome.RESCUED, CasualtyRole.CIVILIAN, 200)],
        "claims": [
            (
                "source-insight-crime-puerto-maldonado-protests",
                D(2012, 3, 31),
                {"rescued": 200},
                Wording.ABOUT,
                ClaimGrade.SINGLE_SOURCE,
                "Mentioned as background in March 2012; the year is inferred from that date.",
            ),
        ],
    },
    {
        "import_key": "incident-2022-08-25-la-pampa-arson",
        "title": "Illegal miners set fire to a police-military post, La Pampa",
        "incident_type": IncidentType.ATTACK_ON_SECURITY_FORCES,
        "description": "A day after an interdiction operation on the Inter-Oceanic Highway, illegal miners set fire "
        "to the entrance of a police-military installation in the La Pampa sector. One person died and 14 were "
        "injured. The Ombudsman's office recorded it as a socio-environmental conflict in crisis.",
        "date_start": D(2022, 8, 25),
        "date_end": D(2022, 8, 25),
        "date_precision": DatePrecision.DAY,
        "region_id": MADRE_DE_DIOS,
        "place_precision": PlacePrecision.REGION,
        "location_name": "La Pampa sector",
        "site": "site-la-pampa",
        "actors": [("Illegal miners", ActorRole.PERPETRATOR), ("Police and armed forces", ActorRole.TARGET)],
        "casualties": [
            (CasualtyOutcome.KILLED, CasualtyRole.UNKNOWN, 1),
            (CasualtyOutcome.INJURED, CasualtyRole.UNKNOWN, 14),
        ],
        "claims": [
            (
                "source-dialogo-tambopata-bahuaja-sonene",
                D(2022, 10, 5),
                {"killed": 1, "injured": 14},
                Wording.EXACT,
                ClaimGrade.CONFIRMED,
                "Figures given by the Ombudsman of Peru on 5 October 2022.",
            ),
        ],
    },
]

OPERATIONS = [
    {
        "import_key": "operation-2022-08-24-interoceanic-interdiction",
        "title": "Interdiction operation on the Inter-Oceanic Highway, Madre de Dios",
        "kind": OperationKind.INTERDICTION,
        "agencies": [],
        "description": "Interdiction against illegal mining on the Inter-Oceanic Highway, the day before the arson "
        "attack on the police-military post in La Pampa. The source names neither the agencies nor the results.",
        "date_start": D(2022, 8, 24),
        "date_end": D(2022, 8, 24),
        "date_precision": DatePrecision.DAY,
        "region_id": MADRE_DE_DIOS,
        "place_precision": PlacePrecision.REGION,
        "location_name": "Inter-Oceanic Highway",
        "sources": ["source-dialogo-tambopata-bahuaja-sonene"],
        "incidents": [("incident-2022-08-25-la-pampa-arson", IncidentLinkKind.TRIGGERED)],
    },
    {
        "import_key": "operation-2022-10-04-san-jacinto-camp",
        "title": "PNP dismantles a mining camp in San Jacinto de Aguajal",
        "kind": OperationKind.CAMP_DISMANTLED,
        "agencies": [Agency.PNP],
        "description": "The National Police took apart an illegal mining camp in the San Jacinto de Aguajal sector.",
        "date_start": D(2022, 10, 4),
        "date_end": D(2022, 10, 4),
        "date_precision": DatePrecision.DAY,
        "region_id": MADRE_DE_DIOS,
        "province_id": TAMBOPATA_PROVINCE,
        "place_precision": PlacePrecision.PROVINCE,
        "location_name": "San Jacinto de Aguajal sector",
        "target_site": "site-san-jacinto-de-aguajal-camp",
        "sources": ["source-dialogo-tambopata-bahuaja-sonene"],
        "incidents": [],
    },
]

REPORTS = [
    {
        "import_key": "report-2025-12-first-week-960-operations",
        "title": "960 operations against illegal mining in the first week of December 2025",
        "issuer": "High Commissioner for the Fight Against Illegal Mining",
        "scope": "Several regions, with permanent security outposts in high-risk areas such as Pataz.",
        "agencies": [Agency.PNP, Agency.NAVY, Agency.FEMA],
        "operations_count": 960,
        "value_destroyed": Decimal("3700000000.00"),
        "value_wording": Wording.AT_LEAST,
        "date_start": D(2025, 12, 1),
        "date_end": D(2025, 12, 7),
        "date_precision": DatePrecision.WEEK,
        "provinces": [PATAZ],
        "regions": [LA_LIBERTAD],
        "source": "source-crackdown-reinfo-debate-dec-2025",
        "notes": "Machinery and equipment destroyed worth more than S/ 3,700 million. Only Pataz is named among "
        "the regions covered.",
    },
]

INDICATORS = [
    {
        "import_key": "indicator-2025-12-reinfo-formalized-share",
        "topic": IndicatorTopic.REINFO_FORMALIZED_SHARE,
        "label": "REINFO miners who completed formalization",
        "value": Decimal("2"),
        "unit": IndicatorUnit.PERCENT,
        "wording": Wording.ABOUT,
        "region_id": None,
        "date_start": D(2025, 12, 1),
        "date_end": D(2025, 12, 31),
        "date_precision": DatePrecision.MONTH,
        "source": "source-crackdown-reinfo-debate-dec-2025",
    },
    {
        "import_key": "indicator-2025-12-reinfo-excluded-records",
        "topic": IndicatorTopic.REINFO_EXCLUDED_RECORDS,
        "label": "REINFO records excluded",
        "value": Decimal("50000"),
        "unit": IndicatorUnit.RECORDS,
        "wording": Wording.AT_LEAST,
        "region_id": None,
        "date_start": D(2025, 12, 1),
        "date_end": D(2025, 12, 31),
        "date_precision": DatePrecision.MONTH,
        "source": "source-crackdown-reinfo-debate-dec-2025",
    },
    {
        "import_key": "indicator-2021-madre-de-dios-forest-loss",
        "topic": IndicatorTopic.FOREST_LOSS,
        "label": "Forest lost in Madre de Dios",
        "value": Decimal("23142"),
        "unit": IndicatorUnit.HECTARES,
        "wording": Wording.EXACT,
        "region_id": MADRE_DE_DIOS,
        "date_start": D(2021, 1, 1),
        "date_end": D(2021, 12, 31),
        "date_precision": DatePrecision.YEAR,
        "source": "source-dialogo-tambopata-bahuaja-sonene",
        "notes": "Ministry of Environment data, as reported in 2022.",
    },
    {
        "import_key": "indicator-2012-madre-de-dios-gold-share",
        "topic": IndicatorTopic.GOLD_PRODUCTION_SHARE,
        "label": "Madre de Dios share of Peru's gold production",
        "value": Decimal("20"),
        "unit": IndicatorUnit.PERCENT,
        "wording": Wording.ABOUT,
        "region_id": MADRE_DE_DIOS,
        "date_start": D(2012, 1, 1),
        "date_end": D(2012, 12, 31),
        "date_precision": DatePrecision.YEAR,
        "source": "source-insight-crime-puerto-maldonado-protests",
        "notes": "Given as a fifth of the country's gold.",
    },
    {
        "import_key": "indicator-2012-madre-de-dios-mining-workforce",
        "topic": IndicatorTopic.MINING_WORKFORCE,
        "label": "People working in mining in Madre de Dios",
        "value": Decimal("18000"),
        "unit": IndicatorUnit.PEOPLE,
        "wording": Wording.ABOUT,
        "region_id": MADRE_DE_DIOS,
        "date_start": D(2012, 1, 1),
        "date_end": D(2012, 12, 31),
        "date_precision": DatePrecision.YEAR,
        "source": "source-insight-crime-puerto-maldonado-protests",
        "notes": "Government figure.",
    },
    {
        "import_key": "indicator-2012-madre-de-dios-unregistered-share",
        "topic": IndicatorTopic.UNREGISTERED_MINERS_SHARE,
        "label": "Miners in Madre de Dios not registered",
        "value": Decimal("97"),
        "unit": IndicatorUnit.PERCENT,
        "wording": Wording.ABOUT,
        "region_id": MADRE_DE_DIOS,
        "date_start": D(2012, 1, 1),
        "date_end": D(2012, 12, 31),
        "date_precision": DatePrecision.YEAR,
        "source": "source-insight-crime-puerto-maldonado-protests",
        "notes": "Government figure.",
    },
]


def _create(model, fields: dict):
    """Validate like a form would, then save."""
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def load_real_records() -> dict[str, int]:
    """Create whichever real records are missing; return how many of each were created."""
    created = {"sources": 0, "actors": 0, "protected areas": 0, "sites": 0, "incidents": 0, "operations": 0,
               "reports": 0, "context figures": 0}  # fmt: skip
    now = timezone.now()

    sources = {}
    for spec in SOURCES:
        source = Source.objects.filter(import_key=spec["import_key"]).first()
        if source is None:
            source = _create(Source, {"kind": SourceKind.NEWS, **spec})
            created["sources"] += 1
        sources[spec["import_key"]] = source

    actors = {}
    for spec in ACTORS:
        actors[spec["name"]], was_created = Actor.objects.get_or_create(name=spec["name"], defaults=spec)
        created["actors"] += was_created

    areas = {}
    for spec in PROTECTED_AREAS:
        area = ProtectedArea.objects.filter(name=spec["name"]).first()
        if area is None:
            area = _create(ProtectedArea, {"name": spec["name"], "category": spec["category"]})
            area.regions.set(Region.objects.filter(code__in=spec["regions"]))
            created["protected areas"] += 1
        areas[spec["name"]] = area

    sites = {}
    for spec in SITES:
        site = MiningSite.objects.filter(import_key=spec["import_key"]).first()
        if site is None:
            fields = {**spec, "status": ModerationStatus.PUBLISHED}
            if "protected_area" in fields:
                fields["protected_area"] = areas[fields["protected_area"]]
            site = _create(MiningSite, fields)
            created["sites"] += 1
        sites[spec["import_key"]] = site

    incidents = {}
    for spec in INCIDENTS:
        incident = Incident.objects.filter(import_key=spec["import_key"]).first()
        if incident is None:
            fields = {key: value for key, value in spec.items() if key not in ("actors", "casualties", "claims")}
            if "site" in fields:
                fields["site"] = sites[fields["site"]]
            incident = _create(Incident, {**fields, "status": ModerationStatus.PUBLISHED, "published_at": now})
            for actor_name, role in spec["actors"]:
                _create(IncidentActor, {"incident": incident, "actor": actors[actor_name], "role": role})
            for outcome, role, count in spec["casualties"]:
                _create(Casualty, {"incident": incident, "outcome": outcome, "role": role, "count": count})
            for source_key, claimed_on, figures, wording, grade, notes in spec["claims"]:
                claim_fields = {"source": sources[source_key], "claimed_on": claimed_on, "wording": wording}
                _create(Claim, {"incident": incident, **claim_fields, **figures, "grade": grade, "notes": notes})
            incident.sources.set({sources[claim[0]] for claim in spec["claims"]})
            refresh_incident_figures(incident)
            created["incidents"] += 1
        incidents[spec["import_key"]] = incident

    for spec in OPERATIONS:
        if EnforcementOperation.objects.filter(import_key=spec["import_key"]).exists():
            continue
        fields = {key: value for key, value in spec.items() if key not in ("sources", "incidents")}
        if "target_site" in fields:
            fields["target_site"] = sites[fields["target_site"]]
        operation = _create(EnforcementOperation, {**fields, "status": ModerationStatus.PUBLISHED, "published_at": now})
        operation.sources.set([sources[key] for key in spec["sources"]])
        for incident_key, relation in spec["incidents"]:
            _create(OperationIncidentLink, {"operation": operation, "incident": incidents[incident_key],
                                            "relation": relation})  # fmt: skip
        created["operations"] += 1

    for spec in REPORTS:
        if OperationReport.objects.filter(import_key=spec["import_key"]).exists():
            continue
        fields = {key: value for key, value in spec.items() if key not in ("regions", "provinces")}
        report = _create(OperationReport, {**fields, "source": sources[spec["source"]]})
        report.regions.set(spec["regions"])
        report.provinces.set(spec["provinces"])
        created["reports"] += 1

    for spec in INDICATORS:
        if Indicator.objects.filter(import_key=spec["import_key"]).exists():
            continue
        _create(Indicator, {**spec, "source": sources[spec["source"]]})
        created["context figures"] += 1
    return created
