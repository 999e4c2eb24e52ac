"""Template helpers for the information return's pages."""

from django import template

register = template.Library()


@register.filter
def error_anchor(field) -> str:
    """The id an error summary links to: the control, or a group's first option.

    Django gives checkbox and radio groups no ``id_for_label`` (their labels are per option),
    so the link goes to the first option, as the GOV.UK error summary asks.
    """
    return field.id_for_label or f"{field.auto_id}_0"


@register.filter
def lookup(mapping, key):
    """``mapping[key]``, or None (for hints keyed by an option's value)."""
    return mapping.get(key) if mapping else None
