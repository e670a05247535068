"""Account e-mails that must not run inside the request."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from vlaanderenhelpt.mail import queue_email


@task()
def send_password_reset(*, email, request_id=""):
    """A link to choose a new password, for each active account with this address that has one."""
    for user in PasswordResetForm().get_users(email):
        context = {
            "email": user.email,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "site_url": settings.SITE_URL,
        }
        subject = "".join(render_to_string("accounts/email/password_reset_subject.txt", context).splitlines())
        body = render_to_string("accounts/email/password_reset.txt", context)
        queue_email(subject=subject, body=body, to=[user.email], request_id=request_id)
