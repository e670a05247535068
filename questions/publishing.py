"""Every change to a clarification: drafted from answered questions, written, offered, approved by a
second editor and published, corrected in a new version, confirmed or marked for review.

A published version never changes; a correction is a new version with a change note, and the old one
stays readable. The governments whose questions fed a clarification hear of each publication."""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from guidance.models import Section
from vlaanderenhelpt import generation
from vlaanderenhelpt.errors import DomainError, already_decided
from vlaanderenhelpt.mail import mail_after_commit
from vlaanderenhelpt.permissions import EDIT_CLARIFICATIONS
from vlaanderenhelpt.publications import publication_moment
from vlaanderenhelpt.slugs import unique_slug
from vlaanderenhelpt.text import clean_multiline, clean_text
from vlaanderenhelpt.workflow import NO_STATE

from .models import (
    CLARIFICATION_WORKFLOW,
    Clarification,
    ClarificationAction,
    ClarificationDecision,
    ClarificationVersion,
    ClarifiedSection,
    MessageKind,
    Question,
    Rule,
    Status,
    VersionStatus,
)

MAX_BODY = 20000


class ClarificationError(DomainError):
    """A refused change to a clarification, with a Dutch message for the editor."""


@dataclass(frozen=True)
class RuleText:
    """A rule as an editor typed it."""

    name: str
    article: str = ""
    url: str = ""
    valid_from: object = None
    valid_until: object = None


@dataclass(frozen=True)
class Draft:
    """What an editor writes in a version: text, the guidance sections it clarifies (Section rows of the
    current guidance), the rules it rests on, the periods of measures it belongs to."""

    title: str
    body: str
    change_note: str = ""
    sections: tuple = ()
    rules: tuple = field(default=())
    periods: tuple = ()


def can_edit(user):
    """Whether `user` writes and approves clarifications."""
    return user.is_authenticated and user.is_active and user.has_perm(EDIT_CLARIFICATIONS)


def _require_editor(user):
    if not can_edit(user):
        raise ClarificationError(_("Alleen de redactie kan verduidelijkingen opstellen en publiceren."))


def _record(version, action, actor, *, from_state, reason="", at=None):
    workflow = None if from_state is None else CLARIFICATION_WORKFLOW
    return ClarificationDecision.record(
        workflow,
        action,
        NO_STATE if from_state is None else from_state,
        clarification_id=version.clarification_id,
        version=version,
        actor=actor,
        reason=reason,
        created_at=at or timezone.now(),
    )


def _move(version, action, actor, *, reason=""):
    """Take `version` (locked) where `action` takes it and record it; refuse what was decided already."""
    to_state = CLARIFICATION_WORKFLOW.target(action, version.status)
    if to_state is None:
        last = ClarificationDecision.last_of(ClarificationDecision.objects.filter(version=version))
        raise ClarificationError(
            already_decided(
                who=last.actor if last else None,
                when=last.created_at if last else None,
                outcome=version.get_status_display(),
            )
        )
    _record(version, action, actor, from_state=version.status, reason=reason)
    version.status = to_state
    return version


def nothing_open(clarification):
    """The refusal of a decision on a version that is no longer open (a double click, two editors)."""
    last = ClarificationDecision.last_of(
        clarification.decisions.exclude(action__in=(ClarificationAction.MARK_REVIEW, ClarificationAction.CONFIRM))
    )
    return ClarificationError(
        already_decided(
            who=last.actor if last else None,
            when=last.created_at if last else None,
            outcome=last.get_action_display() if last else VersionStatus.PUBLISHED.label,
        )
    )


def starting_text(questions):
    """The draft's first text: the desk's answers to the questions, to be rewritten without names."""
    answers = []
    for question in questions:
        answer = question.messages.filter(kind=MessageKind.ANSWER).order_by("-created_at", "-pk").first()
        if answer is not None:
            answers.append(answer.text)
    return "\n\n".join(answers)


