"""Template helpers for the scoring pages."""

from django import template

register = template.Library()


@register.filter
def radio_options(bound_field):
    """The options of a radio field, each with the hint the field carries for it (if any)."""
    hints = getattr(bound_field.field, "hints", {})
    return [
        {
            "id": option.id_for_label,
            "value": option.data["value"],
            "label": option.choice_label,
            "checked": option.data["selected"],
            "hint": hints.get(str(option.data["value"]), ""),
        }
        for option in bound_field
    ]


@register.filter
def score_class(score):
    """A CSS modifier for a score from 1 to 4 (or none)."""
    return f"app-qs-score--{score}" if score in (1, 2, 3, 4) else "app-qs-score--none"
