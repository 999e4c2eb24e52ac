from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "ascassure.apps.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from ascassure.apps.assessments.navigation import register_tab

        register_tab("Overview", "assessments:detail", 0)
        register_tab("Timeline", "assessments:timeline", 90)
