"""The catalogue: every public read of the published practices."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogus")

    def ready(self):
        # The catalogue follows every committed change that the services below it announce. Imported
        # here, not at the top: apps.py is read before the models are ready.
        from vlaanderenhelpt.generation import catalogue_changed

        from .upkeep import follow_change

        catalogue_changed.connect(follow_change, dispatch_uid="catalogue.follow_change")
