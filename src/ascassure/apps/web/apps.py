from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ascassure.apps.web"
    label = "web"
    verbose_name = "Pages"
