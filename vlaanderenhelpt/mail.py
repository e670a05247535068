"""E-mail: rendered once, sent after commit, outside the request, through Django's tasks framework,
and tried again with growing pauses when the mail server is away."""

import contextlib
import email.policy
import logging
import re
import smtplib
from datetime import timedelta
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends import smtp
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.template.defaultfilters import linebreaks
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .logs import current_request_id
from .models import SentEmail
from .text import one_line

logger = logging.getLogger("vlaanderenhelpt.mail")

# Pauses before each new try, in minutes: over two hours in all, so a mail server that is away for an
# hour loses nothing. After the last try the task ends as failed, visible (and re-sendable) in the admin.
RETRY_MINUTES = (1, 2, 4, 8, 16, 32, 64)


def as_html(body):
    """The HTML part of a plain-text e-mail: paragraphs, everything escaped. Only addresses on this
    site become links; any other web address a sender typed stays plain text, so the portal can never
    be made to mail a clickable link of someone else's choosing."""
    own = re.compile(re.escape(escape(settings.SITE_URL)) + r"/[^\s<>\"]*")
    html = own.sub(lambda m: f'<a href="{m.group()}">{m.group()}</a>', escape(body))
    paragraphs = linebreaks(mark_safe(html), autoescape=False)  # noqa: S308 - escaped above
    return f'<!doctype html><html lang="nl"><body style="font-family: Arial, sans-serif">{paragraphs}</body></html>'


class _AddressListHeader(UnstructuredHeader):
    """List-Unsubscribe and List-Unsubscribe-Post as mail programs read them (RFC 2369, RFC 8058): plain
    ASCII, folded at white space only. The mail library would otherwise write a long address without
    white space as an RFC 2047 encoded word (`=?utf-8?q?=3Chttps…`), which no mail program takes for a
    link."""

    max_count = 1

    def fold(self, *, policy):
        lines, line = [], f"{self.name}:"
        for word in str(self).split():
            if len(line) + 1 + len(word) > 78 and line != f"{self.name}:":
                lines.append(line)
                line = ""
            line += " " + word
        return policy.linesep.join([*lines, line]) + policy.linesep


_HEADERS = HeaderRegistry()
_HEADERS.map_to_type("list-unsubscribe", _AddressListHeader)
_HEADERS.map_to_type("list-unsubscribe-post", _AddressListHeader)


