"""Under assessments/<int:pk>/cases/ (every view takes the assessment's ``pk``)."""

from django.urls import path

from ascassure.apps.casetracking import views

app_name = "casetracking"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("choose/", views.choose_sample, name="choose"),
    path("in-depth/", views.choose_in_depth, name="in-depth"),
    path("<int:case_pk>/", views.case_detail, name="case"),
    path("file/", views.download, name="download"),
    path("council/", views.council, name="council"),
]
