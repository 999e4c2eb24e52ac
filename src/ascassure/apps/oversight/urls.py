from django.urls import path

from ascassure.apps.oversight import views

app_name = "oversight"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("assessments/<int:pk>/serious-risks/", views.assessment_oversight, name="assessment"),
]
