"""The submitter's screens (/mijn-praktijken/): HTTP only; every change goes through the services."""

import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from vlaanderenhelpt import limits
from vlaanderenhelpt.markup import render_markdown
from vlaanderenhelpt.numbers import whole_number

from . import adoptions, services
from .forms import LONG_TEXT, STEP_OF_FIELD, STEPS, AdoptionForm, PracticeForm, SubmitForm
from .models import Decision, Practice, Status

NEXT_STEP = {
    Status.DRAFT: gettext_lazy("Werk het concept af en dien het in."),
    Status.SUBMITTED: gettext_lazy("De redactie bekijkt het. U kunt de indiening nog intrekken."),
    Status.CHANGES_REQUESTED: gettext_lazy("Pas aan volgens de opmerking van de redactie en dien opnieuw in."),
    Status.PUBLISHED: gettext_lazy("Online. U kunt een update voorstellen."),
    Status.UPDATE_SUBMITTED: gettext_lazy("De redactie bekijkt de update; de gepubliceerde versie blijft online."),
    Status.UPDATE_CHANGES_REQUESTED: gettext_lazy("Pas de update aan volgens de opmerking van de redactie."),
    Status.REJECTED: gettext_lazy("Afgewezen. Lees de reden in de geschiedenis."),
    Status.ARCHIVED: gettext_lazy("Gearchiveerd: niet meer publiek zichtbaar."),
}


RESTORE_SECONDS = 60 * 60 * 24
KEPT_FORM_MAX_CHARS = 200_000
KEPT_FORMS_PER_HOUR = 20
# Set when a logged-in official opens a practice form: it names the account whose session may end
# while they type. Signed, so nobody can make a form be kept for someone else.
OWNER_COOKIE, OWNER_SALT = "formulier_van", "practices.kept-form"


