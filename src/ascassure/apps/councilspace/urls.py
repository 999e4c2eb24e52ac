from django.urls import path, register_converter

from ascassure.apps.councilspace.views import caselist, documents, library, selfassessment


class DocumentKind:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DocumentKind, "doc")

app_name = "councilspace"
urlpatterns = [
    path("", selfassessment.home, name="home"),
    path("<slug:slug>/", selfassessment.council_home, name="council"),
    path("<slug:slug>/years/", selfassessment.years, name="years"),
    path("<slug:slug>/evidence/", library.evidence_list, name="evidence"),
    path("<slug:slug>/evidence/new/", library.evidence_new, name="evidence-new"),
    path("<slug:slug>/evidence/<int:pk>/", library.evidence_item, name="evidence-item"),
    path("<slug:slug>/evidence/<int:pk>/edit/", library.evidence_edit, name="evidence-edit"),
    path(
        "<slug:slug>/evidence/<int:pk>/download/",
        library.evidence_download,
        name="evidence-download",
    ),
    path("<slug:slug>/plan/", library.plan, name="plan"),
    path("<slug:slug>/plan/new/", library.action_new, name="action-new"),
    path("<slug:slug>/plan/<int:pk>/", library.action_edit, name="action-edit"),
    path("<slug:slug>/plan/improvement-plan.xlsx", library.plan_xlsx, name="plan-xlsx"),
    path("<slug:slug>/case-list-builder/", caselist.case_list_builder, name="case-list-builder"),
    path(
        "<slug:slug>/case-list-builder/import/",
        caselist.case_list_builder_import,
        name="case-list-builder-import",
    ),
    path(
        "<slug:slug>/case-list-builder/choose/",
        caselist.case_list_builder_choose,
        name="case-list-builder-choose",
    ),
    path(
        "<slug:slug>/case-list-builder/submit/",
        caselist.case_list_builder_submit,
        name="case-list-builder-submit",
    ),
    path("<slug:slug>/<int:year>/", selfassessment.year_detail, name="year"),
    path("<slug:slug>/<int:year>/readiness/", selfassessment.readiness, name="readiness"),
    path("<slug:slug>/<int:year>/versions/", selfassessment.versions, name="versions"),
    path("<slug:slug>/<int:year>/qs/<str:code>/", selfassessment.qs_detail, name="qs"),
    path("<slug:slug>/<int:year>/qs/<str:code>/edit/", selfassessment.qs_edit, name="qs-edit"),
    path(
        "<slug:slug>/<int:year>/qs/<str:code>/comments/",
        selfassessment.qs_comment,
        name="qs-comment",
    ),
    path(
        "<slug:slug>/<int:year>/qs/<str:code>/history/",
        selfassessment.qs_history,
        name="qs-history",
    ),
    path(
        "<slug:slug>/<int:year>/self-assessment.<doc:kind>",
        documents.export,
        name="export",
    ),
    path("<slug:slug>/<int:year>/import/", documents.import_page, name="import"),
    path(
        "<slug:slug>/<int:year>/self-assessment.xlsx",
        documents.import_template,
        name="import-template",
    ),
    path("<slug:slug>/<int:year>/briefing/", documents.briefing, name="briefing"),
    path(
        "<slug:slug>/<int:year>/lead-member-briefing.<doc:kind>",
        documents.briefing_download,
        name="briefing-download",
    ),
]
