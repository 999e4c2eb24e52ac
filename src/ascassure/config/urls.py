from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ascassure administration"
admin.site.site_title = "ascassure administration"

urlpatterns = [
    path("", include("ascassure.apps.web.urls")),
    path("councils/<slug:slug>/reports/", include("ascassure.apps.reports.public_urls")),
    path("councils/", include("ascassure.apps.councils.urls")),
    path("", include("ascassure.apps.public.urls")),
    path("account/", include("ascassure.apps.accounts.urls")),
    path("assessments/<int:pk>/onsite/", include("ascassure.apps.onsite.urls")),
    path("assessments/<int:pk>/scoring/", include("ascassure.apps.scoring.urls")),
    path("assessments/<int:pk>/evidence/", include("ascassure.apps.evidence.urls")),
    path("assessments/<int:pk>/cases/", include("ascassure.apps.casetracking.urls")),
    path(
        "assessments/<int:pk>/information-return/",
        include("ascassure.apps.inforeturn.urls"),
    ),
    path("assessments/<int:pk>/report/", include("ascassure.apps.reports.urls")),
    path("assessments/", include("ascassure.apps.assessments.urls")),
    path("data/", include("ascassure.apps.metrics.urls")),
    path("programme/", include("ascassure.apps.programme.urls")),
    path("workspace/", include("ascassure.apps.councilspace.urls")),
    path("", include("ascassure.apps.oversight.urls")),
    path("api/", include("ascassure.config.api_urls")),
    path("admin/", admin.site.urls),
]
