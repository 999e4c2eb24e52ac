"""Template helpers for the report pages and documents."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value: object) -> SafeString:
    """Text made safe inside a double-quoted CSS string in a <style> element."""
    out = []
    for ch in str(value):
        if ch.isalnum() or ch in " ,.-()&":
            out.append(ch)
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(f"\\{ord(ch):x} ")
    return mark_safe("".join(out))  # noqa: S308 (every other character is a CSS escape)


@register.inclusion_tag("reports/includes/council_reports.html")
def council_reports(council, results):
    """The public council page's block: the published report, earlier assessments, and the
    direction of travel."""
    from ascassure.apps.reports.selectors import council_reports as reports_for

    return {"council": council, "reports": reports_for(council=council, results=list(results))}
