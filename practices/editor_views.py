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
from vlaanderenhelpt.permissions import MODERATE_PRACTICE, permission_or_404

from . import adoptions, followups, periods, services
from .diff import compare
from .forms import STEPS, ClosePeriodForm, DeclineAdoptionForm, PeriodForm, PracticeForm, ReopenPeriodForm
from .models import Action, Adoption, MeasurePeriod, Practice, ProblemReport, Status

editors_only = permission_or_404(MODERATE_PRACTICE)


@editors_only
def queue(request):
    """The editors' queue: the submissions waiting (all, mine, free) and how many adoptions, reports, overdue
    results, possibly outdated practices and access requests wait."""
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
        "possibly_outdated": periods.overview().count(),
        "pending_access": AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).count(),
    }
    return render(request, "practices/editors/queue.html", context)


@editors_only
def review(request, pk):
    """A submission for review: its content, what changed, its history and the decisions."""
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


# What the editor reads after each decision.
DONE = {
    Action.TAKE: gettext_lazy("U hebt deze indiening genomen."),
    Action.APPROVE: gettext_lazy("Goedgekeurd en gepubliceerd."),
    Action.REQUEST_CHANGES: gettext_lazy("Aanpassing gevraagd; de indiener krijgt een e-mail."),
    Action.REJECT: gettext_lazy("Afgewezen; de indiener krijgt een e-mail met de reden."),
    Action.ARCHIVE: gettext_lazy("Gearchiveerd."),
    Action.RESTORE: gettext_lazy("Hersteld en opnieuw online."),
}


@editors_only
@require_POST
def decide(request, pk):
    """One of the editors' decisions on a practice, named by the form's `beslissing` (an Action)."""
    practice = get_object_or_404(Practice, pk=pk)
    action = request.POST.get("beslissing", "")
    if action not in DONE:
        messages.error(request, _("Onbekende beslissing."))
        return redirect("editors:review", pk=practice.pk)
    reason = request.POST.get("toelichting", "").strip()[:5000]
    expected = request.POST.get("versie") or None
    if expected is not None and (expected := whole_number(expected)) is None:
        raise Http404
    editor = request.user
    try:
        match action:
            case Action.TAKE:
                services.take(practice=practice, actor=editor)
            case Action.APPROVE:
                services.approve(practice=practice, actor=editor, reason=reason, expected_version=expected)
            case Action.REQUEST_CHANGES:
                services.request_changes(practice=practice, actor=editor, reason=reason, expected_version=expected)
            case Action.REJECT:
                services.reject(practice=practice, actor=editor, reason=reason, expected_version=expected)
            case Action.ARCHIVE:
                services.archive(practice=practice, actor=editor, reason=reason)
            case Action.RESTORE:
                services.restore(practice=practice, actor=editor, reason=reason)
    except services.PracticeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(DONE[action]))
        if action in (Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT):
            return redirect("editors:queue")
    return redirect("editors:review", pk=practice.pk)


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def correct(request, pk):
    """An editor corrects a submission before another decides on it."""
    practice = get_object_or_404(Practice.objects.select_related("working_version", "local_government"), pk=pk)
    if not practice.WORKFLOW.allows(Action.CORRECT, practice.status):
        messages.error(request, _("Alleen een ingediende versie kan gecorrigeerd worden."))
        return redirect("editors:review", pk=practice.pk)
    form = PracticeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        practice=practice,
        submitting=True,
        initial=PracticeForm.initial_from(practice.working_version),
    )
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
    """The open reports of readers."""
    open_reports = (
        ProblemReport.objects.filter(closed_at__isnull=True).select_related("practice").order_by("created_at", "pk")
    )
    return render(request, "practices/editors/reports.html", {"reports": open_reports})


