"""E-mail is sent outside the request, through Django's tasks framework."""

import re

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.defaultfilters import linebreaks
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode
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


@task()
def send_password_reset(*, email):
    """A link to choose a new password, for each active account with this address that has one."""
    for user in PasswordResetForm().get_users(email):
        context = {
            "email": user.email,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "site_url": settings.SITE_URL,
        }
        subject = "".join(render_to_string("accounts/email/password_reset_subject.txt", context).splitlines())
        send_email.call(
            subject=subject, body=render_to_string("accounts/email/password_reset.txt", context), to=[user.email]
        )
