from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "ascassure.apps.assessments"
    label = "assessments"
    verbose_name = "Assessments"
