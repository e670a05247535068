"""Every change to a question: asking, the desk's actions, the asker's additions, the reminders.

Each service checks who acts, locks the row, asks the workflow where the action takes the question,
records the decision and sends its e-mails after commit. An e-mail about a question names its reference
and links to it; it never carries the thread, so nothing of it (an internal note least of all) travels
by mail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from vlaanderenhelpt.attachments import checksum, validate_attachment
from vlaanderenhelpt.errors import DomainError, already_decided
from vlaanderenhelpt.mail import mail_after_commit
from vlaanderenhelpt.permissions import ANSWER_QUESTIONS
from vlaanderenhelpt.text import clean_multiline, clean_text
from vlaanderenhelpt.workflow import NO_STATE
from vlaanderenhelpt.working_days import add_working_days

from .models import (
    WORKFLOW,
    Action,
    Message,
    Question,
    QuestionAttachment,
    QuestionDecision,
    QuestionTheme,
    ReferenceCounter,
    Status,
)

MAX_TEXT = 20000


class QuestionError(DomainError):
    """A refused change to a question, with a Dutch message for the user."""


def can_answer(user):
    """Whether `user` works on the question desk."""
    return user.is_authenticated and user.is_active and user.has_perm(ANSWER_QUESTIONS)


def is_member(user, local_government):
    """Whether `user` works for `local_government`: then they read and add to its questions."""
    return user.is_authenticated and user.memberships.filter(local_government=local_government).exists()


def require_desk(user):
    """Refuse anyone but the desk."""
    if not can_answer(user):
        raise QuestionError(_("Alleen de vragendesk kan dit doen."))


def _require_member(user, local_government):
    if not is_member(user, local_government):
        raise QuestionError(_("U werkt niet voor dit bestuur."))


def message_text(text, what):
    """A thread's text as stored (clean line endings, no control characters), refused when empty or too long."""
    text = clean_multiline(text or "").strip()
    if not text:
        raise QuestionError(_("Schrijf %(what)s.") % {"what": what})
    if len(text) > MAX_TEXT:
        raise QuestionError(
            _("Een tekst is hoogstens %(max)s tekens lang.") % {"max": f"{MAX_TEXT:,}".replace(",", ".")}
        )
    return text


def _reference(year):
    """The next reference number of `year`, in one statement: two questions sent at once get two."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608 (the table name is the model's)
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        number = cursor.fetchone()[0]
    return f"V-{year}-{number:04d}"


def _attach(question, uploads, user, message=None):
    """Store the uploaded files under generated names, each checked as every attachment of the site is."""
    for uploaded in uploads:
        try:
            original_name, content_type = validate_attachment(uploaded)
        except ValidationError as error:
            raise QuestionError(f"{uploaded.name}: {error.messages[0]}") from None
        QuestionAttachment.objects.create(
            question=question,
            message=message,
            title=original_name[:200],
            file=uploaded,
            original_name=original_name,
            content_type=content_type,
            size=uploaded.size,
            sha256=checksum(uploaded),
            uploaded_by=user,
        )


def due_after(moment):
    """The date a question that reached the desk at `moment` should be answered by."""
    return add_working_days(timezone.localdate(moment), settings.QUESTION_DUE_WORKING_DAYS)


def _lock(question):
    return Question.objects.select_for_update().select_related("local_government").get(pk=question.pk)


def _move(question, action, actor, *, reason="", at=None):
    """Take `question` (locked) where `action` takes it and record the decision; refuse what is decided."""
    to_state = WORKFLOW.target(action, question.status)
    if to_state is None:
        last = QuestionDecision.last_of(question.decisions.exclude(action=Action.DUPLICATE))
        raise QuestionError(
            already_decided(
                who=last.actor if last else None,
                when=last.created_at if last else None,
                outcome=question.get_status_display(),
            )
        )
    from_state = question.status
    question.status = to_state
    QuestionDecision.record(
        WORKFLOW, action, from_state, question=question, actor=actor, reason=reason, created_at=at or timezone.now()
    )
    return from_state


def _mail(template, subject, recipients, question):
    mail_after_commit(
        template=f"questions/email/{template}.txt",
        subject=subject,
        recipients=recipients,
        context={"question": question},
    )


def desk_members():
    """The active users who hold the desk's permission, through a group or their own, by name."""
    app_label, codename = ANSWER_QUESTIONS.split(".")
    holds = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
    holds |= Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    members = User.objects.filter(holds | Q(is_superuser=True), is_active=True)
    return User.objects.filter(pk__in=members.values("pk")).order_by("full_name", "email")


