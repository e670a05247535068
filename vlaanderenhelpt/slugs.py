"""Unique URL slugs from titles."""

from django.utils.text import slugify


def unique_slug(model, text, *, fallback, base_length):
    """A slug for `text` that no row of `model` has yet: "titel", then "titel-2", "titel-3" … The base is
    cut at `base_length`, leaving room for the number within the field."""
    base = slugify(text)[:base_length] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
