"""Preload the pauses in publication from the programme's data files: the national ones now,
and the per-council ones for councils already loaded (on a new database the councils come
later: ``ascassure load_publication_windows`` then adds theirs)."""

from django.db import migrations


def preload(apps, schema_editor):
    from ascassure.apps.reports.windows import preload_windows

    Window = apps.get_model("reports", "PublicationWindow")
    Council = apps.get_model("councils", "Council")
    councils = {c.ons_code: c for c in Council.objects.only("pk", "ons_code")}
    for window in preload_windows():
        council = councils.get(window.ons_code) if window.ons_code else None
        if window.ons_code and council is None:
            continue
        Window.objects.get_or_create(
            preload_key=window.key,
            defaults={
                "name": window.name,
                "start": window.start,
                "end": window.end,
                "scope": "council" if council else "national",
                "council": council,
                "source": window.source[:500],
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("councils", "0001_initial"),
    ]

    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
