"""The editors' screens for clarifications: /redactie/verduidelijkingen/."""

from django.urls import path

from . import editor_views

app_name = "clarification_editors"

urlpatterns = [
    path("verduidelijkingen/", editor_views.clarifications, name="clarifications"),
    path("verduidelijkingen/<int:pk>/", editor_views.clarification, name="clarification"),
]
