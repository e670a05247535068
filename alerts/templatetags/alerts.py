"""Alerts seen from the editors' queue: the practices app stays unaware of alerts."""

from django import template

from alerts.models import Subscription

register = template.Library()


@register.simple_tag
def set_aside_count():
    return Subscription.objects.set_aside().count()
