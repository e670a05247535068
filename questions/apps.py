"""Questions of local governments to ABB, the desk that answers them, and what it publishes of them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Vragen aan ABB")

    def ready(self):
        # The catalogue's open-data task writes the clarifications' file too. Imported here, not at the
        # top: apps.py is read before the models are ready.
        from catalogue import exports

        from .exports import FILENAME, write

        exports.register("clarifications", FILENAME, write)
