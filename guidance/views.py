"""Reading living guidance: only published versions, at permanent addresses; suggestions from anyone."""

from typing import override

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from practices.models import Practice
from vlaanderenhelpt.attachments import download_response
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.public_forms import post_public_form

from . import services
from .diff import compare, sources_of_changes
from .forms import SuggestionForm
from .models import GuidanceAttachment, GuidanceDocument

SUGGESTIONS_PER_HOUR = 5


def _document(slug):
    document = get_object_or_404(GuidanceDocument, slug=slug)
    versions = list(document.versions.published().order_by("number"))
    if not versions:
        raise Http404
    return document, versions


def _number(value):
    """A version number from the URL; anything else (text, zero, negative, other digits, beyond the
    column) is not found, never an error."""
    number = whole_number(value, minimum=1)
    if number is None or number > 999_999_999:
        raise Http404
    return number


def version_context(document, version, previous):
    """What a reader (or an editor previewing a draft) sees of one version."""
    sections = list(
        version.sections.prefetch_related(
            Prefetch("practices", queryset=Practice.objects.select_related("local_government").order_by("title"))
        )
    )
    cited = [p.pk for s in sections for p in s.practices.all()]
    live = set(Practice.objects.published().filter(pk__in=cited).values_list("pk", flat=True))
    sources = sources_of_changes(version, previous, sections) if version.is_published else {}
    for section in sections:
        # An archived practice leaves the display but stays in the record of this version.
        section.live_practices = [p for p in section.practices.all() if p.pk in live]
        section.sources = sources.get(section.anchor)
    return {
        "document": document,
        "version": version,
        "sections": sections,
        "previous": previous,
        "attachments": list(version.attachments.all()),
        "document_sources": sources.get(""),
    }


def _version_page(request, document, versions, version):
    index = versions.index(version)
    context = version_context(document, version, versions[index - 1] if index else None)
    context.update(latest=versions[-1], is_latest=version.pk == versions[-1].pk)
    return render(request, "guidance/document.html", context)


@require_safe
def index(request):
    """The published guidance documents."""
    documents = GuidanceDocument.objects.overview().filter(current_number__isnull=False)
    return render(request, "guidance/index.html", {"documents": documents})


@require_safe
def document(request, slug):
    """The current version of a document."""
    document, versions = _document(slug)
    return _version_page(request, document, versions, versions[-1])


@require_safe
def version(request, slug, number):
    """One published version of a document, as it was."""
    document, versions = _document(slug)
    found = next((v for v in versions if v.number == _number(number)), None)
    if found is None:
        raise Http404  # a draft's number, or one that does not exist, is not found
    return _version_page(request, document, versions, found)


@require_safe
def versions(request, slug):
    """Every version of a document, dated and explained."""
    document, _versions = _document(slug)
    rows = (
        document.versions.published()
        .annotate(suggestion_count=Count("suggestions_taken_in"))
        .select_related("published_by")
        .order_by("-number")
    )
    return render(request, "guidance/versions.html", {"document": document, "versions": rows})


@require_safe
def comparison(request, slug):
    """What changed between two versions of a document."""
    document, versions = _document(slug)
    by_number = {v.number: v for v in versions}
    # Without a choice: the previous version against the current one.
    old = by_number.get(_number(request.GET.get("van", str(versions[max(len(versions) - 2, 0)].number))))
    new = by_number.get(_number(request.GET.get("naar", str(versions[-1].number))))
    if old is None or new is None:
        raise Http404  # a draft's number, or one that does not exist, is not found
    return render(
        request,
        "guidance/compare.html",
        {"document": document, "old": old, "new": new, "rows": compare(old, new), "versions": versions},
    )


@require_safe
def attachment(request, slug, number, pk):
    """A file of a published version, as a download."""
    found = get_object_or_404(
        GuidanceAttachment.objects.filter(version__published_at__isnull=False),
        pk=pk,
        version__number=_number(number),
        version__document__slug=slug,
    )
    return download_response(found)


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request, slug):
    """The form to suggest a change to a document or one of its sections."""
    document, versions = _document(slug)
    if document.withdrawn_at:
        raise Http404
    sections = list(versions[-1].sections.all())
    initial = {"anchor": request.GET.get("onderdeel", "")}
    if request.user.is_authenticated:
        membership = request.user.memberships.select_related("local_government").first()
        initial.update(name=request.user.get_full_name(), email=request.user.email)
        if membership:
            initial.update(organisation_type="lokaal_bestuur", organisation=membership.local_government.name)
    form = SuggestionForm(request.POST or None, initial=initial, sections=sections)
    posted = post_public_form(
        request,
        form,
        scope="suggestions",
        per_hour=SUGGESTIONS_PER_HOUR,
        act=lambda d: services.send_suggestion(
            document=document,
            anchor=d["anchor"],
            text=d["text"],
            organisation_type=d["organisation_type"],
            organisation=d["organisation"],
            name=d["name"],
            email=d["email"],
            user=request.user,
        ),
    )
    if posted.limited:
        return posted.limited
    if posted.done:
        suggestion = posted.result
        confirmed = suggestion is not None and suggestion.status != suggestion.Status.UNCONFIRMED
        return redirect(reverse("guidance:suggestion_sent", args=[slug]) + ("?bevestigd=1" if confirmed else ""))
    return render(request, "guidance/suggest.html", {"document": document, "form": form})


@require_safe
def suggestion_sent(request, slug):
    """What the sender reads after suggesting."""
    document, _versions = _document(slug)
    return render(
        request, "guidance/suggestion_sent.html", {"document": document, "confirmed": "bevestigd" in request.GET}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the e-mail shows a button: a link checker that opens it confirms nothing."""
    suggestion = services.find_unconfirmed(token)
    if request.method == "POST" and suggestion is not None:
        try:
            services.confirm_suggestion(token=token)
        except services.GuidanceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Bedankt. Uw suggestie is bevestigd en ligt nu bij de redactie."))
            return redirect(suggestion.document.get_absolute_url())
    return render(request, "guidance/confirm.html", {"suggestion": suggestion}, status=200 if suggestion else 404)


class VersionFeed(Feed):
    """New versions of one document."""

    feed_type = Atom1Feed

    @override
    def get_object(self, request, slug):
        return _document(slug)[0]

    @override
    def title(self, document):
        return _("%(title)s – nieuwe versies") % {"title": document.title}

    @override
    def subtitle(self, document):
        return document.summary

    @override
    def link(self, document):
        return reverse("guidance:versions", args=[document.slug])

    @override
    def items(self, document):
        return document.versions.published().order_by("-number")[:50]

    @override
    def item_title(self, item):
        kind = _("grote wijziging") if item.is_major else _("kleine wijziging")
        return _("Versie %(n)s (%(kind)s)") % {"n": item.number, "kind": kind}

    @override
    def item_description(self, item):
        return item.change_note

    @override
    def item_link(self, item):
        return item.get_absolute_url()

    @override
    def item_pubdate(self, item):
        return item.published_at

    @override
    def item_updateddate(self, item):
        return item.published_at
