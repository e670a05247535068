"""Every change to guidance documents: drafts are edited, published versions never change."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import GuidanceDocument, GuidanceVersion, Section


class GuidanceError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class SectionText:
    title: str
    body: str
    anchor: str = ""


def _require_editor(user):
    if not user.has_perm("guidance.edit_guidance"):
        raise GuidanceError(_("Alleen de redactie kan handreikingen herwerken."))


@transaction.atomic
def create_document(*, editor, title, summary="", sections=()):
    """A new document with a first draft."""
    _require_editor(editor)
    document = GuidanceDocument.objects.create(title=title, slug=slugify(title)[:200], summary=summary)
    draft = GuidanceVersion.objects.create(document=document, number=1, created_by=editor)
    _write_sections(draft, sections)
    return document


def _write_sections(version, sections):
    taken = set()
    for position, text in enumerate(sections, start=1):
        anchor = text.anchor or slugify(text.title)[:80] or f"deel-{position}"
        if anchor in taken:
            anchor = f"{anchor}-{position}"
        taken.add(anchor)
        Section.objects.create(version=version, position=position, title=text.title, anchor=anchor, body=text.body)


@transaction.atomic
def start_draft(*, document, editor):
    """A new draft from the current version; one open draft per document."""
    _require_editor(editor)
    document = GuidanceDocument.objects.select_for_update().get(pk=document.pk)
    if document.versions.filter(published_at__isnull=True).exists():
        raise GuidanceError(_("Er is al een concept voor deze handreiking."))
    current = document.versions.published().order_by("-number").first()
    draft = GuidanceVersion.objects.create(
        document=document, number=(current.number + 1) if current else 1, created_by=editor
    )
    if current:
        for section in current.sections.all():
            copy = Section.objects.create(
                version=draft, position=section.position, title=section.title, anchor=section.anchor, body=section.body
            )
            copy.practices.set(section.practices.all())
    return draft


@transaction.atomic
def save_sections(*, draft, editor, sections):
    """Replace the draft's sections; kept anchors stay stable."""
    _require_editor(editor)
    draft = GuidanceVersion.objects.select_for_update().get(pk=draft.pk)
    if draft.is_published:
        raise GuidanceError(_("Een gepubliceerde versie verandert nooit meer. Start een nieuw concept."))
    links = {s.anchor: list(s.practices.all()) for s in draft.sections.all()}
    draft.sections.all().delete()
    _write_sections(draft, sections)
    for section in draft.sections.all():
        section.practices.set(links.get(section.anchor, []))
    return draft


@transaction.atomic
def publish(*, draft, editor, change_note, is_major, at=None):
    """Publish a draft with its change note (required for a major change)."""
    _require_editor(editor)
    draft = GuidanceVersion.objects.select_for_update().get(pk=draft.pk)
    if draft.is_published:
        raise GuidanceError(_("Deze versie is al gepubliceerd."))
    if is_major and not change_note.strip():
        raise GuidanceError(_("Een grote wijziging heeft een wijzigingsnota nodig."))
    draft.change_note = change_note.strip()
    draft.is_major = is_major
    draft.published_by = editor
    draft.published_at = at or timezone.now()
    draft.save()
    return draft


@transaction.atomic
def cite_practices(*, draft, editor, anchor, practices):
    """Link published practice examples to one section of a draft."""
    _require_editor(editor)
    draft = GuidanceVersion.objects.select_for_update().get(pk=draft.pk)
    if draft.is_published:
        raise GuidanceError(_("Een gepubliceerde versie verandert nooit meer. Start een nieuw concept."))
    draft.sections.get(anchor=anchor).practices.set(practices)
