"""Living guidance: documents reworked in versions, each published, dated and explained."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Handreikingen")
