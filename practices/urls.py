"""A practice's own pages: its files, a report, an adoption, and the submitter's screens."""

from django.urls import path

from . import submit_views, views

app_name = "practices"

urlpatterns = [
    path("praktijken/<slug:slug>/bijlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("praktijken/<slug:slug>/melden/", views.report_problem, name="report"),
    path("praktijken/<slug:slug>/overgenomen/", submit_views.adopt, name="adopt"),
    path("mijn-praktijken/", submit_views.dashboard, name="mine"),
    path("mijn-praktijken/nieuw/", submit_views.create, name="mine_create"),
    path("mijn-praktijken/voorbeeld/", submit_views.markdown_preview, name="markdown_preview"),
    path("mijn-praktijken/<int:pk>/", submit_views.detail, name="mine_detail"),
    path("mijn-praktijken/<int:pk>/bewerken/", submit_views.edit, name="mine_edit"),
    path("mijn-praktijken/<int:pk>/bewerken/<slug:step>/", submit_views.edit_step, name="mine_step"),
    path("mijn-praktijken/<int:pk>/controleren/", submit_views.check, name="mine_check"),
    path("mijn-praktijken/<int:pk>/ingediend/", submit_views.submitted, name="mine_submitted"),
    path("mijn-praktijken/<int:pk>/indienen/", submit_views.submit, name="mine_submit"),
    path("mijn-praktijken/<int:pk>/intrekken/", submit_views.withdraw, name="mine_withdraw"),
    path("mijn-praktijken/<int:pk>/archiveren/", submit_views.archive, name="mine_archive"),
]