def _remember_owner(request, response):
    response.set_signed_cookie(
        OWNER_COOKIE,
        str(request.user.pk),
        salt=OWNER_SALT,
        max_age=RESTORE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _keep(request):
    """Keep a posted form for the account that opened it; the cache key, or None when it is not kept
    (no or a forged owner cookie, too much text, too many kept forms)."""
    owner = whole_number(request.get_signed_cookie(OWNER_COOKIE, default="", salt=OWNER_SALT, max_age=RESTORE_SECONDS))
    data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
    size = sum(len(k) + sum(len(v) for v in values) for k, values in data.items())
    if owner is None or size > KEPT_FORM_MAX_CHARS:
        return None
    if not limits.allow_request(request, "kept-forms", per_hour=KEPT_FORMS_PER_HOUR):
        return None
    key = secrets.token_urlsafe(16)
    cache.set(f"practices:kept-form:{key}", {"owner": owner, "data": data}, RESTORE_SECONDS)
    return key


def keep_post_when_logged_out(view):
    """Like login_required, but a form posted after the login session ended is kept: the typed text
    waits in the cache under a random key, bound to the account that opened the form, and comes back
    in the form only after that account logs in again. An anonymous post is never kept."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            return _remember_owner(request, response) if request.method == "GET" else response
        if request.method == "POST":
            key = _keep(request)
            if key is None:
                messages.warning(
                    request,
                    _(
                        "Uw sessie was verlopen en wat u typte, kon niet bewaard worden. Meld u opnieuw aan en vul het formulier opnieuw in."
                    ),
                )
                return redirect_to_login(request.path)
            messages.warning(
                request, _("Uw sessie was verlopen. Meld u opnieuw aan: wat u typte, staat dan weer in het formulier.")
            )
            return redirect_to_login(f"{request.path}?herstel={key}")
        return redirect_to_login(request.get_full_path())

    return wrapper


def _restored(request):
    """The typed values kept by keep_post_when_logged_out for this account, as form initial data, or None."""
    key = request.GET.get("herstel", "")
    kept = cache.get(f"practices:kept-form:{key}") if key else None
    if not kept or kept.get("owner") != request.user.pk:
        return None
    cache.delete(f"practices:kept-form:{key}")
    data = kept["data"]
    messages.info(request, _("Wat u typte, is teruggezet. Kies eventuele bijlagen opnieuw en bewaar."))
    return {name: values if len(values) > 1 or name in RELATED_INITIAL else values[0] for name, values in data.items()}


RELATED_INITIAL = ("themes", "phases", "target_groups", "partners", "keep_attachments")


def _practice_for(user, pk):
    # Whatever a user may not open answers 404, so its existence does not leak.
    return get_object_or_404(
        Practice.objects.editable_by(user).select_related("local_government", "working_version", "published_version"),
        pk=pk,
    )


@login_required
def dashboard(request):
    """The practices of the official's governments, newest first, each with its last decision and next step."""
    practices = (
        Practice.objects.of_member(request.user)
        .select_related("local_government", "working_version")
        .order_by("-created_at", "-pk")
    )
    last = {}
    for decision in Decision.objects.filter(practice__in=practices).select_related("actor").order_by("created_at"):
        last[decision.practice_id] = decision
    rows = [
        {"practice": p, "title": (p.working_version or p).title, "last": last.get(p.pk), "next_step": _next_step(p)}
        for p in practices
    ]
    return render(request, "practices/mine/dashboard.html", {"rows": rows})


def _next_step(practice):
    if practice.status == Status.PUBLISHED and practice.working_version_id:
        return _("Update in concept: werk af en dien in.")
    return NEXT_STEP[practice.status]


def _save(request, form, practice):
    """Create the practice or save its draft; a refusal becomes an error on the form (None)."""
    data = form.cleaned_data
    try:
        if practice is None:
            return services.create_practice(
                author=request.user,
                local_government=data["local_government"],
                content=form.content(),
                note=data["note_to_editors"],
                files=data["new_files"],
            )
        services.save_draft(
            practice=practice,
            author=request.user,
            content=form.content(),
            note=data["note_to_editors"],
            files=data["new_files"],
            replacements=form.replacements(),
        )
        return practice
    except services.PracticeError as error:
        form.add_error(None, error.message)
        return None


def _post(request, form, practice):
    """Handle a posted practice form; None means: show the form again with its errors.

    A submission that only lacks what submitting requires is first saved as a draft, files included,
    so nothing typed or uploaded is lost; the form then says what is still missing."""
    if form.is_valid():
        saved = _save(request, form, practice)
        return _after_save(request, saved) if saved else None
    if not form.submitting:
        return None
    draft = PracticeForm(request.POST, request.FILES, user=request.user, practice=practice)
    if not draft.is_valid() or (saved := _save(request, draft, practice)) is None:
        return None
    saved = Practice.objects.select_related("working_version", "local_government").get(pk=saved.pk)
    data = request.POST.copy()
    data.setlist("keep_attachments", [str(pk) for pk in saved.working_version.attachments.values_list("pk", flat=True)])
    shown = PracticeForm(data, user=request.user, practice=saved, submitting=True)
    shown.is_valid()
    messages.warning(request, _("Uw concept en bijlagen zijn bewaard. Vul nog aan wat ontbreekt voor u indient."))
    return render(request, "practices/mine/form.html", {"form": shown, "practice": saved})


def _may_start(request):
    if request.user.memberships.exists() or request.user.is_editor:
        return True
    messages.error(request, _("U bent nog niet gekoppeld aan een lokaal bestuur. Vraag de redactie om toegang."))
    return False


# Fields only the earlier one-page form posts to /nieuw/: such a form, opened before the steps came,
# still saves in full.
ONE_PAGE_ONLY = ("description", "contact_name", "links", "note_to_editors")


def _is_one_page_form(request):
    return request.method == "POST" and any(name in request.POST for name in ONE_PAGE_ONLY)


@keep_post_when_logged_out
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    """A new practice starts with its first step; saving that step creates the draft."""
    if not _may_start(request):
        return redirect("practices:mine")
    if _is_one_page_form(request):
        form = PracticeForm(request.POST, request.FILES, user=request.user, submitting="submit" in request.POST)
        if response := _post(request, form, None):
            return response
        return render(request, "practices/mine/form.html", {"form": form, "practice": None})
    step = STEPS[0]
    form = PracticeForm(
        request.POST or None, user=request.user, step=step, initial=_restored(request) or {"kind": "initiatief"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.create_practice(
                author=request.user, local_government=form.cleaned_data["local_government"], content=form.content()
            )
        except services.PracticeError as error:
            form.add_error(None, error.message)
        else:
            return _after_step(request, practice, step)
    return _render_step(request, form, None, step)


def _editable_or_redirect(request, practice):
    if request.method == "GET" and practice.status not in services.EDITABLE_STATUSES:
        # On a POST the service refuses instead, and the form comes back with everything typed.
        messages.error(request, _("Dit praktijkvoorbeeld kan nu niet bewerkt worden."))
        return redirect("practices:mine_detail", pk=practice.pk)
    return None


@keep_post_when_logged_out
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    """The task list: every step with its state, and the way to the check page. A one-page form
    posted here (opened before the steps came) is still saved in full."""
    practice = _practice_for(request.user, pk)
    if refused := _editable_or_redirect(request, practice):
        return refused
    version = practice.working_version or practice.published_version
    if request.method == "POST":
        form = PracticeForm(
            request.POST,
            request.FILES,
            user=request.user,
            practice=practice,
            submitting="submit" in request.POST,
            initial=PracticeForm.initial_from(version),
        )
        if response := _post(request, form, practice):
            return response
        return render(request, "practices/mine/form.html", {"form": form, "practice": practice})
    if restored := _restored(request):
        form = PracticeForm(user=request.user, practice=practice, initial=restored)
        return render(request, "practices/mine/form.html", {"form": form, "practice": practice})
    return render(
        request, "practices/mine/tasks.html", {"practice": practice, "version": version, "tasks": _tasks(version)}
    )


def _tasks(version):
    return [{"step": step, "status": step.status(version)} for step in STEPS]


def _step_or_404(slug):
    step = next((s for s in STEPS if s.slug == slug), None)
    if step is None:
        raise Http404
    return step


@keep_post_when_logged_out
@require_http_methods(["GET", "HEAD", "POST"])
def edit_step(request, pk, step):
    """One step of the submission, saved as it is left: only its own fields change."""
    practice = _practice_for(request.user, pk)
    step = _step_or_404(step)
    if refused := _editable_or_redirect(request, practice):
        return refused
    version = practice.working_version or practice.published_version
    form = PracticeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        practice=practice,
        step=step,
        initial=_restored(request) or PracticeForm.initial_from(version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(
                practice=practice,
                author=request.user,
                content=form.content(),
                files=form.cleaned_data.get("new_files", ()),
                replacements=form.replacements(),
            )
        except services.PracticeError as error:
            form.add_error(None, error.message)
        else:
            return _after_step(request, practice, step)
    return _render_step(request, form, practice, step)


def _render_step(request, form, practice, step):
    number = STEPS.index(step) + 1
    return render(
        request,
        "practices/mine/step.html",
        {
            "form": form,
            "practice": practice,
            "step": step,
            "number": number,
            "count": len(STEPS),
            "is_last": number == len(STEPS),
        },
    )


def _after_step(request, practice, step):
    """Where each button of a step leads: the same step (a partner added), the next step, or the overview."""
    if "add_partner" in request.POST:
        messages.success(request, _("Bewaard. U kunt nog een partnergemeente toevoegen."))
        return redirect(reverse("practices:mine_step", args=[practice.pk, step.slug]) + "#id_partner_names")
    messages.success(request, _("“%(step)s” is bewaard.") % {"step": step.title})
    if "next" in request.POST:
        index = STEPS.index(step)
        if index + 1 < len(STEPS):
            return redirect("practices:mine_step", pk=practice.pk, step=STEPS[index + 1].slug)
        return redirect("practices:mine_check", pk=practice.pk)
    return redirect("practices:mine_edit", pk=practice.pk)


@keep_post_when_logged_out
@require_http_methods(["GET", "HEAD", "POST"])
def check(request, pk):
    """Check your answers: everything as it will be published, a way back to each step, and the
    submit button with the note for the editors."""
    practice = _practice_for(request.user, pk)
    if refused := _editable_or_redirect(request, practice):
        return refused
    version = practice.working_version or practice.published_version
    form = SubmitForm(
        request.POST or None,
        initial=_restored(request)
        or {"note_to_editors": version.note_to_editors if version.submitted_at is None else ""},
    )
    missing = services.missing_for_submission(version)
    if request.method == "POST" and form.is_valid():
        try:
            if practice.working_version_id is None or practice.working_version.submitted_at is not None:
                raise services.PracticeError(_("Er is geen nieuwe versie om in te dienen. Wijzig eerst iets."))
            services.submit(practice=practice, actor=request.user, note=form.cleaned_data["note_to_editors"])
        except services.PracticeError as error:
            form.add_error(None, error.message)
        else:
            return redirect("practices:mine_submitted", pk=practice.pk)
    return render(
        request,
        "practices/mine/check.html",
        {
            "practice": practice,
            "version": version,
            "form": form,
            "tasks": _tasks(version),
            "missing": [(PracticeForm.SUBMIT_MESSAGES[name], STEP_OF_FIELD[name], name) for name in missing],
            "nothing_new": practice.working_version_id is None or practice.working_version.submitted_at is not None,
        },
    )


@login_required
def submitted(request, pk):
    """The confirmation panel: what happens next, and how long a review usually takes."""
    practice = _practice_for(request.user, pk)
    if practice.status not in (Status.SUBMITTED, Status.UPDATE_SUBMITTED):
        return redirect("practices:mine_detail", pk=practice.pk)
    return render(
        request,
        "practices/mine/submitted.html",
        {"practice": practice, "version": practice.working_version, "usual_days": Decision.objects.usual_review_days()},
    )


def _after_save(request, practice):
    if "submit" in request.POST:
        try:
            services.submit(practice=practice, actor=request.user)
        except services.PracticeError as error:
            messages.error(request, error.message)
            return redirect("practices:mine_edit", pk=practice.pk)
        messages.success(request, _("Ingediend. De redactie bekijkt uw praktijkvoorbeeld."))
    elif "preview" in request.POST:
        messages.success(request, _("Concept bewaard. Zo ziet het eruit na publicatie."))
    else:
        messages.success(request, _("Concept bewaard."))
    return redirect("practices:mine_detail", pk=practice.pk)


@login_required
def detail(request, pk):
    """The practice as its own government sees it: status, the version in progress rendered exactly
    as it would be published, the editors' comments and the full history."""
    practice = _practice_for(request.user, pk)
    version = practice.working_version or practice.published_version
    decisions = list(practice.decisions.select_related("actor").order_by("created_at", "pk"))
    comment = next(
        (
            d
            for d in reversed(decisions)
            if d.reason and d.to_state in (Status.CHANGES_REQUESTED, Status.UPDATE_CHANGES_REQUESTED, Status.REJECTED)
        ),
        None,
    )
    return render(
        request,
        "practices/mine/detail.html",
        {
            "practice": practice,
            "version": version,
            "decisions": decisions,
            "comment": comment
            if practice.status in (Status.CHANGES_REQUESTED, Status.UPDATE_CHANGES_REQUESTED, Status.REJECTED)
            else None,
            "can_edit": practice.status in services.EDITABLE_STATUSES,
            "can_submit": practice.working_version_id and practice.working_version.submitted_at is None,
            "can_withdraw": practice.status in (Status.SUBMITTED, Status.UPDATE_SUBMITTED),
            "next_step": _next_step(practice),
        },
    )


ACTIONS = {
    # POST name: (service call, message on success)
    "submit": (
        lambda practice, request: services.submit(practice=practice, actor=request.user),
        gettext_lazy("Ingediend. De redactie bekijkt uw praktijkvoorbeeld."),
    ),
    "withdraw": (
        lambda practice, request: services.withdraw(practice=practice, actor=request.user),
        gettext_lazy("De indiening is ingetrokken. U kunt verder werken aan het concept."),
    ),
    "archive": (
        lambda practice, request: services.archive(
            practice=practice, actor=request.user, reason=request.POST.get("reden", "").strip()[:2000]
        ),
        gettext_lazy("Gearchiveerd. Het voorbeeld staat niet meer online; de redactie is verwittigd."),
    ),
}


def _action(name):
    call, done = ACTIONS[name]

    @login_required
    @require_POST
    def view(request, pk):
        practice = _practice_for(request.user, pk)
        try:
            call(practice, request)
        except services.PracticeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, str(done))
        return redirect("practices:mine_detail", pk=practice.pk)

    view.__name__ = name
    return view


submit = _action("submit")
withdraw = _action("withdraw")
archive = _action("archive")


@login_required
@require_POST
def markdown_preview(request):
    """The live preview: Markdown in, the same sanitized HTML the published page shows."""
    return HttpResponse(
        render_markdown(request.POST.get("text", "")[:LONG_TEXT]), content_type="text/html; charset=utf-8"
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def adopt(request, slug):
    """ "Wij namen dit over": an official says their government took a published practice over."""
    practice = get_object_or_404(Practice.objects.published().select_related("local_government"), slug=slug)
    governments = adoptions.adopting_governments(request.user, practice)
    form = AdoptionForm(request.POST or None, governments=governments)
    if request.method == "POST" and governments and form.is_valid():
        data = form.cleaned_data
        try:
            adoptions.record(
                practice=practice,
                local_government=data["local_government"],
                author=request.user,
                way=data["way"],
                adopted_on=data["adopted_on"],
                note=data["note"],
                own_practice=data["own_practice"],
            )
        except adoptions.AdoptionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Bedankt. De redactie bekijkt uw melding; daarna staat ze bij dit voorbeeld."))
            return redirect(practice.get_absolute_url())
    return render(request, "practices/adopt.html", {"practice": practice, "form": form, "governments": governments})
