"""``ascassure load_publication_windows``: preload the pauses in publication (national ones,
and each council's pre-election periods) from the programme's data files. Run it after the
councils are loaded; running it again adds only what is missing."""

from django.core.management.base import BaseCommand

from ascassure.apps.reports.services import publication_windows_load


class Command(BaseCommand):
    help = "Preload the publication pauses (pre-election periods) from the programme's data."

    def handle(self, *args, **options):
        loaded = publication_windows_load()
        self.stdout.write(
            f"Publication pauses: {loaded.national} national and {loaded.council} council "
            "windows added."
        )
        if loaded.unknown_councils:
            self.stderr.write(
                "No council with ONS code " + ", ".join(sorted(set(loaded.unknown_councils)))
            )
