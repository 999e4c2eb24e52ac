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