@transaction.atomic
def create(*, editor, questions, theme=None):
    """A clarification drafted from one or more answered questions: its first version starts from the
    desk's answers and the first question's title, which the editor rewrites as a statement."""
    _require_editor(editor)
    order = [q.pk for q in questions]
    fresh = Question.objects.select_related("theme").in_bulk(order)  # their state now, not as the caller read it
    questions = [fresh[pk] for pk in order if pk in fresh]
    if not questions:
        raise ClarificationError(_("Kies minstens één beantwoorde vraag."))
    unanswered = [q.reference for q in questions if q.status not in (Status.ANSWERED, Status.CLOSED)]
    if unanswered:
        raise ClarificationError(
            _("Deze vragen zijn nog niet beantwoord: %(references)s.") % {"references": ", ".join(unanswered)}
        )
    first = questions[0]
    # Its address comes from the approved title (no asker's wording in it); until then a placeholder.
    clarification = Clarification.objects.create(
        slug=f"concept-{uuid.uuid4().hex[:16]}", theme=theme or first.theme, created_at=timezone.now()
    )
    clarification.questions.set(questions)
    version = ClarificationVersion.objects.create(
        clarification=clarification,
        number=1,
        title=first.title,
        body=starting_text(questions),
        written_by=editor,
    )
    _record(version, ClarificationAction.CREATE, editor, from_state=NO_STATE)
    return clarification


def _lock(version):
    return ClarificationVersion.objects.select_for_update().select_related("clarification").get(pk=version.pk)


@transaction.atomic
def save_draft(*, version, editor, draft):
    """Write a draft version: its text, sections, rules and periods (replaced whole)."""
    _require_editor(editor)
    version = _lock(version)
    if version.status != VersionStatus.DRAFT:
        raise ClarificationError(_("Deze versie is niet meer in concept; er is niets bewaard."))
    title = " ".join(clean_text(draft.title).split())
    body = clean_multiline(draft.body).strip()
    if not title or not body:
        raise ClarificationError(_("Een verduidelijking heeft een titel en een tekst."))
    if len(body) > MAX_BODY:
        raise ClarificationError(_("De tekst is te lang."))
    version.title, version.body = title[:200], body
    version.change_note = clean_multiline(draft.change_note).strip()
    version.written_by = editor
    version.save()
    version.sections.all().delete()
    ClarifiedSection.objects.bulk_create(
        ClarifiedSection(
            version=version,
            document_id=section.version.document_id,
            guidance_version_id=section.version_id,
            anchor=section.anchor,
            title=section.title,
        )
        for section in draft.sections
    )
    version.rules.all().delete()
    Rule.objects.bulk_create(
        Rule(
            version=version,
            name=" ".join(clean_text(rule.name).split())[:200],
            article=" ".join(clean_text(rule.article).split())[:100],
            url=rule.url.strip(),
            valid_from=rule.valid_from,
            valid_until=rule.valid_until,
        )
        for rule in draft.rules
        if rule.name.strip()
    )
    version.periods.set(draft.periods)
    return version


@transaction.atomic
def submit(*, version, editor):
    """Offer a draft for approval by a second editor. A correction says what changed."""
    _require_editor(editor)
    version = _lock(version)
    if version.number > 1 and version.status == VersionStatus.DRAFT and not version.change_note:
        raise ClarificationError(_("Schrijf in de wijzigingsnota wat er veranderde: de lezers zien ze."))
    _move(version, ClarificationAction.SUBMIT, editor)
    version.save(update_fields=["status"])
    return version


@transaction.atomic
def send_back(*, version, editor, reason):
    """The second editor sends a version back to be rewritten, saying why."""
    _require_editor(editor)
    reason = clean_multiline(reason or "").strip()
    if not reason:
        raise ClarificationError(_("Zeg wat er anders moet."))
    version = _lock(version)
    _move(version, ClarificationAction.SEND_BACK, editor, reason=reason)
    version.save(update_fields=["status"])
    return version


def governments_asked(clarification):
    """The governments whose questions (or the duplicates of them) the clarification answers."""
    questions = clarification.questions.all()
    duplicates = Question.objects.filter(duplicate_of__in=questions)
    ids = set(questions.values_list("local_government", flat=True)) | set(
        duplicates.values_list("local_government", flat=True)
    )
    return ids


def _refresh_search_vector(clarification, version):
    """Title (A) > theme and text (B), on PostgreSQL; SQLite searches the columns directly."""
    if connection.vendor != "postgresql":
        return
    vector = (
        SearchVector(Value(version.title), weight="A", config="dutch")
        + SearchVector(Value(clarification.theme.name), weight="B", config="dutch")
        + SearchVector(Value(version.body), weight="B", config="dutch")
    )
    Clarification.objects.filter(pk=clarification.pk).update(search_vector=vector)


