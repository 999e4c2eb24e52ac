from django.urls import path

from ascassure.apps.public import views

app_name = "public"
urlpatterns = [
    path("ratings/", views.national, name="national"),
    path("open-data/", views.open_data, name="open-data"),
    path("open-data/ratings.csv", views.ratings_csv, name="ratings-csv"),
    path("open-data/ratings.json", views.ratings_json, name="ratings-json"),
    path("feeds/reports.atom", views.reports_feed, name="feed"),
]
