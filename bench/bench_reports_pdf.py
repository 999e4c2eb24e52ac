"""Rendering assessment reports as tagged PDF (PDF/UA-1, WeasyPrint), one and all 153.

Builds a throwaway database (SQLite in a temporary directory): the 153 councils, one assessment
each with locked scores and 40 evidence items, and its report generated through the service,
then filled to full length (three paragraphs of findings, three things people said, three
strengths and three areas to improve for every quality statement) as a real report would be.

Then prints, measured in the same run:

* the reference: a one-page PDF (a short HTML page) rendered by WeasyPrint, median of 5;
* one full report: HTML from the report's template, then its PDF, median of 3 (target < 3 s);
* all 153 reports one after the other (target < 3 minutes), with the PDF pages and bytes;
* each figure's ratio to the one-page reference.

    python bench/bench_reports_pdf.py [--councils N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

TARGET_ONE = 3.0
TARGET_ALL = 180.0
SCORES = (2, 3, 2, 2, 3, 2, 3, 2, 2)
PARAGRAPH = (
    "Over 400 people were waiting for a Care Act assessment, for 11 weeks on average, and the "
    "council's own audit found that one review in five was late. Once assessed, people told "
    "us their assessment was personal and built on what mattered to them; carers said they "
    "were not always offered an assessment of their own. The council has a plan, agreed with "
    "the integrated care board, to cut waits with more occupational therapists and a "
    "trusted-assessor scheme, but it is too early to see its effect."
)
SAID = (
    "My social worker came to see me at home and listened to what I wanted, not what was "
    "easiest for them. It took four months to get there, though."
)
POINT = "Strengths-based conversations recorded in most of the case files we reviewed."
ONE_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>One page</title>"
    "<style>body{font-family:Arial,'Liberation Sans','DejaVu Sans',sans-serif}</style></head>"
    "<body><main><h1>One page</h1><p>A short page, for reference.</p></main></body></html>"
)


def setup(data_dir: str) -> None:
    os.environ["ASCASSURE_DATA_DIR"] = data_dir
    os.environ["UPLOAD_ROOT"] = str(Path(data_dir) / "uploads")
    os.environ.pop("DATABASE_URL", None)
    from ascassure.cli import django_setup

    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def build(councils: int) -> list:
    """One full-length report per council; returns their latest versions."""
    from django.db import transaction
    from django.utils import timezone

    from ascassure.apps.assessments.models import Assessment
    from ascassure.apps.councils.models import Council
    from ascassure.apps.councils.services import reference_data_load
    from ascassure.apps.evidence.models import EvidenceItem
    from ascassure.apps.reports.services import report_generate, report_section_save
    from ascassure.apps.scoring.models import QsScore, RatingLock
    from ascassure.domain.scoring import score_assessment

    reference_data_load()
    result = score_assessment(SCORES)
    now = timezone.now()
    versions = []
    for council in Council.objects.order_by("name")[:councils]:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                council=council,
                stage="draft_report",
                notification_date=date(2026, 1, 12),
                framework_version="2025",
            )
            QsScore.objects.bulk_create(
                QsScore(assessment=assessment, qs_code=f"QS{n}", score=s, rationale=PARAGRAPH)
                for n, s in enumerate(SCORES, start=1)
            )
            RatingLock.objects.create(
                assessment=assessment,
                rating_locked_at=now,
                percent=result.percent,
                rating=result.rating.value,
                scores={f"QS{n}": s for n, s in enumerate(SCORES, start=1)},
            )
            EvidenceItem.objects.bulk_create(
                EvidenceItem(
                    assessment=assessment,
                    category=("people", "partners", "processes", "staff_leaders")[i % 4],
                    source="survey",
                    evidence_date=date(2025, 9, 1),
                    qs_codes=[f"QS{i % 9 + 1}"],
                    summary=SAID if i % 4 == 0 else POINT,
                    direction=("strength", "shortfall", "both")[i % 3],
                    recorded_at=now,
                )
                for i in range(40)
            )
            version = report_generate(assessment=assessment, by=None)
            for n in range(1, 10):
                version = report_section_save(
                    report=version.report,
                    key=f"QS{n}",
                    values={
                        "findings": "\n\n".join([PARAGRAPH] * 3),
                        "people_said": [{"text": SAID, "evidence": None}] * 3,
                        "strengths": [POINT] * 3,
                        "improve": [POINT] * 3,
                    },
                    base_number=version.number,
                    by=None,
                )
            versions.append(version)
    return versions


def timed(run, repeats: int) -> float:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=153)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as data_dir:
        setup(data_dir)
        from weasyprint import HTML

        from ascassure.apps.reports.rendering import DocumentOptions, render_html, render_pdf

        started = time.perf_counter()
        versions = build(args.councils)
        print(f"built {len(versions)} reports in {time.perf_counter() - started:.1f} s")

        def full(version) -> bytes:
            options = DocumentOptions(draft=False, for_pdf=True, published_on=date(2026, 3, 3))
            return render_pdf(render_html(version, options))

        reference = timed(lambda: HTML(string=ONE_PAGE).write_pdf(pdf_variant="pdf/ua-1"), 5)
        sample = full(versions[0])
        from io import BytesIO

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(sample)).pages)
        one = timed(lambda: full(versions[0]), 3)
        start = time.perf_counter()
        total_bytes = sum(len(full(v)) for v in versions)
        every = time.perf_counter() - start
        print(f"reference: one-page PDF             {reference * 1000:8.0f} ms")
        print(
            f"one full report ({pages} pages, {len(sample) // 1024} KB) "
            f"{one * 1000:8.0f} ms  = {one / reference:5.1f} x reference"
            f"  (target < {TARGET_ONE:.0f} s: {'met' if one < TARGET_ONE else 'MISSED'})"
        )
        print(
            f"all {len(versions)} reports, one after another {every:8.1f} s   "
            f"= {every / reference:5.0f} x reference, {every / len(versions) * 1000:.0f} ms each, "
            f"{total_bytes / 1024 / 1024:.1f} MB"
            f"  (target < {TARGET_ALL:.0f} s: {'met' if every < TARGET_ALL else 'MISSED'})"
        )
        return 0 if one < TARGET_ONE and every < TARGET_ALL else 1


if __name__ == "__main__":
    raise SystemExit(main())
