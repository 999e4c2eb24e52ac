"""Under ``assessments/<int:pk>/information-return/``: every view takes the assessment's pk."""

from django.urls import path

from ascassure.apps.inforeturn import views, workspace_views

app_name = "inforeturn"
urlpatterns = [
    # the assessment team
    path("", views.overview, name="overview"),
    path("send/", views.issue, name="issue"),
    path("items/new/", views.item_add, name="item-add"),
    path("items/<int:item_id>/", views.team_item, name="item"),
    path("items/<int:item_id>/due-date/", views.item_due_date, name="item-due-date"),
    path("items/<int:item_id>/remove/", views.item_remove, name="item-remove"),
    path("extensions/<int:extension_id>/", views.extension_decide, name="extension"),
    path("self-assessment/", workspace_views.team_self_assessment, name="self-assessment"),
    # the council
    path("council/", views.council_overview, name="council"),
    path("council/items/<int:item_id>/", views.council_item, name="council-item"),
    path("council/items/<int:item_id>/upload/", views.council_upload, name="council-upload"),
    path("council/items/<int:item_id>/answer/", views.council_answer, name="council-answer"),
    path("council/items/<int:item_id>/complete/", views.council_complete, name="council-complete"),
    path("council/items/<int:item_id>/reopen/", views.council_reopen, name="council-reopen"),
    path(
        "council/items/<int:item_id>/extension/",
        views.council_extension,
        name="council-extension",
    ),
    path(
        "council/items/<int:item_id>/library/",
        workspace_views.council_library,
        name="council-library",
    ),
    path(
        "council/items/<int:item_id>/self-assessment/",
        workspace_views.council_self_assessment,
        name="council-self-assessment",
    ),
    path(
        "council/self-assessment/",
        workspace_views.council_self_assessment_item,
        name="council-self-assessment-item",
    ),
    path(
        "council/files/<int:upload_id>/remove/",
        views.council_upload_remove,
        name="council-upload-remove",
    ),
    # both
    path("files/<int:upload_id>/", views.download, name="download"),
]