@transaction.atomic
def approve(*, version, editor, at=None):
    """A second editor approves a version: it is published, the clarification shows it, its review mark
    is lifted, and the governments that asked hear of it."""
    _require_editor(editor)
    at = at or publication_moment()  # first: the alerts take every publication once (vlaanderenhelpt.publications)
    version = _lock(version)
    own = version.written_by_id == editor.pk and version.status == VersionStatus.SUBMITTED
    if settings.REQUIRE_SECOND_EDITOR and own:
        raise ClarificationError(_("Een andere redacteur keurt goed wat u schreef."))
    _move(version, ClarificationAction.APPROVE, editor)
    version.approved_by, version.published_at = editor, at
    version.save(update_fields=["status", "approved_by", "published_at"])
    clarification = Clarification.objects.select_for_update().get(pk=version.clarification_id)
    changed = clarification.current_id is not None
    if clarification.current_id is None:  # the first publication names its permanent address
        clarification.slug = unique_slug(Clarification, version.title, fallback="verduidelijking", base_length=190)
    clarification.current = version
    clarification.first_published_at = clarification.first_published_at or at
    clarification.last_published_at = at
    clarification.review_since, clarification.review_reasons, clarification.reviewed_at = None, [], at
    governments = governments_asked(clarification)
    clarification.asked_count = len(governments)
    clarification.save()
    _refresh_search_vector(clarification, version)
    generation.changed()  # the public lists and the guidance pages show it
    recipients = User.objects.filter(memberships__local_government__in=governments, is_active=True).distinct()
    subject = (_("Verduidelijking bijgewerkt: %(title)s") if changed else _("Nieuwe verduidelijking: %(title)s")) % {
        "title": version.title[:80]
    }
    mail_after_commit(
        template="questions/email/clarification_published.txt",
        subject=subject,
        recipients=recipients.values_list("email", flat=True),
        context={"clarification": clarification, "version": version, "changed": changed},
    )
    return version


@transaction.atomic
def start_correction(*, clarification, editor):
    """A new draft version from the current one, with its sections, rules and periods: the published
    version stays as it was, and readable."""
    _require_editor(editor)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if clarification.versions.exclude(status=VersionStatus.PUBLISHED).exists():
        raise ClarificationError(_("Er is al een nieuwe versie in de maak."))
    current = clarification.current
    if current is None:
        raise ClarificationError(_("Deze verduidelijking is nog niet gepubliceerd."))
    version = ClarificationVersion.objects.create(
        clarification=clarification,
        number=clarification.versions.count() + 1,
        title=current.title,
        body=current.body,
        written_by=editor,
    )
    ClarifiedSection.objects.bulk_create(
        ClarifiedSection(
            version=version,
            document_id=s.document_id,
            guidance_version_id=s.guidance_version_id,
            anchor=s.anchor,
            title=s.title,
        )
        for s in current.sections.all()
    )
    Rule.objects.bulk_create(
        Rule(
            version=version,
            name=r.name,
            article=r.article,
            url=r.url,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
        )
        for r in current.rules.all()
    )
    version.periods.set(current.periods.all())
    _record(version, ClarificationAction.CREATE, editor, from_state=NO_STATE)
    return version


@transaction.atomic
def confirm(*, clarification, editor, note=""):
    """An editor checked a clarification marked for review: it still holds. The mark is lifted."""
    _require_editor(editor)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if clarification.review_since is None:
        last = ClarificationDecision.last_of(clarification.decisions.filter(action=ClarificationAction.CONFIRM))
        raise ClarificationError(
            already_decided(
                who=last.actor if last else None,
                when=last.created_at if last else None,
                outcome=_("nagekeken: nog juist"),
            )
        )
    clarification.review_since, clarification.review_reasons = None, []
    clarification.reviewed_at = timezone.now()
    clarification.save(update_fields=["review_since", "review_reasons", "reviewed_at"])
    _record(clarification.current, ClarificationAction.CONFIRM, editor, from_state=None, reason=clean_text(note))
    generation.changed()  # readers no longer see the warning
    return clarification


def current_sections(keys):
    """The Section rows of the current guidance for "document-slug#anchor" keys; unknown keys are left out."""
    wanted = {}
    for key in keys:
        slug, _hash, anchor = str(key).partition("#")
        wanted.setdefault(slug, set()).add(anchor)
    if not wanted:
        return []
    sections = Section.objects.current().select_related("version__document")
    return [
        s for s in sections.filter(version__document__slug__in=wanted) if s.anchor in wanted[s.version.document.slug]
    ]
