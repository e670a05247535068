"""The forms of questions: asking, adding to the thread, and the desk's actions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LocalGovernment, User
from vlaanderenhelpt.forms import DateField, SaysWhatIsMissing

from .models import CannedAnswer, QuestionTheme
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


class AddForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"text": _("Schrijf uw bericht.")}

    text = _text_field(_("Uw bericht aan de vragendesk"), rows=6)


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


class QueueFilterForm(forms.Form):
    """The desk's filters: status, theme, handler (GET)."""

    status = forms.ChoiceField(required=False, label=_("Status"))
    thema = forms.ModelChoiceField(
        required=False, label=_("Thema"), queryset=QuestionTheme.objects.all(), empty_label=_("Alle thema's")
    )
    behandelaar = forms.CharField(required=False, label=_("Behandelaar"), max_length=20)
