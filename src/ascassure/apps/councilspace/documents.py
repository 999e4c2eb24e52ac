"""The documents a council sends: the self-assessment and the lead member's briefing pack, as
Word (python-docx) and as tagged PDF (WeasyPrint, from the same HTML templates as the pages)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string

from ascassure import files
from ascassure.apps.councils.models import Council
from ascassure.apps.councilspace import selectors, wordfile
from ascassure.apps.councilspace.models import QsRevision, SelfAssessment, SelfAssessmentVersion
from ascassure.apps.metrics.indicators import (
    CouncilIndicators,
    IndicatorFigure,
    indicators_for_council,
)
from ascassure.domain.framework import Framework, QualityStatement, Theme
from ascassure.domain.scoring import OverallResult
from ascassure.domain.selfassessment import TEXT_FIELDS, is_overdue, predicted_result, split_areas

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "briefing_questions.toml"


def download(data: bytes, filename: str, kind: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the self-assessment ----------------------------------------------------------------------


@dataclass(frozen=True)
class DocEvidence:
    title: str
    kind: str
    evidence_date: date
    owner: str
    stale: bool


@dataclass(frozen=True)
class DocQs:
    statement: QualityStatement
    revision: QsRevision | None
    texts: list[tuple[str, str]]  # (heading, text) of the five written parts
    i_statements: list[str]
    score: str
    confidence: str
    status: str
    evidence: list[DocEvidence] = field(default_factory=list)


@dataclass(frozen=True)
class SelfAssessmentDocument:
    council: Council
    year: int
    framework: Framework
    version: SelfAssessmentVersion | None
    prepared: date
    themes: list[tuple[Theme, list[DocQs]]]

    @property
    def title(self) -> str:
        return f"Adult social care self-assessment {self.year}"

    @property
    def state(self) -> str:
        if self.version is None:
            return f"Working draft, {self.prepared:%d %B %Y}"
        return f"Version {self.version.number}, {self.version.created_at:%d %B %Y}"

    @property
    def sections(self) -> list[DocQs]:
        return [qs for _, sections in self.themes for qs in sections]


def self_assessment_document(
    *,
    self_assessment: SelfAssessment,
    today: date,
    version: SelfAssessmentVersion | None = None,
    with_evidence: bool = True,
) -> SelfAssessmentDocument:
    """The self-assessment (a saved version, or the current state) as a document.

    The evidence listed under each QS is the library as it is ``today``; ``with_evidence=False``
    leaves it out (for a reader who must see only what the version itself holds).
    """
    fw = self_assessment.framework
    revisions = (
        selectors.version_revisions(version=version)
        if version is not None
        else selectors.latest_revisions(self_assessment=self_assessment)
    )
    evidence: dict[str, list[DocEvidence]] = {}
    library = (
        selectors.evidence_list(council=self_assessment.council, today=today)
        if with_evidence
        else []
    )
    for item in library:
        for code in item.qs_codes:
            evidence.setdefault(code, []).append(
                DocEvidence(item.title, item.kind_label, item.evidence_date, item.owner, item.stale)
            )
    themes = []
    for theme in fw.themes:
        sections = []
        for statement in fw.statements_in(theme.code):
            revision = revisions.get(statement.code)
            entry = revision.entry if revision else None
            sections.append(
                DocQs(
                    statement=statement,
                    revision=revision,
                    texts=[(label, entry.text(key) if entry else "") for key, label in TEXT_FIELDS],
                    i_statements=[
                        statement.i_summaries[n - 1]
                        for n in (entry.i_statements if entry else ())
                        if 0 < n <= len(statement.i_summaries)
                    ],
                    score=(
                        f"{entry.self_score}: {fw.score_meaning(entry.self_score).label}"
                        if entry and entry.self_score
                        else "Not scored"
                    ),
                    confidence=(
                        entry.confidence.label if entry and entry.confidence else "Not given"
                    ),
                    status=entry.status.label if entry else "Not started",
                    evidence=evidence.get(statement.code, []),
                )
            )
        themes.append((theme, sections))
    return SelfAssessmentDocument(
        council=self_assessment.council,
        year=self_assessment.year,
        framework=fw,
        version=version,
        prepared=today,
        themes=themes,
    )


def self_assessment_pdf(doc: SelfAssessmentDocument) -> bytes:
    return files.render_pdf(
        render_to_string("councilspace/documents/self_assessment.html", {"doc": doc})
    )


def self_assessment_docx(doc: SelfAssessmentDocument) -> bytes:
    word = wordfile.new_document(title=f"{doc.council.name}: {doc.title}", author=doc.council.name)
    word.add_heading(doc.title, level=0)
    wordfile.para(word, doc.council.name, bold=True, size=14)
    wordfile.para(word, doc.state)
    word.add_heading("Summary", level=1)
    wordfile.para(
        word,
        "Our own score for each quality statement, how sure we are of it, and where the "
        "entry stands. Scores: 1 significant shortfalls, 2 some shortfalls, 3 a good standard, "
        "4 an exceptional standard.",
    )
    wordfile.table(
        word,
        ["Quality statement", "Self-score", "Confidence", "Status"],
        [
            [f"{s.statement.code} {s.statement.title}", s.score, s.confidence, s.status]
            for s in doc.sections
        ],
    )
    for theme, sections in doc.themes:
        word.add_heading(f"Theme {theme.number}: {theme.title}", level=1)
        for section in sections:
            statement = section.statement
            word.add_heading(f"{statement.code} {statement.title}", level=2)
            wordfile.para(word, f"Our commitment: {statement.we_summary}", italic=True)
            wordfile.para(
                word,
                f"Self-score: {section.score}. Confidence: {section.confidence}. "
                f"Status: {section.status}.",
                bold=True,
            )
            for label, text in section.texts:
                word.add_heading(label, level=3)
                wordfile.plain_text(word, text)
            if section.i_statements:
                word.add_heading("What people can expect: the I statements our evidence covers", 3)
                for line in section.i_statements:
                    word.add_paragraph(line, style="List Bullet")
            word.add_heading("Evidence", level=3)
            if section.evidence:
                for item in section.evidence:
                    word.add_paragraph(
                        f"{item.title} ({item.kind.lower()}, {item.evidence_date:%B %Y}, "
                        f"{item.owner}){' (older than 12 months)' if item.stale else ''}",
                        style="List Bullet",
                    )
            else:
                wordfile.para(word, "No evidence in the library yet.", italic=True)
    wordfile.footer(word, f"{doc.council.name} · {doc.title} · {doc.state} · page ")
    return wordfile.save(word)


# --- the lead member's briefing pack ----------------------------------------------------------


@dataclass(frozen=True)
class QuestionGroup:
    heading: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Questions:
    asked: tuple[QuestionGroup, ...]
    to_ask: tuple[QuestionGroup, ...]


class QuestionsFileError(ValueError):
    pass


def parse_questions(text: str, fw: Framework) -> Questions:
    """The briefing's questions from the TOML data file, grouped: general first, then by theme."""
    data = tomllib.loads(text)
    headings = {"general": "General"} | {t.code: f"Theme {t.number}: {t.title}" for t in fw.themes}
    out = {}
    for key in ("asked", "to_ask"):
        groups: dict[str, list[str]] = {code: [] for code in headings}
        for number, row in enumerate(data.get(key, []), start=1):
            theme, question = row.get("theme"), str(row.get("text", "")).strip()
            if theme not in headings:
                raise QuestionsFileError(f"{key} #{number}: unknown theme {theme!r}")
            if not question:
                raise QuestionsFileError(f"{key} #{number}: the question is empty")
            groups[theme].append(question)
        out[key] = tuple(
            QuestionGroup(headings[code], tuple(qs)) for code, qs in groups.items() if qs
        )
    return Questions(asked=out["asked"], to_ask=out["to_ask"])


