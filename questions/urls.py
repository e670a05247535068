"""The asking government's pages (/mijn-vragen/) and the published clarifications (/vragen/)."""

from django.urls import path

from . import clarification_views, expert_views, views
from .feeds import ClarificationFeed

app_name = "questions"

urlpatterns = [
    path("mijn-vragen/", views.mine, name="mine"),
    path("mijn-vragen/nieuw/", views.ask, name="ask"),
    path("mijn-vragen/nieuw/controleren/", views.check, name="check"),
    path("mijn-vragen/mijn-gegevens.json", views.my_data, name="my_data"),
    path("mijn-vragen/<str:reference>/", views.thread, name="thread"),
    path("mijn-vragen/<str:reference>/verstuurd/", views.sent, name="sent"),
    path("mijn-vragen/<str:reference>/bijlagen/<int:pk>/", views.attachment, name="attachment"),
    path("vragen/", clarification_views.index, name="clarifications"),
    path("advies/<str:token>/", expert_views.advise, name="expert"),
    path("feeds/verduidelijkingen.atom", ClarificationFeed(), name="clarification_feed"),
    path("vragen/<slug:slug>/", clarification_views.clarification, name="clarification"),
    path(
        "vragen/<slug:slug>/versies/<str:number>/",
        clarification_views.clarification_version,
        name="clarification_version",
    ),
]
