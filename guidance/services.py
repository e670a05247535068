"""Every change to guidance documents: drafts are edited, published versions never change."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from practices.models import Practice
from vlaanderenhelpt import generation
from vlaanderenhelpt.attachments import checksum, validate_attachment
from vlaanderenhelpt.errors import DomainError, already_decided
from vlaanderenhelpt.mail import mail_after_commit
from vlaanderenhelpt.permissions import EDIT_GUIDANCE
from vlaanderenhelpt.publications import publication_moment
from vlaanderenhelpt.slugs import unique_slug
from vlaanderenhelpt.text import clean_multiline, clean_text
from vlaanderenhelpt.tokens import token_hash
from vlaanderenhelpt.workflow import NO_STATE

from .models import (
    DOCUMENT_WORKFLOW,
    SUGGESTION_WORKFLOW,
    VERSION_WORKFLOW,
    DraftSave,
    GuidanceAction,
    GuidanceAttachment,
    GuidanceDecision,
    GuidanceDocument,
    GuidanceVersion,
    Section,
)
from .models import Suggestion as S

logger = logging.getLogger(__name__)

Status = S.Status


class GuidanceError(DomainError):
    """A refused change to guidance or a suggestion."""


class DraftConflict(GuidanceError):
    """A save based on an outdated copy of a draft. Carries what the other editor saved since."""

    def __init__(self, message, *, base, current, saved_by, saved_at, revision):
        super().__init__(message)
        self.base, self.current = base, current
        self.saved_by, self.saved_at, self.revision = saved_by, saved_at, revision


@dataclass
class SectionText:
    """The text of one section as an editor wrote it."""

    title: str
    body: str
    anchor: str = ""


def can_edit(user):
    """Whether `user` may rework and publish guidance."""
    return user.is_authenticated and user.has_perm(EDIT_GUIDANCE)


def _require_editor(user):
    if not can_edit(user):
        raise GuidanceError(_("Alleen de redactie kan handreikingen herwerken."))


def _record(document, workflow, *, action, actor, from_state, version=None, suggestion=None, reason="", at=None):
    return GuidanceDecision.record(
        workflow,
        action,
        from_state,
        document=document,
        version=version,
        suggestion=suggestion,
        actor=actor,
        reason=reason,
        created_at=at or timezone.now(),
    )


def _lock_draft(draft):
    draft = GuidanceVersion.objects.select_for_update().select_related("document").get(pk=draft.pk)
    if draft.is_published:
        raise GuidanceError(_("Een gepubliceerde versie verandert nooit meer. Start een nieuw concept."))
    return draft


@transaction.atomic
def create_document(*, editor, title, summary="", sections=(), themes=()):
    """A new document with a first draft."""
    _require_editor(editor)
    title = title.strip()
    if not title:
        raise GuidanceError(_("Geef de handreiking een titel."))
    document = GuidanceDocument.objects.create(
        title=title,
        slug=unique_slug(GuidanceDocument, title, fallback="handreiking", base_length=190),
        summary=summary.strip(),
    )
    document.themes.set(themes)
    draft = GuidanceVersion.objects.create(document=document, number=1, created_by=editor)
    _write_sections(draft, sections)
    _snapshot(draft, editor)
    return document


def _clean_anchor(text, position):
    return slugify(text.anchor or text.title)[:80] or f"deel-{position}"


def _write_sections(version, sections):
    taken = set()
    for position, text in enumerate(sections, start=1):
        anchor = _clean_anchor(text, position)
        if anchor in taken:
            anchor = f"{anchor[:76]}-{position}"
        taken.add(anchor)
        Section.objects.create(
            version=version,
            position=position,
            title=clean_text(text.title).strip(),
            anchor=anchor,
            body=clean_multiline(text.body).strip(),
        )


def _section_texts(version):
    return [{"anchor": s.anchor, "title": s.title, "body": s.body} for s in version.sections.all()]


def _snapshot(draft, editor):
    DraftSave.objects.create(version=draft, revision=draft.revision, sections=_section_texts(draft), saved_by=editor)


@transaction.atomic
def start_draft(*, document, editor):
    """A new draft from the current version; one open draft per document."""
    _require_editor(editor)
    document = GuidanceDocument.objects.select_for_update().get(pk=document.pk)
    if document.withdrawn_at:
        raise GuidanceError(_("Deze handreiking is ingetrokken; er komt geen nieuwe versie meer."))
    if document.versions.drafts().exists():
        raise GuidanceError(_("Er is al een concept voor deze handreiking."))
    current = document.versions.current()
    draft = GuidanceVersion.objects.create(
        document=document, number=(current.number + 1) if current else 1, created_by=editor
    )
    if current:
        for section in current.sections.all():
            copy = Section.objects.create(
                version=draft, position=section.position, title=section.title, anchor=section.anchor, body=section.body
            )
            copy.practices.set(section.practices.all())
        for attachment in current.attachments.all():
            GuidanceAttachment.objects.create(
                version=draft,
                title=attachment.title,
                file=attachment.file.name,
                original_name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
                sha256=attachment.sha256,
            )
    _snapshot(draft, editor)
    return draft


def _conflict(draft, expected_revision, anchor=None):
    """What another editor saved since `expected_revision`: the whole draft, or one section of it."""
    base = DraftSave.objects.filter(version=draft, revision=expected_revision).first()
    last = DraftSave.objects.filter(version=draft).order_by("-revision").select_related("saved_by").first()
    before, now = (base.sections if base else []), _section_texts(draft)
    if anchor is not None:
        before = [s for s in before if s["anchor"] == anchor]
        now = [s for s in now if s["anchor"] == anchor]
    return DraftConflict(
        _(
            "Uw wijzigingen zijn niet bewaard: %(who)s bewaarde dit concept intussen. Hieronder ziet u wat er "
            "veranderde; uw tekst staat nog in het formulier. Voeg beide samen en bewaar opnieuw."
        )
        % {"who": last.saved_by.get_full_name() or last.saved_by.email if last and last.saved_by else _("iemand")},
        base=before,
        current=now,
        saved_by=last.saved_by if last else None,
        saved_at=last.saved_at if last else None,
        revision=draft.revision,
    )


def _replace_sections(draft, editor, sections):
    """Write the draft's sections anew (kept anchors keep their cited practices), as one new revision."""
    if not [text for text in sections if text.title.strip()]:
        raise GuidanceError(_("Een handreiking heeft minstens één onderdeel met een titel."))
    links = {s.anchor: list(s.practices.all()) for s in draft.sections.all()}
    draft.sections.all().delete()
    _write_sections(draft, sections)
    for section in draft.sections.all():
        section.practices.set(links.get(section.anchor, []))
    draft.revision += 1
    draft.save(update_fields=["revision"])
    _snapshot(draft, editor)
    return draft


