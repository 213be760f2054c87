"""Intake's actions: propose a record for an article, make the draft, or attach the article to an incident.

`propose` writes nothing. `create_draft` and `attach` write in one transaction, claims only
through incidents.services (so the figures are derived as usual), and label every history
event with the article they were drafted from. A draft goes through the usual moderation:
nothing is published without a reviewer.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import moderation
from core.choices import ModerationStatus, Wording
from enforcement.models import EnforcementOperation, MachineryDestroyed
from incidents import services as incident_services
from incidents.choices import FIGURE_OUTCOMES, ActorKind, ClaimGrade, SourceKind
from incidents.models import Actor, Claim, Incident, IncidentActor, Source
from overview.intake import duplicates, kinds
from overview.intake.parse import Article, Proposal, read
from overview.intake.places import Gazetteer
from overview.intake.text import IntakeError, clean, fold

# The actor Veta records for a party the article does not name, by kind.
UNNAMED_ACTORS = {
    ActorKind.UNKNOWN: "Unidentified armed assailants",
    ActorKind.CRIMINAL_GROUP: "Criminal gangs (unidentified)",
    ActorKind.MINERS_INFORMAL: "Informal miners",
}


@dataclass
class Reader:
    """What reading needs from the database, loaded once for a batch of articles."""

    gazetteer: Gazetteer
    known_actors: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Reader":
        actors = {fold(name): (name, kind) for name, kind in Actor.objects.values_list("name", "kind")}
        return cls(Gazetteer.load(), actors)


def propose(article: Article, reader: Reader | None = None) -> Proposal:
    """Read the article and look for what Veta already holds of it. Writes nothing.

    Raises IntakeError for a text that is not an article (empty, too long, binary, garbled).
    """
    reader = reader or Reader.load()
    cleaned = clean(article.text)
    proposal = read(article, cleaned, reader.gazetteer, reader.known_actors)
    source = duplicates.known_source(article.url)
    if source is not None:
        proposal.known_source = {
            "source": source.pk,
            "title": source.title,
            "incidents": list(source.incidents.values_list("pk", flat=True)),
            "reason": "Veta already holds a source at this address.",
        }
    record = proposal.incident
    if record is not None:
        proposal.candidates = duplicates.find(record, proposal.source["title"], article.published_on)
        ids = [c["incident"] for c in proposal.candidates]
        if proposal.known_source is None:
            similar = duplicates.similar_source_titles(proposal.source["title"], ids)
            if similar is not None:
                proposal.known_source = {
                    "source": similar.pk,
                    "title": similar.title,
                    "incidents": list(similar.incidents.values_list("pk", flat=True)),
                    "reason": "A source of a candidate has a near-identical title.",
                }
        best = proposal.candidates[0] if proposal.candidates else None
        if best and best["score"] >= duplicates.FOLLOW_UP_SCORE and proposal.follow_up_signals:
            proposal.kind = kinds.Kind.FOLLOW_UP
            proposal.follow_up_of = best["incident"]
            proposal.kind_reason = (
                f"A follow-up (“{proposal.follow_up_signals[0]}”) of incident #{best['incident']}: "
                + ", ".join(best["reasons"])
                + "."
            )
    return proposal


def drafted_from(source: Source) -> str:
    """How the history names the article: its title and address."""
    return f"{source.title} <{source.url}>" if source.url else source.title


def _source(data: dict) -> Source:
    """The article as a source: the one Veta holds at its address, or a new one."""
    url = (data.get("url") or "").strip()
    if url:
        existing = Source.objects.filter(url=url).first()
        if existing is not None:
            return existing
    source = Source(
        title=(data.get("title") or "")[:500] or "Untitled article",
        url=url,
        outlet=(data.get("outlet") or "")[:200],
        published_on=data.get("published_on"),
        language=data.get("language") if data.get("language") in ("es", "en", "pt") else "other",
        kind=SourceKind.NEWS,
        notes="Added through intake.",
    )
    source.full_clean()
    source.save()
    return source


def _claims(incident: Incident, source: Source, figures: dict, claimed_on: datetime.date) -> list[Claim]:
    """One claim per wording the article uses, written through incidents.services."""
    by_wording: dict[str, dict[str, int]] = {}
    for outcome in FIGURE_OUTCOMES:
        figure = figures.get(outcome)
        if figure and figure.get("value") is not None:
            by_wording.setdefault(figure.get("wording") or Wording.EXACT, {})[outcome] = int(figure["value"])
    claims = []
    for wording, values in by_wording.items():
        claim = Claim(
            incident=incident,
            source=source,
            claimed_on=claimed_on,
            wording=wording,
            grade=ClaimGrade.SINGLE_SOURCE,
            notes="Drafted from the article through intake.",
            **values,
        )
        claims.append(incident_services.add_claim(claim))
    return claims


def _actors(incident: Incident, actors: list[dict]) -> None:
    for entry in actors:
        name = (entry.get("name") or "").strip() or UNNAMED_ACTORS.get(entry.get("kind"))
        if not name:
            continue
        actor, _created = Actor.objects.get_or_create(
            name=name[:200], defaults={"kind": entry.get("kind") or "unknown"}
        )
        IncidentActor.objects.get_or_create(incident=incident, actor=actor, role=entry.get("role") or "perpetrator")


@dataclass
class Drafted:
    """What an intake action wrote."""

    kind: str
    record: Incident | EnforcementOperation
    source: Source
    claims: list[Claim]


def create_draft(source_data: dict, record: dict, kind: str, user, submit: bool = False) -> Drafted:
    """Save the corrected proposal as a draft (incident or operation), with the article as its source.

    `record` holds the form's cleaned values. With `submit`, the draft goes on to review at once.
    Raises ValidationError naming the field when a rule of Veta's is broken; nothing is written then.
    """
    if kind not in (kinds.Kind.INCIDENT, kinds.Kind.OPERATION, kinds.Kind.FOLLOW_UP):
        raise ValidationError({"kind": "Only an incident or an operation can be drafted."})
    with transaction.atomic():
        source = _source(source_data)
        with pghistory.context(user=getattr(user, "pk", None), drafted_from=drafted_from(source)):
            common = {
                "title": record["title"][:300],
                "description": record.get("description") or "",
                "date_start": record["date_start"],
                "date_end": record.get("date_end") or record["date_start"],
                "date_precision": record["date_precision"],
                "region_id": record["region"],
                "province_id": record.get("province") or None,
                "district_id": record.get("district") or None,
                "place_precision": record["place_precision"],
                "location_name": (record.get("location_name") or "")[:200],
                "status": ModerationStatus.DRAFT,
            }
            claims: list[Claim] = []
            if kind == kinds.Kind.OPERATION:
                value = record.get("value_destroyed")
                obj = EnforcementOperation(
                    kind=record.get("operation_kind") or "other",
                    agencies=record.get("agencies") or [],
                    value_destroyed=Decimal(str(value)) if value not in (None, "") else None,
                    value_wording=record.get("value_wording") or Wording.EXACT,
                    arrests=record.get("arrests"),
                    target_site_id=record.get("site") or None,
                    **common,
                )
                obj.full_clean()
                obj.save()
                obj.sources.add(source)
                for machine, count in (record.get("machinery") or {}).items():
                    if count:
                        MachineryDestroyed.objects.create(operation=obj, kind=machine, count=count)
            else:
                obj = Incident(incident_type=record["incident_type"], site_id=record.get("site") or None, **common)
                obj.full_clean(exclude=["search_vector"])
                obj.save()
                obj.sources.add(source)
                _actors(obj, record.get("actors") or [])
                claims = _claims(obj, source, record.get("figures") or {}, source.published_on or datetime.date.today())
            if submit:
                moderation.transition(obj, moderation.SUBMIT, user)
    return Drafted(kinds.Kind.OPERATION if kind == kinds.Kind.OPERATION else kinds.Kind.INCIDENT, obj, source, claims)


def attach(source_data: dict, incident: Incident, figures: dict, user) -> Drafted:
    """Add the article to an incident as a new source with its claim; the figures are derived again as usual."""
    with transaction.atomic():
        source = _source(source_data)
        with pghistory.context(user=getattr(user, "pk", None), drafted_from=drafted_from(source)):
            incident.sources.add(source)
            claims = _claims(incident, source, figures, source.published_on or datetime.date.today())
    incident.refresh_from_db()
    return Drafted(kinds.Kind.INCIDENT, incident, source, claims)


def parse_article_date(value: str | None, field_name: str = "published_on") -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise IntakeError(
            field_name, _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": value}
        ) from error
