"""Word-level comparison of two versions, readable by screen readers: inserted and deleted text is
announced as such, and everything a user wrote is escaped."""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import PracticeContent, PracticeVersion


def word_diff(old, new):
    a, b = (old or "").split(), (new or "").split()
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(
                f'<del><span class="visually-hidden">{escape(_("verwijderd:"))} </span>{escape(" ".join(a[i1:i2]))}</del>'
            )
        if op in ("insert", "replace"):
            parts.append(
                f'<ins><span class="visually-hidden">{escape(_("toegevoegd:"))} </span>{escape(" ".join(b[j1:j2]))}</ins>'
            )
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece of user text is escaped above


def _as_text(version, name):
    value = getattr(version, name)
    if name in PracticeContent.RELATED_FIELDS:
        return ", ".join(str(item) for item in value.all())
    if name == "links":
        return " ".join(f"{link.get('title', '')} {link.get('url', '')}" for link in value)
    if name == "kind":
        return version.get_kind_display()
    if name == "contact_consent":
        return _("ja") if value else _("nee")
    return "" if value is None else str(value)


def compare(live, proposed):
    """Every field of two versions, changed fields first: [{label, changed, html}]."""
    rows = []
    names = [*PracticeContent.SCALAR_FIELDS, *PracticeContent.RELATED_FIELDS]
    for name in names:
        old, new = _as_text(live, name), _as_text(proposed, name)
        label = PracticeVersion._meta.get_field(name).verbose_name
        rows.append({"label": label, "changed": old != new, "html": word_diff(old, new) if old != new else escape(new)})
    old_tags, new_tags = ", ".join(live.tag_names), ", ".join(proposed.tag_names)
    rows.append({"label": _("trefwoorden"), "changed": old_tags != new_tags, "html": word_diff(old_tags, new_tags)})
    return sorted(rows, key=lambda row: not row["changed"])
