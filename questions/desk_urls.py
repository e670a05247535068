"""The question desk's pages: /vragendesk/."""

from django.urls import path

from . import desk_views

app_name = "desk"

urlpatterns = [
    path("", desk_views.queue, name="queue"),
    path("<str:reference>/", desk_views.question, name="question"),
    path("<str:reference>/bijlagen/<int:pk>/", desk_views.attachment, name="attachment"),
]
