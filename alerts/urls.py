from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("meldingen/nieuw/", views.subscribe, name="subscribe"),
    path("meldingen/nieuw/verstuurd/", views.subscribed, name="subscribed"),
    path("meldingen/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("meldingen/beheren/<str:token>/", views.manage, name="manage"),
]
