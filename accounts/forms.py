from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .tasks import send_email


class LoginForm(AuthenticationForm):
    """Log-in with e-mail address; the same message whether the address is known or not."""

    username = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Dit e-mailadres en wachtwoord passen niet bij elkaar. Controleer ze en probeer opnieuw."),
        "inactive": _("Dit account is niet actief. Neem contact op met de redactie."),
    }


class ResetForm(PasswordResetForm):
    """Password reset by e-mail. Django answers the same for known and unknown addresses; the mail
    itself goes out after commit, through the tasks framework."""

    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        context = {**context, "site_url": settings.SITE_URL}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[to_email]))
