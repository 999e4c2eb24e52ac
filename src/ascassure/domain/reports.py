"""The assessment report: its sections, the factual accuracy check, publication dates and the
direction of travel.

A report is a plain JSON-able document (``dict``), built by :func:`draft_document` from what
the assessment knows and then edited one section at a time with :func:`section_update`, which
returns a new document and never changes the one it is given. Every text a section holds is
the team's to edit; the scores, the profile and the framework's wording are copied in when
the draft is generated, so a version of the report says everything on its own.

Nothing here reads the clock: ``today`` is always an argument.

>>> travel = direction_of_travel(RatingPoint("Requires improvement", 59), RatingPoint("Good", 64))
>>> travel.direction, travel.words
('up', 'Up from Requires improvement (59%) to Good (64%).')
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from ascassure.domain.framework import Framework, Rating
from ascassure.domain.lifecycle import PUBLICATION_IN_BLACKOUT, BlackoutWindow
from ascassure.domain.scoring import OverallResult

__all__ = [
    "EDITABLE_FIELDS",
    "FAC_NOT_SENT",
    "LIST_LIMIT",
    "PUBLICATION_BEFORE_FAC_CLOSES",
    "PUBLICATION_DATE_PAST",
    "SCHEMA",
    "TEXT_LIMIT",
    "CommentDecision",
    "CommentKind",
    "DocumentError",
    "EvidenceNote",
    "ExtensionDecision",
    "IndicatorLine",
    "Profile",
    "QsIndicatorLines",
    "RatingPoint",
    "Travel",
    "blackout_refusal",
    "direction_of_travel",
    "draft_document",
    "long_date",
    "publication_date_refusals",
    "section",
    "section_choices",
    "section_update",
]

SCHEMA = 1
TEXT_LIMIT = 20_000  # characters in one text of a section
LIST_LIMIT = 30  # entries in one list of a section (strengths, areas to improve ...)
PEOPLE_SAID_DEFAULT = 3  # "what people said": evidence chosen when the draft is generated
POINTS_DEFAULT = 3  # strengths and areas to improve taken from the evidence at first

# What the team may edit in each kind of section; everything else is copied in at generation.
EDITABLE_FIELDS: dict[str, frozenset[str]] = {
    "summary": frozenset({"text", "population"}),
    "theme": frozenset({"text"}),
    "qs": frozenset({"findings", "people_said", "strengths", "improve"}),
}


class DocumentError(ValueError):
    """A change a report document cannot take; the message says why in plain words."""


def long_date(day: date) -> str:
    """``7 January 2026``."""
    return f"{day.day} {day:%B %Y}"


# --- the factual accuracy check -------------------------------------------------------------


class CommentKind(StrEnum):
    """The three kinds of comment a council may make on the draft (domain §4 step 10)."""

    TYPOGRAPHICAL = "typographical"
    JUDGEMENT = "judgement"
    OMISSION = "omission"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    CommentKind.TYPOGRAPHICAL: "Typographical or numerical error, or a wrong job title",
    CommentKind.JUDGEMENT: "Factually inaccurate information that contributed to a judgement",
    CommentKind.OMISSION: "Information left out that is relevant to the assessment period",
}


class CommentDecision(StrEnum):
    """The team's answer to one comment."""

    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    NOT_ACCEPTED = "not_accepted"

    @property
    def label(self) -> str:
        return {
            "accepted": "Accepted",
            "partly_accepted": "Partly accepted",
            "not_accepted": "Not accepted",
        }[self.value]

    @property
    def needs_reason(self) -> bool:
        """Refusing a change, in part or in full, always says why."""
        return self is not CommentDecision.ACCEPTED


