"""Asking an expert of another administration: the desk forwards a question by e-mail with a single-use
link, and the expert's advice lands in the thread, for the desk only (it answers the asker itself).

The link shows the question and the desk's note, never the asker's name or address nor the thread; it
works once and for EXPERT_LINK_DAYS days. Only the token's hash is stored."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vlaanderenhelpt.mail import mail_after_commit
from vlaanderenhelpt.text import clean_text
from vlaanderenhelpt.tokens import token_hash
from vlaanderenhelpt.workflow import NO_STATE

from .models import Action, ExpertRequest, Message, Question, QuestionDecision
from .services import QuestionError, handler_addresses, message_text, require_desk

EXPERT_LINK_DAYS = 14


@transaction.atomic
def forward(*, question, actor, name, organisation, email, note):
    """The desk asks an expert for advice; the expert gets an e-mail with a single-use link."""
    require_desk(actor)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not question.is_open:
        raise QuestionError(_("Een vraag die beantwoord of gesloten is, stuurt u niet meer door."))
    token, now = secrets.token_urlsafe(32), timezone.now()
    request = ExpertRequest.objects.create(
        question=question,
        name=" ".join(clean_text(name).split())[:150],
        organisation=" ".join(clean_text(organisation).split())[:200],
        email=email.strip(),
        note=message_text(note, _("wat u de expert vraagt")),
        token_hash=token_hash(token),
        sent_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=EXPERT_LINK_DAYS),
    )
    QuestionDecision.record(
        None,
        Action.FORWARD,
        NO_STATE,
        question=question,
        actor=actor,
        reason=f"{request.name} ({request.organisation})",
    )
    mail_after_commit(
        template="questions/email/expert.txt",
        subject=_("Vraag om advies van de vragendesk van ABB (%(reference)s)") % {"reference": question.reference},
        recipients=[request.email],
        context={"request": request, "path": reverse("questions:expert", args=[token]), "days": EXPERT_LINK_DAYS},
    )
    request.token = token  # only its hash is kept; the tests and the demo follow the link with it
    return request


def find(token):
    """The open request a link names (not answered, not expired), or None."""
    found = ExpertRequest.objects.select_related("question__theme", "question__local_government")
    request = found.filter(token_hash=token_hash(token)).first()
    return request if request is not None and request.is_open() else None


@transaction.atomic
def advise(*, token, text):
    """The expert's advice through the link: recorded in the thread for the desk, once."""
    request = ExpertRequest.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if request is None or not request.is_open():
        raise QuestionError(_("Deze link werkt niet meer: hij werd al gebruikt of is verlopen."))
    request.answered_at = timezone.now()
    request.save(update_fields=["answered_at"])
    message = Message.objects.create(
        question=request.question,
        kind=Message.Kind.EXPERT,
        author=None,
        expert_request=request,
        text=message_text(text, _("uw advies")),
    )
    question = request.question
    mail_after_commit(
        template="questions/email/expert_advised.txt",
        subject=_("Advies van een expert bij vraag %(reference)s") % {"reference": question.reference},
        recipients=handler_addresses(question),
        context={"question": question, "request": request},
    )
    return message
