"""The editors' guidance screens (/redactie/handreikingen/, /redactie/suggesties/): HTTP only; every
change goes through the services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from catalogue.search import search
from practices.models import Practice
from vlaanderenhelpt.errors import already_decided
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.permissions import EDIT_GUIDANCE, permission_or_404

from . import services
from .diff import as_sections, compare, compare_sections
from .forms import (
    AttachmentForm,
    DeclineForm,
    DocumentForm,
    NewSectionForm,
    PracticeLinkForm,
    PublishForm,
    ReviewDateForm,
    SectionForm,
    SectionFormSet,
    WithdrawForm,
)
from .models import GuidanceDocument, Suggestion
from .services import SectionText
from .views import version_context

guidance_editors_only = permission_or_404(EDIT_GUIDANCE)


def _draft(document):
    draft = document.versions.drafts().first()
    if draft is None:
        raise Http404
    return draft


def _current(document):
    return document.versions.current()


@guidance_editors_only
@require_safe
def index(request):
    """The editors' list of guidance documents."""
    return render(request, "guidance/editors/index.html", {"documents": GuidanceDocument.objects.overview()})


@guidance_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    """A new guidance document, as a first draft."""
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        title = form.cleaned_data["title"]
        document = services.create_document(
            editor=request.user,
            title=title,
            summary=form.cleaned_data["summary"],
            themes=form.cleaned_data["themes"],
            sections=[SectionText(_("Inleiding"), "", "inleiding")],
        )
        messages.success(request, _("De handreiking is aangemaakt, met een eerste concept. Schrijf nu de onderdelen."))
        return redirect("guidance_editors:draft", slug=document.slug)
    return render(request, "guidance/editors/create.html", {"form": form})


@guidance_editors_only
@require_safe
def document(request, slug):
    """A document for the editors: its versions, draft, plan, review date and suggestions."""
    return _document_page(request, get_object_or_404(GuidanceDocument, slug=slug))


def _document_page(request, document, review_form=None, status=200):
    return render(
        request,
        "guidance/editors/document.html",
        {
            "document": document,
            "versions": document.versions.select_related("published_by", "created_by").order_by("-number"),
            "draft": document.versions.drafts().first(),
            "current": _current(document),
            "decisions": document.decisions.select_related("actor", "version").order_by("-created_at", "-pk")[:30],
            "withdraw_form": WithdrawForm(),
            "review_form": review_form or ReviewDateForm(initial={"review_before": document.review_before}),
        },
        status=status,
    )


@guidance_editors_only
@require_POST
def review_date(request, slug):
    """Set or clear the date before which a document should be reviewed."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    form = ReviewDateForm(request.POST)
    if not form.is_valid():
        return _document_page(request, document, review_form=form)  # the error at the field and above it
    services.set_review_before(document=document, editor=request.user, review_before=form.cleaned_data["review_before"])
    messages.success(request, _("De herzieningsdatum is bewaard."))
    return redirect("guidance_editors:document", slug=slug)


@guidance_editors_only
@require_POST
def start_draft(request, slug):
    """Start a new draft from the current version."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    try:
        services.start_draft(document=document, editor=request.user)
    except services.GuidanceError as error:
        messages.error(request, error.message)
        return redirect("guidance_editors:document", slug=slug)
    messages.success(request, _("Er is een nieuw concept, met de tekst van de huidige versie."))
    return redirect("guidance_editors:draft", slug=slug)


def _revision(data):
    # A forged or missing revision is never current.
    return whole_number(data.get("revisie", ""), default=-1)


def _initial_sections(draft):
    return [{"anchor": s.anchor, "title": s.title, "body": s.body, "ORDER": s.position} for s in draft.sections.all()]


def _sections_from(formset):
    return [
        SectionText(form.cleaned_data["title"], form.cleaned_data.get("body", ""), form.cleaned_data.get("anchor", ""))
        for form in formset.ordered_forms
    ]


@guidance_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def draft(request, slug):
    """The draft overview: each section with its own edit page, moved, added or removed here. A
    whole-draft form (below, at concept/alles/) posts here too."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    if request.method == "POST" and not document.versions.drafts().exists():
        return _save_without_draft(request, document)
    draft = _draft(document)
    if request.method != "POST":
        return render(
            request,
            "guidance/editors/draft_overview.html",
            {
                "document": document,
                "draft": draft,
                "sections": draft.sections.prefetch_related("practices"),
                "attachments": draft.attachments.all(),
                "form": AttachmentForm(),
                "add_form": NewSectionForm(prefix="nieuw"),
            },
        )
    return _draft_form(request, document, draft)


@guidance_editors_only
@require_safe
def draft_all(request, slug):
    """Every section in one form: for restructuring a draft in one go."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    return _draft_form(request, document, _draft(document))


