"""Showing figures: one decimal place for measures, whole numbers for counts."""

from __future__ import annotations

from django import template

from ascassure.apps.metrics.periods import period_label

register = template.Library()

NONE = "\u2013"  # an en dash: no figure


@register.filter
def figure(value: float | None) -> str:
    """A measure's value to one decimal place (a dash when there is none)."""
    if value is None:
        return NONE
    return f"{value:,.1f}"


@register.filter
def count(value: float | None) -> str:
    """A numerator, denominator or base: whole, with thousands separated."""
    if value is None:
        return NONE
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@register.filter
def period(value: str) -> str:
    return period_label(value)


@register.simple_tag
def interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return NONE
    return f"{low:,.1f} to {high:,.1f}"