@lru_cache(maxsize=4)
def briefing_questions(framework_version: str) -> Questions:
    from ascassure.domain.framework import load_framework

    return parse_questions(
        QUESTIONS_FILE.read_text(encoding="utf-8"), load_framework(framework_version)
    )


@dataclass(frozen=True)
class BriefingRow:
    statement: QualityStatement
    score: int | None
    score_label: str
    confidence: str
    status: str
    strengths: tuple[str, ...]
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Briefing:
    council: Council
    year: int
    prepared: date
    predicted: OverallResult | None
    rows: list[BriefingRow]
    assessment: object | None
    milestones: list
    questions: Questions
    overdue_actions: list
    open_actions: int
    key_data: CouncilIndicators

    @property
    def title(self) -> str:
        return "Lead member briefing: adult social care assessment"

    @property
    def key_data_rows(self) -> list[tuple[str, IndicatorFigure]]:
        """(QS code and title, figure): the first few measures with a figure under each QS."""
        titles = {r.statement.code: f"{r.statement.code} {r.statement.title}" for r in self.rows}
        return [
            (titles.get(statement.qs, statement.qs), figure)
            for statement in self.key_data.statements
            for figure in statement.figures_with_values[:KEY_DATA_PER_QS]
        ]

    @property
    def key_data_missing(self) -> str:
        """The one sentence said instead of the table, or ``""`` when there is a table."""
        if not self.key_data.has_data:
            return self.key_data.no_data
        if not self.key_data_rows:
            return KEY_DATA_NONE.format(
                council=self.council.name, period=self.key_data.period_label
            )
        return ""


