"""Form pieces shared by the apps."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _


def honeypot():
    """A field people never see or fill (the template hides it); a bot that fills it is thanked and ignored."""
    return forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateInput(forms.DateInput):
    """A browser date picker. It reads and writes ISO dates only: a localised value ("23-03-2020")
    shows as an empty field, and the next save would erase the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = context["widget"]["value"]
        if typed and not _ISO_DATE.fullmatch(str(typed)):
            # What a browser without a date picker sent and the form refused goes back as text, to be
            # corrected: a date input cannot hold it (nor may its value attribute, in valid HTML).
            context["widget"]["type"] = "text"
        return context


class DateField(forms.DateField):
    widget = DateInput
    input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class SaysWhatIsMissing:
    """Each required field says what to do in its own words ("Kies een lokaal bestuur."), never the
    generic "Dit veld is verplicht.". A form lists them in `required_messages`."""

    required_messages = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: a list of uploads (empty when none was chosen)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]
