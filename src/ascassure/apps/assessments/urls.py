from django.urls import path

from ascassure.apps.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("council/", views.council_assessment_list, name="council-list"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/stage/", views.assessment_stage, name="stage"),
    path(
        "<int:pk>/notification-date/", views.assessment_notification_date, name="notification-date"
    ),
    path("<int:pk>/team/", views.assessment_team, name="team"),
    path("<int:pk>/milestones/<slug:key>/", views.milestone_edit, name="milestone"),
    path("<int:pk>/timeline/", views.assessment_timeline, name="timeline"),
]
