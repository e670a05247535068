"""The catalogue's public pages."""

from django.urls import path

from . import views
from .feeds import PracticeFeed

app_name = "catalogue"

urlpatterns = [
    path("praktijken/", views.practice_list, name="list"),
    path("praktijken/<slug:slug>/", views.practice_detail, name="detail"),
    path("kaart/", views.practice_map, name="map"),
    path("besturen/", views.local_government_list, name="local_governments"),
    path("besturen/<str:key>/", views.local_government_detail, name="local_government"),
    path("feeds/praktijken.atom", PracticeFeed(), name="feed"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/praktijken.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data/praktijken.json", views.open_data_json, name="open_data_json"),
]
