"""The forms of following something, changing how often, and asking for a manage link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vlaanderenhelpt.forms import SaysWhatIsMissing, honeypot

from .models import Frequency


class SubscribeForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "email": _("Vul uw e-mailadres in."),
        "frequency": _("Kies hoe vaak u een e-mail wilt krijgen."),
    }

    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        help_text=_("Alleen om u de meldingen te sturen. Het wordt nergens getoond."),
    )
    frequency = forms.ChoiceField(
        label=_("Hoe vaak?"), choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect
    )
    website = honeypot()


class FrequencyForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"frequency": _("Kies hoe vaak u een e-mail wilt krijgen.")}

    frequency = forms.ChoiceField(label=_("Hoe vaak?"), choices=Frequency.choices, widget=forms.RadioSelect)


class ManageLinkForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"email": _("Vul uw e-mailadres in.")}

    email = forms.EmailField(label=_("Uw e-mailadres"), max_length=254)
    website = honeypot()
