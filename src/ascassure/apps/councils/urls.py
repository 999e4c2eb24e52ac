from django.urls import path

from ascassure.apps.councils import views

app_name = "councils"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:slug>/", views.detail, name="detail"),
]