def briefing(*, self_assessment: SelfAssessment, today: date) -> Briefing:
    fw = self_assessment.framework
    latest = selectors.latest_revisions(self_assessment=self_assessment)
    rows = []
    for statement in fw.statements:
        revision = latest.get(statement.code)
        entry = revision.entry if revision else None
        rows.append(
            BriefingRow(
                statement=statement,
                score=entry.self_score if entry else None,
                score_label=(
                    fw.score_meaning(entry.self_score).label
                    if entry and entry.self_score
                    else "Not scored"
                ),
                confidence=entry.confidence.label if entry and entry.confidence else "Not given",
                status=entry.status.label if entry else "Not started",
                strengths=split_areas(entry.strengths)[:2] if entry else (),
                areas=split_areas(entry.areas_for_development)[:3] if entry else (),
            )
        )
    assessment = selectors.current_assessment(council=self_assessment.council)
    actions = selectors.actions_list(council=self_assessment.council, today=today)
    return Briefing(
        council=self_assessment.council,
        year=self_assessment.year,
        prepared=today,
        predicted=predicted_result(selectors.scores_of(latest), fw),
        rows=rows,
        assessment=assessment,
        milestones=list(assessment.milestones.all()) if assessment else [],
        questions=briefing_questions(fw.version),
        overdue_actions=[a for a in actions if is_overdue(a.due_date, a.status, today=today)],
        open_actions=sum(1 for a in actions if a.status != "done"),
        key_data=indicators_for_council(council=self_assessment.council),
    )


KEY_DATA_PER_QS = 3
KEY_DATA_INTRO = (
    "The latest published figures for the measures nearest to the national indicators CQC "
    "considers under each quality statement (up to three each), with England and the region. "
    "CQC reads them alongside all the other evidence; they are never scored on their own."
)
KEY_DATA_NONE = (
    "None of the measures mapped to the quality statements has a figure for {council} in {period}."
)
KEY_DATA_HEADERS = ["Quality statement", "Measure", "Our figure", "England", "{region}", "Quarter"]
NO_ASSESSMENT = (
    "No assessment of the council has been notified yet. When CQC notifies the council, the "
    "dates of the information return and the on-site visit appear here."
)
PREDICTED_CAVEAT = (
    "This is the council's own view from its self-scores, not a CQC rating: CQC weighs all "
    "the evidence and decides each score itself."
)


