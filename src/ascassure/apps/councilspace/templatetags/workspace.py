"""Template helpers for the council workspace."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ascassure.domain.selfassessment import ActionStatus, EntryStatus

register = template.Library()

_STATUS_COLOURS = {
    EntryStatus.DRAFT: "grey",
    EntryStatus.IN_REVIEW: "yellow",
    EntryStatus.SIGNED_OFF: "green",
    ActionStatus.NOT_STARTED: "grey",
    ActionStatus.IN_PROGRESS: "blue",
    ActionStatus.DONE: "green",
}


@register.simple_tag
def status_tag(status: str | None) -> SafeString:
    """A GOV.UK tag for an entry's or an action's status ("Not started" when there is none)."""
    if not status:
        return mark_safe('<strong class="govuk-tag govuk-tag--grey">Not started</strong>')
    try:
        member: EntryStatus | ActionStatus = EntryStatus(status)
    except ValueError:
        member = ActionStatus(status)
    colour = _STATUS_COLOURS[member]
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, member.label)


@register.filter
def diff_html(segments) -> SafeString:
    """Word-level changes as <del> and <ins>, each with words for screen readers."""
    parts = []
    for segment in segments:
        if segment.op == "insert":
            parts.append(
                format_html(
                    '<ins class="app-diff__ins"><span class="govuk-visually-hidden">'
                    '[added: </span>{}<span class="govuk-visually-hidden">]</span></ins>',
                    segment.text,
                )
            )
        elif segment.op == "delete":
            parts.append(
                format_html(
                    '<del class="app-diff__del"><span class="govuk-visually-hidden">'
                    '[removed: </span>{}<span class="govuk-visually-hidden">]</span></del>',
                    segment.text,
                )
            )
        else:
            parts.append(format_html("{}", segment.text))
    return format_html_join("", "{}", ((p,) for p in parts))


@register.filter
def paragraphs(text: str) -> SafeString:
    """Plain text as paragraphs; lines starting with "-" or "•" as a bulleted list."""
    if not text or not text.strip():
        return mark_safe('<p class="govuk-body app-empty">Not written yet.</p>')
    blocks: list[SafeString] = []
    bullets: list[str] = []

    def flush() -> None:
        if bullets:
            items = format_html_join("", "<li>{}</li>", ((b,) for b in bullets))
            blocks.append(format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items))
            bullets.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped[:2] in {"- ", "* ", "• "}:
            bullets.append(stripped[2:].strip())
            continue
        flush()
        if stripped:
            blocks.append(format_html('<p class="govuk-body">{}</p>', stripped))
    flush()
    return format_html_join("", "{}", ((b,) for b in blocks))
