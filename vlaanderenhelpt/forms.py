"""Form pieces shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


def honeypot():
    """A field people never see or fill (the template hides it); a bot that fills it is thanked and ignored."""
    return forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
