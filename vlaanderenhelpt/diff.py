"""Word-level comparison of two texts, readable by screen readers: inserted and deleted text is
announced as such, and everything a user wrote is escaped."""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


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