def briefing_context(pack: Briefing) -> dict:
    """What the briefing's template needs, for the page and for the PDF alike."""
    return {
        "pack": pack,
        "key_data_intro": KEY_DATA_INTRO,
        "no_assessment": NO_ASSESSMENT,
        "caveat": PREDICTED_CAVEAT,
    }


def briefing_pdf(pack: Briefing) -> bytes:
    return files.render_pdf(
        render_to_string("councilspace/documents/briefing.html", briefing_context(pack))
    )


def briefing_docx(pack: Briefing) -> bytes:
    word = wordfile.new_document(
        title=f"{pack.council.name}: {pack.title}", author=pack.council.name
    )
    word.add_heading(pack.title, level=0)
    wordfile.para(word, pack.council.name, bold=True, size=14)
    wordfile.para(word, f"Prepared {pack.prepared:%d %B %Y} from the {pack.year} self-assessment.")

    word.add_heading("Where we stand", level=1)
    if pack.predicted is not None:
        p = pack.predicted
        wordfile.para(
            word,
            f"Our self-scores give {p.rating} at {p.percent}% ({p.position_words}), from "
            f"{p.assessed} of 9 quality statements scored.",
            bold=True,
        )
    else:
        wordfile.para(word, "No quality statement has a self-score yet.")
    wordfile.para(word, PREDICTED_CAVEAT, italic=True)
    wordfile.table(
        word,
        ["Quality statement", "Self-score", "Confidence", "Status", "Areas for development"],
        [
            [
                f"{r.statement.code} {r.statement.title}",
                f"{r.score}: {r.score_label}" if r.score else r.score_label,
                r.confidence,
                r.status,
                "; ".join(r.areas) or "None recorded",
            ]
            for r in pack.rows
        ],
    )
    word.add_heading("Key data", level=1)
    if pack.key_data_missing:
        wordfile.para(word, pack.key_data_missing)
    else:
        wordfile.para(word, KEY_DATA_INTRO)
        wordfile.para(word, f"{pack.council.name}, {pack.key_data.period_label}, ASCOF", bold=True)
        wordfile.table(
            word,
            [h.format(region=pack.key_data.region_name) for h in KEY_DATA_HEADERS],
            [
                [
                    qs,
                    f"{f.measure_code} {f.measure_name}",
                    f.value_text,
                    f.england_text,
                    f.region_text,
                    f.quartile_text,
                ]
                for qs, f in pack.key_data_rows
            ],
        )

    word.add_heading("Dates of the assessment", level=1)
    if pack.milestones:
        wordfile.table(
            word,
            ["Milestone", "Date"],
            [[m.label, _date_range(m.date, m.end_date)] for m in pack.milestones],
        )
    else:
        wordfile.para(word, NO_ASSESSMENT)

    word.add_heading("Improvement plan", level=1)
    wordfile.para(
        word,
        f"{pack.open_actions} action{'s' if pack.open_actions != 1 else ''} open, "
        f"{len(pack.overdue_actions)} overdue.",
    )
    for action in pack.overdue_actions:
        word.add_paragraph(
            f"{action.qs_code}: {action.title} (owner {action.owner}, due "
            f"{action.due_date:%d %B %Y})",
            style="List Bullet",
        )
    for heading, groups in (
        ("Questions you are likely to be asked", pack.questions.asked),
        ("Questions to ask your leadership team", pack.questions.to_ask),
    ):
        word.add_heading(heading, level=1)
        for group in groups:
            word.add_heading(group.heading, level=2)
            for question in group.questions:
                word.add_paragraph(question, style="List Bullet")
    wordfile.footer(word, f"{pack.council.name} · {pack.title} · page ")
    return wordfile.save(word)


def _date_range(start: date, end: date | None) -> str:
    text = f"{start:%A %d %B %Y}"
    return f"{text} to {end:%A %d %B %Y}" if end else text
