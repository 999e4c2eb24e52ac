from django.apps import AppConfig


class InforeturnConfig(AppConfig):
    name = "ascassure.apps.inforeturn"
    label = "inforeturn"
    verbose_name = "Information return"

    def ready(self) -> None:
        from ascassure.apps.assessments.facts import register_facts
        from ascassure.apps.assessments.navigation import register_council_link, register_tab
        from ascassure.apps.assessments.summary import register_summary
        from ascassure.apps.inforeturn.selectors import ir_facts, ir_summary

        register_tab("Information return", "inforeturn:overview", 20)
        register_council_link("Information return", "inforeturn:council", 10)
        register_facts(ir_facts)
        register_summary("information_return", ir_summary)