@transaction.atomic
def save_sections(*, draft, editor, sections, expected_revision=None):
    """Replace the draft's sections; kept anchors stay stable. A save based on an older revision than
    the stored one is refused with what the other editor changed, so nothing is lost."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    if expected_revision is not None and expected_revision != draft.revision:
        raise _conflict(draft, expected_revision)
    return _replace_sections(draft, editor, sections)


def _texts(draft):
    return [SectionText(t["title"], t["body"], t["anchor"]) for t in _section_texts(draft)]


def _index(texts, anchor):
    for index, text in enumerate(texts):
        if text.anchor == anchor:
            return index
    raise GuidanceError(_("Dit onderdeel bestaat niet (meer) in het concept."))


@transaction.atomic
def save_section(*, draft, editor, anchor, title, body, expected_revision):
    """Save one section. Based on an older revision it is still saved when this very section did not
    change since (another editor wrote elsewhere, or moved it: both are kept); otherwise it is refused
    with that section's change, so nothing is lost."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    texts = _texts(draft)
    if expected_revision != draft.revision:
        base = DraftSave.objects.filter(version=draft, revision=expected_revision).first()
        before = next((t for t in (base.sections if base else []) if t["anchor"] == anchor), None)
        now = next(({"title": t.title, "body": t.body} for t in texts if t.anchor == anchor), None)
        if before is None or now is None or (before["title"], before["body"]) != (now["title"], now["body"]):
            raise _conflict(draft, expected_revision, anchor=anchor)
    if not title.strip():
        raise GuidanceError(_("Geef het onderdeel een titel."))
    texts[_index(texts, anchor)] = SectionText(title, body, anchor)
    return _replace_sections(draft, editor, texts)


