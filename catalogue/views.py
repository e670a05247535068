"""HTTP only: read the request, ask a QuerySet or the catalogue, render."""

from dataclasses import replace
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from accounts.models import LocalGovernment
from practices import periods
from practices.models import Adoption, Attachment, Practice
from vlaanderenhelpt.generation import cached
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.page_cache import public_page
from vlaanderenhelpt.paging import CountedPaginator, page_links, page_or_last

from . import exports, figures, maps, upkeep
from .cards import cards
from .listing import Catalogue
from .query import PAGE_SIZE, SORTS, CatalogueQuery, reference_lists
from .related import related_practice_ids
from .search import snippets


@require_safe
@public_page
def home(request):
    """The home page: the newest practices, the themes and how many there are."""
    latest = cards(Practice.objects.published().order_by("-last_published_at", "-pk")[:6])
    counts = Catalogue(CatalogueQuery()).counts
    themes = [
        {"slug": slug, "name": name, "count": counts["themes"].get(slug, 0)}
        for _pk, slug, name in reference_lists()["themes"]
    ]
    return render(request, "catalogue/home.html", {"latest": latest, "themes": themes, "total": counts["total"]})


@require_safe
@public_page
def practice_list(request):
    """The list: search, filters with their counts, sorting and pages."""
    query = CatalogueQuery.from_params(request.GET)
    result = Catalogue(query)
    paginator = CountedPaginator(range(result.total), PAGE_SIZE, result.total)
    page = page_or_last(paginator, query.page)
    ids = result.page_ids(page.number)
    practices = cards(Practice.objects.published(), ids)
    highlights = snippets(practices, query.q)
    for card in practices:
        card.snippet = highlights.get(card.pk, "")
    context = {
        "query": query,
        "page": page,
        "practices": practices,
        "total": result.total,
        "facets": result.facets(),
        "chips": result.chips(),
        "sorts": SORTS,
        "feed_url": reverse("catalogue:feed") + query.url(page=1).rstrip("?"),
        "map_url": reverse("catalogue:map") + query.url(page=1, sort="").rstrip("?"),
        "alert_url": reverse("alerts:subscribe") + query.url(page=1, sort="").rstrip("?"),
        "pagination": page_links(page, lambda n: query.url(page=n)),
    }
    return render(request, "catalogue/list.html", context)


@require_safe
@public_page
def practice_map(request):
    """The list's selection on a map of the municipalities, and the same numbers as a table."""
    query = replace(CatalogueQuery.from_params(request.GET), sort="", page=1)
    result = Catalogue(query)
    table_sort = request.GET.get("tabel", "")
    table_sort = table_sort if table_sort in maps.TABLE_SORTS else maps.TABLE_SORTS[0]
    municipalities = maps.municipalities()
    counts, placed = result.government_counts(m["pk"] for m in municipalities)
    filters = query.url().lstrip("?")
    return render(
        request,
        "catalogue/map.html",
        {
            "map": maps.choropleth(counts, municipalities, table_sort=table_sort, adopted=_adoptions_by_government()),
            "total": result.total,
            "unplaced": result.total - placed,
            "chips": result.chips(),
            "list_url": reverse("catalogue:list") + (f"?{filters}" if filters else ""),
            "table_sort": table_sort,
            "sort_urls": {
                value: "?" + "&".join(p for p in (filters, f"tabel={value}") if p) for value in maps.TABLE_SORTS
            },
        },
    )


def _adoptions_by_government():
    published = Adoption.objects.published().order_by()
    return dict(published.values_list("local_government").annotate(n=Count("pk")))


@require_safe
@public_page
def practice_detail(request, slug):
    """A published practice, its related practices, its adoptions and closed periods."""
    practice = get_object_or_404(Practice.objects.published().with_detail_data(), slug=slug)
    index = upkeep.current_index(build=False)
    if index is not None:
        ids = index.related(
            practice.pk,
            [t.slug for t in practice.themes.all()],
            [g.slug for g in practice.target_groups.all()],
            [t.slug for t in practice.tags.all()],
        )
    else:
        ids = cached("related", (practice.pk,), lambda: related_practice_ids(practice))
    related = cards(Practice.objects.published(), ids)
    # Who took this practice over, and what it was itself taken from: one query for both.
    adoptions = (
        Adoption.objects.published()
        .filter(Q(practice=practice) | Q(own_practice=practice))
        .select_related("local_government", "own_practice", "practice__local_government")
    )
    Attachment.objects.with_history(list(practice.attachments.all()))  # the prefetched files get their history
    adopted_by = [a for a in adoptions if a.practice_id == practice.pk]
    based_on = [a for a in adoptions if a.own_practice_id == practice.pk]
    return render(
        request,
        "catalogue/detail.html",
        {
            "practice": practice,
            "related": related,
            "adopted_by": adopted_by,
            "based_on": based_on,
            "outdated_by": periods.closed_periods_of(practice),
        },
    )


