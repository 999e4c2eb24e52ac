from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "ascassure.apps.councils"
    label = "councils"
    verbose_name = "Councils and published ratings"
