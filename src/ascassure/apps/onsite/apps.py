from django.apps import AppConfig


class OnsiteConfig(AppConfig):
    name = "ascassure.apps.onsite"
    label = "onsite"
    verbose_name = "On-site visit"

    def ready(self) -> None:
        from ascassure.apps.assessments.facts import register_facts
        from ascassure.apps.assessments.navigation import register_tab
        from ascassure.apps.assessments.summary import register_summary
        from ascassure.apps.onsite.selectors import onsite_facts, onsite_summary

        register_tab("On-site", "onsite:plan", 50)
        register_facts(onsite_facts)
        register_summary("onsite", onsite_summary)
