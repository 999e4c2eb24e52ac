"""One report, two forms: accessible HTML and a tagged PDF, from the same template.

``render_html`` gives a complete, self-contained HTML document (its stylesheet inline, no
remote fonts or images); ``render_pdf`` (the project's one, from ``ascassure.files``) makes
it a PDF. The PDF is tagged (PDF/UA-1: structure tree, language, title), so screen readers
can read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from ascassure.apps.reports.models import ReportVersion
from ascassure.domain.reports import long_date
from ascassure.files import render_pdf as render_pdf  # the reports' PDFs: rendering.render_pdf


@dataclass(frozen=True)
class Correction:
    date: date
    note: str


@dataclass(frozen=True)
class DocumentOptions:
    """How to show one version: as a draft (with its number) or as published."""

    draft: bool = True
    for_pdf: bool = False
    published_on: date | None = None
    corrections: tuple[Correction, ...] = ()
    council_url: str = ""  # the public council page, shown on published reports
    pdf_url: str = ""  # the PDF of the same version, linked from the HTML
    back_url: str = ""  # team preview: back to the report tab
    back_label: str = ""


def document_context(version: ReportVersion, options: DocumentOptions) -> dict[str, Any]:
    doc = version.document
    return {
        "doc": doc,
        "profile": doc["profile"],
        "result": doc["result"],
        "sections": doc["sections"],
        "qs_sections": [s for s in doc["sections"] if s["kind"] == "qs"],
        "version": version,
        "options": options,
        "title": f"{doc['profile']['council']}: assessment of adult social care",
        "published_words": long_date(options.published_on) if options.published_on else "",
    }


def render_html(version: ReportVersion, options: DocumentOptions) -> str:
    return render_to_string("reports/document.html", document_context(version, options))
