"""Practices seen from pages of a lower floor (a person's profile): the accounts app stays unaware of them."""

from django import template

from practices.models import Practice

register = template.Library()

PROFILE_PRACTICES = 10


@register.simple_tag
def practices_of_member(user):
    """The newest practices of the user's governments, and how many there are in all."""
    found = Practice.objects.of_member(user).select_related("local_government").order_by("-created_at", "-pk")
    return {"shown": list(found[:PROFILE_PRACTICES]), "count": found.count()}
