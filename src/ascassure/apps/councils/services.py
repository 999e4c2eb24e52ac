"""Writes for councils: the reference data and published results."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ascassure.apps.councils.models import (
    QS_FIELDS,
    Council,
    CouncilIcbShare,
    CouncilType,
    IntegratedCareBoard,
    PublishedResult,
    Region,
)
from ascassure.domain.published import PublishedRow, RowProblem, read_published
from ascassure.domain.scoring import score_assessment

REGION_CODES = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and the Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East of England": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}

_TYPE_FROM_FILE = {
    "county council": CouncilType.COUNTY,
    "unitary authority": CouncilType.UNITARY,
    "metropolitan district": CouncilType.METROPOLITAN,
    "london borough": CouncilType.LONDON_BOROUGH,
}


def _council_type(text: str) -> str:
    text = text.strip().lower()
    if text.startswith("special"):
        return CouncilType.SPECIAL
    try:
        return _TYPE_FROM_FILE[text]
    except KeyError:
        raise ValueError(f"unknown council type {text!r}") from None


def reference_data_dir() -> Path:
    return Path(str(resources.files("ascassure") / "data"))


@dataclass
class ReferenceLoadReport:
    regions: int = 0
    icbs: int = 0
    councils: int = 0
    shares: int = 0


@transaction.atomic
def reference_data_load(*, data_dir: Path | None = None) -> ReferenceLoadReport:
    """Load (or refresh) regions, ICBs, the 153 councils and their ICB shares. Idempotent."""
    data_dir = data_dir or reference_data_dir()
    report = ReferenceLoadReport()
    with open(data_dir / "local_authorities.csv", encoding="utf-8", newline="") as handle:
        councils = list(csv.DictReader(handle))
    with open(data_dir / "la_icb.csv", encoding="utf-8", newline="") as handle:
        shares = list(csv.DictReader(handle))

    regions = {}
    for name in sorted({row["region"] for row in councils}):
        regions[name], _ = Region.objects.update_or_create(
            name=name, defaults={"code": REGION_CODES.get(name, "")}
        )
    report.regions = len(regions)

    icbs = {}
    for row in shares:
        if row["icb24_code"] not in icbs:
            icbs[row["icb24_code"]], _ = IntegratedCareBoard.objects.update_or_create(
                code=row["icb24_code"],
                defaults={"nhs_code": row["icb24_code_nhs"], "name": row["icb24_name"]},
            )
    report.icbs = len(icbs)

    # The main ICB is the one holding most of the council's small areas (a population proxy),
    # so that it always matches the primary share shown beside it.
    primary_icb = {
        row["utla23_code"]: row["icb24_code"]
        for row in shares
        if row["is_primary_icb"].strip().lower() == "true"
    }
    by_code = {}
    for row in councils:
        council, _ = Council.objects.update_or_create(
            ons_code=row["ons_code"],
            defaults={
                "name": row["la_name"],
                "slug": slugify(row["la_name"]),
                "council_type": _council_type(row["la_type"]),
                "region": regions[row["region"]],
                "icb": icbs[primary_icb.get(row["ons_code"], row["icb_code"])],
            },
        )
        by_code[council.ons_code] = council
    report.councils = len(by_code)

    for row in shares:
        CouncilIcbShare.objects.update_or_create(
            council=by_code[row["utla23_code"]],
            icb=icbs[row["icb24_code"]],
            defaults={
                "share": Decimal(row["share_of_utla_lsoas"]).quantize(Decimal("0.0001")),
                "small_areas": int(row["n_lsoa"]),
                "is_primary": row["is_primary_icb"].strip().lower() == "true",
            },
        )
        report.shares += 1
    return report


class ImportRejected(Exception):
    """The file was refused whole; nothing was changed."""

    def __init__(self, problems: list[RowProblem] | tuple[RowProblem, ...], message: str = ""):
        self.problems = list(problems)
        super().__init__(message or f"{len(self.problems)} problem(s); nothing was imported")


@dataclass
class RatingsImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[RowProblem] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def _resolve_council(row: PublishedRow, by_code: dict[str, Council], by_name: dict[str, Council]):
    if row.ons_code:
        council = by_code.get(row.ons_code)
        if council is None:
            raise ValueError(f"no council has the ONS code {row.ons_code!r}")
        return council
    key = _name_key(row.council)
    council = by_name.get(key)
    if council is None:
        raise ValueError(f"no council is called {row.council!r}")
    return council


def _name_key(name: str) -> str:
    key = name.lower().replace("&", "and")
    for noise in (" county council", " borough council", " city council", " council"):
        key = key.replace(noise, "")
    return " ".join(key.replace(",", " ").split())


@transaction.atomic
def published_results_import(*, text: str, skip_invalid: bool = False) -> RatingsImportReport:
    """Import published results from CSV text.

    All or nothing: a bad row rejects the whole file (``ImportRejected``) unless
    ``skip_invalid``, when bad rows are reported and the rest imported. Re-importing the same
    file changes nothing. A row whose published rating differs from the one the scoring rules
    give is imported as published and reported.
    """
    result = read_published(text)
    problems = list(result.problems)
    councils = list(Council.objects.all())
    by_code = {c.ons_code: c for c in councils}
    by_name = {_name_key(c.name): c for c in councils}
    resolved: list[tuple[PublishedRow, Council]] = []
    seen: dict[tuple[int, object, str], int] = {}
    for row in result.rows:
        try:
            council = _resolve_council(row, by_code, by_name)
        except ValueError as error:
            problems.append(RowProblem(row.line, str(error)))
            continue
        key = (council.pk, row.month, row.assessment_type)
        if key in seen:
            problems.append(
                RowProblem(row.line, f"repeats the result for {council} on line {seen[key]}")
            )
            continue
        seen[key] = row.line
        resolved.append((row, council))
    problems.sort(key=lambda p: p.line)
    if problems and not skip_invalid:
        raise ImportRejected(problems)

    report = RatingsImportReport(skipped=problems)
    existing = {
        (r.council_id, r.published_month, r.assessment_type): r
        for r in PublishedResult.objects.filter(council__in=[c for _, c in resolved])
    }
    for row, council in resolved:
        computed = score_assessment(row.scores)
        if computed.rating != row.rating:
            report.disagreements.append(
                f"line {row.line}: {council} was published as {row.rating.value}, "
                f"but its scores give {computed.rating.value} at {computed.percent}%"
            )
        values = {
            "rating": row.rating.value,
            "percent": computed.percent,
            "source_url": row.source_url,
            **dict(zip(QS_FIELDS, row.scores, strict=True)),
        }
        current = existing.get((council.pk, row.month, row.assessment_type))
        if current is None:
            PublishedResult.objects.create(
                council=council,
                published_month=row.month,
                assessment_type=row.assessment_type,
                **values,
            )
            report.created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
            report.updated += 1
        else:
            report.unchanged += 1
    return report