def desk_addresses():
    """The desk members who asked to hear of new work."""
    return list(desk_members().filter(notify_new_submissions=True).values_list("email", flat=True))


def _asker_addresses(question):
    """Who hears of the desk's reply: the asker while they still work for the government; otherwise
    every member of it (the question is the government's, not one person's)."""
    asker = question.asked_by
    if asker is not None and asker.is_active and is_member(asker, question.local_government):
        return [asker.email]
    return list(User.objects.members_of(question.local_government).values_list("email", flat=True))


def handler_addresses(question):
    """Who hears of what the asker or an expert adds: the handler, or the desk while nobody has it."""
    if question.handler is not None and question.handler.is_active:
        return [question.handler.email]
    return desk_addresses()


@transaction.atomic
def ask(*, official, local_government, theme, title, text, needed_by=None, attachments=(), at=None):
    """An official asks ABB a question on behalf of their government, with files if they like."""
    _require_member(official, local_government)
    if not QuestionTheme.objects.offered().filter(pk=theme.pk).exists():
        raise QuestionError(_("Kies een thema uit de lijst."))
    title = " ".join(clean_text(title or "").split())
    if not title:
        raise QuestionError(_("Geef uw vraag een titel."))
    at = at or timezone.now()
    question = Question.objects.create(
        reference=_reference(timezone.localdate(at).year),
        local_government=local_government,
        asked_by=official,
        theme=theme,
        title=title[:200],
        text=message_text(text, _("uw vraag")),
        needed_by=needed_by,
        status=Status.NEW,
        due_on=due_after(at),
        created_at=at,
    )
    QuestionDecision.record(WORKFLOW, Action.ASK, NO_STATE, question=question, actor=official, created_at=at)
    _attach(question, attachments, official)
    subject = _("Nieuwe vraag %(reference)s: %(title)s") % {"reference": question.reference, "title": title[:80]}
    _mail("new_question", subject, desk_addresses(), question)
    _mail(
        "received",
        _("Uw vraag %(reference)s is ontvangen") % {"reference": question.reference},
        [official.email],
        question,
    )
    return question


@transaction.atomic
def assign(*, question, actor, handler):
    """The desk gives a question to one of its members (to oneself, or to a colleague)."""
    require_desk(actor)
    if not can_answer(handler):
        raise QuestionError(_("Wijs de vraag toe aan iemand van de vragendesk."))
    question = _lock(question)
    if question.handler_id == handler.pk:
        raise QuestionError(_("Deze vraag is al toegewezen aan %(name)s.") % {"name": handler})
    _move(question, Action.ASSIGN, actor, reason=str(handler))
    question.handler = handler
    question.save(update_fields=["status", "handler"])
    if handler != actor:
        subject = _("Vraag %(reference)s is aan u toegewezen") % {"reference": question.reference}
        _mail("assigned", subject, [handler.email], question)
    return question


@transaction.atomic
def add_note(*, question, author, text):
    """An internal note of the desk: never shown to the asker, in no page, feed, export or e-mail."""
    require_desk(author)
    question = _lock(question)
    return Message.objects.create(
        question=question, kind=Message.Kind.NOTE, author=author, text=message_text(text, _("een notitie"))
    )


def _reply(question, actor, action, kind, text):
    require_desk(actor)
    question = _lock(question)
    text = message_text(text, _("een bericht aan de vrager"))
    _move(question, action, actor)
    now = timezone.now()
    question.handler = question.handler or actor
    question.first_answered_at = question.first_answered_at or now
    question.save(update_fields=["status", "handler", "first_answered_at"])
    message = Message.objects.create(question=question, kind=kind, author=actor, text=text, created_at=now)
    if action == Action.ANSWER:
        subject = _("Antwoord op uw vraag %(reference)s") % {"reference": question.reference}
    else:
        subject = _("De vragendesk vraagt meer informatie over %(reference)s") % {"reference": question.reference}
    _mail("reply", subject, _asker_addresses(question), question)
    return message


