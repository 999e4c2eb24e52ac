"""Reads for councils: the directory, one council, published results."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, OuterRef, QuerySet, Subquery

from ascassure.apps.councils.models import (
    Council,
    CouncilType,
    IntegratedCareBoard,
    PublishedResult,
    Rating,
    Region,
)
from ascassure.domain.published import ExportRow

NOT_YET_RATED = "none"

RATINGS_BEST_FIRST = [r.value for r in reversed(Rating)]
"""The ratings in the order the pages list and count them: Outstanding first."""

SORTS = {
    "name": ("name",),
    "region": ("region__name", "name"),
    "type": ("council_type", "name"),
    "icb": ("icb__name", "name"),
    "rating": ("latest_percent", "name"),
    "published": ("latest_month", "name"),
}


@dataclass(frozen=True)
class DirectoryFilters:
    region: str = ""
    council_type: str = ""
    icb: str = ""
    rating: str = ""
    q: str = ""
    sort: str = "name"
    descending: bool = False


def _latest(field: str) -> Subquery:
    latest = PublishedResult.objects.filter(council=OuterRef("pk")).order_by("-published_month")
    return Subquery(latest.values(field)[:1])


def council_directory(*, filters: DirectoryFilters) -> QuerySet[Council]:
    """Councils with their latest published result, filtered and sorted. One query."""
    councils = (
        Council.objects.select_related("region", "icb")
        .annotate(
            latest_rating=_latest("rating"),
            latest_percent=_latest("percent"),
            latest_month=_latest("published_month"),
        )
        .only(
            "name",
            "slug",
            "ons_code",
            "council_type",
            "region__name",
            "region__code",
            "icb__name",
            "icb__code",
        )
    )
    if filters.region:
        councils = councils.filter(region__code=filters.region)
    if filters.council_type:
        councils = councils.filter(council_type=filters.council_type)
    if filters.icb:
        councils = councils.filter(icb__code=filters.icb)
    if filters.rating == NOT_YET_RATED:
        councils = councils.filter(latest_rating__isnull=True)
    elif filters.rating:
        councils = councils.filter(latest_rating=filters.rating)
    if filters.q:
        councils = councils.filter(name__icontains=filters.q)
    first, *rest = SORTS.get(filters.sort, SORTS["name"])
    # Councils not yet rated sort last either way, on every database.
    key = F(first).desc(nulls_last=True) if filters.descending else F(first).asc(nulls_last=True)
    return councils.order_by(key, *rest)


def directory_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "regions": list(Region.objects.values_list("code", "name")),
        "types": list(CouncilType.choices),
        "icbs": [(icb.code, icb.short_name) for icb in IntegratedCareBoard.objects.all()],
        "ratings": [*Rating.choices, (NOT_YET_RATED, "Not yet rated")],
    }


def council_get(*, slug: str) -> Council:
    return Council.objects.select_related("region", "icb").get(slug=slug)


def council_results(*, council: Council) -> list[PublishedResult]:
    return list(council.results.order_by("-published_month"))


def published_results_all() -> QuerySet[PublishedResult]:
    return PublishedResult.objects.select_related("council").order_by(
        "council__name", "published_month"
    )


def latest_results() -> list[PublishedResult]:
    """Each rated council's latest published result (the last by month, then by record), with
    its council, by council name. One query."""
    latest: dict[int, PublishedResult] = {}
    for result in PublishedResult.objects.select_related("council").order_by(
        "council_id", "published_month", "pk"
    ):
        latest[result.council_id] = result
    return sorted(latest.values(), key=lambda r: r.council.name)


def published_results_export() -> list[ExportRow]:
    return [
        ExportRow(
            council=result.council.name,
            ons_code=result.council.ons_code,
            assessment_type=result.assessment_type,
            month=result.published_month,
            percent=result.percent,
            rating=result.rating,
            scores=result.scores,
        )
        for result in published_results_all()
    ]


def directory_version() -> str:
    """A stamp that changes whenever anything the directory shows changes. One small query."""
    council, result = Council._meta.db_table, PublishedResult._meta.db_table
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {council}), (SELECT MAX(updated_at) FROM {council}), "  # noqa: S608 (table names from the models)
        f"(SELECT COUNT(*) FROM {result}), (SELECT MAX(updated_at) FROM {result})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return ".".join(str(value) for value in row)
