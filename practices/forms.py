"""Input only: turn what a submitter typed into service arguments, with clear Dutch errors."""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts.models import LocalGovernment
from vlaanderenhelpt.attachments import validate_attachment
from vlaanderenhelpt.forms import DateField, MultipleFileField, SaysWhatIsMissing, honeypot
from vlaanderenhelpt.permissions import MODERATE_PRACTICE

from .models import (
    Adoption,
    Attachment,
    Evidence,
    MeasurePeriod,
    Phase,
    Practice,
    PracticeKind,
    PracticeVersion,
    ProblemReport,
    TargetGroup,
    Theme,
)
from .services import MAX_ATTACHMENTS, PRACTICE_MAX_BYTES, REQUIRED_TO_SUBMIT, Content, is_filled
from .states import Status

LONG_TEXT = 20_000
# Fields this long or shorter show how many characters are left (stated in the hint without JavaScript).
COUNTED_MAX = 2000
MARKDOWN_HELP = _("U kunt Markdown gebruiken: **vet**, *schuin*, lijstjes met een streepje en [links](https://…).")


class StepStatus(models.TextChoices):
    """How far one step of the submission is filled in, as its task list shows it."""

    COMPLETE = "complete", _("Voltooid")
    IN_PROGRESS = "in-progress", _("Bezig")
    NEEDED = "needed", _("Nodig om in te dienen")
    OPTIONAL = "optional", _("Niet ingevuld (niet verplicht)")

    @property
    def tag(self):
        """The colour of its tag: the one of the practice state it is most like."""
        tags = {"complete": Status.PUBLISHED, "in-progress": Status.SUBMITTED, "needed": Status.CHANGES_REQUESTED}
        return tags.get(self.value, Status.DRAFT)


@dataclass(frozen=True)
class Step:
    """One part of the submission: a short form of its own, saved as it is left."""

    slug: str
    title: str
    fields: tuple
    markdown: bool = False

    # Fields that always have a value and so say nothing about whether a step was started.
    ALWAYS_SET = ("local_government", "kind", "evidence", "contact_consent", "confirms_current")

    def status(self, version):
        """Complete, in progress, needed (required, not started) or optional (optional, not started)."""
        fields = [name for name in self.fields if name not in (*self.ALWAYS_SET, "new_files", "partner_names")]
        field_of = {"keep_attachments": "attachments", "tags": "tag_names"}
        filled = {name for name in fields if version is not None and is_filled(version, field_of.get(name, name))}
        required = [name for name in fields if name in REQUIRED_TO_SUBMIT]
        if required:
            if all(name in filled for name in required):
                return StepStatus.COMPLETE
            return StepStatus.IN_PROGRESS if filled else StepStatus.NEEDED
        return StepStatus.COMPLETE if filled else StepStatus.OPTIONAL


STEPS = (
    Step("basis", _("De basis"), ("local_government", "title", "summary", "kind", "themes")),
    Step("aanpak", _("Wat u gedaan hebt"), ("description", "resources"), markdown=True),
    Step(
        "resultaten",
        _("Resultaten en lessen"),
        ("evidence", "results", "difficulties", "transferability"),
        markdown=True,
    ),
    Step(
        "context",
        _("Periode, doelgroepen en partners"),
        (
            "started_on",
            "ended_on",
            "periods",
            "confirms_current",
            "phases",
            "target_groups",
            "partners",
            "partner_names",
            "tags",
            "links",
        ),
    ),
    Step(
        "contact",
        _("Contactpersoon"),
        ("contact_name", "contact_function", "contact_email", "contact_phone", "contact_consent"),
    ),
    Step("bijlagen", _("Sjablonen en bijlagen"), ("keep_attachments", "new_files")),
)
STEP_OF_FIELD = {name: step for step in STEPS for name in step.fields}


