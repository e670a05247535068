"""The asking government's screens (/mijn-vragen/): ask, see what may already answer it, send, follow
the thread and add to it. HTTP only; every change goes through the services. A question belongs to its
government: every member reads it, nobody else outside the desk learns that it exists (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import LocalGovernment
from vlaanderenhelpt.attachments import download_response
from vlaanderenhelpt.markup import render_markdown
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.paging import page_links

from . import services
from .forms import AddForm, AskForm, SendForm
from .models import Action, Message, Question
from .suggestions import matching_clarifications, matching_sections

PER_PAGE = 50
DRAFT_KEY = "questions:draft"  # the question being asked, between the form and the check step
DRAFT_FIELDS = ("local_government", "theme", "title", "text", "needed_by")


def _governments(user):
    return list(LocalGovernment.objects.filter(memberships__user=user).order_by("name"))


def _own(request, reference):
    return get_object_or_404(
        Question.objects.of_member(request.user).select_related("theme", "local_government", "asked_by"),
        reference=reference,
    )


@require_safe
@login_required
def mine(request):
    """The questions of the governments the official works for, newest first."""
    questions = Question.objects.of_member(request.user).select_related("theme", "local_government")
    paginator = Paginator(questions, PER_PAGE)
    page = paginator.get_page(whole_number(request.GET.get("pagina", "1")) or 1)
    pagination = page_links(page, lambda n: f"?pagina={n}")
    return render(
        request,
        "questions/mine.html",
        {
            "questions": page.object_list,
            "page": page,
            "pagination": pagination,
            "governments": _governments(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def ask(request):
    """Step 1: the question. A valid one is kept in the session and shown again with what may answer it."""
    governments = _governments(request.user)
    if not governments:
        return render(request, "questions/ask.html", {"governments": governments})
    if request.method == "POST":
        form = AskForm(request.POST, governments=governments)
        if form.is_valid():
            request.session[DRAFT_KEY] = {name: form.data.get(name, "") for name in DRAFT_FIELDS}
            return redirect("questions:check")
    else:
        form = AskForm(initial=request.session.get(DRAFT_KEY), governments=governments)
    return render(request, "questions/ask.html", {"form": form, "governments": governments})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def check(request):
    """Step 2: the question as it will be sent, the published guidance that may answer it, and the
    choice: send it, or stop because it is answered. Without JavaScript, like every step."""
    draft = request.session.get(DRAFT_KEY)
    governments = _governments(request.user)
    form = AskForm(draft, governments=governments) if draft else None
    if form is None or not form.is_valid():
        return redirect("questions:ask")  # nothing (valid) to check: back to the form, with what was typed
    data = form.cleaned_data
    send_form = SendForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.POST.get("actie") == "beantwoord":
            del request.session[DRAFT_KEY]
            return render(request, "questions/not_sent.html")
        if request.POST.get("actie") == "versturen" and send_form.is_valid():
            try:
                question = services.ask(official=request.user, attachments=send_form.cleaned_data["files"], **data)
            except services.QuestionError as error:
                send_form.add_error(None, error.message)
            else:
                del request.session[DRAFT_KEY]
                return redirect("questions:sent", reference=question.reference)
    return render(
        request,
        "questions/check.html",
        {
            "form": send_form,
            "data": data,
            "text_html": render_markdown(data["text"]),
            "suggestions": matching_sections(data["title"], data["text"]),
            "clarifications": matching_clarifications(data["title"], data["text"]),
        },
    )


@require_safe
@login_required
def sent(request, reference):
    """The reference number and the usual time to a first answer, computed from the desk's last months."""
    question = _own(request, reference)
    return render(
        request,
        "questions/sent.html",
        {"question": question, "usual_days": Question.objects.usual_first_answer_days()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def thread(request, reference):
    """The question and its thread as the asking government reads it (never an internal note); a
    member adds to it here, or closes it once it is answered."""
    question = _own(request, reference)
    adding = request.POST.get("actie") == "aanvullen"
    form = AddForm(request.POST if adding else None, request.FILES if adding else None)
    if request.method == "POST":
        try:
            if request.POST.get("actie") == "sluiten":
                services.close(question=question, actor=request.user)
                messages.success(request, _("Uw vraag is gesloten. Bedankt!"))
                return redirect(question)
            if form.is_valid():
                services.add(
                    question=question,
                    official=request.user,
                    text=form.cleaned_data["text"],
                    attachments=form.cleaned_data["files"],
                )
                messages.success(request, _("Uw bericht is bij de vragendesk."))
                return redirect(question)
        except services.QuestionError as error:
            messages.error(request, error.message)
            return redirect(question)
    return render(
        request,
        "questions/thread.html",
        {
            "question": question,
            "thread": question.messages.for_asker().select_related("author").prefetch_related("attachments"),
            "question_files": question.attachments.filter(message=None),
            "form": form,
            "can_add": question.can(Action.ADD),
            "can_close": question.can(Action.CLOSE),
        },
    )


@require_safe
@login_required
def attachment(request, reference, pk):
    """A file of a question, for the members of the asking government (the desk has its own address)."""
    question = _own(request, reference)
    return download_response(get_object_or_404(question.attachments, pk=pk))


@require_safe
@login_required
def my_data(request):
    """Everything the portal keeps of one's own questions and messages, as a JSON download: the questions
    one asked with their threads as the asking government reads them, and what one wrote elsewhere."""
    user = request.user

    def message(entry):
        return {
            "soort": entry.get_kind_display(),
            "door": str(entry.author) if entry.author else "",
            "op": entry.created_at.isoformat(),
            "tekst": entry.text,
        }

    asked = Question.objects.filter(asked_by=user).select_related("theme", "local_government").order_by("created_at")
    written = Message.objects.filter(author=user).exclude(question__asked_by=user).select_related("question")
    data = {
        "gebruiker": {"naam": user.full_name, "e-mailadres": user.email},
        "vragen": [
            {
                "referentie": q.reference,
                "bestuur": q.local_government.name,
                "thema": q.theme.name,
                "titel": q.title,
                "vraag": q.text,
                "antwoord_nodig_tegen": q.needed_by.isoformat() if q.needed_by else None,
                "status": q.get_status_display(),
                "gesteld_op": q.created_at.isoformat(),
                "gesloten_op": q.closed_at.isoformat() if q.closed_at else None,
                "berichten": [message(m) for m in q.messages.for_asker().select_related("author")],
            }
            for q in asked
        ],
        "berichten_bij_vragen_van_collega's": [
            {"referentie": m.question.reference, **message(m)} for m in written.for_asker()
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mijn-vragen-aan-abb.json"'
    return response
