"""The question desk (/vragendesk/): the queue in order of urgency, and one question with everything the
desk does on it. HTTP only; every change goes through the services."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from vlaanderenhelpt.attachments import download_response
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.paging import page_links
from vlaanderenhelpt.permissions import ANSWER_QUESTIONS, permission_or_404

from . import experts, services
from .forms import AssignForm, CannedForm, DuplicateForm, ForwardForm, NoteForm, ReplyForm
from .models import Action, Question, QuestionAttachment, QuestionTheme, Status
from .states import DESK_TURN

PER_PAGE = 100
# The queue's tabs: the desk's turn first (its default), then each state on its own.
TABS = [("", gettext_lazy("Te behandelen"), DESK_TURN)] + [(s.value, s.label, (s.value,)) for s in Status]


def _filtered(request):
    """The queue's questions under the filters asked for; unknown values are ignored."""
    tab = next((t for t in TABS if t[0] == request.GET.get("status", "")), TABS[0])
    questions = Question.objects.of_status(tab[2])
    theme = QuestionTheme.objects.filter(slug=request.GET.get("thema", "")).first()
    if theme is not None:
        questions = questions.filter(theme=theme)
    handler = request.GET.get("behandelaar", "")
    if handler == "ik":
        questions = questions.filter(handler=request.user)
    elif handler == "niemand":
        questions = questions.filter(handler__isnull=True)
    elif whole_number(handler) is not None:
        questions = questions.filter(handler_id=whole_number(handler))
    else:
        handler = ""
    return tab, theme, handler, questions


@require_safe
@permission_or_404(ANSWER_QUESTIONS)
def queue(request):
    """Every question to ABB, the most urgent first: overdue, then by the date the asker needs it, then the oldest."""
    tab, theme, handler, questions = _filtered(request)
    per_status = dict(Question.objects.order_by().values_list("status").annotate(n=Count("pk")))
    counts = {key: sum(per_status.get(status, 0) for status in statuses) for key, _label, statuses in TABS}
    paginator = Paginator(questions.by_urgency().select_related("theme", "local_government", "handler"), PER_PAGE)
    page = paginator.get_page(whole_number(request.GET.get("pagina", "1")) or 1)
    filters = {"status": tab[0], "thema": theme.slug if theme else "", "behandelaar": handler}

    def url(number):
        return "?" + urlencode({**{k: v for k, v in filters.items() if v}, "pagina": number})

    return render(
        request,
        "questions/desk/queue.html",
        {
            "tabs": [(key, label, counts[key]) for key, label, _statuses in TABS],
            "tab": tab[0],
            "theme": theme,
            "handler": handler,
            "themes": QuestionTheme.objects.all(),
            "desk": services.desk_members(),
            "rows": page.object_list,
            "page": page,
            "pagination": page_links(page, url),
            "total": paginator.count,
            "today": timezone.localdate(),
        },
    )


def _forms(request, action):
    """Each of the page's forms, bound to the post when it is the one that was sent."""
    data = request.POST if request.method == "POST" else None
    reply = ReplyForm(data if action == "bericht" else None)
    canned = CannedForm(request.GET if "tekst" in request.GET else None)
    if data is None and canned.is_valid():  # start the reply from a reusable text
        reply = ReplyForm(initial={"text": canned.cleaned_data["tekst"].text})
    return {
        "assign_form": AssignForm(data if action == "toewijzen" else None, desk=services.desk_members()),
        "note_form": NoteForm(data if action == "notitie" else None),
        "reply_form": reply,
        "canned_form": canned if canned.is_bound else CannedForm(),
        "duplicate_form": DuplicateForm(data if action == "dubbel" else None),
        "forward_form": ForwardForm(data if action == "doorsturen" else None, auto_id="expert_%s"),
    }


