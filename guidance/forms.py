"""The editors' forms for guidance (documents, sections, publishing, withdrawing) and the suggestion form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import Practice, Theme
from vlaanderenhelpt.forms import DateField, SaysWhatIsMissing, honeypot

from .models import Suggestion

MAX_BODY = 20000


class DocumentForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "title": _("Geef de handreiking een titel."),
    }

    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Samenvatting"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén of twee zinnen: voor wie is de handreiking en waarover gaat ze?"),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.offered().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SectionForm(forms.Form):
    anchor = forms.SlugField(max_length=80, required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Titel van het onderdeel"),
        max_length=200,
        error_messages={"required": _("Geef het onderdeel een titel.")},
    )
    body = forms.CharField(
        label=_("Tekst"),
        max_length=MAX_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "data-markdown-preview": "/mijn-praktijken/voorbeeld/"}),
        help_text=_("Markdown: **vet**, *schuin*, lijsten met “- ”, koppen met “### ”."),
    )


class NewSectionForm(forms.Form):
    title = forms.CharField(
        label=_("Titel van het nieuwe onderdeel"),
        max_length=200,
        error_messages={"required": _("Geef het nieuwe onderdeel een titel.")},
    )


class BaseSectionFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Plaats")
        form.fields["ORDER"].help_text = _("Een lager getal komt eerder.")
        form.fields["DELETE"].label = _("Dit onderdeel schrappen")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.has_changed() or f.cleaned_data.get("anchor")]
        kept = [f for f in kept if not self._should_delete_form(f)]
        if not kept:
            raise forms.ValidationError(_("Een handreiking heeft minstens één onderdeel met een titel."))


SectionFormSet = forms.formset_factory(
    SectionForm, formset=BaseSectionFormSet, extra=1, can_order=True, can_delete=True, max_num=40, validate_max=True
)


class ReviewDateForm(forms.Form):
    review_before = DateField(
        label=_("Herzien vóór"),
        required=False,
        help_text=_("Een week vooraf krijgt de redactie een herinnering. Leeg: geen datum."),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 2027-03-31.")},
    )


class PublishForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "kind": _("Kies of het een kleine of een grote wijziging is."),
    }

    MINOR, MAJOR = "klein", "groot"
    kind = forms.ChoiceField(
        label=_("Soort wijziging"),
        widget=forms.RadioSelect,
        initial="klein",
        choices=[
            (MINOR, _("Kleine wijziging: verduidelijking, taal, een extra voorbeeld")),
            (MAJOR, _("Grote wijziging: nieuwe of gewijzigde aanbevelingen")),
        ],
    )
    change_note = forms.CharField(
        label=_("Wijzigingsnota"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Openbaar bij de versie: wat veranderde er en waarom? Verplicht bij een grote wijziging."),
    )
    suggestions = forms.ModelMultipleChoiceField(
        label=_("Suggesties die deze versie verwerkt"),
        queryset=Suggestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De indieners krijgen een e-mail met een link naar de vergelijking."),
    )

    publish_at = forms.DateTimeField(
        label=_("Later publiceren op (niet verplicht)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_(
            "Leeg: meteen. Een moment: de versie wordt dan gepubliceerd, met haar nummer en datum van dat moment."
        ),
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestions"].queryset = document.suggestions.open().order_by("created_at", "pk")
        self.fields["suggestions"].label_from_instance = lambda s: (
            f"{s.section_title or _('hele handreiking')}: {s.text[:140]}"
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == self.MAJOR and not (data.get("change_note") or "").strip():
            self.add_error("change_note", _("Schrijf een wijzigingsnota: bij een grote wijziging is die verplicht."))
        return data


class WithdrawForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "reason": _("Schrijf waarom de handreiking ingetrokken wordt."),
    }

    reason = forms.CharField(
        label=_("Reden van de intrekking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lezers zien deze reden bovenaan de handreiking."),
    )


class AttachmentForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "file": _("Kies een bestand."),
    }

    file = forms.FileField(
        label=_("Bestand"), help_text=_("Een sjabloon of model: PDF, Word, Excel, ODF, CSV of tekst.")
    )
    title = forms.CharField(label=_("Titel (niet verplicht)"), max_length=200, required=False)


class PracticeLinkForm(forms.Form):
    practices = forms.ModelMultipleChoiceField(
        label=_("Praktijkvoorbeelden bij dit onderdeel"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = choices


class SuggestionForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "text": _("Schrijf uw suggestie."),
        "organisation_type": _("Kies namens wie u schrijft."),
        "name": _("Vul uw naam in."),
        "email": _("Vul uw e-mailadres in."),
    }

    anchor = forms.ChoiceField(label=_("Over welk onderdeel?"), required=False)
    text = forms.CharField(
        label=_("Uw suggestie"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat ontbreekt, klopt niet of kan beter? Een voorbeeld uit uw praktijk helpt."),
    )
    organisation_type = forms.ChoiceField(
        label=_("U schrijft als"), choices=Suggestion.OrganisationType.choices, widget=forms.RadioSelect
    )
    organisation = forms.CharField(label=_("Organisatie (niet verplicht)"), max_length=200, required=False)
    name = forms.CharField(label=_("Uw naam"), max_length=150)
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        help_text=_("Om u te laten weten wat er met uw suggestie gebeurt. Het wordt nergens getoond."),
    )
    website = honeypot()

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = [("", _("De hele handreiking"))] + [(s.anchor, s.title) for s in sections]


class DeclineForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "reason": _("Schrijf waarom de suggestie niet weerhouden wordt."),
    }

    reason = forms.CharField(
        label=_("Waarom wordt deze suggestie niet weerhouden?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De indiener krijgt deze reden per e-mail."),
    )
