from django.urls import path

from ascassure.apps.metrics import views

app_name = "metrics"
urlpatterns = [
    path("", views.index, name="index"),
    path("council/", views.council_pick, name="council-pick"),
    path("councils/<slug:slug>/", views.profile, name="profile"),
    path("councils/<slug:slug>/measures.csv", views.profile_csv, name="profile-csv"),
    path("councils/<slug:slug>/measures/<int:pk>/", views.measure, name="measure"),
    path(
        "councils/<slug:slug>/quality-statements/",
        views.quality_statements,
        name="quality-statements",
    ),
    path(
        "councils/<slug:slug>/quality-statements/<str:qs>/",
        views.quality_statements,
        name="quality-statement",
    ),
    path("measures/", views.measures, name="measures"),
    path("measures/<int:pk>/direction/", views.measure_direction, name="direction"),
    path("imports/", views.imports, name="imports"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/status/", views.import_status, name="import-status"),
    path("peer-groups/", views.peer_groups, name="peer-groups"),
    path("peer-groups/new/", views.peer_group_new, name="peer-group-new"),
    path("peer-groups/characteristics/", views.characteristics_new, name="characteristics-new"),
]