def _draft_form(request, document, draft):
    conflict = None
    revision = draft.revision
    if request.method == "POST":
        formset = SectionFormSet(request.POST, prefix="onderdelen")
        if formset.is_valid():
            try:
                services.save_sections(
                    draft=draft,
                    editor=request.user,
                    sections=_sections_from(formset),
                    expected_revision=_revision(request.POST),
                )
            except services.DraftConflict as error:
                conflict = {
                    "message": error.message,
                    "rows": [
                        r
                        for r in compare_sections(as_sections(error.base), as_sections(error.current))
                        if r["kind"] != "same"
                    ],
                    "saved_at": error.saved_at,
                }
                revision = error.revision  # the next save, merged by hand, is based on what is stored now
            except services.GuidanceError as error:
                formset._non_form_errors = formset.error_class([error.message])
            else:
                messages.success(request, _("Het concept is bewaard."))
                return redirect("guidance_editors:draft", slug=document.slug)
    else:
        formset = SectionFormSet(initial=_initial_sections(draft), prefix="onderdelen")
    stored = {s.anchor: s for s in draft.sections.prefetch_related("practices")}
    for form in formset:
        form.stored = stored.get(form["anchor"].value() or "")
    return render(
        request,
        "guidance/editors/draft.html",
        {"document": document, "draft": draft, "formset": formset, "revision": revision, "conflict": conflict},
    )


SECTION_ACTIONS = {
    # POST value: (service call, message on success)
    "omhoog": (
        lambda d, r, a, v: services.move_section(draft=d, editor=r.user, anchor=a, offset=-1, expected_revision=v),
        gettext_lazy("Het onderdeel staat een plaats hoger."),
    ),
    "omlaag": (
        lambda d, r, a, v: services.move_section(draft=d, editor=r.user, anchor=a, offset=1, expected_revision=v),
        gettext_lazy("Het onderdeel staat een plaats lager."),
    ),
    "verwijderen": (
        lambda d, r, a, v: services.remove_section(draft=d, editor=r.user, anchor=a, expected_revision=v),
        gettext_lazy("Het onderdeel is uit het concept gehaald. Vroegere versies houden het."),
    ),
}


@guidance_editors_only
@require_POST
def section_action(request, slug):
    """Move a section up or down, remove it, or add one: buttons on the overview, no JavaScript needed."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    draft = _draft(document)
    action, anchor, revision = request.POST.get("actie", ""), request.POST.get("onderdeel", ""), _revision(request.POST)
    try:
        if action == "toevoegen":
            form = NewSectionForm(request.POST, prefix="nieuw")
            if not form.is_valid():
                raise services.GuidanceError(" ".join(form.errors["title"]))
            anchor = services.add_section(
                draft=draft, editor=request.user, title=form.cleaned_data["title"], expected_revision=revision
            )
            messages.success(request, _("Het onderdeel is toegevoegd. Schrijf nu de tekst."))
            return redirect("guidance_editors:section", slug=slug, anchor=anchor)
        if action not in SECTION_ACTIONS:
            raise services.GuidanceError(_("Onbekende actie."))
        call, done = SECTION_ACTIONS[action]
        call(draft, request, anchor, revision)
    except services.GuidanceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(done))
    return redirect(reverse("guidance_editors:draft", args=[slug]) + (f"#onderdeel-{anchor}" if anchor else ""))


@guidance_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def section(request, slug, anchor):
    """One section on its own page, with its preview. Saved on the revision it was opened at: another
    editor's change to this section since is shown and nothing is lost."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    draft = _draft(document)
    stored = draft.sections.filter(anchor=anchor).first()
    if stored is None and request.method != "POST":
        raise Http404
    # A section removed by another editor while this one wrote: the save below is refused as a
    # conflict and the typed text comes back, so it can be added again.
    form = SectionForm(
        request.POST or None, initial={"anchor": anchor, "title": stored.title, "body": stored.body} if stored else None
    )
    revision, conflict = draft.revision, None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_section(
                draft=draft,
                editor=request.user,
                anchor=anchor,
                title=form.cleaned_data["title"],
                body=form.cleaned_data.get("body", ""),
                expected_revision=_revision(request.POST),
            )
        except services.DraftConflict as error:
            rows = [
                r for r in compare_sections(as_sections(error.base), as_sections(error.current)) if r["kind"] != "same"
            ]
            conflict = {"message": error.message, "rows": rows, "saved_at": error.saved_at}
            revision = error.revision
        except services.GuidanceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("“%(title)s” is bewaard.") % {"title": form.cleaned_data["title"]})
            return redirect(reverse("guidance_editors:draft", args=[slug]) + f"#onderdeel-{anchor}")
    elif request.method == "POST":
        revision = _revision(request.POST)  # an invalid form keeps the revision it was opened at
    return render(
        request,
        "guidance/editors/section.html",
        {
            "document": document,
            "draft": draft,
            "section": stored,
            "anchor": anchor,
            "form": form,
            "revision": revision,
            "conflict": conflict,
            "position": stored.position if stored else None,
            "count": draft.sections.count(),
        },
    )


