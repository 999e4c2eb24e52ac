"""The report pages of one assessment: the team's (the "Report" tab) and the council's."""

from django.urls import path

from ascassure.apps.reports import council_views, views

app_name = "reports"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("generate/", views.generate, name="generate"),
    path("sections/<slug:key>/", views.section_edit, name="section"),
    path("preview/", views.preview, name="preview"),
    path("preview.pdf", views.version_pdf, name="pdf"),
    path("versions/<int:number>/", views.preview, name="version"),
    path("versions/<int:number>.pdf", views.version_pdf, name="version-pdf"),
    path("send/", views.send, name="send"),
    path("fac/comments/<int:comment_pk>/", views.comment_decide, name="decide"),
    path("fac/extension/", views.extension_decide, name="extension-decide"),
    path("fac/exchange.csv", views.export_csv, name="export-csv"),
    path("fac/exchange.xlsx", views.export_xlsx, name="export-xlsx"),
    path("fac/files/<int:file_pk>/", views.comment_file, name="file"),
    path("publication-date/", views.publication_date, name="publication-date"),
    path("publish/", views.publish, name="publish"),
    path("correction/", views.correction, name="correction"),
    path("correction/publish/", views.correction_publish, name="correction-publish"),
    # the council's side
    path("council/", council_views.home, name="council"),
    path("council/draft.pdf", council_views.draft_pdf, name="council-pdf"),
    path("council/comment/", council_views.comment_add, name="council-comment"),
    path(
        "council/comments/<int:comment_pk>/",
        council_views.comment_detail,
        name="council-comment-detail",
    ),
    path("council/confirm/", council_views.confirm, name="council-confirm"),
    path("council/extension/", council_views.extension, name="council-extension"),
    path("council/files/<int:file_pk>/", council_views.comment_file, name="council-file"),
]