def _check_current(draft, expected_revision):
    # Moving, adding and removing act on the order the editor saw: a changed draft is shown again first.
    if expected_revision != draft.revision:
        raise GuidanceError(
            _(
                "Het concept werd intussen gewijzigd. Bekijk het opnieuw en probeer het dan nog eens; er ging niets verloren."
            )
        )


@transaction.atomic
def move_section(*, draft, editor, anchor, offset, expected_revision):
    """Move one section up (offset -1) or down (+1)."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    _check_current(draft, expected_revision)
    texts = _texts(draft)
    index = _index(texts, anchor)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(texts):
        raise GuidanceError(_("Dit onderdeel staat al helemaal bovenaan of onderaan."))
    texts[index], texts[target] = texts[target], texts[index]
    return _replace_sections(draft, editor, texts)


@transaction.atomic
def add_section(*, draft, editor, title, expected_revision):
    """Add an empty section with this title at the end of the draft; returns its anchor."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    _check_current(draft, expected_revision)
    if not title.strip():
        raise GuidanceError(_("Geef het nieuwe onderdeel een titel."))
    texts = _texts(draft)
    _replace_sections(draft, editor, [*texts, SectionText(title, "")])
    return draft.sections.order_by("-position").first().anchor


@transaction.atomic
def remove_section(*, draft, editor, anchor, expected_revision):
    """Remove one section from the draft; earlier versions and the draft's saves keep its text."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    _check_current(draft, expected_revision)
    texts = _texts(draft)
    del texts[_index(texts, anchor)]
    if not texts:
        raise GuidanceError(_("Een handreiking heeft minstens één onderdeel."))
    return _replace_sections(draft, editor, texts)


@transaction.atomic
def cite_practices(*, draft, editor, anchor, practices):
    """Link published practice examples to one section of a draft."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    section = draft.sections.filter(anchor=anchor).first()
    if section is None:
        raise GuidanceError(_("Dit onderdeel bestaat niet (meer) in het concept."))
    ids = [p.pk for p in practices]
    published = list(Practice.objects.published().filter(pk__in=ids))
    if len(published) != len(set(ids)):
        raise GuidanceError(_("Alleen gepubliceerde praktijkvoorbeelden kunnen vermeld worden."))
    # Practices archived since they were cited keep their place: in the record, not in the display.
    kept = section.practices.exclude(pk__in=Practice.objects.published().values("pk")).exclude(pk__in=ids)
    section.practices.set([*published, *kept])
    return section


@transaction.atomic
def add_attachment(*, draft, editor, uploaded, title=""):
    """Attach a checked file to a draft."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    name, content_type = validate_attachment(uploaded)
    return GuidanceAttachment.objects.create(
        version=draft,
        title=(title.strip() or name)[:200],
        file=uploaded,
        original_name=name,
        content_type=content_type,
        size=uploaded.size,
        sha256=checksum(uploaded),
    )


@transaction.atomic
def remove_attachment(*, draft, editor, attachment_id):
    """Only the draft's row goes; the file stays for the published versions that carry it."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    draft.attachments.filter(pk=attachment_id).delete()


def _check_publishable(draft, change_note, is_major):
    """What publishing a draft needs, now or at a planned moment."""
    if draft.document.withdrawn_at:
        raise GuidanceError(_("Deze handreiking is ingetrokken."))
    if is_major and not change_note.strip():
        raise GuidanceError(_("Een grote wijziging heeft een wijzigingsnota nodig."))
    if not draft.sections.exists():
        raise GuidanceError(_("Een handreiking heeft minstens één onderdeel."))