@editors_only
@require_POST
def close_report(request, pk):
    """Close a reader's report, with a note."""
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
    """The adoptions waiting for a decision."""
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
    form = DeclineAdoptionForm(request.POST if request.POST.get("action") == Adoption.Action.DECLINE else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == Adoption.Action.APPROVE:
                adoptions.approve(adoption=found, editor=request.user)
                messages.success(request, _("De overname staat nu bij het praktijkvoorbeeld."))
                return redirect("editors:adoptions")
            if form.is_valid():
                adoptions.decline(adoption=found, editor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Afgewezen; de indiener krijgt de reden per e-mail."))
                return redirect("editors:adoptions")
        except adoptions.AdoptionError as error:
            # Also for "goedkeuren", whose form is unbound: the message goes above the page, not in a form.
            messages.error(request, error.message)
            return redirect("editors:adoption", pk=found.pk)
    history = found.decisions.select_related("actor")
    return render(request, "practices/editors/adoption.html", {"adoption": found, "form": form, "history": history})


@editors_only
def results_overdue(request):
    """Practices whose government was asked for results and has not updated them."""
    rows = followups.overdue().select_related("local_government")
    return render(
        request, "practices/editors/results_overdue.html", {"rows": rows, "days": settings.RESULTS_OVERDUE_DAYS}
    )


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def period_list(request):
    """The periods of measures, and a new one."""
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = periods.create_period(editor=request.user, **form.cleaned_data)
        except periods.PeriodError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Periode “%(name)s” toegevoegd.") % {"name": period.name})
            return redirect("editors:period", pk=period.pk)
    rows = periods.with_counts().order_by("-starts_on", "name")
    return render(request, "practices/editors/periods.html", {"periods": rows, "form": form})


PERIOD_ACTIONS = {
    # POST action: (form, service call with the form's data, message)
    "wijzigen": (
        lambda data, period: PeriodForm(
            data,
            closing=False,
            initial={"name": period.name, "description": period.description, "starts_on": period.starts_on},
        ),
        lambda period, editor, d: periods.change_period(period=period, editor=editor, **d),
        gettext_lazy("Periode gewijzigd."),
    ),
    "afsluiten": (
        lambda data, period: ClosePeriodForm(data),
        lambda period, editor, d: periods.close_period(
            period=period, editor=editor, ends_on=d["ends_on"], note=d["close_note"]
        ),
        gettext_lazy(
            "Periode afgesloten. De voorbeelden die eronder liepen, tonen nu de melding; hun besturen krijgen een e-mail."
        ),
    ),
    "heropenen": (
        lambda data, period: ReopenPeriodForm(data),
        lambda period, editor, d: periods.reopen_period(period=period, editor=editor, reason=d["reason"]),
        gettext_lazy("Periode heropend; de meldingen die ze gaf, zijn weg."),
    ),
}


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def period(request, pk):
    """One period: change it, close it (its practices get the warning) or reopen it."""
    found = get_object_or_404(MeasurePeriod, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        name: make(request.POST if name == action else None, found) for name, (make, _c, _m) in PERIOD_ACTIONS.items()
    }
    acted = forms.get(action)
    if acted is not None and acted.is_valid():
        _make, call, done = PERIOD_ACTIONS[action]
        try:
            call(found, request.user, acted.cleaned_data)
        except periods.PeriodError as error:
            acted.add_error(None, error.message)
        else:
            messages.success(request, str(done))
            return redirect("editors:period", pk=found.pk)
    tied = Practice.objects.published().filter(periods=found).select_related("local_government").order_by("title")
    context = {
        "period": found,
        "form": acted,
        "change_form": forms["wijzigen"],
        "close_form": forms["afsluiten"],
        "reopen_form": forms["heropenen"],
        "practices": tied,
        "history": found.decisions.select_related("actor"),
    }
    return render(request, "practices/editors/period.html", context)


@editors_only
def possibly_outdated(request):
    """Live practices a closed period marked, or readers reported as outdated, most reports first."""
    return render(request, "practices/editors/outdated.html", {"rows": periods.overview()})
