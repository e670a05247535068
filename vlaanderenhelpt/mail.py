"""E-mail: rendered once, sent after commit, outside the request, through Django's tasks framework,
and tried again with growing pauses when the mail server is away."""

import email.policy
import logging
import re
import smtplib
from datetime import timedelta
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends import smtp
from django.db import transaction
from django.tasks import task
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


@task()
def send_email(*, subject, body, to, html=None, attempt=1, request_id="", message_id="", headers=None):
    """One e-mail. A failure to reach the mail server is tried again later as a new task (when the
    backend can defer tasks); the last failure ends the task as failed. The Message-ID is fixed when the
    e-mail is queued and every accepted e-mail is recorded by it (SMTPBackend), so a task run again
    after its worker was killed does not send it twice."""
    if message_id and SentEmail.objects.filter(message_id=message_id).exists():
        logger.warning("e-mail was already sent; not sent again", extra={"request_id": request_id})
        return {"sent": "before"}
    headers = {**(headers or {}), **({"Message-ID": message_id} if message_id else {})}
    # Every header is one line, whatever stored text it was built from (a task queued before this rule too).
    subject, headers = one_line(subject), {name: one_line(value) for name, value in headers.items()}
    message = _Message(subject=subject, body=body, to=to, headers=headers)
    message.attach_alternative(html or as_html(body), "text/html")
    log = {"request_id": request_id, "attempt": attempt, "subject": subject[:80]}
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        if attempt > len(RETRY_MINUTES) or not send_email.get_backend().supports_defer:
            logger.error("e-mail failed for good: %s", error, extra=log)
            raise
        retry_at = timezone.now() + timedelta(minutes=RETRY_MINUTES[attempt - 1])
        send_email.using(run_after=retry_at).enqueue(
            subject=subject,
            body=body,
            to=to,
            html=html,
            attempt=attempt + 1,
            request_id=request_id,
            message_id=message_id,
            headers=headers,
        )
        logger.warning("e-mail not sent (%s); next try at %s", error, retry_at.isoformat(), extra=log)
        return {"retry_at": retry_at.isoformat()}
    logger.info("e-mail sent", extra=log)
    return {"sent": True}


class SMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, recording each e-mail the server accepted at once — before the QUIT and
    before the task's own bookkeeping — which leaves the smallest window in which a killed worker could
    send an e-mail twice."""

    def _send(self, email_message):
        sent = super()._send(email_message)
        message_id = email_message.extra_headers.get("Message-ID")
        if sent and message_id:
            SentEmail.objects.get_or_create(message_id=message_id)
        return sent


def queue_email(*, subject, body, to, html=None, request_id=None, headers=None):
    """Queue one e-mail now, with its Message-ID and the id of the request that caused it."""
    domain = urlsplit(settings.SITE_URL).hostname or "vlaanderenhelpt"
    return send_email.enqueue(
        subject=one_line(subject),
        body=body,
        to=to,
        html=html,
        message_id=make_msgid(domain=domain),
        request_id=current_request_id() if request_id is None else request_id,
        headers=headers,
    )


def send_after_commit(*, subject, body, to, html=None):
    """Queue one e-mail once the transaction commits (nothing for a change that was rolled back)."""
    request_id = current_request_id()
    transaction.on_commit(lambda: queue_email(subject=subject, body=body, to=to, html=html, request_id=request_id))


def mail_after_commit(*, template, subject, recipients, context):
    """Render a plain-text template once, then one e-mail per recipient after commit."""
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    for address in recipients:
        send_after_commit(subject=subject, body=body, to=[address])
