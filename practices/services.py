"""Every change of state of a practice happens here: atomic, on a locked row, checked against one
table of allowed transitions, and recorded as a Decision."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import LocalGovernment
from vlaanderenhelpt import generation
from vlaanderenhelpt.attachments import checksum, validate_attachment
from vlaanderenhelpt.errors import DomainError, already_decided
from vlaanderenhelpt.permissions import MODERATE_PRACTICE
from vlaanderenhelpt.publications import publication_moment
from vlaanderenhelpt.slugs import unique_slug
from vlaanderenhelpt.text import clean_multiline, clean_text

from .models import (
    Action,
    Attachment,
    Decision,
    Practice,
    PracticeVersion,
    ProblemReport,
    ProblemReportDecision,
    Status,
)
from .periods import refresh_outdated
from .search_entries import refresh_search_vectors
from .states import WORKFLOW
from .tasks import notify_after_commit

EDITABLE_STATUSES = (
    Status.DRAFT,
    Status.CHANGES_REQUESTED,
    Status.PUBLISHED,
    Status.UPDATE_CHANGES_REQUESTED,
)
REASON_REQUIRED = (Action.REQUEST_CHANGES, Action.REJECT, Action.ARCHIVE)


class PracticeError(DomainError):
    """A refused change to a practice."""


@dataclass
class Content:
    """What a submitter writes: the scalar fields, the related lists and the free tags. A form that
    holds only some of them (one step of the submission) leaves the others as they are: a field
    missing from `fields`, or a list left at None, is not touched."""

    fields: dict
    themes: tuple | None = None
    phases: tuple | None = None
    target_groups: tuple | None = None
    partners: tuple | None = None
    attachments: tuple | None = None
    periods: tuple | None = None
    tags: tuple | None = None


# The actions that end a review or change what is online: an action refused after one of these is a
# decision already taken, and is told who took it.
DECIDED_BY = {Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT, Action.ARCHIVE, Action.RESTORE, Action.WITHDRAW}


def _lock(practice):
    return Practice.objects.select_for_update().get(pk=practice.pk)


def can_act_for(user, local_government):
    """Whether `user` may act for `local_government`: a member, or an editor."""
    return user.has_perm(MODERATE_PRACTICE) or user.memberships.filter(local_government=local_government).exists()


def _write_version(version, content, author=None):
    if author is not None and author.has_perm(MODERATE_PRACTICE) and author.pk not in version.editor_authors:
        version.editor_authors = [*version.editor_authors, author.pk]
    for name in PracticeVersion.SCALAR_FIELDS:
        if name in content.fields:
            value = content.fields[name]
            setattr(version, name, clean_multiline(value) if isinstance(value, str) else value)
    if "confirms_current" in content.fields:
        version.confirms_current = bool(content.fields["confirms_current"])
    if content.tags is not None:
        version.tag_names = sorted({clean_text(t).strip()[:100] for t in content.tags if t.strip()}, key=str.lower)
    version.updated_at = timezone.now()
    try:
        version.clean_fields(exclude=["practice", "created_by"])
    except ValidationError as error:
        # The forms check this first; here it guards every other road into the database.
        labels = {f.name: f.verbose_name for f in PracticeVersion._meta.fields}
        raise PracticeError(
            " ".join(f"{labels.get(name, name)}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        ) from None
    version.save()
    for name in PracticeVersion.RELATED_FIELDS:
        if (chosen := getattr(content, name)) is not None:
            getattr(version, name).set(chosen)


def _copy_version(source, number, author):
    copy = PracticeVersion(practice=source.practice, number=number, created_by=author)
    for name in PracticeVersion.SCALAR_FIELDS:
        setattr(copy, name, getattr(source, name))
    copy.tag_names = list(source.tag_names)
    copy.save()
    for name in PracticeVersion.RELATED_FIELDS:
        getattr(copy, name).set(getattr(source, name).all())
    return copy


def _record(practice, *, action, actor, from_state, version=None, reason=""):
    decision = Decision.record(
        WORKFLOW, action, from_state, practice=practice, version=version, actor=actor, reason=reason
    )
    notify_after_commit(decision)
    return decision


PRACTICE_MAX_BYTES = 50 * 1024 * 1024
MAX_ATTACHMENTS = 15


def _store_files(practice, author, files):
    """Store new uploads on the working version, within the per-practice limits."""
    version = practice.working_version
    current = list(version.attachments.values_list("size", flat=True))
    if len(current) + len(files) > MAX_ATTACHMENTS:
        raise PracticeError(_("Een praktijkvoorbeeld heeft hoogstens %(n)d bijlagen.") % {"n": MAX_ATTACHMENTS})
    if sum(current) + sum(uploaded.size for uploaded, _title in files) > PRACTICE_MAX_BYTES:
        raise PracticeError(_("Alle bijlagen samen mogen hoogstens 50 MB zijn."))
    for uploaded, title in files:
        add_attachment(practice=practice, author=author, uploaded=uploaded, title=title)


@transaction.atomic
def create_practice(*, author, local_government: LocalGovernment, content: Content, note="", files=()) -> Practice:
    """Start a new practice as a draft on behalf of a local government the author belongs to."""
    if not can_act_for(author, local_government):
        raise PracticeError(_("U kunt geen praktijkvoorbeeld indienen namens %(name)s.") % {"name": local_government})
    title = content.fields.get("title") or _("Naamloos praktijkvoorbeeld")
    practice = Practice.objects.create(
        title=title,
        slug=unique_slug(Practice, title, fallback="praktijkvoorbeeld", base_length=200),
        local_government=local_government,
        created_by=author,
    )
    version = PracticeVersion(practice=practice, number=1, created_by=author, note_to_editors=clean_multiline(note))
    _write_version(version, content, author)
    practice.working_version = version
    practice.save(update_fields=["working_version"])
    _record(practice, action=Action.CREATE, actor=author, from_state=Status.DRAFT, version=version)
    _store_files(practice, author, files)
    return practice


@transaction.atomic
def save_draft(*, practice, author, content: Content, note=None, files=(), replacements=()) -> PracticeVersion:
    """Save the working version. After a request for changes, or on a published practice, a new
    version is started so that what was submitted or published stays as it was. A note of None
    leaves the note to the editors as it is."""
    practice = _lock(practice)
    if not can_act_for(author, practice.local_government):
        raise PracticeError(_("U kunt dit praktijkvoorbeeld niet bewerken."))
    if practice.status not in EDITABLE_STATUSES:
        raise PracticeError(
            _("Dit praktijkvoorbeeld kan nu niet bewerkt worden (status: %(status)s).")
            % {"status": practice.get_status_display()}
        )
    version = practice.working_version
    if version is None or version.submitted_at is not None:
        source = version or practice.published_version
        number = practice.versions.count() + 1
        version = _copy_version(source, number, author)
        practice.working_version = version
        practice.save(update_fields=["working_version"])
    if note is not None:
        version.note_to_editors = clean_multiline(note)
    _write_version(version, content, author)
    if practice.status == Status.DRAFT and content.fields.get("title"):
        Practice.objects.filter(pk=practice.pk).update(title=content.fields["title"])
    _store_files(practice, author, files)
    for old, uploaded, change_note in replacements:
        replace_attachment(practice=practice, author=author, old=old, uploaded=uploaded, change_note=change_note)
    return version


@transaction.atomic
def add_attachment(*, practice, author, uploaded, title="") -> Attachment:
    """Store an uploaded file under a generated name and add it to the working version."""
    practice = _lock(practice)
    if practice.working_version is None or practice.working_version.submitted_at is not None:
        raise PracticeError(_("Bewaar eerst een concept voor u een bijlage toevoegt."))
    original_name, content_type = validate_attachment(uploaded)
    attachment = Attachment.objects.create(
        practice=practice,
        title=(title or original_name)[:200],
        file=uploaded,
        original_name=original_name,
        content_type=content_type,
        size=uploaded.size,
        sha256=checksum(uploaded),
        uploaded_by=author,
    )
    practice.working_version.attachments.add(attachment)
    return attachment


@transaction.atomic
def replace_attachment(*, practice, author, old, uploaded, change_note) -> Attachment:
    """A new version of a file of the working version (a corrected template): it takes the old one's
    place there, with the old one's title and series and a note on what changed. Once published, the
    page offers the new one and keeps the old one in its version history; its followers hear of it."""
    practice = _lock(practice)
    version = practice.working_version
    if version is None or version.submitted_at is not None:
        raise PracticeError(_("Bewaar eerst een concept voor u een bijlage vervangt."))
    if not version.attachments.filter(pk=old.pk).exists():
        raise PracticeError(_("Deze bijlage hoort niet bij de versie in bewerking."))
    change_note = clean_multiline(change_note or "").strip()
    if not change_note:
        message = _("Schrijf kort wat er veranderd is in de nieuwe versie van “%(title)s”.")
        raise PracticeError(message % {"title": old.title})
    original_name, content_type = validate_attachment(uploaded)
    sizes = version.attachments.exclude(pk=old.pk).values_list("size", flat=True)
    if sum(sizes) + uploaded.size > PRACTICE_MAX_BYTES:
        raise PracticeError(_("Alle bijlagen samen mogen hoogstens 50 MB zijn."))
    # Counted among the published versions: a replacement replaced again before publication keeps its number.
    published = Attachment.objects.filter(series=old.series, first_published_at__isnull=False).count()
    new = Attachment.objects.create(
        practice=practice,
        title=old.title,
        file=uploaded,
        original_name=original_name,
        content_type=content_type,
        size=uploaded.size,
        sha256=checksum(uploaded),
        uploaded_by=author,
        series=old.series,
        series_number=published + 1,
        change_note=change_note[:500],
    )
    version.attachments.remove(old)
    version.attachments.add(new)
    return new


REQUIRED_TO_SUBMIT = {
    # field: what is missing, as the refusal names it
    "title": gettext_lazy("een titel"),
    "summary": gettext_lazy("een samenvatting"),
    "description": gettext_lazy("wat u gedaan hebt"),
    "themes": gettext_lazy("minstens één thema"),
}


def is_filled(version, name):
    """Whether a version has a value for the field `name`."""
    if name in PracticeVersion.RELATED_FIELDS:
        return version.pk is not None and getattr(version, name).exists()
    return bool(getattr(version, name))


def missing_for_submission(version):
    """The fields a version still lacks before it can be submitted, in the order of the form."""
    return [name for name in REQUIRED_TO_SUBMIT if not is_filled(version, name)]


def _check_complete(version):
    if missing := missing_for_submission(version):
        raise PracticeError(
            _("Vul nog aan voor u indient: %(missing)s.")
            % {"missing": ", ".join(str(REQUIRED_TO_SUBMIT[name]) for name in missing)}
        )


def _transition(practice, *, action, actor, reason=""):
    """Lock the row, ask the workflow where the action takes its status, and change it (unsaved)."""
    locked = _lock(practice)
    target = WORKFLOW.target(action, locked.status)
    if target is None:
        last = Decision.last_of(locked.decisions)
        if last is not None and last.action in DECIDED_BY:
            raise PracticeError(
                already_decided(who=last.actor, when=last.created_at, outcome=last.get_action_display())
            )
        message = _("Deze actie (%(action)s) kan niet bij de huidige status “%(status)s”.") % {
            "action": Action(action).label,
            "status": locked.get_status_display(),
        }
        raise PracticeError(message)
    if action in REASON_REQUIRED and not reason.strip():
        raise PracticeError(_("Geef een toelichting bij deze beslissing."))
    from_state = locked.status
    locked.status = target
    return locked, from_state


@transaction.atomic
def submit(*, practice, actor, note=None) -> Practice:
    """Send the working version to the editors, with a note for them when one is given."""
    locked = _lock(practice)
    if not can_act_for(actor, locked.local_government):
        raise PracticeError(_("U kunt dit praktijkvoorbeeld niet indienen."))
    version = locked.working_version
    if version is None or version.submitted_at is not None:
        raise PracticeError(_("Er is geen nieuwe versie om in te dienen."))
    _check_complete(version)
    if note is not None:
        version.note_to_editors = clean_multiline(note)
        version.save(update_fields=["note_to_editors"])
    locked, from_state = _transition(locked, action=Action.SUBMIT, actor=actor)
    version.submitted_at = timezone.now()
    version.save(update_fields=["submitted_at"])
    locked.save(update_fields=["status"])
    _record(locked, action=Action.SUBMIT, actor=actor, from_state=from_state, version=version)
    return locked


def _publish(practice, version, now):
    """Copy an approved version onto the live row, in the same transaction as the decision."""
    first = practice.published_version_id is None
    if first or (practice.results, practice.evidence) != (version.results, version.evidence):
        practice.results_updated_at = now  # what "resultaten bijgewerkt op" shows
    for name in Practice.SCALAR_FIELDS:
        setattr(practice, name, getattr(version, name))
    practice.published_version = version
    practice.working_version = None
    practice.first_published_at = practice.first_published_at or now
    practice.last_published_at = now
    if version.confirms_current:
        practice.confirmed_current_at = now
    practice.save()
    for name in Practice.RELATED_FIELDS:
        getattr(practice, name).set(getattr(version, name).all())
    version.attachments.filter(first_published_at__isnull=True).update(first_published_at=now)
    practice.tags.set(version.tag_names, clear=True)
    refresh_outdated([practice.pk])
    practice.refresh_from_db(fields=["outdated"])
    refresh_search_vectors([practice.pk])


def _check_version(locked, expected_version):
    """A decision taken on a page that showed another version than the one now in review is refused."""
    if expected_version is not None and locked.working_version_id != int(expected_version):
        raise PracticeError(_("Er werd intussen een andere versie ingediend. Bekijk de nieuwe versie voor u beslist."))


@transaction.atomic
def approve(*, practice, actor, reason="", expected_version=None) -> Practice:
    """Approve the submitted version and publish it: the only road to the public site.

    Second pair of eyes: a version an editor wrote or corrected is approved by another editor,
    unless settings.REQUIRE_SECOND_EDITOR is off (a one-editor team)."""
    if not actor.has_perm(MODERATE_PRACTICE):
        raise PracticeError(_("Alleen de redactie kan praktijkvoorbeelden publiceren."))
    moment = publication_moment()  # first: what this publishes is dated after every run that read before it
    locked, from_state = _transition(practice, action=Action.APPROVE, actor=actor, reason=reason)
    _check_version(locked, expected_version)
    version = locked.working_version
    if settings.REQUIRE_SECOND_EDITOR and (version.created_by_id == actor.pk or actor.pk in version.editor_authors):
        raise PracticeError(_("U schreef of wijzigde deze versie zelf: een andere redacteur moet ze goedkeuren."))
    locked.assigned_to = None
    _publish(locked, version, moment)
    _record(
        locked,
        action=Action.APPROVE,
        actor=actor,
        from_state=from_state,
        version=version,
        reason=reason,
    )
    generation.changed()
    return locked


def _decide(practice, *, action, actor, reason="", editors_only=True, clear_working=False, expected_version=None):
    if editors_only and not actor.has_perm(MODERATE_PRACTICE):
        raise PracticeError(_("Alleen de redactie kan deze beslissing nemen."))
    locked, from_state = _transition(practice, action=action, actor=actor, reason=reason)
    _check_version(locked, expected_version)
    version = locked.working_version
    if clear_working:
        locked.working_version = None
    locked.assigned_to = None
    locked.save(update_fields=["status", "working_version", "assigned_to"])
    _record(
        locked,
        action=action,
        actor=actor,
        from_state=from_state,
        version=version,
        reason=reason,
    )
    generation.changed()
    return locked


@transaction.atomic
def request_changes(*, practice, actor, reason, expected_version=None) -> Practice:
    """An editor asks the submitter for changes, with the reason."""
    return _decide(
        practice, action=Action.REQUEST_CHANGES, actor=actor, reason=reason, expected_version=expected_version
    )


@transaction.atomic
def reject(*, practice, actor, reason, expected_version=None) -> Practice:
    """An editor rejects a submission, with the reason; a rejected update leaves the live version online."""
    return _decide(
        practice,
        action=Action.REJECT,
        actor=actor,
        reason=reason,
        clear_working=True,
        expected_version=expected_version,
    )


@transaction.atomic
def correct(*, practice, editor, content: Content, files=()) -> PracticeVersion:
    """An editor corrects a submission before deciding. The correction is a version of its own, so
    what the submitter sent stays as it was; another editor then approves it."""
    if not editor.has_perm(MODERATE_PRACTICE):
        raise PracticeError(_("Alleen de redactie kan een indiening corrigeren."))
    locked = _lock(practice)
    if not WORKFLOW.allows(Action.CORRECT, locked.status):
        raise PracticeError(_("Alleen een ingediende versie kan gecorrigeerd worden."))
    source = locked.working_version
    version = _copy_version(source, locked.versions.count() + 1, editor)
    version.note_to_editors = source.note_to_editors
    _write_version(version, content, editor)
    locked.working_version = version
    locked.save(update_fields=["working_version"])
    _store_files(locked, editor, files)
    version.submitted_at = timezone.now()
    version.save(update_fields=["submitted_at"])
    _record(locked, action=Action.CORRECT, actor=editor, from_state=locked.status, version=version)
    return version


@transaction.atomic
def take(*, practice, actor) -> Practice:
    """An editor takes a submission: it shows as theirs in the queue. Recorded, not a change of state."""
    if not actor.has_perm(MODERATE_PRACTICE):
        raise PracticeError(_("Alleen de redactie kan een indiening nemen."))
    locked = _lock(practice)
    if not WORKFLOW.allows(Action.TAKE, locked.status):
        last = Decision.last_of(locked.decisions)
        if last is not None and last.action in DECIDED_BY:
            raise PracticeError(
                already_decided(who=last.actor, when=last.created_at, outcome=last.get_action_display())
            )
        raise PracticeError(_("Dit praktijkvoorbeeld wacht niet op beoordeling."))
    if locked.assigned_to_id and locked.assigned_to_id != actor.pk:
        raise PracticeError(_("%(who)s heeft deze indiening al genomen.") % {"who": locked.assigned_to})
    locked.assigned_to = actor
    locked.save(update_fields=["assigned_to"])
    _record(
        locked,
        action=Action.TAKE,
        actor=actor,
        from_state=locked.status,
        version=locked.working_version,
    )
    return locked


@transaction.atomic
def withdraw(*, practice, actor) -> Practice:
    """The submitter takes back a submission that has not been decided yet; it becomes a draft copy."""
    if not can_act_for(actor, practice.local_government):
        raise PracticeError(_("U kunt deze indiening niet intrekken."))
    locked = _decide(practice, action=Action.WITHDRAW, actor=actor, editors_only=False)
    return locked


@transaction.atomic
def archive(*, practice, actor, reason) -> Practice:
    """Take a published practice offline (an editor, or its own government), with the reason."""
    editor = actor.has_perm(MODERATE_PRACTICE)
    if not editor and not can_act_for(actor, practice.local_government):
        raise PracticeError(_("U kunt dit praktijkvoorbeeld niet archiveren."))
    return _decide(practice, action=Action.ARCHIVE, actor=actor, reason=reason, editors_only=False)


@transaction.atomic
def restore(*, practice, actor, reason="") -> Practice:
    """Put an archived practice back online."""
    return _decide(practice, action=Action.RESTORE, actor=actor, reason=reason)


def report_problem(*, practice, kind, text, email=""):
    """Record a reader's report on a published practice (the view keeps the rate limit)."""
    if not Practice.objects.published().filter(pk=practice.pk).exists():
        raise PracticeError(_("Dit praktijkvoorbeeld is niet gepubliceerd."))
    return ProblemReport.objects.create(practice=practice, kind=kind, text=text.strip(), email=email)


@transaction.atomic
def close_report(*, report, editor, note=""):
    """An editor closes a reader's report, with a note; recorded as a decision."""
    if not editor.has_perm(MODERATE_PRACTICE):
        raise PracticeError(_("Alleen de redactie kan een melding afhandelen."))
    locked = ProblemReport.objects.select_for_update().get(pk=report.pk)
    action = ProblemReport.Action.CLOSE
    target = ProblemReport.WORKFLOW.target(action, locked.state)
    if target is None:
        raise PracticeError(already_decided(who=locked.closed_by, when=locked.closed_at, outcome=_("afgehandeld")))
    at = timezone.now()
    ProblemReportDecision.record(
        ProblemReport.WORKFLOW, action, locked.state, report=locked, actor=editor, reason=note.strip(), created_at=at
    )
    locked.closed_at = at
    locked.closed_by = editor
    locked.close_note = note.strip()
    locked.save(update_fields=["closed_at", "closed_by", "close_note"])
    return locked