@transaction.atomic
def ask_for_more(*, question, actor, text):
    """The desk asks the asker for more information; the question waits for them."""
    return _reply(question, actor, Action.ASK_MORE, Message.Kind.ASK_MORE, text)


@transaction.atomic
def answer(*, question, actor, text):
    """The desk answers the asker."""
    return _reply(question, actor, Action.ANSWER, Message.Kind.ANSWER, text)


@transaction.atomic
def add(*, question, official, text, attachments=()):
    """A member of the asking government adds to the thread: an answer to the desk, or a follow-up
    after its answer. The question becomes the desk's turn again, due anew."""
    question = _lock(question)
    _require_member(official, question.local_government)
    text = message_text(text, _("uw bericht"))
    from_state = _move(question, Action.ADD, official)
    if from_state != question.status:  # it came back to the desk: a new due date, a new reminder
        question.due_on = due_after(timezone.now())
        question.reminded_for = None
    question.save(update_fields=["status", "due_on", "reminded_for"])
    message = Message.objects.create(question=question, kind=Message.Kind.ASKER, author=official, text=text)
    _attach(question, attachments, official, message=message)
    subject = _("Vraag %(reference)s is aangevuld door de vrager") % {"reference": question.reference}
    _mail("added", subject, handler_addresses(question), question)
    return message


@transaction.atomic
def close(*, question, actor):
    """The asker (my question is answered) or the desk closes a question that waits for the asker or
    was answered."""
    question = _lock(question)
    if not (can_answer(actor) or is_member(actor, question.local_government)):
        raise QuestionError(_("U kunt deze vraag niet sluiten."))
    _move(question, Action.CLOSE, actor)
    question.closed_at = timezone.now()
    question.save(update_fields=["status", "closed_at"])
    return question


@transaction.atomic
def mark_duplicate(*, question, actor, original):
    """The desk records that `question` asks what `original` asks (another government's, mostly): the
    desk sees how many governments asked it. The question itself is answered as any other."""
    require_desk(actor)
    question = _lock(question)
    original = Question.objects.select_related("duplicate_of").get(pk=original.pk)
    original = original.duplicate_of or original  # one level: every duplicate points at the same one
    if original.pk == question.pk:
        raise QuestionError(_("Een vraag kan niet dezelfde zijn als zichzelf."))
    if question.duplicate_of_id == original.pk:
        raise QuestionError(_("Deze vraag staat al bij %(reference)s.") % {"reference": original.reference})
    question.duplicate_of = original
    question.save(update_fields=["duplicate_of"])
    Question.objects.filter(duplicate_of=question).update(duplicate_of=original)
    QuestionDecision.record(None, Action.DUPLICATE, NO_STATE, question=question, actor=actor, reason=original.reference)
    return question


def send_due_reminders(now=None):
    """One e-mail to the handler (the desk while nobody has it) of each question that is the desk's turn
    and due the next working day or earlier, once per due date. Returns how many were reminded of."""
    today = timezone.localdate(now or timezone.now())
    due = (
        Question.objects.filter(status__in=(Status.NEW, Status.ASSIGNED), due_on__lte=add_working_days(today, 1))
        .exclude(reminded_for=F("due_on"))
        .select_related("handler")
    )
    reminded = 0
    for question in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Question.objects.filter(pk=question.pk).exclude(reminded_for=F("due_on"))
            if not claimed.update(reminded_for=F("due_on")):
                continue  # another run sent it
            if question.due_on < today:
                subject = _("Te laat: vraag %(reference)s moest beantwoord zijn op %(date)s")
            else:
                subject = _("Herinnering: vraag %(reference)s te beantwoorden tegen %(date)s")
            subject %= {"reference": question.reference, "date": date_format(question.due_on, "j F Y")}
            _mail("reminder", subject, handler_addresses(question), question)
            reminded += 1
    return reminded
