"""The public pages of clarifications (/vragen/): the list with search, themes and sorting, one
clarification with its sources and versions, an older version, and "Heeft dit geholpen?"."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.paging import CountedPaginator, page_links, page_or_last
from vlaanderenhelpt.public_forms import post_public_form

from . import feedback
from .forms import FeedbackForm
from .models import Clarification, QuestionTheme

PAGE_SIZE = 20
FEEDBACK_PER_HOUR = 20
SORTS = {
    "nieuwste": ("-last_published_at", "-pk"),
    "meest-gevraagd": ("-asked_count", "-last_published_at", "-pk"),
}


@require_safe
def index(request):
    """Published clarifications: search in Dutch, filter by theme (with counts), newest or most asked."""
    q = request.GET.get("q", "").strip()[:200]
    found = Clarification.objects.published().search(q)
    counts = found.theme_counts()
    themes = list(QuestionTheme.objects.all())
    theme = next((t for t in themes if t.slug == request.GET.get("thema", "")), None)
    if theme is not None:
        found = found.filter(theme=theme)
    sort = request.GET.get("sorteer", "")
    if sort not in SORTS:
        sort = "relevantie" if q else "nieuwste"
    order = (F("rank").desc(), "-last_published_at", "-pk") if sort == "relevantie" else SORTS[sort]
    total = counts.get(theme.pk, 0) if theme else sum(counts.values())  # counted once, with the themes
    # The page's ids from this table alone, then those rows with their versions: joining first would join
    # every match before the sort keeps twenty.
    paginator = CountedPaginator(found.order_by(*order).values_list("pk", flat=True), PAGE_SIZE, total)
    page = page_or_last(paginator, whole_number(request.GET.get("pagina", "1")) or 1)
    rows = Clarification.objects.select_related("current", "theme").in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]

    def url(**changes):
        params = {"q": q, "thema": theme.slug if theme else "", "sorteer": sort if sort != "nieuwste" else ""}
        params.update(changes)
        return "?" + urlencode({k: v for k, v in params.items() if v})

    return render(
        request,
        "questions/clarifications/index.html",
        {
            "q": q,
            "theme": theme,
            "themes": [(t.slug, t.name, counts[t.pk], url(thema=t.slug, pagina="")) for t in themes if t.pk in counts],
            "all_themes_url": url(thema="", pagina=""),
            "sort": sort,
            "sorts": [(key, url(sorteer=key, pagina="")) for key in ("nieuwste", "meest-gevraagd")],
            "page": page,
            "pagination": page_links(page, lambda n: url(pagina=n)),
        },
    )


def _published(slug):
    return get_object_or_404(Clarification.objects.published().select_related("current", "theme"), slug=slug)


def _version_context(clarification, version):
    return {
        "clarification": clarification,
        "version": version,
        "versions": clarification.versions.filter(published_at__isnull=False).order_by("-number"),
        "sections": version.sections.select_related("document"),
        "rules": version.rules.all(),
        "periods": version.periods.all(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def clarification(request, slug):
    """One clarification as it stands, with its sources, its versions and "Heeft dit geholpen?"."""
    found = _published(slug)
    form = FeedbackForm(request.POST or None)
    posted = post_public_form(
        request,
        form,
        scope="clarification-feedback",
        per_hour=FEEDBACK_PER_HOUR,
        act=lambda d: feedback.record(
            clarification=found, helpful=d["helpful"] == FeedbackForm.YES, comment=d["comment"]
        ),
    )
    if posted.limited:
        return posted.limited
    if posted.done:
        return redirect(reverse("questions:clarification", args=[slug]) + "?bedankt=1#geholpen")
    context = _version_context(found, found.current)
    context.update(form=form, thanked=request.GET.get("bedankt") == "1")
    return render(request, "questions/clarifications/detail.html", context)


@require_safe
def clarification_version(request, slug, number):
    """One published version as it was; the current one redirects to the clarification's own page."""
    found = _published(slug)
    version = found.versions.filter(number=whole_number(number) or 0, published_at__isnull=False).first()
    if version is None:
        raise Http404
    if version.pk == found.current_id:
        return redirect(found)
    return render(request, "questions/clarifications/version.html", _version_context(found, version))
