from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "ascassure.apps.evidence"
    label = "evidence"
    verbose_name = "Evidence and triangulation"

    def ready(self) -> None:
        from ascassure.apps.assessments.navigation import register_tab
        from ascassure.apps.assessments.summary import register_summary
        from ascassure.apps.evidence.selectors import evidence_summary

        register_tab("Evidence", "evidence:list", 30)
        register_summary("evidence", evidence_summary)