SUCCESS = {
    "toewijzen": gettext_lazy("De vraag is toegewezen."),
    "aan_mij": gettext_lazy("U behandelt deze vraag."),
    "notitie": gettext_lazy("De interne notitie is bewaard. De vrager ziet ze niet."),
    "bericht": gettext_lazy("Uw bericht is verstuurd; de vrager krijgt een e-mail met een link."),
    "dubbel": gettext_lazy("De vraag staat nu bij de andere."),
    "sluiten": gettext_lazy("De vraag is gesloten."),
    "doorsturen": gettext_lazy(
        "De expert krijgt een e-mail met een link; zijn advies komt in het gesprek, alleen voor de vragendesk."
    ),
}


def _act(user, question, action, forms):
    """Carry out the posted action; True when it was done, False when a form has errors to show."""
    if action == "aan_mij":
        services.assign(question=question, actor=user, handler=user)
    elif action == "sluiten":
        services.close(question=question, actor=user)
    elif action == "toewijzen" and forms["assign_form"].is_valid():
        services.assign(question=question, actor=user, handler=forms["assign_form"].cleaned_data["handler"])
    elif action == "notitie" and forms["note_form"].is_valid():
        services.add_note(question=question, author=user, text=forms["note_form"].cleaned_data["note"])
    elif action == "bericht" and forms["reply_form"].is_valid():
        data = forms["reply_form"].cleaned_data
        reply = services.answer if data["kind"] == ReplyForm.ANSWER else services.ask_for_more
        reply(question=question, actor=user, text=data["text"])
    elif action == "doorsturen" and forms["forward_form"].is_valid():
        experts.forward(question=question, actor=user, **forms["forward_form"].cleaned_data)
    elif action == "dubbel" and forms["duplicate_form"].is_valid():
        original = Question.objects.filter(reference=forms["duplicate_form"].cleaned_data["reference"]).first()
        if original is None:
            forms["duplicate_form"].add_error("reference", _("Er is geen vraag met deze referentie."))
            return False
        services.mark_duplicate(question=question, actor=user, original=original)
    else:
        return False
    return True


@require_safe
@permission_or_404(ANSWER_QUESTIONS)
def attachment(request, reference, pk):
    """A file of a question, for the desk."""
    return download_response(get_object_or_404(QuestionAttachment, question__reference=reference, pk=pk))


@require_http_methods(["GET", "HEAD", "POST"])
@permission_or_404(ANSWER_QUESTIONS)
def question(request, reference):
    """One question: its thread with the internal notes, its decisions, and what the desk can do."""
    found = get_object_or_404(
        Question.objects.select_related("theme", "local_government", "asked_by", "handler", "duplicate_of"),
        reference=reference,
    )
    action = request.POST.get("actie", "") if request.method == "POST" else ""
    forms = _forms(request, action)
    if action:
        try:
            if _act(request.user, found, action, forms):
                messages.success(request, SUCCESS[action])
                return redirect(found.get_desk_url())
            if action not in SUCCESS:
                messages.error(request, _("Onbekende actie."))
        except services.QuestionError as error:
            messages.error(request, error.message)
            return redirect(found.get_desk_url())
    duplicates = found.duplicates.select_related("local_government")
    first = found.duplicate_of or found  # every duplicate points at the first of its kind
    governments = {first.local_government_id, *first.duplicates.values_list("local_government", flat=True)}
    return render(
        request,
        "questions/desk/question.html",
        {
            "question": found,
            "thread": found.messages.select_related("author", "expert_request").prefetch_related("attachments"),
            "expert_requests": found.expert_requests.all(),
            "now": timezone.now(),
            "question_files": found.attachments.filter(message=None),
            "decisions": found.decisions.select_related("actor"),
            "duplicates": duplicates,
            "asked_by_governments": len(governments),
            "can_reply": found.can(Action.ANSWER),
            "can_close": found.can(Action.CLOSE),
            "is_mine": found.handler_id == request.user.pk,
            "overdue": found.is_overdue(),
            **forms,
        },
    )
