"""Writes for the editable registry: the shipped rows, directions, and working out again.

Directions decide ranks and quartiles, so setting one works out the affected benchmarks again.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from ascassure.apps.metrics.benchmarks import benchmarks_compute
from ascassure.apps.metrics.models import CrosswalkEntry, Measure, MeasureDirection, QsIndicator


def registry_seed() -> int:
    """Create the shipped directions, crosswalk entries and quality-statement rows that do not
    exist yet (analysts' edits are kept). Returns how many rows were created. The migration
    ``0002_seed_registry`` does the same when the database is made."""
    from ascassure.domain.metrics import load_crosswalk, load_directions, load_qs_mapping

    created = 0
    for d in load_directions():
        _obj, new = MeasureDirection.objects.get_or_create(
            framework=d.framework,
            code=d.code,
            defaults={"direction": d.direction.value, "name": d.name, "status": d.status},
        )
        created += new
    for c in load_crosswalk():
        _obj, new = CrosswalkEntry.objects.get_or_create(
            old_code=c.old_code,
            defaults={
                "new_code": c.new_code or "",
                "new_part": c.new_part or "",
                "series_break_from": c.series_break_from or "",
                "status": c.status,
                "note": c.note,
            },
        )
        created += new
    for q in load_qs_mapping():
        _obj, new = QsIndicator.objects.get_or_create(
            qs=q.qs,
            indicator=q.indicator,
            defaults={
                "evidence_category": q.evidence_category or "",
                "source": q.source,
                "framework": q.framework or "",
                "ascof_code": q.ascof_code or "",
                "status": q.status,
            },
        )
        created += new
    return created


def measure_direction_set(*, framework: str, code: str, direction: str, name: str = "") -> int:
    """Record which way is better for a measure code and rank again every period it has.
    Returns the number of benchmark rows written."""
    with transaction.atomic():
        MeasureDirection.objects.update_or_create(
            framework=framework,
            code=code,
            defaults={"direction": direction, **({"name": name} if name else {})},
        )
        measures = Measure.objects.filter(framework=framework).filter(
            Q(group=code) | Q(group="", code=code)
        )
        ids = list(measures.values_list("pk", flat=True))
        if not ids:
            return 0
        return benchmarks_compute(measure_ids=ids)


def benchmarks_refresh() -> int:
    """Work out every benchmark again (after directions or the crosswalk were edited)."""
    return benchmarks_compute()
