"""The one road from user-written Markdown to HTML: render, then sanitize with an allow-list."""

import re
from functools import lru_cache

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _demote(match):
    # A practice or guidance page owns h1 and h2; headings a user typed start at h3.
    return f"<{match.group(1)}h{min(int(match.group(2)) + 2, 6)}"


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    html = _HEADING.sub(_demote, html)
    return scrollable_tables(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="nofollow noopener noreferrer",
            strip_comments=True,
        )
    )


def scrollable_tables(clean_html):
    """A table scrolls inside its own box, so a wide one never makes the page scroll sideways on a
    phone (WCAG 1.4.10); the box takes keyboard focus so it can be scrolled without a mouse.
    Only for HTML that is already sanitized: the wrapper is fixed markup."""
    label = escape(_("Tabel"))
    return clean_html.replace(
        "<table>", f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}"><table>'
    ).replace("</table>", "</table></div>")


def render_markdown(text: str | None) -> SafeString:
    """Markdown in, sanitized HTML out. Nothing a user typed reaches a page as HTML any other way."""
    if not text:
        return mark_safe("")
    return mark_safe(_render(text))  # noqa: S308 - sanitized by nh3 with an allow-list above


def highlight(text: str, marker_open: str = "\x02", marker_close: str = "\x03") -> SafeString:
    """Escape a search snippet, then turn the database's match markers into <mark> elements."""
    escaped = escape(text)
    return mark_safe(escaped.replace(marker_open, "<mark>").replace(marker_close, "</mark>"))  # noqa: S308


def mark_terms(text: str, terms) -> SafeString:
    """Plain text with every occurrence of the terms in <mark>: matched on the raw text, then each
    piece escaped on its own, so a match never lands inside an entity or a tag."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
