"""The editors' screens (/redactie/): HTTP only; every decision goes through the services."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import AccessRequest
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.permissions import permission_or_404

from . import adoptions, followups, services
from .diff import compare
from .forms import STEPS, DeclineAdoptionForm, PracticeForm
from .models import Adoption, Practice, ProblemReport, Status

editors_only = permission_or_404("practices.moderate_practice")


@editors_only
def queue(request):
    show = request.GET.get("toon", "")
    waiting = (
        Practice.objects.awaiting_review()
        .select_related("local_government", "assigned_to", "working_version")
        .annotate(waiting_since=Min("working_version__submitted_at"))
        .order_by("waiting_since", "pk")
    )
    if show == "mijn":
        waiting = waiting.filter(assigned_to=request.user)
    elif show == "vrij":
        waiting = waiting.filter(assigned_to__isnull=True)
    context = {
        "rows": [{"practice": p} for p in waiting],
        "show": show,
        "open_reports": ProblemReport.objects.filter(closed_at__isnull=True).count(),
        "waiting_adoptions": Adoption.objects.awaiting_review().count(),
        "results_overdue": followups.overdue().count(),
        "pending_access": AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).count(),
    }
    return render(request, "practices/editors/queue.html", context)


@editors_only
def review(request, pk):
    practice = get_object_or_404(
        Practice.objects.select_related("local_government", "working_version", "published_version", "assigned_to"),
        pk=pk,
    )
    version = practice.working_version or practice.published_version
    comparison = None
    if practice.published_version_id and practice.working_version_id:
        comparison = compare(practice.published_version, practice.working_version)
    return render(
        request,
        "practices/editors/review.html",
        {
            "practice": practice,
            "version": version,
            "comparison": comparison,
            "unchanged": [row for row in comparison or () if not row["changed"]],
            "versions": practice.versions.select_related("created_by").order_by("number"),
            "decisions": practice.decisions.select_related("actor", "version").order_by("created_at", "pk"),
            "in_review": practice.status in (Status.SUBMITTED, Status.UPDATE_SUBMITTED),
        },
    )


DECISIONS = {
    "nemen": lambda p, r, reason, v: services.take(practice=p, actor=r.user),
    "goedkeuren": lambda p, r, reason, v: services.approve(practice=p, actor=r.user, reason=reason, expected_version=v),
    "aanpassing-vragen": lambda p, r, reason, v: services.request_changes(
        practice=p, actor=r.user, reason=reason, expected_version=v
    ),
    "afwijzen": lambda p, r, reason, v: services.reject(practice=p, actor=r.user, reason=reason, expected_version=v),
    "archiveren": lambda p, r, reason, v: services.archive(practice=p, actor=r.user, reason=reason),
    "herstellen": lambda p, r, reason, v: services.restore(practice=p, actor=r.user, reason=reason),
}
DONE = {
    "nemen": gettext_lazy("U hebt deze indiening genomen."),
    "goedkeuren": gettext_lazy("Goedgekeurd en gepubliceerd."),
    "aanpassing-vragen": gettext_lazy("Aanpassing gevraagd; de indiener krijgt een e-mail."),
    "afwijzen": gettext_lazy("Afgewezen; de indiener krijgt een e-mail met de reden."),
    "archiveren": gettext_lazy("Gearchiveerd."),
    "herstellen": gettext_lazy("Hersteld en opnieuw online."),
}


@editors_only
@require_POST
def decide(request, pk):
    practice = get_object_or_404(Practice, pk=pk)
    action = request.POST.get("beslissing", "")
    if action not in DECISIONS:
        messages.error(request, _("Onbekende beslissing."))
        return redirect("editors:review", pk=practice.pk)
    expected = request.POST.get("versie") or None
    if expected is not None and (expected := whole_number(expected)) is None:
        raise Http404
    try:
        DECISIONS[action](practice, request, request.POST.get("toelichting", "").strip()[:5000], expected)
    except services.PracticeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(DONE[action]))
        if action in ("goedkeuren", "aanpassing-vragen", "afwijzen"):
            return redirect("editors:queue")
    return redirect("editors:review", pk=practice.pk)


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def correct(request, pk):
    practice = get_object_or_404(Practice.objects.select_related("working_version", "local_government"), pk=pk)
    if practice.status not in (Status.SUBMITTED, Status.UPDATE_SUBMITTED):
        messages.error(request, _("Alleen een ingediende versie kan gecorrigeerd worden."))
        return redirect("editors:review", pk=practice.pk)
    form = PracticeForm(
        request.POST or None, request.FILES or None, user=request.user, practice=practice, submitting=True,
        initial=PracticeForm.initial_from(practice.working_version),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.correct(
                practice=practice, editor=request.user, content=form.content(), files=form.cleaned_data["new_files"]
            )
        except services.PracticeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Correctie bewaard als nieuwe versie. Een andere redacteur keurt ze goed."))
            return redirect("editors:review", pk=practice.pk)
    groups = [{"step": step, "fields": [form[name] for name in step.fields if name in form.fields]} for step in STEPS]
    return render(request, "practices/editors/correct.html", {"form": form, "practice": practice, "groups": groups})


@editors_only
def reports(request):
    open_reports = (
        ProblemReport.objects.filter(closed_at__isnull=True).select_related("practice").order_by("created_at", "pk")
    )
    return render(request, "practices/editors/reports.html", {"reports": open_reports})


@editors_only
@require_POST
def close_report(request, pk):
    report = get_object_or_404(ProblemReport, pk=pk)
    try:
        services.close_report(report=report, editor=request.user, note=request.POST.get("notitie", "")[:2000])
    except services.PracticeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Melding afgehandeld."))
    return redirect("editors:reports")


@editors_only
def adoption_queue(request):
    waiting = Adoption.objects.awaiting_review().select_related("practice", "local_government", "submitted_by")
    return render(request, "practices/editors/adoptions.html", {"adoptions": waiting.order_by("created_at", "pk")})


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def adoption(request, pk):
    """One adoption: publish it, or decline it with a reason the official receives."""
    found = get_object_or_404(
        Adoption.objects.select_related(
            "practice__local_government", "local_government", "submitted_by", "own_practice"
        ),
        pk=pk,
    )
    form = DeclineAdoptionForm(request.POST if request.POST.get("action") == "afwijzen" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "goedkeuren":
                adoptions.approve(adoption=found, editor=request.user)
                messages.success(request, _("De overname staat nu bij het praktijkvoorbeeld."))
                return redirect("editors:adoptions")
            if form.is_valid():
                adoptions.decline(adoption=found, editor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Afgewezen; de indiener krijgt de reden per e-mail."))
                return redirect("editors:adoptions")
        except adoptions.AdoptionError as error:
            form.add_error(None, error.message)
    history = found.decisions.select_related("actor")
    return render(request, "practices/editors/adoption.html", {"adoption": found, "form": form, "history": history})


@editors_only
def results_overdue(request):
    """Practices whose government was asked for results and has not updated them."""
    rows = followups.overdue().select_related("local_government")
    return render(
        request, "practices/editors/results_overdue.html", {"rows": rows, "days": settings.RESULTS_OVERDUE_DAYS}
    )
