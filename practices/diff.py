"""Two versions of a practice compared field by field: long texts as they are read (rendered, by block
and by word), the other fields word by word; inserted and deleted text is announced as such."""

from django.utils.html import escape
from django.utils.translation import gettext as _

from vlaanderenhelpt.diff import rendered_diff, word_diff
from vlaanderenhelpt.markup import render_markdown

from .models import PracticeContent, PracticeVersion


def _as_text(version, name):
    value = getattr(version, name)
    if name in PracticeContent.RELATED_FIELDS:
        return ", ".join(str(item) for item in value.all())
    if name == "links":
        return " ".join(f"{link.get('title', '')} {link.get('url', '')}" for link in value)
    if name in ("kind", "evidence"):
        return getattr(version, f"get_{name}_display")()
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
        if name in PracticeContent.MARKDOWN_FIELDS:
            html = rendered_diff(old, new) if old != new else render_markdown(new)
        else:
            html = word_diff(old, new) if old != new else escape(new)
        block = name in PracticeContent.MARKDOWN_FIELDS
        rows.append({"name": name, "label": label, "changed": old != new, "html": html, "block": block})
    old_tags, new_tags = ", ".join(live.tag_names), ", ".join(proposed.tag_names)
    rows.append(
        {
            "name": "tags",
            "label": _("trefwoorden"),
            "changed": old_tags != new_tags,
            "html": word_diff(old_tags, new_tags),
            "block": False,
        }
    )
    if getattr(proposed, "confirms_current", False):
        rows.append(
            {
                "name": "confirms_current",
                "label": _("nog actueel"),
                "changed": True,
                "block": False,
                "html": escape(_("De indiener bevestigt dat dit nog past bij de huidige regels.")),
            }
        )
    return sorted(rows, key=lambda row: not row["changed"])
