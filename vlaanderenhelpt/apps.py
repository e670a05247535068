"""The site's own app: what has to be set once the framework is loaded."""

from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "vlaanderenhelpt"

    def ready(self):
        # Django 6's first option of a select list, which its Dutch catalogue does not translate; Django
        # reads it at render time and asks apps to set it here.
        fields.BLANK_CHOICE_LABEL = _("Maak een keuze")
