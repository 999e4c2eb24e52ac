from django.urls import path

from ascassure.apps.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.index, name="index"),
    path("inputs/new/", views.input_new, name="input-new"),
    path("inputs/<int:pk>/", views.input_detail, name="input"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/status.json", views.run_status, name="run-status"),
    path("runs/<int:pk>/plan.csv", views.run_csv, name="run-csv"),
    path("runs/<int:pk>/plan.xlsx", views.run_xlsx, name="run-xlsx"),
    path("runs/<int:pk>/adopt/", views.run_adopt, name="run-adopt"),
]
