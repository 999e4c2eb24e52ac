"""Seed the editable registry (directions, crosswalk, quality-statement mapping) from the
files in ascassure/domain/metrics/data. Rows analysts add or edit later are theirs: this
migration only creates rows that do not exist yet."""

from django.db import migrations


def seed(apps, schema_editor):
    from ascassure.domain.metrics import load_crosswalk, load_directions, load_qs_mapping

    MeasureDirection = apps.get_model("metrics", "MeasureDirection")
    CrosswalkEntry = apps.get_model("metrics", "CrosswalkEntry")
    QsIndicator = apps.get_model("metrics", "QsIndicator")
    for d in load_directions():
        MeasureDirection.objects.get_or_create(
            framework=d.framework,
            code=d.code,
            defaults={"direction": d.direction.value, "name": d.name, "status": d.status},
        )
    for c in load_crosswalk():
        CrosswalkEntry.objects.get_or_create(
            old_code=c.old_code,
            defaults={
                "new_code": c.new_code or "",
                "new_part": c.new_part or "",
                "series_break_from": c.series_break_from or "",
                "status": c.status,
                "note": c.note,
            },
        )
    for q in load_qs_mapping():
        QsIndicator.objects.get_or_create(
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


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
