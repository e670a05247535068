"""HTTP only, for the public parts of a practice's record: its files, and a report of a problem with it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from vlaanderenhelpt.attachments import download_response
from vlaanderenhelpt.public_forms import post_public_form

from . import services
from .forms import ProblemReportForm
from .models import Attachment, Practice

REPORTS_PER_HOUR = 5


@require_safe
def attachment_download(request, slug, pk):
    """A file of a practice, for whoever may see it, as a download."""
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("practice"), pk=pk, practice__slug=slug
    )
    return download_response(attachment)


@require_http_methods(["GET", "HEAD", "POST"])
def report_problem(request, slug):
    """A reader reports that a published practice is outdated or wrong."""
    practice = get_object_or_404(Practice.objects.published(), slug=slug)
    form = ProblemReportForm(request.POST or None)
    posted = post_public_form(
        request,
        form,
        scope="reports",
        per_hour=REPORTS_PER_HOUR,
        act=lambda d: services.report_problem(practice=practice, kind=d["kind"], text=d["text"], email=d["email"]),
    )
    if posted.limited:
        return posted.limited
    if posted.done:
        messages.success(request, _("Bedankt. De redactie bekijkt uw melding."))
        return redirect("catalogue:detail", slug=practice.slug)
    return render(request, "practices/report.html", {"practice": practice, "form": form})