@transaction.atomic
def publish(*, draft, editor, change_note, is_major, suggestions=(), at=None, expected_revision=None):
    """Publish a draft with its change note (required for a major change) and mark the suggestions
    it takes in; their senders hear of it after commit. With `expected_revision`, a draft that was
    saved again since the editor looked at it is not published unseen."""
    _require_editor(editor)
    moment = publication_moment()  # first: the version is dated after every alerts run that read before it
    draft = GuidanceVersion.objects.select_for_update().select_related("document").get(pk=draft.pk)
    if not VERSION_WORKFLOW.allows(GuidanceAction.PUBLISH, draft.state):
        raise GuidanceError(already_decided(who=draft.published_by, when=draft.published_at, outcome=_("gepubliceerd")))
    if expected_revision is not None and expected_revision != draft.revision:
        raise GuidanceError(
            _("Het concept werd intussen opnieuw bewaard. Bekijk hieronder wat er nu verandert en publiceer opnieuw.")
        )
    _check_publishable(draft, change_note, is_major)
    from_state = draft.state
    draft.change_note = change_note.strip()
    draft.is_major = is_major
    draft.published_by = editor
    draft.published_at = at or moment
    draft.save()
    _record(
        draft.document,
        VERSION_WORKFLOW,
        action=GuidanceAction.PUBLISH,
        actor=editor,
        from_state=from_state,
        version=draft,
        reason=draft.change_note,
        at=draft.published_at,
    )
    ids = [s.pk for s in suggestions]
    for suggestion in S.objects.select_for_update().filter(pk__in=ids, document=draft.document):
        _move(suggestion, GuidanceAction.TAKE_IN, editor, taken_in=draft)
    generation.changed()  # practice pages say in which guidance they are cited
    return draft


@transaction.atomic
def withdraw(*, document, editor, reason):
    """Withdraw a document: it stays readable, with a clear notice and the reason."""
    _require_editor(editor)
    document = GuidanceDocument.objects.select_for_update().get(pk=document.pk)
    from_state = document.state
    if not DOCUMENT_WORKFLOW.allows(GuidanceAction.WITHDRAW, from_state):
        last = GuidanceDecision.last_of(document.decisions.filter(action=GuidanceAction.WITHDRAW))
        raise GuidanceError(
            already_decided(who=last and last.actor, when=document.withdrawn_at, outcome=_("ingetrokken"))
        )
    if not reason.strip():
        raise GuidanceError(_("Geef de reden van de intrekking; lezers zien ze bovenaan de handreiking."))
    document.withdrawn_at = timezone.now()
    document.withdrawn_reason = reason.strip()
    document.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    _record(
        document,
        DOCUMENT_WORKFLOW,
        action=GuidanceAction.WITHDRAW,
        actor=editor,
        from_state=from_state,
        reason=document.withdrawn_reason,
    )
    generation.changed()
    return document


# --- Suggestions ---------------------------------------------------------------------------------


def _mail(template, subject, recipients, context):
    mail_after_commit(
        template=f"guidance/email/{template}.txt", subject=subject, recipients=recipients, context=context
    )


@transaction.atomic
def send_suggestion(*, document, anchor="", text, organisation_type, organisation="", name, email, user=None, at=None):
    """A suggestion from the field. A logged-in sender's address is known; anyone else confirms theirs
    through a link first. The view keeps the rate limit."""
    current = document.versions.current()
    if current is None or document.withdrawn_at:
        raise GuidanceError(_("Op deze handreiking kunt u geen suggesties meer geven."))
    section = current.sections.filter(anchor=anchor).first() if anchor else None
    if anchor and section is None:
        raise GuidanceError(_("Dit onderdeel bestaat niet in de huidige versie."))
    confirmed = user is not None and user.is_authenticated and user.email.lower() == email.strip().lower()
    token = secrets.token_urlsafe(32)
    at = at or timezone.now()
    suggestion = S.objects.create(
        document=document,
        anchor=anchor,
        section_title=section.title if section else "",
        read_version=current,
        text=text.strip(),
        organisation_type=organisation_type,
        organisation=organisation.strip(),
        name=name.strip(),
        email=email.strip(),
        sent_by=user if confirmed else None,
        status=Status.NEW if confirmed else Status.UNCONFIRMED,
        token_hash="" if confirmed else token_hash(token),
        created_at=at,
        confirmed_at=at if confirmed else None,
    )
    suggestion.confirmation_token = None if confirmed else token  # only the hash is stored; the demo confirms with this
    if confirmed:
        _record(
            document,
            SUGGESTION_WORKFLOW,
            action=GuidanceAction.SEND,
            actor=user,
            from_state=NO_STATE,
            suggestion=suggestion,
        )
        _tell_editors(suggestion)
    else:
        _mail(
            "confirm",
            _("Bevestig uw suggestie voor “%(title)s”") % {"title": document.title[:80]},
            [suggestion.email],
            {"suggestion": suggestion, "path": reverse("guidance:confirm", args=[token])},
        )
    return suggestion


