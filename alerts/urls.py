"""The alerts' pages: subscribe, confirm, manage, unsubscribe, and the editors' set-aside list."""

from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("meldingen/nieuw/", views.subscribe, name="subscribe"),
    path("meldingen/nieuw/verstuurd/", views.subscribed, name="subscribed"),
    path("meldingen/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("meldingen/beheren/", views.ask_manage_link, name="ask_manage_link"),
    path("meldingen/beheren/verstuurd/", views.manage_link_sent, name="manage_link_sent"),
    path("meldingen/beheren/<str:token>/", views.manage, name="manage"),
    path("redactie/e-mailmeldingen/", views.set_aside, name="set_aside"),
]
