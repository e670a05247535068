"""E-mail: rendered once, sent after commit, outside the request, through Django's tasks framework."""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.defaultfilters import linebreaks
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe


def as_html(body):
    """The HTML part of a plain-text e-mail: paragraphs, everything escaped. Only addresses on this
    site become links; any other web address a sender typed stays plain text, so the portal can never
    be made to mail a clickable link of someone else's choosing."""
    own = re.compile(re.escape(escape(settings.SITE_URL)) + r"/[^\s<>\"]*")
    html = own.sub(lambda m: f'<a href="{m.group()}">{m.group()}</a>', escape(body))
    paragraphs = linebreaks(mark_safe(html), autoescape=False)  # noqa: S308 - escaped above
    return f'<!doctype html><html lang="nl"><body style="font-family: Arial, sans-serif">{paragraphs}</body></html>'


@task()
def send_email(*, subject, body, to, html=None):
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    message.attach_alternative(html or as_html(body), "text/html")
    message.send()


def mail_after_commit(*, template, subject, recipients, context):
    """Render a plain-text template once, then one e-mail per recipient once the transaction commits
    (nothing is sent for a change that was rolled back)."""
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    for address in recipients:
        transaction.on_commit(lambda to=address: send_email.enqueue(subject=subject, body=body, to=[to]))
