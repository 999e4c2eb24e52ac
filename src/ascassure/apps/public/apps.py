from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "ascassure.apps.public"
    label = "public"
    verbose_name = "Public site and open data"
