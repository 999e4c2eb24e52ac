"""Showing figures: one decimal place for measures, whole numbers for counts."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ascassure.apps.metrics.periods import period_label
from ascassure.apps.metrics.wording import NONE

register = template.Library()


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


@register.simple_tag
def value_html(row) -> SafeString:
    """A row's value, with ``%`` for a percentage; a missing value says why, marker and all."""
    if row.value is None:
        marker = row.benchmark.suppression
        words = row.missing_words[:1].upper() + row.missing_words[1:]
        if marker:
            return format_html('<span class="govuk-body-s">{} ({})</span>', words, marker)
        return format_html('<span class="govuk-body-s">{}</span>', words)
    return format_html("{}{}", f"{row.value:,.1f}", "%" if row.unit == "%" else "")
