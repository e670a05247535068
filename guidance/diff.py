"""Two published versions of a guidance document compared section by section."""

import difflib
from types import SimpleNamespace

from django.utils.translation import gettext as _

from practices.models import Practice
from vlaanderenhelpt.diff import rendered_diff


def compare(old, new):
    """Two versions compared; see compare_sections."""
    return compare_sections(list(old.sections.all()), list(new.sections.all()))


def as_sections(texts):
    """Stored draft saves ({anchor, title, body} dicts) in the shape compare_sections reads."""
    return [SimpleNamespace(**text) for text in texts]


def compare_sections(old_sections, new_sections):
    """[{kind, label, section, old_title, html, old_position, new_position}] in the order of the newer
    list, removed ones last. Bodies are compared as they are read (vlaanderenhelpt.diff.rendered_diff).

    kind: added, removed, renamed, moved, changed or same. Sections are matched on their stable anchor;
    moved are only the sections that left the longest common order, not every section they pushed along.
    """
    before = {s.anchor: s for s in old_sections}
    after = list(new_sections)
    kept = {a.anchor for a in after} & set(before)
    old_order = [s.anchor for s in old_sections if s.anchor in kept]
    new_order = [s.anchor for s in after if s.anchor in kept]
    stayed = set()
    for block in difflib.SequenceMatcher(a=old_order, b=new_order, autojunk=False).get_matching_blocks():
        stayed.update(old_order[block.a : block.a + block.size])
    old_position = {s.anchor: number for number, s in enumerate(old_sections, start=1)}
    rows = []
    for number, section in enumerate(after, start=1):
        previous = before.get(section.anchor)
        if previous is None:
            rows.append(
                {
                    "kind": "added",
                    "label": _("nieuw"),
                    "section": section,
                    "new_position": number,
                    "html": rendered_diff("", section.body),
                }
            )
            continue
        kinds = []
        if previous.title != section.title:
            kinds.append(("renamed", _("nieuwe titel")))
        if section.anchor not in stayed:
            kinds.append(("moved", _("verplaatst")))
        if previous.body != section.body:
            kinds.append(("changed", _("tekst gewijzigd")))
        rows.append(
            {
                "kind": kinds[0][0] if kinds else "same",
                "kinds": [kind for kind, _label in kinds],
                "label": ", ".join(str(label) for _kind, label in kinds) or _("ongewijzigd"),
                "section": section,
                "old_title": previous.title,
                "old_position": old_position[section.anchor],
                "new_position": number,
                "html": rendered_diff(previous.body, section.body) if previous.body != section.body else None,
            }
        )
    for anchor, section in before.items():
        if anchor not in {s.anchor for s in after}:
            rows.append(
                {
                    "kind": "removed",
                    "label": _("geschrapt"),
                    "section": section,
                    "old_position": old_position[anchor],
                    "html": rendered_diff(section.body, ""),
                }
            )
    return rows


def summary(rows):
    """How many sections changed, were added, removed or moved (a section can count twice)."""
    counts = {"changed": 0, "added": 0, "removed": 0, "moved": 0, "renamed": 0}
    for row in rows:
        for kind in row.get("kinds") or [row["kind"]]:
            if kind in counts:
                counts[kind] += 1
    return counts


def sources_of_changes(version, previous, sections=None):
    """Per section anchor of `version` ("" for the document as a whole): the practice examples newly
    cited and the suggestions taken in with this version. Only what a reader may see: no names or
    addresses of senders, only published practices. `sections`: the version's sections with their
    practices prefetched, when the caller has them."""
    if sections is None:
        sections = list(version.sections.prefetch_related("practices"))
    before = {}
    if previous is not None:
        for section in previous.sections.prefetch_related("practices"):
            before[section.anchor] = {p.pk for p in section.practices.all()}
    cited = [p.pk for s in sections for p in s.practices.all()]
    live = set(Practice.objects.published().filter(pk__in=cited).values_list("pk", flat=True))
    sources = {}
    for section in sections:
        new = [p for p in section.practices.all() if p.pk not in before.get(section.anchor, set()) and p.pk in live]
        if new:
            sources.setdefault(section.anchor, {"practices": [], "suggestions": []})["practices"] = new
    anchors = {s.anchor for s in sections}
    for suggestion in version.suggestions_taken_in.order_by("created_at", "pk"):
        # A suggestion on a section this version removed counts for the document as a whole.
        anchor = suggestion.anchor if suggestion.anchor in anchors else ""
        sources.setdefault(anchor, {"practices": [], "suggestions": []})["suggestions"].append(suggestion)
    return sources