def find_unconfirmed(token):
    """The suggestion a confirmation link names, or None."""
    return S.objects.select_related("document").filter(token_hash=token_hash(token)).first()


def _move(suggestion, action, actor, *, reason="", taken_in=None, at=None):
    to_state = SUGGESTION_WORKFLOW.target(action, suggestion.status)
    if to_state is None:
        raise GuidanceError(
            already_decided(
                who=suggestion.handled_by, when=suggestion.handled_at, outcome=suggestion.get_status_display()
            )
        )
    from_state = suggestion.status
    suggestion.status = to_state
    if action == GuidanceAction.CONFIRM:
        suggestion.confirmed_at = at or timezone.now()
        suggestion.token_hash = ""
    else:
        suggestion.handled_by = actor
        suggestion.handled_at = taken_in.published_at if taken_in else timezone.now()
    if action == GuidanceAction.DECLINE:
        suggestion.decline_reason = reason
    if taken_in is not None:
        suggestion.taken_in = taken_in
    suggestion.save()
    _record(
        suggestion.document,
        SUGGESTION_WORKFLOW,
        action=action,
        actor=actor,
        from_state=from_state,
        suggestion=suggestion,
        version=taken_in,
        reason=reason,
        at=suggestion.confirmed_at if action == GuidanceAction.CONFIRM else suggestion.handled_at,
    )
    if action == GuidanceAction.TAKE_IN:
        number = taken_in.number
        path = (
            reverse("guidance:compare", args=[suggestion.document.slug]) + f"?van={number - 1}&naar={number}"
            if number > 1
            else taken_in.get_absolute_url()
        )
        _mail(
            "taken_in",
            _("Uw suggestie is verwerkt in “%(title)s”") % {"title": suggestion.document.title[:80]},
            [suggestion.email],
            {"suggestion": suggestion, "version": taken_in, "path": path},
        )
    elif action == GuidanceAction.DECLINE:
        _mail(
            "declined",
            _("Over uw suggestie voor “%(title)s”") % {"title": suggestion.document.title[:80]},
            [suggestion.email],
            {"suggestion": suggestion},
        )
    return suggestion


def _tell_editors(suggestion):
    """Editors who asked for notifications hear of a suggestion once it reaches them."""
    subject = _("Nieuwe suggestie voor “%(title)s”") % {"title": suggestion.document.title[:80]}
    path = reverse("guidance_editors:suggestion", args=[suggestion.pk])
    _mail(
        "new_suggestion",
        subject,
        User.objects.notified_editors().values_list("email", flat=True),
        {"suggestion": suggestion, "path": path},
    )


@transaction.atomic
def confirm_suggestion(*, token, at=None):
    """The sender confirms their address: the suggestion reaches the editors."""
    suggestion = S.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if suggestion is None:
        raise GuidanceError(_("Deze link is niet (meer) geldig. Misschien bevestigde u uw suggestie al."))
    _move(suggestion, GuidanceAction.CONFIRM, None, at=at)
    _tell_editors(suggestion)
    return suggestion


@transaction.atomic
def take_suggestion(*, suggestion, editor):
    """An editor takes a suggestion in hand."""
    _require_editor(editor)
    return _move(S.objects.select_for_update().get(pk=suggestion.pk), GuidanceAction.TAKE, editor)


@transaction.atomic
def decline_suggestion(*, suggestion, editor, reason):
    """An editor declines a suggestion, with the reason the sender reads."""
    _require_editor(editor)
    if not reason.strip():
        raise GuidanceError(_("Geef een reden; de indiener krijgt ze per e-mail."))
    return _move(
        S.objects.select_for_update().get(pk=suggestion.pk), GuidanceAction.DECLINE, editor, reason=reason.strip()
    )


# --- Review dates and scheduled publication ----------------------------------------------------------

REMINDER_DAYS = 7  # the editors hear of a review date this many days before it


@transaction.atomic
def set_review_before(*, document, editor, review_before):
    """The date before which the document should be reviewed again (None: no date)."""
    _require_editor(editor)
    document = GuidanceDocument.objects.select_for_update().get(pk=document.pk)
    document.review_before = review_before
    document.save(update_fields=["review_before"])
    _record(
        document,
        None,
        action=GuidanceAction.REVIEW_DATE,
        actor=editor,
        from_state=NO_STATE,
        reason=review_before.isoformat() if review_before else "",
    )
    return document


