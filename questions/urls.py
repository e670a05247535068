"""The asking government's pages: /mijn-vragen/."""

from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("mijn-vragen/", views.mine, name="mine"),
    path("mijn-vragen/nieuw/", views.ask, name="ask"),
    path("mijn-vragen/nieuw/controleren/", views.check, name="check"),
    path("mijn-vragen/<str:reference>/", views.thread, name="thread"),
    path("mijn-vragen/<str:reference>/verstuurd/", views.sent, name="sent"),
]
