"""Reading one article: from its text to a proposal with evidence. Pure apart from the gazetteer and known actors."""

import datetime
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from core.choices import Wording
from incidents.choices import FIGURE_OUTCOMES, IncidentType
from overview.intake import actors as actor_rules
from overview.intake import dates as date_rules
from overview.intake import figures as figure_rules
from overview.intake import kinds, language, numbers, operations, places
from overview.intake.text import CleanText, fold, sentences

REPORTED = re.compile(
    r"\b(?:said|dijo|dijeron|informo|informaron|reported|announced|anuncio|senalo|indico)\s+(?:on |el |este |this )?$"
)
WORDED = {
    Wording.EXACT: "{n}",
    Wording.AT_LEAST: "at least {n}",
    Wording.ABOUT: "about {n}",
    Wording.UP_TO: "up to {n}",
    Wording.MORE_THAN: "more than {n}",
}


@dataclass
class Evidence:
    """Where a value was read: the words themselves and the sentence around them."""

    field: str
    value: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    quote: str


@dataclass
class Article:
    text: str
    url: str = ""
    outlet: str = ""
    published_on: datetime.date | None = None
    language: str = ""
    title: str = ""


@dataclass
class Proposal:
    """What Veta proposes for one article; `as_json()` is the API's and the command's answer."""

    language: str
    kind: str
    kind_reason: str
    source: dict
    incident: dict | None = None
    operation: dict | None = None
    evidence: list[Evidence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)
    known_source: dict | None = None
    follow_up_of: int | None = None
    follow_up_signals: list[str] = field(default_factory=list)
    text: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("text")
        data.pop("follow_up_signals")
        return data


def _sentence_of(spans: list, position: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= position < e:
            return s, e
    return position, position


def _title(text: str) -> str:
    first = text.split("\n", 1)[0].strip()
    if 10 <= len(first) <= 200 and not first.endswith((".", ":")):
        return first
    sentence = sentences(text)[0].text if text else ""
    return (sentence[:197] + "…") if len(sentence) > 200 else sentence


def read(article: Article, clean: CleanText, gazetteer: places.Gazetteer, known_actors: dict) -> Proposal:
    """The proposal for one cleaned article, before the duplicate search."""
    text = clean.text
    folded = fold(text)
    lang = article.language or language.detect(folded)
    published = article.published_on or datetime.date.today()
    all_sentences = sentences(text)
    spans = [(s.start, s.end) for s in all_sentences]
    recalled = kinds.context_sentences(folded, spans)
    event = [span for span in spans if span not in recalled] or spans
    lede_end = event[min(2, len(event) - 1)][1] if event else 0
    lede = folded[:lede_end]
    title = article.title or _title(text)
    proposal = Proposal(
        language=lang,
        kind=kinds.Kind.IRRELEVANT,
        kind_reason="",
        source={
            "title": title,
            "url": article.url,
            "outlet": article.outlet,
            "published_on": article.published_on.isoformat() if article.published_on else None,
            "language": lang if lang in ("es", "en") else "other",
        },
        warnings=list(clean.warnings),
        text=text,
    )
    if article.published_on is None:
        proposal.warnings.append(
            _("No publication date was given: relative dates were read against today. Give the date for exact ones.")
        )
    if lang not in ("es", "en"):
        proposal.kind_reason = _("The article is neither in Spanish nor in English.")
        return proposal

    found_numbers = numbers.find_numbers(text, folded, lang)
    found_dates = date_rules.find_dates(folded, published)
    place = places.find_place(gazetteer, text, folded, event)
    date_spans = [d.span for d in found_dates]
    # "police said on Thursday", "informó el lunes": the day of the report, not of the event.
    found_dates = [d for d in found_dates if not REPORTED.search(folded[max(0, d.span[0] - 14) : d.span[0]])]
    found_figures = figure_rules.find_figures(folded, found_numbers, event, date_spans)
    killed = found_figures.get("killed")
    foreign_lede = [name for name in place.foreign if fold(name) in lede]
    foreign_only = (
        place.foreign if place.foreign and not place.mentions_peru and (foreign_lede or not place.region) else []
    )
    classification = kinds.classify(folded, lede, found_figures, killed.value if killed else None, foreign_only)
    proposal.kind, proposal.kind_reason = classification.kind, classification.reason
    proposal.follow_up_signals = classification.follow_up_signals or []
    proposal.notes.extend(place.notes)

    def evidence(field_name: str, value: str, span: tuple[int, int]) -> None:
        s, e = _sentence_of(spans, span[0])
        proposal.evidence.append(Evidence(field_name, value, span[0], span[1], s, e, text[s:e]))

    if proposal.kind in (kinds.Kind.IRRELEVANT, kinds.Kind.CONTEXT):
        return proposal

    # The event's date: one in a sentence that gives a figure, else the first in the sentences about it.
    figure_sentences = {f.sentence for f in found_figures.values()}
    event_date = next((d for d in found_dates if any(s <= d.span[0] < e for s, e in figure_sentences)), None)
    event_date = event_date or next((d for d in found_dates if any(s <= d.span[0] < e for s, e in event)), None)
    common = {
        "title": title,
        "date_start": None,
        "date_end": None,
        "date_precision": None,
        "region": place.region,
        "province": place.province,
        "district": place.district,
        "place_precision": place.precision,
        "location_name": place.location_name,
        "site": place.site_id,
    }
    if event_date:
        common.update(
            date_start=event_date.start.isoformat(),
            date_end=event_date.end.isoformat(),
            date_precision=event_date.precision,
        )
        evidence("date", f"{event_date.start.isoformat()} ({event_date.precision})", event_date.span)
    else:
        proposal.notes.append(_("No date of the event was found: give it by hand."))
    if place.span:
        evidence("place", text[place.span[0] : place.span[1]], place.span)
    elif not place.region:
        proposal.notes.append(_("No place in Peru was found: give the region by hand."))

    if proposal.kind == kinds.Kind.OPERATION:
        op = operations.find_operation(folded, found_numbers, event)
        proposal.operation = {
            **common,
            "kind": op.kind or "other",
            "agencies": op.agencies,
            "machinery": op.machinery,
            "value_destroyed": str(op.value_destroyed) if op.value_destroyed is not None else None,
            "value_wording": op.value_wording,
            "arrests": op.arrests,
            **{name: str(value) for name, value in op.seizures.items()},
        }
        for name, span in op.spans.items():
            evidence(name, text[span[0] : span[1]], span)
        return proposal

    incident_type = classification.incident_type or IncidentType.OTHER
    figures_out = {}
    for outcome in FIGURE_OUTCOMES:
        figure = found_figures.get(outcome)
        if figure is None:
            continue
        figures_out[outcome] = {"value": figure.value, "wording": figure.wording, "role": figure.role}
        evidence(f"figure:{outcome}", WORDED[figure.wording].format(n=figure.value), figure.span)
    found_actors = actor_rules.find_actors(text, folded, known_actors, event)
    for actor in found_actors:
        if actor.name:
            evidence(f"actor:{actor.role}", actor.name, actor.span)
    type_span = None
    if classification.type_reason:
        index = folded.find(classification.type_reason.split(";")[0])
        if index >= 0:
            type_span = (index, index + len(classification.type_reason.split(";")[0]))
            evidence("incident_type", incident_type, type_span)
    proposal.incident = {
        **common,
        "incident_type": incident_type,
        "figures": figures_out,
        "actors": [{"name": a.name, "kind": a.kind, "role": a.role} for a in found_actors],
    }
    return proposal
