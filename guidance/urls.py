from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("handreikingen/", views.index, name="index"),
    path("handreikingen/<slug:slug>/", views.document, name="document"),
    path("handreikingen/<slug:slug>/versies/", views.versions, name="versions"),
    path("handreikingen/<slug:slug>/versies/<str:number>/", views.version_by_text, name="version"),
    path("handreikingen/<slug:slug>/vergelijk/", views.comparison, name="compare"),
]
