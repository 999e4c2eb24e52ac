from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "ascassure.apps.programme"
    label = "programme"
    verbose_name = "National programme planning"
