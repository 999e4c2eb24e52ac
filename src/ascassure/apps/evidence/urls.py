"""Under assessments/<int:pk>/evidence/ (every view takes the assessment's ``pk``)."""

from django.urls import path

from ascassure.apps.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("new/", views.evidence_add, name="add"),
    path("<int:item_pk>/", views.evidence_edit, name="edit"),
    path("<int:item_pk>/remove/", views.evidence_delete, name="delete"),
    path("triangulation/", views.triangulation, name="triangulation"),
]
