from django.urls import path
from django.views.generic import TemplateView

app_name = "guidance"

urlpatterns = [
    path("handreikingen/", TemplateView.as_view(template_name="guidance/index.html"), name="index"),
]
