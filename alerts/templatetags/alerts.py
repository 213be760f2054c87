"""The alert messages' figures, through the one function that writes them (alerts/figures.py)."""

from django import template

from alerts import figures

register = template.Library()


@register.filter
def figure_lines(state_figures: dict | None) -> list[str]:
    return figures.figure_lines(state_figures or {})
