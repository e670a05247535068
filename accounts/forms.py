"""The forms of logging in, resetting a password, inviting, accepting an invitation and asking access."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vlaanderenhelpt.forms import SaysWhatIsMissing, honeypot
from vlaanderenhelpt.logs import current_request_id

from .models import LocalGovernment, User
from .tasks import send_password_reset


class LoginForm(SaysWhatIsMissing, AuthenticationForm):
    """Log-in with e-mail address; the same message whether the address is known or not."""

    required_messages = {
        "username": _("Vul uw e-mailadres in."),
        "password": _("Vul uw wachtwoord in."),
    }

    username = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Dit e-mailadres en wachtwoord passen niet bij elkaar. Controleer ze en probeer opnieuw."),
        "inactive": _("Dit account is niet actief. Neem contact op met de redactie."),
    }


class ResetForm(SaysWhatIsMissing, PasswordResetForm):
    """Password reset by e-mail. The request does the same work for a known and an unknown address —
    it only hands the address to a task — so neither its answer nor its timing tells whether an
    account exists; the task looks the account up and sends the link."""

    required_messages = {
        "email": _("Vul het e-mailadres van uw account in."),
    }

    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, **kwargs):
        email, request_id = self.cleaned_data["email"], current_request_id()
        transaction.on_commit(lambda: send_password_reset.enqueue(email=email, request_id=request_id))


class InvitationForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "email": _("Vul het e-mailadres van de medewerker in."),
        "local_government": _("Kies het lokaal bestuur."),
    }

    email = forms.EmailField(label=_("E-mailadres van de medewerker"))
    local_government = forms.ModelChoiceField(
        label=_("Lokaal bestuur"), queryset=LocalGovernment.objects.active().order_by("name")
    )


class AcceptInvitationForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "full_name": _("Vul uw naam in."),
        "password1": _("Kies een wachtwoord."),
        "password2": _("Typ het wachtwoord nog een keer."),
    }

    full_name = forms.CharField(
        label=_("Uw naam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif one:
            try:
                password_validation.validate_password(
                    one, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AccessRequestForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "full_name": _("Vul uw naam in."),
        "email": _("Vul uw e-mailadres in."),
        "function": _("Vul uw functie in."),
        "local_government": _("Kies uw lokaal bestuur."),
        "motivation": _("Schrijf kort waarom u toegang wilt."),
    }

    full_name = forms.CharField(label=_("Naam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Liefst het adres van uw bestuur."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    function = forms.CharField(label=_("Functie"), max_length=150)
    local_government = forms.ModelChoiceField(
        label=_("Lokaal bestuur"),
        queryset=LocalGovernment.objects.active().order_by("name"),
        help_text=_("Typ de eerste letters om snel te zoeken."),
    )
    motivation = forms.CharField(
        label=_("Waarom wilt u toegang?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kort: welk voorbeeld wilt u delen, of welke rol hebt u?"),
    )
    website = honeypot()
