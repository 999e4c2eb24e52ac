from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "ascassure.apps.oversight"
    label = "oversight"
    verbose_name = "Serious risks, escalation and the national dashboard"

    def ready(self) -> None:
        from ascassure.apps.assessments.navigation import register_tab

        register_tab("Serious risks", "oversight:assessment", 85)
