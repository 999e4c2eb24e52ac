from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "ascassure.apps.scoring"
    label = "scoring"
    verbose_name = "Scoring and calibration"

    def ready(self) -> None:
        from ascassure.apps.assessments.facts import register_facts
        from ascassure.apps.assessments.navigation import register_tab
        from ascassure.apps.assessments.summary import register_summary
        from ascassure.apps.scoring.selectors import scoring_facts, scoring_summary

        register_tab("Scoring", "scoring:overview", 70)
        register_facts(scoring_facts)
        register_summary("scoring", scoring_summary)
