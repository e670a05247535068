"""The editors' pages for guidance, under /redactie/."""

from django.urls import path

from . import editor_views as views

app_name = "guidance_editors"

urlpatterns = [
    path("handreikingen/", views.index, name="index"),
    path("handreikingen/nieuw/", views.create, name="create"),
    path("handreikingen/<slug:slug>/", views.document, name="document"),
    path("handreikingen/<slug:slug>/intrekken/", views.withdraw, name="withdraw"),
    path("handreikingen/<slug:slug>/herzien/", views.review_date, name="review_date"),
    path("handreikingen/<slug:slug>/concept/starten/", views.start_draft, name="start_draft"),
    path("handreikingen/<slug:slug>/concept/", views.draft, name="draft"),
    path("handreikingen/<slug:slug>/concept/alles/", views.draft_all, name="draft_all"),
    path("handreikingen/<slug:slug>/concept/onderdelen/", views.section_action, name="section_action"),
    path("handreikingen/<slug:slug>/concept/onderdelen/<slug:anchor>/", views.section, name="section"),
    path("handreikingen/<slug:slug>/concept/voorbeeld/", views.preview, name="preview"),
    path("handreikingen/<slug:slug>/concept/publiceren/", views.publish, name="publish"),
    path("handreikingen/<slug:slug>/concept/bijlagen/", views.add_attachment, name="add_attachment"),
    path(
        "handreikingen/<slug:slug>/concept/bijlagen/<int:pk>/weghalen/",
        views.remove_attachment,
        name="remove_attachment",
    ),
    path("handreikingen/<slug:slug>/concept/<slug:anchor>/praktijken/", views.practices, name="practices"),
    path("suggesties/", views.suggestions, name="suggestions"),
    path("suggesties/<int:pk>/", views.suggestion, name="suggestion"),
]
