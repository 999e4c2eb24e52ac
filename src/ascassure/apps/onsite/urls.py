"""Under assessments/<int:pk>/onsite/ (every view takes the assessment's ``pk``)."""

from django.urls import path

from ascassure.apps.onsite import views

app_name = "onsite"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("visit/", views.visit_edit, name="visit"),
    path("sessions/new/", views.session_add, name="session-add"),
    path("sessions/<int:session_pk>/", views.session_edit, name="session-edit"),
    path("sessions/<int:session_pk>/delete/", views.session_delete, name="session-delete"),
    path("sessions/<int:session_pk>/questions/", views.session_questions, name="session-questions"),
    path("questions/", views.question_bank, name="questions"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule.pdf", views.schedule_pdf, name="schedule-pdf"),
]
