"""Template tags that more than one app loads: Markdown rendered safe, and the current address with some
parameters replaced."""

from django import template

from vlaanderenhelpt.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def filesize(num_bytes):
    """A Dutch file size: 12 kB, 3,4 MB."""
    if num_bytes is None:
        return ""
    if num_bytes < 1024:
        return f"{num_bytes} B"
    if num_bytes < 1024 * 1024:
        return f"{round(num_bytes / 1024)} kB"
    return f"{num_bytes / (1024 * 1024):.1f} MB".replace(".", ",")


@register.filter
def safe_url(url):
    """Only web addresses become links; anything else (javascript:, data:) is dropped."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""