@require_safe
@public_page
def local_government_list(request):
    """Governments that shared a practice, by province; or, with `q`, every government whose name
    matches (a merged municipality too: its page leads to the one it became part of)."""
    index = upkeep.current_index(build=False)
    counts = index.owner_counts if index else Practice.objects.published().counts_by_government()
    q = " ".join(request.GET.get("q", "").split())[:100]
    governments = LocalGovernment.objects.select_related("province")
    if q:
        governments = list(governments.filter(name__icontains=q).order_by("name")[:GOVERNMENT_MATCHES])
    else:
        governments = list(governments.filter(pk__in=list(counts)).order_by("province__name", "name"))
    for government in governments:
        government.n = counts.get(government.pk, 0)
    return render(request, "catalogue/local_governments.html", {"governments": governments, "q": q})


GOVERNMENT_MATCHES = 50


@require_safe
@public_page
def local_government_detail(request, key):
    """A local government's page: its practices, in pages, and where it lies."""
    government = LocalGovernment.objects.find(key)
    if government is None:
        raise Http404
    if not government.is_active:
        # A municipality that merged on 1 January 2025 leads to the one it became part of.
        return redirect("catalogue:local_government", government.successor.url_key, permanent=True)
    number = whole_number(request.GET.get("pagina", ""), default=1, minimum=1, maximum=10_000)
    practices = Practice.objects.published()
    index = upkeep.current_index(build=False)
    if index is None:
        ordered = practices.of(government).order_by("outdated", "-last_published_at", "-pk")
        page = page_or_last(Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE), number)
        page.object_list = cards(practices, list(page.object_list))
    else:
        # The government's practices, in the list's order, are a bitset of the index: no count, no sort.
        results = index.of_government(government.pk)
        page = page_or_last(CountedPaginator(range(results.bit_count()), PAGE_SIZE, results.bit_count()), number)
        ids = index.page(results, "recent", page.start_index() - 1 if page.paginator.count else 0, PAGE_SIZE)
        page.object_list = cards(practices, ids)
    return render(
        request,
        "catalogue/local_government.html",
        {
            "government": government,
            "page": page,
            "pagination": page_links(page, lambda n: f"?pagina={n}"),
            "predecessors": government.predecessors.order_by("name"),
            "locator": maps.locator(government),
            "adopted": Adoption.objects.published()
            .filter(local_government=government)
            .select_related("practice__local_government")
            .order_by("-adopted_on", "pk"),
            "adopted_from": Adoption.objects.published()
            .filter(practice__local_government=government)
            .select_related("practice", "local_government")
            .order_by("-adopted_on", "pk"),
            "filter_url": reverse("catalogue:list") + f"?bestuur={government.url_key}",
        },
    )


@require_safe
@public_page
def figures_page(request, sections=None):
    """The figures, as tables with bars."""
    found = figures.current(sections)
    return render(
        request,
        "catalogue/figures.html",
        {
            "figures": found,
            "charts": figures.charts(found),
            "generated_at": datetime.fromisoformat(found["generated_at"]),
        },
    )


@require_safe
@public_page
def figures_json(request, sections=None):
    """The figures, as JSON."""
    return JsonResponse(figures.current(sections), json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_safe
def open_data(request):
    """What the open-data files hold, column by column, and when they were written."""
    generated = exports.path("csv").stat().st_mtime if exports.path("csv").exists() else None
    return render(
        request,
        "catalogue/open_data.html",
        {"columns": exports.COLUMNS, "generated": datetime.fromtimestamp(generated, tz=UTC) if generated else None},
    )


def _fresh_export(view):
    """A stale or missing export is asked for again first (the task runs off the request path; a stale
    file is served meanwhile, at most one change behind)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not exports.is_current():
            upkeep.request_export()
        return view(request, *args, **kwargs)

    return wrapper


def _etag(request, kind):
    target = exports.path(kind)
    if not target.exists():
        return None
    stat = target.stat()
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


def _last_modified(request, kind):
    target = exports.path(kind)
    return datetime.fromtimestamp(target.stat().st_mtime, tz=UTC) if target.exists() else None


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
JSON_TYPE = CONTENT_TYPES["json"]  # the files other apps add are JSON


def _serve_export(request, kind):
    target = exports.path(kind)
    if not target.exists():
        response = HttpResponse(
            _("Het bestand wordt klaargemaakt. Probeer het over een minuut opnieuw.") + "\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    if settings.OPEN_DATA_ACCEL_REDIRECT:
        # The proxy sends the file; the application worker is free at once.
        response = HttpResponse(content_type=CONTENT_TYPES.get(kind, JSON_TYPE))
        response["X-Accel-Redirect"] = settings.OPEN_DATA_ACCEL_REDIRECT + target.name
    else:
        response = FileResponse(target.open("rb"), content_type=CONTENT_TYPES.get(kind, JSON_TYPE))
    if kind == "csv":
        response["Content-Disposition"] = 'attachment; filename="praktijkvoorbeelden.csv"'
    return response


@require_safe
@_fresh_export
@condition(etag_func=lambda request: _etag(request, "csv"), last_modified_func=lambda r: _last_modified(r, "csv"))
def open_data_csv(request):
    """The practices as CSV, served from the written file."""
    return _serve_export(request, "csv")


@require_safe
@_fresh_export
@condition(
    etag_func=lambda request, kind="json": _etag(request, kind),
    last_modified_func=lambda request, kind="json": _last_modified(request, kind),
)
def open_data_json(request, kind="json"):
    """The practices as JSON, served from the written file; or, with `kind`, a JSON file an app above
    the catalogue added (the URL configuration names it)."""
    if kind not in exports.FILES:
        raise Http404
    return _serve_export(request, kind)
