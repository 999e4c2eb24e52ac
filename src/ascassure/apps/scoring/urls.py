"""Under assessments/<int:pk>/scoring/ (every view takes the assessment's ``pk``)."""

from django.urls import path

from ascassure.apps.scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("qs/<str:code>/", views.score_edit, name="edit"),
    path("calibration/", views.calibration, name="calibration"),
    path("calibration/<str:code>/", views.calibrate, name="calibrate"),
    path("lock/", views.lock, name="lock"),
    path("history/", views.history, name="history"),
    path("summary.json", views.summary_json, name="summary"),
]