class ExtensionDecision(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {"granted": "Granted", "refused": "Refused"}[self.value]


# --- publication dates ----------------------------------------------------------------------

PUBLICATION_DATE_PAST = "The publication date cannot be in the past."
FAC_NOT_SENT = (
    "Send the draft report to the council for its factual accuracy check before choosing a "
    "publication date."
)
PUBLICATION_BEFORE_FAC_CLOSES = (
    "The council can comment on the draft until {deadline}. Choose a date after that, unless "
    "the council confirms there are no inaccuracies."
)


def blackout_refusal(window: BlackoutWindow) -> str:
    """The lifecycle's refusal, naming the pause that applies."""
    return (
        f"{PUBLICATION_IN_BLACKOUT} The pause: {window.name}, "
        f"{long_date(window.start)} to {long_date(window.end)}."
    )


def publication_date_refusals(
    day: date,
    *,
    today: date,
    windows: Iterable[BlackoutWindow],
    fac_deadline: date | None,
    confirmed_no_inaccuracies: bool,
) -> tuple[str, ...]:
    """Every reason ``day`` cannot be the publication date (empty when it can).

    ``fac_deadline`` is the deadline in force (extension included), None if the draft was
    never sent. Publication is refused on any day of a pause, and on or before the last day
    the council may comment, unless it confirmed there are no inaccuracies.
    """
    reasons: list[str] = []
    if day < today:
        reasons.append(PUBLICATION_DATE_PAST)
    if fac_deadline is None:
        reasons.append(FAC_NOT_SENT)
    elif day <= fac_deadline and not confirmed_no_inaccuracies:
        reasons.append(PUBLICATION_BEFORE_FAC_CLOSES.format(deadline=long_date(fac_deadline)))
    for window in sorted(windows, key=lambda w: (w.start, w.end, w.name)):
        if day in window:
            reasons.append(blackout_refusal(window))
    return tuple(reasons)


# --- direction of travel --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RatingPoint:
    """One published result: its rating and overall percentage."""

    rating: str
    percent: int


@dataclass(frozen=True, slots=True)
class Travel:
    direction: str  # "up", "down", "same", or "first" when there is nothing to compare with
    words: str


def direction_of_travel(previous: RatingPoint | None, current: RatingPoint) -> Travel:
    """Where the council moved since its previous published result, in words.

    The direction follows the rating; within the same rating the words give the percentages.
    """
    now = Rating.parse(current.rating)
    if previous is None:
        return Travel("first", "This is the council's first published assessment.")
    before = Rating.parse(previous.rating)
    if now.rank > before.rank:
        return Travel(
            "up", f"Up from {before} ({previous.percent}%) to {now} ({current.percent}%)."
        )
    if now.rank < before.rank:
        return Travel(
            "down", f"Down from {before} ({previous.percent}%) to {now} ({current.percent}%)."
        )
    if current.percent == previous.percent:
        return Travel("same", f"The same rating, {now}, at {current.percent}% both times.")
    return Travel(
        "same",
        f"The same rating, {now}, with the percentage "
        f"{'up' if current.percent > previous.percent else 'down'} from {previous.percent}% "
        f"to {current.percent}%.",
    )


# --- the document ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    """The short profile of the council at the top of the report."""

    council: str
    council_type: str
    region: str
    icb: str
    assessment_kind: str
    population: int | None = None


@dataclass(frozen=True, slots=True)
class EvidenceNote:
    """A piece of evidence the draft may quote: its id, category, QS, direction and summary."""

    id: int
    category: str
    qs_codes: tuple[str, ...]
    direction: str  # "strength", "shortfall" or "both"
    summary: str


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One national indicator figure as the report shows it, copied in as text when the draft
    is generated (so the version says it on its own, whatever data comes later)."""

    name: str  # what the measure measures
    measure: str  # its code
    value: str
    england: str
    quartile: str  # the quarter of councils, with which way is better
    period: str


@dataclass(frozen=True, slots=True)
class QsIndicatorLines:
    """The indicator lines of one QS, or the sentence saying why there are none."""

    lines: tuple[IndicatorLine, ...] = ()
    missing: str = ""


@dataclass(frozen=True, slots=True)
class _Draft:
    profile: Profile
    result: OverallResult
    rationales: Mapping[str, str] = field(default_factory=dict)
    evidence: Sequence[EvidenceNote] = ()


def _summary_text(draft: _Draft) -> str:
    p, r = draft.profile, draft.result
    return (
        f"{p.council} is a {p.council_type.lower()} in the {p.region} region, in the area of "
        f"{p.icb} integrated care board. We rated how it meets its duties under Part 1 of the "
        f"Care Act 2014 as {r.rating.value.lower()}: {r.percent}%, {r.position_words}."
    )


def _first(notes: Iterable[EvidenceNote], limit: int) -> list[EvidenceNote]:
    return list(notes)[:limit]


def _indicators(given: Mapping[str, QsIndicatorLines] | None, code: str) -> dict[str, Any]:
    if given is None:
        return {"indicators": []}
    found = given.get(code, QsIndicatorLines())
    return {
        "indicators": [
            {
                "name": line.name,
                "measure": line.measure,
                "value": line.value,
                "england": line.england,
                "quartile": line.quartile,
                "period": line.period,
            }
            for line in found.lines
        ],
        "indicators_missing": "" if found.lines else found.missing,
    }


def draft_document(
    framework: Framework,
    *,
    profile: Profile,
    result: OverallResult,
    locked: bool,
    rationales: Mapping[str, str] | None = None,
    evidence: Sequence[EvidenceNote] = (),
    indicators: Mapping[str, QsIndicatorLines] | None = None,
) -> dict[str, Any]:
    """A first draft: the profile, the result, and one section per theme and QS.

    Key findings start from the QS's scoring rationale; "what people said" from up to three
    pieces of people's-experience evidence for the QS; strengths and areas to improve from
    up to three pieces of evidence pointing each way. The team edits all of it. Each QS's
    indicators (and, when given, the sentence saying why there are none) are copied in from
    ``indicators`` as they stand on the day.
    """
    draft = _Draft(profile, result, rationales or {}, evidence)
    scores = dict(zip(framework.qs_codes, result.scores, strict=True))
    sections: list[dict[str, Any]] = [
        {"key": "summary", "kind": "summary", "title": "Summary", "text": _summary_text(draft)}
    ]
    for theme in framework.themes:
        sections.append(
            {
                "key": theme.code,
                "kind": "theme",
                "title": f"Theme {theme.number}: {theme.title}",
                "text": "",
            }
        )
        for qs in framework.statements_in(theme.code):
            about = [n for n in draft.evidence if qs.code in n.qs_codes]
            people = [n for n in about if n.category == "people"]
            strengths = [n for n in about if n.direction in ("strength", "both")]
            shortfalls = [n for n in about if n.direction in ("shortfall", "both")]
            score = scores[qs.code]
            meaning = framework.score_meaning(score).label if score is not None else ""
            sections.append(
                {
                    "key": qs.code,
                    "kind": "qs",
                    "theme": theme.code,
                    "title": f"{qs.code} {qs.title}",
                    "score": score,
                    "score_label": meaning,
                    "we": qs.we_summary,
                    "i": list(qs.i_summaries),
                    "findings": draft.rationales.get(qs.code, "").strip(),
                    "people_said": [
                        {"text": n.summary, "evidence": n.id}
                        for n in _first(people, PEOPLE_SAID_DEFAULT)
                    ],
                    "strengths": [n.summary for n in _first(strengths, POINTS_DEFAULT)],
                    "improve": [n.summary for n in _first(shortfalls, POINTS_DEFAULT)],
                    **_indicators(indicators, qs.code),
                }
            )
    return {
        "schema": SCHEMA,
        "framework_version": framework.version,
        "profile": {
            "council": profile.council,
            "council_type": profile.council_type,
            "region": profile.region,
            "icb": profile.icb,
            "assessment_kind": profile.assessment_kind,
            "population": profile.population,
        },
        "result": {
            "scores": scores,
            "percent": result.percent,
            "rating": result.rating.value,
            "position_words": result.position_words,
            "assessed": result.assessed,
            "points": result.points,
            "max_points": result.max_points,
            "locked": locked,
        },
        "sections": sections,
    }


def section(document: Mapping[str, Any], key: str) -> dict[str, Any]:
    """One section of the document by its key (``"summary"``, ``"T1"``, ``"QS4"`` ...)."""
    sections: list[dict[str, Any]] = document["sections"]
    for found in sections:
        if found["key"] == key:
            return found
    raise KeyError(f"the report has no section {key!r}")


def section_choices(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, title) of every section, in the order of the report."""
    return [(s["key"], s["title"]) for s in document["sections"]]


def _clean_text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise DocumentError(f"{name} must be text")
    text = value.replace("\r\n", "\n").strip()
    if len(text) > TEXT_LIMIT:
        raise DocumentError(f"Keep {name} under {TEXT_LIMIT:,} characters")
    return text


def _clean_list(value: object, name: str) -> list[str]:
    if not isinstance(value, list | tuple):
        raise DocumentError(f"{name} must be a list")
    items = [_clean_text(v, name) for v in value]
    items = [v for v in items if v]
    if len(items) > LIST_LIMIT:
        raise DocumentError(f"Give at most {LIST_LIMIT} entries in {name}")
    return items


def _clean_people(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list | tuple):
        raise DocumentError("what people said must be a list")
    out = []
    for entry in value:
        if not isinstance(entry, Mapping):
            raise DocumentError("each thing people said needs its text")
        text = _clean_text(entry.get("text", ""), "what people said")
        evidence = entry.get("evidence")
        if evidence is not None and (isinstance(evidence, bool) or not isinstance(evidence, int)):
            raise DocumentError("an evidence reference must be a number")
        if text:
            out.append({"text": text, "evidence": evidence})
    if len(out) > LIST_LIMIT:
        raise DocumentError(f"Give at most {LIST_LIMIT} things people said")
    return out


def section_update(
    document: Mapping[str, Any], key: str, values: Mapping[str, Any]
) -> dict[str, Any]:
    """A copy of the document with the editable fields of one section replaced.

    Only the fields given change; a field that is not the team's to edit is refused.
    """
    updated = copy.deepcopy(dict(document))
    target = section(updated, key)
    allowed = EDITABLE_FIELDS[target["kind"]]
    unknown = set(values) - allowed
    if unknown:
        raise DocumentError(f"{', '.join(sorted(unknown))} cannot be edited in this section")
    for name, value in values.items():
        if name == "population":
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value <= 0
            ):
                raise DocumentError("The population must be a whole number above 0")
            updated["profile"]["population"] = value
        elif name in ("text", "findings"):
            target[name] = _clean_text(value, "the text")
        elif name == "people_said":
            target[name] = _clean_people(value)
        else:
            target[name] = _clean_list(value, name.replace("_", " "))
    return updated
