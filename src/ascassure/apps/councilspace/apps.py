from django.apps import AppConfig


class CouncilspaceConfig(AppConfig):
    name = "ascassure.apps.councilspace"
    label = "councilspace"
    verbose_name = "Council workspace"
