"""Filters every template has without loading them (TEMPLATES "builtins")."""

from django import template
from django.utils import timezone

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
