"""Comparisons people can read. Two texts are compared as they are read: Markdown is rendered and
sanitized on both sides, diffed block by block (paragraph, list item, heading, table), then word by word
inside a changed block, so a list stays a list and bold stays bold. The result is sanitized again with
the same allow-list plus <ins> and <del>, and each mark is announced to screen readers."""

import difflib
import html
import re

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from lxml import html as lxml_html

from .markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown, scrollable_tables

_TOKEN = re.compile(r"<[^>]+>|[^<\s]+\s*|\s+")


def word_diff(old, new):
    """Plain texts compared word by word; everything a user wrote is escaped."""
    a, b = (old or "").split(), (new or "").split()
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return _announced(" ".join(parts))


def rendered_diff(old_markdown, new_markdown):
    """Two Markdown texts compared as rendered HTML, block by block and word by word."""
    before, after = _blocks(render_markdown(old_markdown)), _blocks(render_markdown(new_markdown))
    matcher = difflib.SequenceMatcher(a=[_key(b) for b in before], b=[_key(b) for b in after], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [(block[0], _element(block[1], block[2])) for block in after[j1:j2]]
            continue
        olds, news = before[i1:i2], after[j1:j2]
        for k in range(max(len(olds), len(news))):
            old = olds[k] if k < len(olds) else None
            new = news[k] if k < len(news) else None
            if old and new and old[:2] == new[:2]:
                out.append((new[0], _element(new[1], _token_diff(old[2], new[2]))))
                continue
            if old:
                out.append(_whole(old, "del"))
            if new:
                out.append(_whole(new, "ins"))
    return _announced(_assemble(out))


def _blocks(rendered):
    """[(list tag or "", tag, inner HTML)]: a list item is a block of its own."""
    if not rendered.strip():
        return []
    root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    blocks = []
    if (root.text or "").strip():
        blocks.append(("", "p", escape(root.text.strip())))
    for child in root:
        if child.tag in ("ul", "ol"):
            blocks += [(child.tag, "li", _inner(item)) for item in child if item.tag == "li"]
        else:
            blocks.append(("", child.tag, _inner(child)))
        if (child.tail or "").strip():
            blocks.append(("", "p", escape(child.tail.strip())))
    return blocks


def _inner(element):
    text = html.escape(element.text or "", quote=False)
    return text + "".join(lxml_html.tostring(c, encoding="unicode") for c in element)


def _key(block):
    container, tag, inner = block
    return container, tag, " ".join(re.sub(r"<[^>]+>", " ", inner).split())


def _element(tag, inner):
    return f"<{tag}>{inner}</{tag}>" if tag != "hr" else "<hr>"


def _whole(block, mark):
    """A block added or removed as a whole: for a list item its content is marked, for others the block."""
    container, tag, inner = block
    if tag == "li":
        return container, f"<li><{mark}>{inner}</{mark}></li>"
    return "", f'<{mark} class="diff-block">{_element(tag, inner)}</{mark}>'


def _token_diff(old_inner, new_inner):
    """Inline HTML compared word by word. The tags are those of the new text, so it stays well formed;
    removed words are shown without their old markup."""
    a, b = _TOKEN.findall(old_inner), _TOKEN.findall(new_inner)
    matcher = difflib.SequenceMatcher(a=[t.strip() for t in a], b=[t.strip() for t in b], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += b[j1:j2]
            continue
        if op in ("delete", "replace"):
            words = "".join(t for t in a[i1:i2] if not t.startswith("<")).strip()
            if words:
                out.append(f"<del>{words}</del> ")
        if op in ("insert", "replace"):
            out += _mark_text_runs(b[j1:j2], "ins")
    return "".join(out)


def _mark_text_runs(tokens, mark):
    out, run = [], []
    for token in [*tokens, None]:
        if token is not None and not token.startswith("<"):
            run.append(token)
            continue
        if "".join(run).strip():
            text = "".join(run)
            trailing = text[len(text.rstrip()) :]
            out.append(f"<{mark}>{text.rstrip()}</{mark}>{trailing}")
        elif run:
            out.append("".join(run))
        run = []
        if token is not None:
            out.append(token)
    return out


def _assemble(parts):
    """Blocks back into HTML: neighbouring list items of the same kind share one list."""
    out, open_list = [], ""
    for container, block in parts:
        if container != open_list:
            if open_list:
                out.append(f"</{open_list}>")
            if container:
                out.append(f"<{container}>")
            open_list = container
        out.append(block)
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out)


def _announced(markup):
    """Sanitized again, then each mark announced to screen readers: colour is never the only sign."""
    clean = nh3.clean(
        markup,
        tags=ALLOWED_TAGS | {"ins", "del"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"ins": {"diff-block"}, "del": {"diff-block"}},
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    added = f'<span class="visually-hidden">{escape(_("toegevoegd:"))} </span>'
    removed = f'<span class="visually-hidden">{escape(_("verwijderd:"))} </span>'
    clean = re.sub(r"(<ins(?: class=\"diff-block\")?>)", lambda m: m.group(1) + added, clean)
    clean = re.sub(r"(<del(?: class=\"diff-block\")?>)", lambda m: m.group(1) + removed, clean)
    return mark_safe(scrollable_tables(clean))  # noqa: S308 - sanitized with an allow-list just above