class _Message(EmailMultiAlternatives):
    """Django's e-mail with the list headers left as written, whichever backend asks for the message."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(header_factory=_HEADERS))


def _message(subject, body, to, html=None, message_id="", headers=None):
    """The e-mail as the backend sends it. Every header is one line, whatever stored text it was built from
    (a task queued before this rule too)."""
    headers = {**(headers or {}), **({"Message-ID": message_id} if message_id else {})}
    headers = {name: one_line(value) for name, value in headers.items()}
    message = _Message(subject=one_line(subject), body=body, to=to, headers=headers)
    message.attach_alternative(html or as_html(body), "text/html")
    return message


# A mail server's answer about one message: that one is not sent, the connection serves the next.
_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _deliver(messages):
    """Send `messages` (dicts of _message's arguments) over one connection: (how many were sent now,
    {message_id: error} of those not sent). One already on record (SentEmail) is not sent again. A refused address fails only its own
    message; a connection that breaks fails the one it was sending and every one after it."""
    done = set(
        SentEmail.objects.filter(message_id__in=[m["message_id"] for m in messages]).values_list(
            "message_id", flat=True
        )
    )
    if done:
        logger.warning("%d e-mails were sent before; not sent again", len(done))
    pending = [m for m in messages if m["message_id"] not in done]
    failed = {}
    if not pending:
        return 0, failed
    mailer = mailers.default
    try:
        mailer.open()
    except (smtplib.SMTPException, OSError) as error:
        return 0, {m["message_id"]: error for m in pending}
    try:
        for at, message in enumerate(pending):
            try:
                mailer.send_messages([_message(**message)])
            except _REFUSED as error:
                failed[message["message_id"]] = error
            except (smtplib.SMTPException, OSError) as error:
                failed.update((m["message_id"], error) for m in pending[at:])
                break
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            mailer.close()  # what was sent stays sent; only the goodbye was lost
    return len(pending) - len(failed), failed


def _described(error):
    return f"{type(error).__name__}: {error}"[:300]


@task()
def send_email(*, subject, body, to, html=None, attempt=1, request_id="", message_id="", headers=None):
    """One e-mail. A failure to reach the mail server is tried again later as a new task (when the
    backend can defer tasks); the last failure ends the task as failed. The Message-ID is fixed when the
    e-mail is queued and every accepted e-mail is recorded by it (SMTPBackend), so a task run again
    after its worker was killed does not send it twice."""
    message = {"subject": subject, "body": body, "to": to, "html": html, "message_id": message_id, "headers": headers}
    log = {"request_id": request_id, "attempt": attempt, "subject": one_line(subject)[:80]}
    sent, failed = _deliver([message])
    error = failed.get(message_id)
    if error is None:
        logger.info("e-mail sent", extra=log)
        return {"sent": True} if sent else {"sent": "before"}
    if attempt > len(RETRY_MINUTES) or not send_email.get_backend().supports_defer:
        logger.error("e-mail failed for good: %s", error, extra=log)
        raise error
    retry_at = timezone.now() + timedelta(minutes=RETRY_MINUTES[attempt - 1])
    send_email.using(run_after=retry_at).enqueue(**message, attempt=attempt + 1, request_id=request_id)
    logger.warning("e-mail not sent (%s); next try at %s", error, retry_at.isoformat(), extra=log)
    return {"retry_at": retry_at.isoformat()}


class EmailsNotSent(Exception):
    """The e-mails of a batch that were still refused at the last try."""


@task()
def send_emails(*, messages, attempt=1, request_id=""):
    """A batch of e-mails over one connection (see queue_emails). Those not sent are tried again together,
    on the same schedule as a single e-mail; what was sent is never sent again (SentEmail). Where tasks run
    at once and cannot be deferred, the result names the ones not sent, for the caller to keep."""
    log = {"request_id": request_id, "attempt": attempt, "count": len(messages)}
    sent, failed = _deliver(messages)
    logger.info("e-mails sent", extra={**log, "sent": sent, "failed": len(failed)})
    if not failed:
        return {"sent": sent}
    can_defer = send_emails.get_backend().supports_defer
    if not can_defer:
        return {"sent": sent, "failed": {message_id: _described(error) for message_id, error in failed.items()}}
    if attempt > len(RETRY_MINUTES):
        logger.error("%d e-mails failed for good", len(failed), extra=log)
        raise EmailsNotSent("; ".join(f"{mid}: {_described(error)}" for mid, error in failed.items()))
    retry_at = timezone.now() + timedelta(minutes=RETRY_MINUTES[attempt - 1])
    retry = [message for message in messages if message["message_id"] in failed]
    send_emails.using(run_after=retry_at).enqueue(messages=retry, attempt=attempt + 1, request_id=request_id)
    logger.warning("%d e-mails not sent; next try at %s", len(failed), retry_at.isoformat(), extra=log)
    return {"sent": sent, "retry_at": retry_at.isoformat()}


class SMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, recording each e-mail the server accepted at once — before the QUIT and
    before the task's own bookkeeping — which leaves the smallest window in which a killed worker could
    send an e-mail twice."""

    def _send(self, email_message):
        sent = super()._send(email_message)
        message_id = email_message.extra_headers.get("Message-ID")
        if sent and message_id:  # one statement; a second record of the same e-mail is no error
            SentEmail.objects.bulk_create([SentEmail(message_id=message_id)], ignore_conflicts=True)
        return sent


def _new_message_id():
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "vlaanderenhelpt")


def queue_email(*, subject, body, to, html=None, request_id=None, headers=None):
    """Queue one e-mail now, with its Message-ID and the id of the request that caused it."""
    return send_email.enqueue(
        subject=one_line(subject),
        body=body,
        to=to,
        html=html,
        message_id=_new_message_id(),
        request_id=current_request_id() if request_id is None else request_id,
        headers=headers,
    )


BATCH = 100  # e-mails in one task: one insert to queue them, one connection to send them


def queue_emails(messages, *, request_id=""):
    """Queue many e-mails, BATCH to a task. `messages` are dicts of subject, body, to and headers. Returns
    (the Message-ID given to each, in order; {Message-ID: error} of those that failed at once, where tasks
    run immediately and the caller must keep them for a next try)."""
    prepared = [
        {**message, "subject": one_line(message["subject"]), "html": None, "message_id": _new_message_id()}
        for message in messages
    ]
    failed = {}
    for start in range(0, len(prepared), BATCH):
        batch = prepared[start : start + BATCH]
        queued = send_emails.enqueue(messages=batch, request_id=request_id)
        if queued.status == TaskResultStatus.FAILED:  # at once, and it broke before it could say which
            failed.update((m["message_id"], "; ".join(e.exception_class_path for e in queued.errors)) for m in batch)
        elif queued.status == TaskResultStatus.SUCCESSFUL:
            failed.update(queued.return_value.get("failed", {}))
    return [m["message_id"] for m in prepared], failed


def send_after_commit(*, subject, body, to, html=None):
    """Queue one e-mail once the transaction commits (nothing for a change that was rolled back)."""
    request_id = current_request_id()
    transaction.on_commit(lambda: queue_email(subject=subject, body=body, to=to, html=html, request_id=request_id))


def mail_after_commit(*, template, subject, recipients, context):
    """Render a plain-text template once, then one e-mail per recipient after commit."""
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    for address in recipients:
        send_after_commit(subject=subject, body=body, to=[address])
