"""Template filters for an incident's toll in words (incidents.tolls): `{{ incident|toll }}`, `|toll_phrases`."""

from django import template

from incidents import tolls

register = template.Library()


@register.filter
def toll(record) -> str:
    """'at least 3 killed, at least 7 missing' for an incident or a total; '' when no figure is known."""
    return tolls.toll_text(record)


@register.filter
def toll_phrases(record) -> list[tuple[str, str]]:
    """(outcome, phrase) per outcome with a figure, for a list: [("killed", "at least 3 killed"), …]."""
    return tolls.toll_phrases(record)


@register.filter
def toll_phrase(record, outcome: str) -> str:
    """One outcome in words: "about 200 rescued"; '' when unknown."""
    return tolls.toll_phrase(record, outcome)
