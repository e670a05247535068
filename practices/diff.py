"""Word-level comparison of two versions, readable by screen readers: inserted and deleted text is
announced as such, and everything a user wrote is escaped."""

from django.utils.html import escape
from django.utils.translation import gettext as _

from vlaanderenhelpt.diff import word_diff

from .models import PracticeContent, PracticeVersion


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