@transaction.atomic
def schedule(*, draft, editor, publish_at, change_note, is_major, suggestions=(), now=None):
    """Plan a ready draft to be published at `publish_at` by the periodic command, as this editor. The
    same checks as publishing now, so that the planned publication does not fail later."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    if publish_at <= (now or timezone.now()):
        raise GuidanceError(_("Kies een moment in de toekomst."))
    _check_publishable(draft, change_note, is_major)
    from_state = draft.state
    draft.change_note, draft.is_major = change_note.strip(), is_major
    draft.scheduled_for, draft.scheduled_by = publish_at, editor
    draft.scheduled_suggestions = [s.pk for s in suggestions]
    draft.save(update_fields=["change_note", "is_major", "scheduled_for", "scheduled_by", "scheduled_suggestions"])
    _record(
        draft.document,
        VERSION_WORKFLOW,
        action=GuidanceAction.SCHEDULE,
        actor=editor,
        from_state=from_state,
        version=draft,
        reason=publish_at.isoformat(),
    )
    return draft


@transaction.atomic
def unschedule(*, draft, editor):
    """Cancel the planned publication of a draft; it stays a draft."""
    _require_editor(editor)
    draft = _lock_draft(draft)
    from_state = draft.state
    if not VERSION_WORKFLOW.allows(GuidanceAction.UNSCHEDULE, from_state):
        raise GuidanceError(_("Dit concept was niet ingepland."))
    draft.scheduled_for, draft.scheduled_by, draft.scheduled_suggestions = None, None, []
    draft.save(update_fields=["scheduled_for", "scheduled_by", "scheduled_suggestions"])
    _record(
        draft.document,
        VERSION_WORKFLOW,
        action=GuidanceAction.UNSCHEDULE,
        actor=editor,
        from_state=from_state,
        version=draft,
    )
    return draft


def publish_scheduled(now=None):
    """Publish every draft whose planned moment has come, each in its own transaction, recorded as a
    publication by the editor who planned it. Returns (published, failed)."""
    now = now or timezone.now()
    published = failed = 0
    due = GuidanceVersion.objects.drafts().filter(scheduled_for__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        try:
            with transaction.atomic():
                draft = (
                    GuidanceVersion.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(pk=pk, published_at__isnull=True, scheduled_for__lte=now)
                    .select_related("scheduled_by")
                    .first()
                )
                if draft is None:
                    continue  # published by another run, or planned again
                suggestions = list(S.objects.filter(pk__in=draft.scheduled_suggestions))
                # Cleared while it is a draft: a published version never changes again.
                GuidanceVersion.objects.filter(pk=pk).update(scheduled_for=None, scheduled_suggestions=[])
                publish(
                    draft=draft,
                    editor=draft.scheduled_by,
                    change_note=draft.change_note,
                    is_major=draft.is_major,
                    suggestions=suggestions,
                )  # dated when it is published, like a publication by hand
                published += 1
        except Exception:
            failed += 1
            logger.exception("Planned publication failed; it is tried again at the next run", extra={"version": pk})
    return published, failed


def send_review_reminders(now=None):
    """One e-mail to the guidance editors per document whose review date is at most REMINDER_DAYS away
    (or past) and not yet reminded of. Returns how many documents were reminded of."""
    today = timezone.localdate(now or timezone.now())
    due = GuidanceDocument.objects.filter(
        withdrawn_at__isnull=True, review_before__isnull=False, review_before__lte=today + timedelta(days=REMINDER_DAYS)
    ).exclude(review_reminded_for=F("review_before"))
    reminded = 0
    for document in due:
        with transaction.atomic():
            updated = GuidanceDocument.objects.filter(pk=document.pk).exclude(review_reminded_for=F("review_before"))
            if not updated.update(review_reminded_for=F("review_before")):
                continue  # another run sent it
            _mail(
                "review_reminder",
                _("Herzien vóór %(date)s: “%(title)s”")
                % {"date": date_format(document.review_before, "j F Y"), "title": document.title[:80]},
                _guidance_editors(),
                {"document": document, "path": reverse("guidance_editors:document", args=[document.slug])},
            )
            reminded += 1
    return reminded


def _guidance_editors():
    return [user.email for user in User.objects.notified_editors() if can_edit(user)]
