"""The forms of questions: asking, adding to the thread, and the desk's actions."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LocalGovernment, User
from guidance.models import Section
from practices.models import MeasurePeriod
from vlaanderenhelpt.attachments import allowed_extensions_text, validate_attachment
from vlaanderenhelpt.forms import DateField, MultipleFileField, SaysWhatIsMissing, honeypot

from .models import CannedAnswer, Question, QuestionTheme
from .services import MAX_TEXT

MARKDOWN_HINT = _("Markdown: **vet**, *schuin*, lijsten met “- ”.")


def _text_field(label, help_text=MARKDOWN_HINT, rows=8):
    return forms.CharField(
        label=label, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class AskForm(SaysWhatIsMissing, forms.Form):
    """A question to ABB. Its fields travel, unchanged, through the step that shows what may answer it."""

    required_messages = {
        "local_government": _("Kies het bestuur waarvoor u de vraag stelt."),
        "theme": _("Kies het thema van uw vraag."),
        "title": _("Vat uw vraag samen in een titel."),
        "text": _("Schrijf uw vraag."),
    }

    local_government = forms.ModelChoiceField(
        label=_("Voor welk bestuur stelt u de vraag?"),
        queryset=LocalGovernment.objects.none(),
        empty_label=_("Kies een bestuur"),
    )
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=QuestionTheme.objects.offered(), empty_label=_("Kies een thema")
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Eén zin, bijvoorbeeld: “Mag de gemeenteraad digitaal vergaderen na 30 juni?”"),
    )
    text = _text_field(_("Uw vraag"), help_text=_("Wat wilt u weten, en wat is de situatie bij u? ") + MARKDOWN_HINT)
    needed_by = DateField(
        label=_("Antwoord nodig tegen"),
        required=False,
        help_text=_("Alleen als u het antwoord tegen een datum nodig hebt, bijvoorbeeld een gemeenteraad."),
    )

    def __init__(self, *args, governments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_government"].queryset = LocalGovernment.objects.filter(pk__in=[g.pk for g in governments])
        if len(governments) == 1:
            self.fields["local_government"].initial = governments[0].pk

    def clean_needed_by(self):
        needed_by = self.cleaned_data.get("needed_by")
        if needed_by is not None and needed_by < timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in het verleden. Kies een datum vanaf vandaag."))
        return needed_by


MAX_FILES = 5


class AttachmentsMixin:
    """An optional field of files, each checked as every attachment of the site is (type, content, size)."""

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Hoogstens %(n)s bestanden.") % {"n": MAX_FILES})
        errors = []
        for uploaded in files:
            try:
                validate_attachment(uploaded)
            except forms.ValidationError as error:
                errors.append(f"{uploaded.name}: {error.messages[0]}")
        if errors:
            raise forms.ValidationError(errors)
        return files


def _files_field():
    return MultipleFileField(
        label=_("Bijlagen"),
        required=False,
        help_text=_("Hoogstens 5 bestanden. Toegelaten: %(allowed)s.") % {"allowed": allowed_extensions_text()},
    )


class SendForm(AttachmentsMixin, forms.Form):
    """The check step's last part: the files to send with the question."""

    files = _files_field()


class AddForm(AttachmentsMixin, SaysWhatIsMissing, forms.Form):
    required_messages = {"text": _("Schrijf uw bericht.")}

    text = _text_field(_("Uw bericht aan de vragendesk"), rows=6)
    files = _files_field()


class AssignForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"handler": _("Kies wie de vraag behandelt.")}

    handler = forms.ModelChoiceField(
        label=_("Behandelaar"), queryset=User.objects.none(), empty_label=_("Kies een collega")
    )

    def __init__(self, *args, desk, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = desk


class NoteForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"note": _("Schrijf de notitie.")}

    note = _text_field(_("Interne notitie"), help_text=_("Alleen de vragendesk leest dit; de vrager nooit."), rows=4)


class ReplyForm(SaysWhatIsMissing, forms.Form):
    """An answer, or a request for more information: what the asker reads."""

    ANSWER, ASK_MORE = "antwoord", "meer_info"
    required_messages = {
        "text": _("Schrijf het bericht aan de vrager."),
        "kind": _("Kies of u antwoordt of meer informatie vraagt."),
    }

    kind = forms.ChoiceField(
        label=_("Soort bericht"),
        choices=[(ANSWER, _("Antwoord")), (ASK_MORE, _("Vraag om meer informatie"))],
        widget=forms.RadioSelect,
        initial=ANSWER,
    )
    text = _text_field(_("Bericht aan de vrager"))


class CannedForm(forms.Form):
    """Which reusable text to start the reply from (a GET form: it works without JavaScript)."""

    tekst = forms.ModelChoiceField(
        label=_("Begin van een standaardantwoord"),
        queryset=CannedAnswer.objects.all(),
        empty_label=_("Kies een standaardantwoord"),
    )


class DuplicateForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"reference": _("Vul de referentie van de andere vraag in, bijvoorbeeld V-2026-0123.")}

    reference = forms.RegexField(
        label=_("Referentie van de andere vraag"),
        regex=r"^\s*[Vv]-\d{4}-\d{4,}\s*$",
        max_length=20,
        error_messages={"invalid": _("Een referentie ziet eruit als V-2026-0123.")},
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


# --- Clarifications ---------------------------------------------------------------------------------

REFERENCE = re.compile(r"[Vv]-\d{4}-\d{4,}")


class NewClarificationForm(SaysWhatIsMissing, forms.Form):
    """The answered questions a clarification starts from, by reference."""

    required_messages = {"references": _("Vul de referentie van minstens één beantwoorde vraag in.")}

    references = forms.CharField(
        label=_("Referenties van de vragen"),
        max_length=500,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: V-2026-0012, V-2026-0031"),
    )

    def clean_references(self):
        text = self.cleaned_data["references"]
        found = list(dict.fromkeys(r.upper() for r in REFERENCE.findall(text)))
        if not found:
            raise forms.ValidationError(_("Een referentie ziet eruit als V-2026-0123."))
        known = {q.reference: q for q in Question.objects.filter(reference__in=found).select_related("theme")}
        unknown = [r for r in found if r not in known]
        if unknown:
            raise forms.ValidationError(
                _("Er is geen vraag met deze referentie: %(references)s.") % {"references": ", ".join(unknown)}
            )
        return [known[r] for r in found]


def section_choices():
    """The current guidance sections, as "document-slug#anchor", grouped by document."""
    groups = {}
    for section in (
        Section.objects.current().select_related("version__document").order_by("version__document__title", "position")
    ):
        document = section.version.document
        groups.setdefault(document.title, []).append((f"{document.slug}#{section.anchor}", section.title))
    return list(groups.items())


class ClarificationForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "title": _("Geef de verduidelijking een titel: een uitspraak."),
        "body": _("Schrijf de tekst van de verduidelijking."),
    }

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Een uitspraak, bijvoorbeeld: “De gemeenteraad mag digitaal vergaderen tot 30 juni.”"),
    )
    body = _text_field(_("Tekst"), help_text=_("Zonder namen van personen of besturen. ") + MARKDOWN_HINT, rows=12)
    change_note = forms.CharField(
        label=_("Wijzigingsnota"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bij een nieuwe versie: wat veranderde er, en waarom? De lezers zien ze."),
    )
    sections = forms.MultipleChoiceField(
        label=_("Onderdelen van handreikingen die ze verduidelijkt"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    periods = forms.ModelMultipleChoiceField(
        label=_("Periodes van maatregelen waar ze bij hoort"),
        required=False,
        queryset=MeasurePeriod.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = section_choices()


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Regelgeving"), max_length=200, required=False)
    article = forms.CharField(label=_("Artikel"), max_length=100, required=False)
    url = forms.URLField(label=_("Webadres"), max_length=500, required=False, assume_scheme="https")
    valid_from = DateField(label=_("Geldig vanaf"), required=False)
    valid_until = DateField(label=_("Geldig tot"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("name") and any(data.get(f) for f in ("article", "url", "valid_from", "valid_until")):
            self.add_error("name", _("Geef de naam van de regelgeving."))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("“Geldig tot” ligt vóór “geldig vanaf”."))
        return data


RuleFormSet = forms.formset_factory(RuleForm, extra=2, max_num=20, absolute_max=20)


class SendBackForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"reason": _("Zeg wat er anders moet.")}

    reason = forms.CharField(label=_("Wat moet er anders?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(SaysWhatIsMissing, forms.Form):
    """ "Heeft dit geholpen?"."""

    YES, NO = "ja", "nee"
    required_messages = {"helpful": _("Kies ja of nee.")}

    helpful = forms.ChoiceField(
        label=_("Heeft dit geholpen?"), choices=[(YES, _("Ja")), (NO, _("Nee"))], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Wat kunnen we beter doen?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zonder persoonsgegevens. U krijgt geen antwoord; stel een vraag als u er een nodig hebt."),
    )
    website = honeypot()


class ForwardForm(SaysWhatIsMissing, forms.Form):
    """The desk forwards a question to an expert of another administration."""

    required_messages = {
        "name": _("Geef de naam van de expert."),
        "organisation": _("Geef de administratie van de expert."),
        "email": _("Geef het e-mailadres van de expert."),
        "note": _("Schrijf wat u de expert vraagt."),
    }

    name = forms.CharField(label=_("Naam van de expert"), max_length=150)
    organisation = forms.CharField(label=_("Administratie"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres van de expert"), max_length=254)
    note = _text_field(
        _("Wat vraagt u de expert?"),
        help_text=_("De expert ziet de vraag en deze tekst, niet wie de vraag stelde en niet het gesprek."),
        rows=4,
    )


class AdviceForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"text": _("Schrijf uw advies.")}

    text = _text_field(_("Uw advies aan de vragendesk"), rows=8)
