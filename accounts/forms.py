from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
