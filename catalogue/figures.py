"""The portal's figures (/cijfers/ and /open-data/cijfers.json): what is published and by whom, and how
fast the editors decide, with the sections of apps above this one that the URL configuration passes in
(how the guidance grows). Read from the database at request time and kept per catalogue generation,
like the pages that show the catalogue.
"""

import math
import statistics
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import LocalGovernment
from practices.models import Decision, Evidence, Practice, PracticeKind
from vlaanderenhelpt.generation import cached

from .listing import Catalogue
from .query import CatalogueQuery, reference_lists

MONTHS = 24  # new practices per month, over this many months up to this one
REVIEW_DAYS = 365  # review times of the decisions of the last twelve months


def current(sections=None):
    """The figures, once per catalogue generation (and at most a day old: the months move on).
    `sections` adds figures of apps above this one, {name: function}, as the URL configuration passes them."""
    sections = sections or {}
    parts = (timezone.localdate().isoformat(), *sorted(sections))
    return cached("figures", parts, lambda: compute(sections=sections))


def compute(now=None, sections=None):
    now = now or timezone.now()
    counts = Catalogue(CatalogueQuery()).counts
    references = reference_lists()

    def facet(attr, names):
        return [{"key": key, "name": name, "count": counts[attr].get(key, 0)} for key, name in names]

    published = Practice.objects.published()
    return {
        "generated_at": now.isoformat(timespec="seconds"),
        "published": counts["total"],
        "themes": facet("themes", [(slug, name) for _pk, slug, name in references["themes"]]),
        "phases": facet("phases", [(slug, name) for _pk, slug, name in references["phases"]]),
        "target_groups": facet("target_groups", [(slug, name) for _pk, slug, name in references["target_groups"]]),
        "kinds": facet("kinds", [(kind.value, str(kind.label)) for kind in PracticeKind]),
        "evidence": facet("evidence", [(level.value, str(level.label)) for level in Evidence]),
        "provinces": facet("provinces", [(slug, name) for _pk, slug, name in references["provinces"]]),
        "months": _months(published, now),
        "sharing": _sharing(published),
        "review": _review(Decision.objects.review_times(now - timedelta(days=REVIEW_DAYS))),
        **{name: section() for name, section in (sections or {}).items()},
    }


def _months(published, now):
    """[{month: "2026-11", count}] for the last MONTHS months, oldest first, months without any too."""
    this_month = timezone.localdate(now).replace(day=1)
    first = this_month
    for _ in range(MONTHS - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    rows = (
        published.filter(first_published_at__date__gte=first)
        .annotate(month=TruncMonth("first_published_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    found = {row["month"].strftime("%Y-%m"): row["n"] for row in rows}  # months in the site's time zone
    months, month = [], first
    while month <= this_month:
        key = month.strftime("%Y-%m")
        months.append({"month": key, "count": found.get(key, 0)})
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _sharing(published):
    """How many of the 2025 municipalities shared at least one published practice, in all and per
    province; a practice of a municipality that merged in 2025 counts for the one it became part of."""
    owners = set(published.order_by().values_list("local_government", flat=True).distinct())
    rows = list(LocalGovernment.objects.municipalities().values_list("pk", "is_active", "successor", "province"))
    successor = {pk: after for pk, _active, after, _province in rows if after}
    sharing = {successor.get(pk, pk) for pk in owners}
    members = defaultdict(set)
    for pk, active, _after, province in rows:
        if active:
            members[province].add(pk)
    provinces = [
        {"key": slug, "name": name, "count": len(members[pk] & sharing), "of": len(members[pk])}
        for pk, slug, name in LocalGovernment.objects.provinces().order_by("name").values_list("pk", "slug", "name")
    ]
    active = set().union(*members.values())
    return {"count": len(active & sharing), "of": len(active), "provinces": provinces}


def _review(times):
    """Working days from submission to the editors' decision: how many, the median and the 90th
    percentile (the smallest number of days within which nine in ten were decided)."""
    times = sorted(times)
    if not times:
        return {"decisions": 0, "median": None, "p90": None}
    return {
        "decisions": len(times),
        "median": statistics.median(times),
        "p90": times[math.ceil(0.9 * len(times)) - 1],
    }


def charts(found):
    """The rows of each bar table: a name, a number, a link where the list can show them, and the bar's
    width in percent of the largest (of the province's municipalities, for the sharing)."""
    listed = reverse("catalogue:list")

    def rows(items, param=None):
        largest = max((item["count"] for item in items), default=0) or 1
        return [
            {
                "name": item["name"],
                "count": item["count"],
                "url": f"{listed}?{param}={item['key']}" if param and item["count"] else "",
                "width": f"{100 * item['count'] / largest:.1f}",
            }
            for item in items
        ]

    months = [
        {"name": date_format(date(*(int(v) for v in m["month"].split("-")), 1), "F Y"), "count": m["count"]}
        for m in found["months"]
    ]
    return {
        "themes": rows(found["themes"], "thema"),
        "phases": rows(found["phases"], "fase"),
        "target_groups": rows(found["target_groups"], "doelgroep"),
        "kinds": rows(found["kinds"], "soort"),
        "evidence": rows(found["evidence"], "bewijs"),
        "provinces": rows(found["provinces"], "provincie"),
        "months": rows(months),
        "sharing": [
            {**row, "url": "", "width": f"{100 * row['count'] / (row['of'] or 1):.1f}"}
            for row in found["sharing"]["provinces"]
        ],
    }
