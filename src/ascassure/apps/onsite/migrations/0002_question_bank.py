"""Load the question bank shipped in data/questions.toml (new keys only; edits are kept)."""

from django.db import migrations


def load(apps, schema_editor):
    from ascassure.apps.onsite.question_bank import load_into

    load_into(apps.get_model("onsite", "Question"))


class Migration(migrations.Migration):
    dependencies = [("onsite", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
