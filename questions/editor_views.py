"""The editors' screens for clarifications (/redactie/verduidelijkingen/): the list (drafts, awaiting
approval, to review, published, and the themes that keep producing questions), a new one from answered
questions, and one clarification: write its draft, offer it, approve or send it back, correct, confirm.
HTTP only; every change goes through the services."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vlaanderenhelpt.permissions import EDIT_CLARIFICATIONS, permission_or_404

from . import personal_data, publishing
from .forms import ClarificationForm, NewClarificationForm, RuleFormSet, SendBackForm
from .models import Clarification, ClarificationVersion, Question, VersionStatus
from .publishing import Draft, RuleText


@require_http_methods(["GET", "HEAD", "POST"])
@permission_or_404(EDIT_CLARIFICATIONS)
def clarifications(request):
    """Every clarification by where it stands; and the form to start one from answered questions."""
    form = NewClarificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = publishing.create(editor=request.user, questions=form.cleaned_data["references"])
        except publishing.ClarificationError as error:
            form.add_error("references", error.message)
        else:
            messages.success(request, _("Het concept staat klaar, met de antwoorden van de vragendesk als begin."))
            return redirect(created.get_editor_url())
    unpublished = {VersionStatus.DRAFT: [], VersionStatus.SUBMITTED: []}
    open_versions = ClarificationVersion.objects.exclude(status=VersionStatus.PUBLISHED).select_related(
        "clarification__theme", "written_by"
    )
    for version in open_versions.order_by("created_at", "pk"):
        unpublished[version.status].append(version)
    feedback = Count("feedback", filter=Q(feedback__helpful=True)), Count("feedback", filter=Q(feedback__helpful=False))
    published = (
        Clarification.objects.published()
        .annotate(helped=feedback[0], not_helped=feedback[1])
        .select_related("current", "theme")
        .order_by("-last_published_at", "-pk")[:100]
    )
    return render(
        request,
        "questions/editors/clarifications.html",
        {
            "form": form,
            "drafts": unpublished[VersionStatus.DRAFT],
            "submitted": unpublished[VersionStatus.SUBMITTED],
            "to_review": Clarification.objects.to_review().select_related("current", "theme")[:100],
            "published": published,
        },
    )


def _draft_from(form, rules):
    data = form.cleaned_data
    return Draft(
        title=data["title"],
        body=data["body"],
        change_note=data["change_note"],
        sections=tuple(publishing.current_sections(data["sections"])),
        rules=tuple(
            RuleText(
                name=r.get("name", ""),
                article=r.get("article", ""),
                url=r.get("url", ""),
                valid_from=r.get("valid_from"),
                valid_until=r.get("valid_until"),
            )
            for r in rules.cleaned_data
            if r
        ),
        periods=tuple(data["periods"]),
    )


def _initial(version):
    initial = {
        "title": version.title,
        "body": version.body,
        "change_note": version.change_note,
        "sections": [f"{s.document.slug}#{s.anchor}" for s in version.sections.select_related("document")],
        "periods": list(version.periods.all()),
    }
    rules = [
        {"name": r.name, "article": r.article, "url": r.url, "valid_from": r.valid_from, "valid_until": r.valid_until}
        for r in version.rules.all()
    ]
    return initial, rules


def _act(request, clarification, version, action, forms):
    """Carry out the posted action; a message, or None when a form has errors to show."""
    editor = request.user
    if version is None and action in ("bewaren", "aanbieden", "goedkeuren", "terugsturen"):
        raise publishing.nothing_open(clarification)
    if action in ("bewaren", "aanbieden"):
        form, rules = forms["form"], forms["rules"]
        if not (form.is_valid() and rules.is_valid()):
            return None
        publishing.save_draft(version=version, editor=editor, draft=_draft_from(form, rules))
        if action == "bewaren":
            return _("Het concept is bewaard.")
        publishing.submit(version=version, editor=editor)
        return _("Aangeboden ter goedkeuring: een andere redacteur keurt ze goed.")
    if action == "goedkeuren":
        publishing.approve(version=version, editor=editor)
        return _("Gepubliceerd. De besturen die de vraag stelden, krijgen een e-mail.")
    if action == "terugsturen":
        if not forms["send_back"].is_valid():
            return None
        publishing.send_back(version=version, editor=editor, reason=forms["send_back"].cleaned_data["reason"])
        return _("Teruggestuurd naar de schrijver.")
    if action == "corrigeren":
        publishing.start_correction(clarification=clarification, editor=editor)
        return _("Er is een nieuwe versie in concept; de gepubliceerde blijft online tot ze goedgekeurd is.")
    if action == "bevestigen":
        publishing.confirm(clarification=clarification, editor=editor)
        return _("Nagekeken: de verduidelijking is niet meer gemarkeerd als te herzien.")
    raise publishing.ClarificationError(_("Onbekende actie."))


@require_http_methods(["GET", "HEAD", "POST"])
@permission_or_404(EDIT_CLARIFICATIONS)
def clarification(request, pk):
    """One clarification: its open version (to write, or to approve), its published versions, its
    questions, its feedback and its decisions."""
    found = get_object_or_404(Clarification.objects.select_related("current", "theme"), pk=pk)
    version = found.versions.exclude(status=VersionStatus.PUBLISHED).order_by("-number").first()
    action = request.POST.get("actie", "") if request.method == "POST" else ""
    posted = request.POST if action in ("bewaren", "aanbieden") else None
    initial, rule_rows = _initial(version) if version else ({}, [])
    forms = {
        "form": ClarificationForm(posted, initial=initial),
        "rules": RuleFormSet(posted, initial=rule_rows, prefix="regels"),
        "send_back": SendBackForm(request.POST if action == "terugsturen" else None),
    }
    if action:
        try:
            done = _act(request, found, version, action, forms)
        except publishing.ClarificationError as error:
            messages.error(request, error.message)
            return redirect(found.get_editor_url())
        if done:
            messages.success(request, done)
            return redirect(found.get_editor_url())
    questions = list(found.questions.select_related("asked_by", "local_government", "theme"))
    text = f"{version.title}\n{version.body}" if version else ""
    if posted and forms["form"].is_valid():
        text = f"{forms['form'].cleaned_data['title']}\n{forms['form'].cleaned_data['body']}"
    return render(
        request,
        "questions/editors/clarification.html",
        {
            "clarification": found,
            "version": version,
            "questions": questions,
            "duplicates": Question.objects.filter(duplicate_of__in=questions).count(),
            "warnings": personal_data.warnings(text, questions) if version else [],
            "published_versions": found.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number"),
            "decisions": found.decisions.select_related("actor", "version"),
            "helped": found.feedback.filter(helpful=True).count(),
            "not_helped": found.feedback.filter(helpful=False).count(),
            "comments": found.feedback.exclude(comment="")[:20],
            "is_writer": version is not None and version.written_by_id == request.user.pk,
            **forms,
        },
    )