def _save_without_draft(request, document):
    """The draft was published (or is gone) while this editor was writing: their text is not thrown
    away. It comes back in the form, and one click puts it in a new draft."""
    formset = SectionFormSet(request.POST, prefix="onderdelen")
    if formset.is_valid() and "nieuw_concept" in request.POST:
        try:
            new = services.start_draft(document=document, editor=request.user)
            services.save_sections(
                draft=new, editor=request.user, sections=_sections_from(formset), expected_revision=new.revision
            )
        except services.GuidanceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Uw tekst staat in een nieuw concept (versie %(n)s). Kijk bij het publiceren na wat er verandert "
                    "tegenover de gepubliceerde versie."
                )
                % {"n": new.number},
            )
            return redirect("guidance_editors:draft", slug=document.slug)
    for form in formset:
        form.stored = None
    return render(
        request,
        "guidance/editors/draft.html",
        {"document": document, "draft": None, "formset": formset, "orphaned": document.versions.current()},
    )


@guidance_editors_only
@require_safe
def preview(request, slug):
    """The draft as readers will see it."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    draft = _draft(document)
    context = version_context(document, draft, _current(document))
    context.update(preview=True, is_latest=True)
    return render(request, "guidance/document.html", context)


@guidance_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def practices(request, slug, anchor):
    """Choose the practices a section of the draft cites."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    draft = _draft(document)
    section = get_object_or_404(draft.sections.prefetch_related("practices"), anchor=anchor)
    q = request.GET.get("q", "").strip()[:200]
    linked = list(section.practices.all())
    found = list(search(Practice.objects.published(), q).order_by("title")[:20]) if q else []
    choices = Practice.objects.published().filter(pk__in=[p.pk for p in linked + found])
    if request.method == "POST":
        form = PracticeLinkForm(request.POST, choices=Practice.objects.published())
        if form.is_valid():
            try:
                services.cite_practices(
                    draft=draft, editor=request.user, anchor=anchor, practices=form.cleaned_data["practices"]
                )
            except services.GuidanceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("De praktijkvoorbeelden bij “%(t)s” zijn bewaard.") % {"t": section.title})
                return redirect("guidance_editors:draft", slug=slug)
        else:
            messages.error(request, _("Kies alleen gepubliceerde praktijkvoorbeelden uit de lijst."))
        return redirect(request.get_full_path())
    else:
        form = PracticeLinkForm(initial={"practices": [p.pk for p in linked]}, choices=choices)
    return render(
        request,
        "guidance/editors/practices.html",
        {"document": document, "section": section, "form": form, "q": q, "found": found, "linked": linked},
    )


@guidance_editors_only
@require_POST
def add_attachment(request, slug):
    """Attach a file to the draft."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    draft = _draft(document)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                draft=draft, editor=request.user, uploaded=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        except services.GuidanceError as error:
            form.add_error(None, error.message)
    if form.errors:
        return render(request, "guidance/editors/attachment.html", {"document": document, "form": form}, status=400)
    messages.success(request, _("De bijlage is toegevoegd aan het concept."))
    return redirect("guidance_editors:draft", slug=slug)


@guidance_editors_only
@require_POST
def remove_attachment(request, slug, pk):
    """Remove a file from the draft."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    services.remove_attachment(draft=_draft(document), editor=request.user, attachment_id=pk)
    messages.success(request, _("De bijlage is uit het concept gehaald; eerdere versies houden ze."))
    return redirect("guidance_editors:draft", slug=slug)


