"""Filters every template has without loading them (TEMPLATES "builtins")."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def machine_time(value):
    """A valid HTML datetime attribute: local time in seconds with its offset. Django's "c" format
    adds microseconds, which the HTML standard does not allow."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.filter
def minutes(value):
    """A duration (timedelta) in whole minutes, rounded up."""
    if not value:
        return 0
    return max(1, -(-int(value.total_seconds()) // 60))


@register.filter
def days_ago(value):
    """How long ago, as people say it: "vandaag", "gisteren", "3 dagen" (calendar days, local time)."""
    if not value:
        return ""
    days = (timezone.localdate() - timezone.localdate(value)).days
    if days <= 0:
        return _("vandaag")
    if days == 1:
        return _("gisteren")
    return ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days}
