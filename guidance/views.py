"""Reading living guidance: only published versions, at permanent addresses."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from practices.models import Practice

from .diff import compare
from .models import GuidanceDocument


def _document(slug):
    document = get_object_or_404(GuidanceDocument, slug=slug)
    versions = list(document.versions.published().order_by("number"))
    if not versions:
        raise Http404
    return document, versions


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _version_page(request, document, versions, version):
    sections = list(version.sections.prefetch_related("practices"))
    live = set(Practice.objects.published().filter(pk__in=[p.pk for s in sections for p in s.practices.all()])
               .values_list("pk", flat=True))  # fmt: skip
    for section in sections:
        # An archived practice leaves the display but stays in the record of this version.
        section.live_practices = [p for p in section.practices.all() if p.pk in live]
    return render(
        request,
        "guidance/document.html",
        {"document": document, "version": version, "sections": sections, "latest": versions[-1],
         "is_latest": version.pk == versions[-1].pk, "previous": versions[-2] if len(versions) > 1 else None},
    )  # fmt: skip


@require_GET
def index(request):
    documents = []
    for document in GuidanceDocument.objects.order_by("title"):
        latest = document.versions.published().order_by("-number").first()
        if latest:
            documents.append((document, latest))
    return render(request, "guidance/index.html", {"documents": documents})


@require_GET
def document(request, slug):
    document, versions = _document(slug)
    return _version_page(request, document, versions, versions[-1])


@require_GET
def version(request, slug, number):
    document, versions = _document(slug)
    found = next((v for v in versions if v.number == number), None)
    if found is None:
        raise Http404
    return _version_page(request, document, versions, found)


@require_GET
def versions(request, slug):
    document, versions = _document(slug)
    return render(request, "guidance/versions.html", {"document": document, "versions": list(reversed(versions))})


@require_GET
def comparison(request, slug):
    document, versions = _document(slug)
    by_number = {v.number: v for v in versions}
    old = by_number.get(_number(request.GET.get("van", versions[0].number)))
    new = by_number.get(_number(request.GET.get("naar", versions[-1].number)))
    if old is None or new is None:
        raise Http404  # a draft's number, or one that does not exist, is not found
    return render(
        request,
        "guidance/compare.html",
        {"document": document, "old": old, "new": new, "rows": compare(old, new), "versions": versions},
    )


@require_GET
def version_by_text(request, slug, number):
    """Version numbers that are not numbers answer 404, never 500."""
    return version(request, slug, _number(number))
