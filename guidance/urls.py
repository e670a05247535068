"""The public guidance pages: documents, versions, comparisons, suggestions."""

from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("handreikingen/", views.index, name="index"),
    path("handreikingen/suggestie-bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("handreikingen/<slug:slug>/", views.document, name="document"),
    path("handreikingen/<slug:slug>/feed/", views.VersionFeed(), name="feed"),
    path("handreikingen/<slug:slug>/versies/", views.versions, name="versions"),
    path("handreikingen/<slug:slug>/versies/<str:number>/", views.version, name="version"),
    path("handreikingen/<slug:slug>/versies/<str:number>/bijlagen/<int:pk>/", views.attachment, name="attachment"),
    path("handreikingen/<slug:slug>/vergelijk/", views.comparison, name="compare"),
    path("handreikingen/<slug:slug>/suggestie/", views.suggest, name="suggest"),
    path("handreikingen/<slug:slug>/suggestie/verstuurd/", views.suggestion_sent, name="suggestion_sent"),
]
