"""Two published versions of a guidance document compared section by section."""

from django.utils.translation import gettext as _

from practices.diff import word_diff


def compare(old, new):
    """[{kind, anchor, title, old_title, html}] in the order of the newer version, removed ones last.

    kind: added, removed, renamed, moved, changed or same. Sections are matched on their stable anchor.
    """
    before = {s.anchor: s for s in old.sections.all()}
    after = list(new.sections.all())
    old_order = [s.anchor for s in old.sections.all() if s.anchor in {a.anchor for a in after}]
    new_order = [s.anchor for s in after if s.anchor in before]
    rows = []
    for section in after:
        previous = before.get(section.anchor)
        if previous is None:
            rows.append({"kind": "added", "label": _("nieuw"), "section": section, "html": word_diff("", section.body)})
            continue
        kinds = []
        if previous.title != section.title:
            kinds.append(("renamed", _("nieuwe titel")))
        if old_order.index(section.anchor) != new_order.index(section.anchor):
            kinds.append(("moved", _("verplaatst")))
        if previous.body != section.body:
            kinds.append(("changed", _("tekst gewijzigd")))
        rows.append(
            {
                "kind": kinds[0][0] if kinds else "same",
                "label": ", ".join(str(label) for _kind, label in kinds) or _("ongewijzigd"),
                "section": section,
                "old_title": previous.title,
                "html": word_diff(previous.body, section.body) if previous.body != section.body else None,
            }
        )
    for anchor, section in before.items():
        if anchor not in {s.anchor for s in after}:
            rows.append(
                {"kind": "removed", "label": _("geschrapt"), "section": section, "html": word_diff(section.body, "")}
            )
    return rows
