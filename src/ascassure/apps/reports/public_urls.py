"""Public report addresses: /councils/<slug>/reports/<version>/ and .pdf (published only)."""

from django.urls import path

from ascassure.apps.reports import public_views

app_name = "reports_public"
urlpatterns = [
    path("<int:version_pk>/", public_views.report_html, name="html"),
    path("<int:version_pk>.pdf", public_views.report_pdf, name="pdf"),
]
