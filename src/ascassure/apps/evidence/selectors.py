"""Reads for evidence, always within one assessment the caller has already been allowed to see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Sum
from django.http import Http404

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.selectors import on_working_team
from ascassure.apps.evidence.models import EvidenceItem
from ascassure.domain.evidence import (
    Direction,
    EvidencePeriod,
    Triangulation,
    evidence_period,
    triangulation_matrix,
)
from ascassure.domain.evidence import EvidenceItem as DomainItem
from ascassure.domain.framework import Framework, load_framework


def framework_for(assessment: Assessment) -> Framework:
    return load_framework(assessment.framework_version)


def period_for(assessment: Assessment) -> EvidencePeriod | None:
    """The evidence period: the 12 months before the IR, which is sent with the notification."""
    if assessment.notification_date is None:
        return None
    return evidence_period(assessment.notification_date)


def can_record_evidence(*, user: User, assessment: Assessment) -> bool:
    """The national lead and the assessment's team (not the calibration panel) record evidence."""
    return on_working_team(user, assessment)


def evidence_page(
    *,
    assessment: Assessment,
    period: EvidencePeriod | None = None,
    qs: str = "",
    category: str = "",
    direction: str = "",
    page: object = 1,
    per_page: int = 50,
) -> Page:
    """One page of the assessment's evidence, newest first, filtered: two or three queries
    whatever the number of items.

    The QS filter runs in Python over (pk, qs_codes) pairs: ``qs_codes`` is a JSON list, and
    SQLite cannot search inside JSON with Django's ``contains`` lookup. Only the page's items
    are then read in full. With ``period``, each item says whether it is ``outside_period``.
    """
    items = assessment.evidence_items.all()
    if category:
        items = items.filter(category=category)
    if direction:
        items = items.filter(direction=direction)
    full = items.select_related("recorded_by", "changed_by")
    if qs:
        ids = [pk for pk, codes in items.values_list("pk", "qs_codes") if qs in codes]
        found = Paginator(ids, per_page).get_page(page)
        by_pk = {item.pk: item for item in full.filter(pk__in=list(found.object_list))}
        found.object_list = [by_pk[pk] for pk in found.object_list]
    else:
        found = Paginator(full, per_page).get_page(page)
        found.object_list = list(found.object_list)
    titles = {c.code: c.title for c in framework_for(assessment).categories}
    for item in found.object_list:
        item.outside_period = period is not None and not period.includes(item.evidence_date)
        item.category_title = titles.get(item.category, item.category)
    return found


def evidence_stamp(*, assessment: Assessment) -> str:
    """Changes whenever the assessment's evidence changes (an item added, changed, removed):
    the count, the newest pk and the sum of versions, from one query."""
    row = assessment.evidence_items.aggregate(n=Count("pk"), last=Max("pk"), v=Sum("version"))
    return f"{assessment.framework_version}:{row['n']}:{row['last'] or 0}:{row['v'] or 0}"


def evidence_item_for(*, assessment: Assessment, item_pk: int) -> EvidenceItem:
    """One item of this assessment, or 404 (an item of another assessment is never found)."""
    try:
        return assessment.evidence_items.select_related("recorded_by", "changed_by").get(pk=item_pk)
    except EvidenceItem.DoesNotExist:
        raise Http404("No evidence item here that you can see.") from None


def _domain_items(assessment: Assessment) -> list[DomainItem]:
    rows = assessment.evidence_items.values_list("qs_codes", "category", "direction")
    return [
        DomainItem(qs_codes=tuple(codes), category=category, direction=Direction(direction))
        for codes, category, direction in rows
    ]


def triangulation(*, assessment: Assessment) -> Triangulation:
    """The domain's matrix over all the assessment's evidence (one query)."""
    return triangulation_matrix(_domain_items(assessment), framework_for(assessment))


@dataclass(frozen=True)
class Cell:
    category: str
    title: str
    applies: bool
    strengths: int = 0
    shortfalls: int = 0
    both: int = 0

    @property
    def total(self) -> int:
        return self.strengths + self.shortfalls + self.both

    @property
    def gap(self) -> bool:
        return self.applies and self.total == 0


@dataclass(frozen=True)
class TableRow:
    qs_code: str
    qs_title: str
    cells: tuple[Cell, ...]
    strengths: int
    shortfalls: int
    both: int
    balance: int
    summary: str

    @property
    def total(self) -> int:
        return self.strengths + self.shortfalls + self.both


@dataclass(frozen=True)
class TriangulationTable:
    categories: tuple[tuple[str, str], ...]  # (code, title) of the used categories
    rows: tuple[TableRow, ...]
    gaps: tuple[Any, ...]
    total_items: int


def triangulation_table(*, assessment: Assessment) -> TriangulationTable:
    """The matrix laid out for the page: one row per QS, one column per used category."""
    framework = framework_for(assessment)
    items = _domain_items(assessment)
    result = triangulation_matrix(items, framework)
    cells = {(r.qs_code, r.category): r for r in result.rows}
    used = tuple((c.code, c.title) for c in framework.used_categories)
    rows = []
    for qs in framework.statements:
        row_cells = []
        for code, title in used:
            found = cells.get((qs.code, code))
            if found is None:
                row_cells.append(Cell(code, title, applies=False))
            else:
                row_cells.append(
                    Cell(code, title, True, found.strengths, found.shortfalls, found.both)
                )
        balance = result.balance(qs.code)
        rows.append(
            TableRow(
                qs_code=qs.code,
                qs_title=qs.title,
                cells=tuple(row_cells),
                strengths=balance.strengths,
                shortfalls=balance.shortfalls,
                both=balance.both,
                balance=balance.balance,
                summary=balance.summary,
            )
        )
    return TriangulationTable(
        categories=used, rows=tuple(rows), gaps=result.gaps, total_items=len(items)
    )


def evidence_summary(assessment: Assessment) -> dict[str, Any]:
    """For the API: how many items in each used evidence category."""
    framework = framework_for(assessment)
    counts = dict(
        assessment.evidence_items.values_list("category")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("category", "n")
    )
    by_category = {c.code: counts.get(c.code, 0) for c in framework.used_categories}
    return {"total": sum(counts.values()), "by_category": by_category}
