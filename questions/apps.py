"""Questions of local governments to ABB, the desk that answers them, and what it publishes of them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Vragen aan ABB")
