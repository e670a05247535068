"""Notifications, sent after commit through Django's tasks framework. Arguments are ids: a task may
run in another process, later."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from vlaanderenhelpt.logs import current_request_id
from vlaanderenhelpt.mail import queue_email
from vlaanderenhelpt.permissions import MODERATE_PRACTICE

from .models import Action, Decision

SUBJECTS = {
    Action.SUBMIT: "Nieuwe indiening: {title}",
    Action.REQUEST_CHANGES: "Aanpassing gevraagd: {title}",
    Action.APPROVE: "Gepubliceerd: {title}",
    Action.REJECT: "Afgewezen: {title}",
    Action.ARCHIVE: "Gearchiveerd: {title}",
}


def _is_editor(user):
    return user is not None and user.has_perm(MODERATE_PRACTICE)


def _members(practice):
    return (
        get_user_model()
        .objects.filter(memberships__local_government=practice.local_government, is_active=True)
        .distinct()
    )


@task()
def notify(decision_id, request_id=""):
    """One e-mail per recipient for a decision: editors hear of submissions, the local government of
    what the editors decided."""
    decision = Decision.objects.select_related("practice__local_government", "actor", "version").get(pk=decision_id)
    practice = decision.practice
    if decision.action == Action.SUBMIT or (decision.action == Action.ARCHIVE and not _is_editor(decision.actor)):
        recipients = get_user_model().objects.notified_editors()
        link = settings.SITE_URL + reverse("editors:review", args=[practice.pk])
    else:
        recipients = _members(practice)
        link = settings.SITE_URL + (
            practice.get_absolute_url()
            if decision.action == Action.APPROVE
            else reverse("practices:mine_detail", args=[practice.pk])
        )
    title = (decision.version.title if decision.version else practice.title)[:120]
    context = {"decision": decision, "practice": practice, "title": title, "link": link, "site_url": settings.SITE_URL}
    subject = SUBJECTS[decision.action].format(title=title)
    body = render_to_string("practices/email/decision.txt", context)
    html = render_to_string("practices/email/decision.html", context)
    for user in recipients:
        if user.pk == decision.actor_id:
            continue
        # One task per e-mail: each is tried again on its own if the mail server is away.
        queue_email(subject=subject, body=body, html=html, to=[user.email], request_id=request_id)


def notify_after_commit(decision):
    if decision.action in SUBJECTS:
        request_id = current_request_id()
        transaction.on_commit(lambda: notify.enqueue(decision.pk, request_id=request_id))
