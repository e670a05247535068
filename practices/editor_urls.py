"""The editors' pages for practices, under /redactie/."""

from django.urls import path

from . import editor_views

app_name = "editors"

urlpatterns = [
    path("", editor_views.queue, name="queue"),
    path("praktijken/<int:pk>/", editor_views.review, name="review"),
    path("praktijken/<int:pk>/beslissen/", editor_views.decide, name="decide"),
    path("praktijken/<int:pk>/corrigeren/", editor_views.correct, name="correct"),
    path("meldingen/", editor_views.reports, name="reports"),
    path("resultaten/", editor_views.results_overdue, name="results_overdue"),
    path("periodes/", editor_views.period_list, name="periods"),
    path("periodes/<int:pk>/", editor_views.period, name="period"),
    path("verouderd/", editor_views.possibly_outdated, name="outdated"),
    path("overnames/", editor_views.adoption_queue, name="adoptions"),
    path("overnames/<int:pk>/", editor_views.adoption, name="adoption"),
    path("meldingen/<int:pk>/afhandelen/", editor_views.close_report, name="close_report"),
]
