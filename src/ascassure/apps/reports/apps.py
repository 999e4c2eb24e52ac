from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ascassure.apps.reports"
    label = "reports"
    verbose_name = "Reports, factual accuracy check and publication"

    def ready(self) -> None:
        from ascassure.apps.assessments.facts import register_facts
        from ascassure.apps.assessments.navigation import register_council_link, register_tab
        from ascassure.apps.assessments.summary import register_summary
        from ascassure.apps.reports.selectors import report_facts, report_summary

        register_tab("Report", "reports:overview", 80)
        register_council_link("Draft report", "reports:council", 60)
        register_facts(report_facts)
        register_summary("report", report_summary)