@guidance_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request, slug):
    """Publish the draft now, or plan it, with its change note and the suggestions it takes in."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    draft = document.versions.drafts().first()
    current = _current(document)
    if draft is None:
        # Two editors publishing at once: the second is told, not shown an error page.
        if current is None:
            messages.info(request, _("Er is geen concept om te publiceren."))
        else:
            outcome = _("versie %(n)s gepubliceerd") % {"n": current.number}
            messages.info(
                request, already_decided(who=current.published_by, when=current.published_at, outcome=outcome)
            )
        return redirect("guidance_editors:document", slug=slug)
    if request.method == "POST" and request.POST.get("action") == "annuleren":
        try:
            services.unschedule(draft=draft, editor=request.user)
        except services.GuidanceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("De geplande publicatie is geannuleerd."))
        return redirect("guidance_editors:publish", slug=slug)
    form = PublishForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["publish_at"]:
                services.schedule(
                    draft=draft,
                    editor=request.user,
                    publish_at=data["publish_at"],
                    change_note=data["change_note"],
                    is_major=data["kind"] == PublishForm.MAJOR,
                    suggestions=data["suggestions"],
                )
            else:
                services.publish(
                    draft=draft,
                    editor=request.user,
                    change_note=data["change_note"],
                    is_major=data["kind"] == PublishForm.MAJOR,
                    suggestions=data["suggestions"],
                    expected_revision=_revision(request.POST),
                )
        except services.GuidanceError as error:
            form.add_error(None, error.message)
        else:
            if data["publish_at"]:
                when = date_format(timezone.localtime(data["publish_at"]), "j F Y, H:i")
                messages.success(
                    request, _("Versie %(n)s wordt gepubliceerd op %(when)s.") % {"n": draft.number, "when": when}
                )
                return redirect("guidance_editors:document", slug=slug)
            messages.success(request, _("Versie %(n)s is gepubliceerd.") % {"n": draft.number})
            return redirect(draft.get_absolute_url())
    draft.refresh_from_db(fields=["revision"])
    rows = compare(current, draft) if current else None
    return render(
        request,
        "guidance/editors/publish.html",
        {
            "document": document,
            "draft": draft,
            "current": current,
            "form": form,
            "rows": [r for r in rows if r["kind"] != "same"] if rows else None,
        },
    )


@guidance_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, slug):
    """Withdraw a document, with the reason readers will see."""
    document = get_object_or_404(GuidanceDocument, slug=slug)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(document=document, editor=request.user, reason=form.cleaned_data["reason"])
        except services.GuidanceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De handreiking is ingetrokken. Ze blijft leesbaar, met de reden erbij."))
            return redirect("guidance_editors:document", slug=slug)
    return render(request, "guidance/editors/withdraw.html", {"document": document, "form": form})


# The list's filters: URL value -> (the states it shows, its label).
STATUS_FILTERS = {
    "open": (Suggestion.OPEN_STATUSES, _("open (nieuw en in behandeling)")),
    "nieuw": ([Suggestion.Status.NEW], Suggestion.Status.NEW.label),
    "in-behandeling": ([Suggestion.Status.IN_PROGRESS], Suggestion.Status.IN_PROGRESS.label),
    "verwerkt": ([Suggestion.Status.TAKEN_IN], Suggestion.Status.TAKEN_IN.label),
    "niet-weerhouden": ([Suggestion.Status.DECLINED], Suggestion.Status.DECLINED.label),
}


@guidance_editors_only
@require_safe
def suggestions(request):
    """The editors' list of suggestions, by status."""
    show = request.GET.get("toon", "open")
    if show not in STATUS_FILTERS:
        show = "open"
    rows = (
        Suggestion.objects.filter(status__in=STATUS_FILTERS[show][0])
        .select_related("document", "taken_in", "handled_by")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "guidance/editors/suggestions.html",
        {"rows": rows, "show": show, "filters": [(key, label) for key, (_states, label) in STATUS_FILTERS.items()]},
    )


@guidance_editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def suggestion(request, pk):
    """One suggestion: take it, or decline it with a reason."""
    found = get_object_or_404(Suggestion.objects.confirmed().select_related("document", "taken_in"), pk=pk)
    decline_form = DeclineForm(request.POST if request.POST.get("actie") == "afwijzen" else None)
    if request.method == "POST":
        action = request.POST.get("actie")
        try:
            if action == "nemen":
                services.take_suggestion(suggestion=found, editor=request.user)
                messages.success(request, _("De suggestie is in behandeling."))
                return redirect("guidance_editors:suggestion", pk=pk)
            if action == "afwijzen" and decline_form.is_valid():
                services.decline_suggestion(
                    suggestion=found, editor=request.user, reason=decline_form.cleaned_data["reason"]
                )
                messages.success(request, _("De suggestie is niet weerhouden; de indiener krijgt de reden per e-mail."))
                return redirect("guidance_editors:suggestions")
            if action not in ("nemen", "afwijzen"):
                messages.error(request, _("Onbekende actie."))
        except services.GuidanceError as error:
            messages.error(request, error.message)
            return redirect("guidance_editors:suggestion", pk=pk)
    return render(request, "guidance/editors/suggestion.html", {"suggestion": found, "decline_form": decline_form})
