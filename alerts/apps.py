"""E-mail alerts: saved searches, guidance documents and templates followed by an address."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("E-mailmeldingen")