class ChosenOnlyCheckboxes(forms.CheckboxSelectMultiple):
    """A checkbox for each value already chosen, so it can be unticked; new ones are typed elsewhere.
    Never a box for each of the 300 municipalities."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        return [
            (group, chosen, index)
            for group, options, index in groups
            if (chosen := [o for o in options if o["selected"]])
        ]


def _text(label, *, help_text="", max_length=LONG_TEXT, rows=6):
    attrs = {"rows": rows}
    if help_text is MARKDOWN_HELP:
        attrs["data-markdown-preview"] = "/mijn-praktijken/voorbeeld/"  # a live preview when JavaScript runs
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs=attrs),
    )


class PracticeForm(SaysWhatIsMissing, forms.Form):
    """Every field of a practice. Saving a draft accepts an incomplete form; submitting does not."""

    required_messages = {
        "local_government": _("Kies het lokaal bestuur waarvoor u dit deelt."),
        "kind": _("Kies de soort praktijkvoorbeeld."),
    }

    local_government = forms.ModelChoiceField(
        label=_("Namens welk lokaal bestuur?"), queryset=LocalGovernment.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Titel"), max_length=200, required=False, help_text=_("Kort en concreet."))
    summary = _text(
        _("Samenvatting"),
        max_length=300,
        rows=3,
        help_text=_("Wat, voor wie, met welk resultaat."),
    )
    description = _text(_("Wat hebben we gedaan?"), help_text=MARKDOWN_HELP, rows=8)
    resources = _text(_("Middelen: budget, mensen, partners"), help_text=MARKDOWN_HELP)
    evidence = forms.ChoiceField(
        label=_("Hoe ver staat u met het bewijs?"),
        choices=Evidence.choices,
        widget=forms.RadioSelect,
        required=False,  # a form from before this field existed leaves the level as it was
        help_text=_(
            "Idee of belofte: nog geen resultaten. Resultaten gemeten: u geeft cijfers hieronder. "
            "Geëvalueerd: er is een evaluatie of rapport, bij de bijlagen of als link."
        ),
    )
    results = _text(_("Resultaten en bewijs"), help_text=MARKDOWN_HELP)
    difficulties = _text(_("Moeilijkheden en lessen"), help_text=MARKDOWN_HELP)
    transferability = _text(_("Tips voor wie dit wil overnemen"), help_text=MARKDOWN_HELP)
    kind = forms.ChoiceField(label=_("Soort"), choices=PracticeKind.choices, widget=forms.RadioSelect)
    started_on = DateField(label=_("Gestart op"), required=False)
    ended_on = DateField(label=_("Afgelopen op"), required=False, help_text=_("Leeg laten als het nog loopt."))
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    periods = forms.ModelMultipleChoiceField(
        label=_("Onder welke maatregelen liep dit?"),
        queryset=MeasurePeriod.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kies de periode(s) van maatregelen waaronder u dit toepaste. Loopt er een af, dan krijgen "
            "lezers de melding dat het mogelijk verouderd is."
        ),
    )
    confirms_current = forms.BooleanField(
        label=_("Dit voorbeeld past nog bij de huidige regels"),
        required=False,
        help_text=_(
            "Een periode van maatregelen waaronder dit liep, is voorbij. Vink aan als het voorbeeld nog "
            "klopt; na goedkeuring van de update verdwijnt de melding “mogelijk verouderd”."
        ),
    )
    phases = forms.ModelMultipleChoiceField(
        label=_("Fases"), queryset=Phase.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Doelgroepen"), queryset=TargetGroup.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partnerbesturen"),
        required=False,
        help_text=_("Vink een gemeente uit om ze weg te halen."),
        queryset=LocalGovernment.objects.active().municipalities(),
        widget=ChosenOnlyCheckboxes,
    )
    partner_names = forms.CharField(
        label=_("Partnergemeente toevoegen"),
        required=False,
        max_length=2000,
        help_text=_("Typ de naam van een gemeente die meewerkte; meer gemeenten scheidt u met komma's."),
        widget=forms.TextInput(attrs={"list": "gemeenten", "autocomplete": "off"}),
    )
    tags = forms.CharField(
        label=_("Trefwoorden"),
        required=False,
        max_length=500,
        help_text=_("Gescheiden door komma's, bv. premie, terrassen."),
    )
    links = _text(_("Externe links"), max_length=4000, rows=3, help_text=_("Eén link per regel: titel | https://…"))
    contact_name = forms.CharField(label=_("Naam contactpersoon"), max_length=150, required=False)
    contact_function = forms.CharField(label=_("Functie contactpersoon"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("E-mail contactpersoon"), required=False)
    contact_phone = forms.CharField(label=_("Telefoon contactpersoon"), max_length=40, required=False)
    contact_consent = forms.BooleanField(
        label=_("De contactpersoon stemt ermee in dat deze gegevens publiek getoond worden"), required=False
    )
    keep_attachments = forms.ModelMultipleChoiceField(
        label=_("Bijlagen behouden"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vink een bijlage uit om ze uit deze versie te halen."),
    )
    new_files = MultipleFileField(
        label=_("Bijlagen toevoegen"),
        required=False,
        help_text=_(
            "Sjablonen en modellen: pdf, docx, xlsx, pptx, odt, ods, odp, png, jpg, csv of txt; hoogstens 20 MB per bestand."
        ),
    )
    note_to_editors = _text(_("Notitie voor de redactie"), max_length=2000, rows=3, help_text=_("Niet publiek."))

    SUBMIT_MESSAGES = {  # one for each field of services.REQUIRED_TO_SUBMIT
        "title": _("Vul een titel in."),
        "summary": _("Vul een samenvatting in."),
        "description": _("Beschrijf wat u gedaan hebt."),
        "themes": _("Kies ten minste één thema."),
    }

    def __init__(self, *args, user, practice=None, submitting=False, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.step = step
        if step is not None:
            # One step of the submission: its own fields, and one Markdown hint for the whole step.
            for name in [name for name in self.fields if name not in step.fields]:
                del self.fields[name]
            for field in self.fields.values():
                if field.help_text is MARKDOWN_HELP:
                    field.help_text = ""
        if user.has_perm(MODERATE_PRACTICE):
            governments = LocalGovernment.objects.active()
        else:
            governments = LocalGovernment.objects.filter(memberships__user=user)
        if "local_government" in self.fields:
            self.fields["local_government"].queryset = governments.order_by("name")
        popular = "tags" in self.fields and list(
            Tag.objects.annotate(uses=Count("taggit_taggeditem_items"))
            .filter(uses__gt=0)
            .order_by("-uses", "name")
            .values_list("name", flat=True)[:12]
        )
        if popular:
            self.fields["tags"].help_text = _("Gescheiden door komma's. Veel gebruikt: %(tags)s.") % {
                "tags": ", ".join(popular)
            }
        for name in ("themes", "phases", "target_groups"):
            if name not in self.fields:
                continue
            # A retired value stays on the versions that carry it, and so in their form.
            chosen = [getattr(item, "pk", item) for item in self.initial.get(name) or ()]
            field = self.fields[name]
            field.queryset = field.queryset.model.objects.offered(keep=chosen)
        if practice is None or not practice.outdated:
            self.fields.pop("confirms_current", None)  # only asked of a practice that carries the warning
        if practice is not None:
            self.fields.pop("local_government", None)  # the submitting government is fixed once created
            version = practice.working_version or practice.published_version
            if "keep_attachments" in self.fields:
                self.fields["keep_attachments"].queryset = (
                    version.attachments.all() if version else Attachment.objects.none()
                )
        else:
            self.fields.pop("keep_attachments", None)
        self.replaceable = {}  # the files that can get a new version here: {pk: attachment}
        if "keep_attachments" in self.fields:
            self._add_replacement_fields()
        for name, field in self.fields.items():
            # Required ones are not marked; the optional ones say so (a lone checkbox needs no mark).
            field.optional = name not in REQUIRED_TO_SUBMIT and name not in Step.ALWAYS_SET
            limit = getattr(field, "max_length", None)
            if limit and limit <= COUNTED_MAX and name not in ("partner_names", "contact_email"):
                field.widget.attrs["data-count"] = limit
                field.help_text = f"{field.help_text} {_('Hoogstens %(n)d tekens.') % {'n': limit}}".strip()

    def _add_replacement_fields(self):
        """Per file of the version: a new version of it (a corrected template) and what changed."""
        for attachment in self.fields["keep_attachments"].queryset:
            self.replaceable[attachment.pk] = attachment
            self.fields[f"replace_{attachment.pk}"] = forms.FileField(
                label=_("Nieuwe versie van “%(title)s”") % {"title": attachment.title},
                required=False,
                help_text=_(
                    "De oude versie blijft te downloaden in de versiegeschiedenis; wie het sjabloon volgt, "
                    "krijgt een e-mail."
                ),
            )
            self.fields[f"change_{attachment.pk}"] = forms.CharField(
                label=_("Wat is er veranderd in “%(title)s”?") % {"title": attachment.title},
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Verplicht bij een nieuwe versie. Dit staat in de e-mail aan wie het sjabloon volgt."),
            )

    def replacements(self):
        """[(old attachment, new file, what changed)] for the services."""
        found = []
        for pk, attachment in self.replaceable.items():
            uploaded = self.cleaned_data.get(f"replace_{pk}")
            if uploaded:
                found.append((attachment, uploaded, self.cleaned_data.get(f"change_{pk}", "")))
        return found

    def _clean_replacements(self):
        for pk in self.replaceable:
            uploaded = self.cleaned_data.get(f"replace_{pk}")
            if not uploaded:
                continue
            try:
                validate_attachment(uploaded)
            except ValidationError as error:
                self.add_error(f"replace_{pk}", f"{uploaded.name}: {' '.join(error.messages)}")
            if not self.cleaned_data.get(f"change_{pk}", "").strip():
                self.add_error(f"change_{pk}", _("Schrijf kort wat er veranderd is in de nieuwe versie."))

    @classmethod
    def initial_from(cls, version):
        initial = {name: getattr(version, name) for name in Practice.SCALAR_FIELDS}  # links: as text, below
        # A note belongs to one submission: a version already sent starts the next one without it.
        initial["note_to_editors"] = version.note_to_editors if version.submitted_at is None else ""
        for name in ("themes", "phases", "target_groups", "partners", "periods"):
            initial[name] = list(getattr(version, name).all())
        initial["confirms_current"] = version.confirms_current and version.submitted_at is None
        initial["keep_attachments"] = list(version.attachments.all())
        initial["tags"] = ", ".join(version.tag_names)
        initial["links"] = "\n".join(f"{link.get('title', '')} | {link.get('url', '')}" for link in version.links)
        return initial

    def clean_partner_names(self):
        """Typed municipality names, matched without regard to case; an unknown one is named in the error."""
        names = [n.strip() for n in re.split(r"[,\n]", self.cleaned_data["partner_names"]) if n.strip()]
        if not names:
            return []
        known = {g.name.casefold(): g for g in self.fields["partners"].queryset}
        unknown = [n for n in names if n.casefold() not in known]
        if unknown:
            raise ValidationError(
                _("Geen gemeente gevonden met de naam “%(name)s”. Kies een naam uit de lijst.") % {"name": unknown[0]}
            )
        return [known[n.casefold()] for n in names]

    def clean_tags(self):
        tags = [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if any(len(t) > 100 for t in tags):
            raise ValidationError(_("Een trefwoord is hoogstens 100 tekens lang."))
        if len(tags) > 15:
            raise ValidationError(_("Gebruik hoogstens 15 trefwoorden."))
        return tags

    def clean_links(self):
        links = []
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            title, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
            url = url.strip()
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ValidationError(
                    _("Regel %(n)d bevat geen geldig webadres (begin met https://).") % {"n": number}
                ) from None
            links.append({"title": title.strip()[:200], "url": url})
        return links

    def municipality_names(self):
        """The names offered while typing a partner (a datalist: suggestions without JavaScript)."""
        return self.fields["partners"].queryset.values_list("name", flat=True).order_by("name")

    def clean_new_files(self):
        files = self.cleaned_data.get("new_files") or []
        cleaned = []
        for uploaded in files:
            try:
                name, _content_type = validate_attachment(uploaded)
            except ValidationError as error:
                raise ValidationError(f"{uploaded.name}: {' '.join(error.messages)}") from None
            cleaned.append((uploaded, name.rsplit(".", 1)[0]))
        kept = self.data.getlist(self.add_prefix("keep_attachments")) if "keep_attachments" in self.fields else []
        if len(kept) + len(cleaned) > MAX_ATTACHMENTS:
            raise ValidationError(_("Een praktijkvoorbeeld heeft hoogstens %(n)d bijlagen.") % {"n": MAX_ATTACHMENTS})
        if sum(f.size for f, _t in cleaned) > PRACTICE_MAX_BYTES:
            raise ValidationError(_("Alle bijlagen samen mogen hoogstens 50 MB zijn."))
        return cleaned

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("De einddatum ligt vóór de startdatum."))
        if (cleaned.get("evidence") or Evidence.IDEA) != Evidence.IDEA and not cleaned.get("results"):
            self.add_error(
                "results", _("Beschrijf de resultaten: welke cijfers hebt u gemeten, of wat zegt de evaluatie?")
            )
        if cleaned.get("contact_consent") and not (cleaned.get("contact_name") and cleaned.get("contact_email")):
            self.add_error("contact_name", _("Geef naam en e-mail van de contactpersoon, of vink de toestemming uit."))
        self._clean_replacements()
        if self.submitting:
            for name, message in self.SUBMIT_MESSAGES.items():
                if name in self.fields and not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def _kept(self):
        """The files kept: those ticked, and those given a new version (which takes their place)."""
        if "keep_attachments" not in self.fields:
            return None if self.step else ()
        kept = list(self.cleaned_data.get("keep_attachments") or ())
        kept += [old for old, _uploaded, _note in self.replacements() if old not in kept]
        return tuple(kept)

    def content(self):
        """What this form holds, for the services; the fields of other steps are left out, so they stay."""
        data = self.cleaned_data

        def chosen(name):
            return tuple(data.get(name) or ()) if name in self.fields else None

        partners = chosen("partners")
        if partners is not None:
            partners = tuple(dict.fromkeys([*partners, *data.get("partner_names", ())]))
        return Content(
            fields={
                name: data[name]
                for name in PracticeVersion.SCALAR_FIELDS
                if name in self.fields and not (name == "evidence" and not data[name])
            }
            | ({"confirms_current": data["confirms_current"]} if "confirms_current" in self.fields else {}),
            themes=chosen("themes"),
            phases=chosen("phases"),
            target_groups=chosen("target_groups"),
            partners=partners,
            periods=chosen("periods"),
            attachments=self._kept(),
            tags=tuple(data["tags"]) if "tags" in self.fields else None,
        )


class SubmitForm(forms.Form):
    """The last step: a note for the editors, sent with the submission."""

    note_to_editors = forms.CharField(
        label=_("Notitie voor de redactie"),
        required=False,
        max_length=2000,
        strip=True,
        help_text=_(
            "Niet publiek. Bijvoorbeeld wat er veranderd is, of een vraag aan de redactie. Hoogstens 2000 tekens."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "data-count": 2000}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note_to_editors"].optional = True


class ProblemReportForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "kind": _("Kies wat er mis is."),
        "text": _("Schrijf kort wat er niet klopt."),
    }

    kind = forms.ChoiceField(label=_("Wat is er mis?"), choices=ProblemReport.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Toelichting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kort: wat klopt er niet, of welke bijlage werkt niet?"),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres (niet verplicht)"),
        required=False,
        help_text=_("Alleen als u een antwoord wilt. Het wordt nergens getoond."),
    )
    website = honeypot()


class AdoptionForm(SaysWhatIsMissing, forms.Form):
    """ "Wij namen dit over": which of the official's governments, how, since when, what differs."""

    required_messages = {
        "local_government": _("Kies het bestuur dat het overnam."),
        "way": _("Kies of u het ongewijzigd of aangepast overnam."),
        "adopted_on": _("Vul in sinds wanneer (bijvoorbeeld 2021-03-15)."),
    }

    local_government = forms.ModelChoiceField(
        label=_("Welk bestuur nam het over?"),
        queryset=LocalGovernment.objects.none(),
        empty_label=_("Kies een bestuur"),
    )
    way = forms.ChoiceField(label=_("Hoe?"), choices=Adoption.Way.choices, widget=forms.RadioSelect)
    adopted_on = DateField(label=_("Sinds wanneer?"))
    note = forms.CharField(
        label=_("Wat deed u anders?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kort: wat u aanpaste aan uw gemeente, wat u wegliet of toevoegde. Dit wordt getoond."),
    )
    own_practice = forms.ModelChoiceField(
        label=_("Uw eigen praktijkvoorbeeld op dit portaal"),
        required=False,
        queryset=Practice.objects.none(),
        empty_label=_("(geen)"),
        help_text=_("Als u uw versie ook deelde, verwijzen beide naar elkaar."),
    )

    def __init__(self, *args, governments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_government"].queryset = LocalGovernment.objects.filter(pk__in=[g.pk for g in governments])
        if len(governments) == 1:
            self.fields["local_government"].initial = governments[0].pk
        self.fields["own_practice"].queryset = (
            Practice.objects.published().filter(local_government__in=[g.pk for g in governments]).order_by("title")
        )


class DeclineAdoptionForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"reason": _("Schrijf waarom de overname niet gepubliceerd wordt.")}

    reason = forms.CharField(
        label=_("Waarom niet?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("De indiener krijgt deze reden per e-mail."),
    )


class PeriodForm(SaysWhatIsMissing, forms.Form):
    """A period of measures, new or changed. A new one that already ended is closed at once."""

    required_messages = {
        "name": _("Geef de periode een naam."),
        "starts_on": _("Vul het begin in (bijvoorbeeld 2020-03-18)."),
    }

    name = forms.CharField(label=_("Naam"), max_length=150, help_text=_("Bijvoorbeeld: eerste lockdown."))
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=300,
        required=False,
        help_text=_("Eén zin: welke maatregelen golden er?"),
    )
    starts_on = DateField(label=_("Begin"))
    ends_on = DateField(label=_("Einde"), required=False, help_text=_("Leeg als de maatregelen nog gelden."))
    close_note = forms.CharField(
        label=_("Waarom is ze voorbij?"),
        max_length=300,
        required=False,
        help_text=_("Eén regel, getoond bij de voorbeelden die eronder liepen. Verplicht met een einde."),
    )

    def __init__(self, *args, closing=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not closing:  # a period is closed, and reopened, through its own form
            del self.fields["ends_on"], self.fields["close_note"]
        for field in self.fields.values():
            field.optional = not field.required

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Het einde ligt vóór het begin."))
        if end and not cleaned.get("close_note", "").strip():
            self.add_error("close_note", _("Leg in één regel uit waarom de periode voorbij is."))
        return cleaned


class ClosePeriodForm(SaysWhatIsMissing, forms.Form):
    required_messages = {
        "ends_on": _("Vul het einde in (bijvoorbeeld 2020-05-04)."),
        "close_note": _("Leg in één regel uit waarom de periode voorbij is."),
    }

    ends_on = DateField(label=_("Einde"))
    close_note = forms.CharField(
        label=_("Waarom is ze voorbij?"),
        max_length=300,
        help_text=_("Eén regel, getoond bij de voorbeelden die eronder liepen. Hun besturen krijgen een e-mail."),
    )


class ReopenPeriodForm(SaysWhatIsMissing, forms.Form):
    required_messages = {"reason": _("Leg in één regel uit waarom de periode weer loopt.")}

    reason = forms.CharField(label=_("Waarom loopt ze weer?"), max_length=300)
