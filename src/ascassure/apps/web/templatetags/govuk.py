"""Small template helpers for GOV.UK markup."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def date_or_value(value):
    """Dates in a text input as DD/MM/YYYY, the way people type them; anything else as is."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or None (for hints keyed by an option's value)."""
    return mapping.get(key) if mapping else None
