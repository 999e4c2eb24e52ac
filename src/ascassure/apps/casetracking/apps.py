from django.apps import AppConfig


class CasetrackingConfig(AppConfig):
    name = "ascassure.apps.casetracking"
    label = "casetracking"
    verbose_name = "Case tracking"

    def ready(self) -> None:
        from ascassure.apps.assessments.navigation import register_council_link, register_tab
        from ascassure.apps.assessments.summary import register_summary
        from ascassure.apps.casetracking.selectors import case_tracking_summary

        register_tab("Case tracking", "casetracking:overview", 40)
        register_council_link("Case list", "casetracking:council", 20)
        register_summary("case_tracking", case_tracking_summary)
