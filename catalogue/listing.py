"""The published practices as one list URL asks for them: the filtered results and the facet counts.

Facet counts follow the usual rule: each facet is counted over the results of the query and every
*other* active filter, so a count is exactly what a click on it gives. Values within one facet
combine with OR, facets with AND. Counts are cached per catalogue generation, which every
publication or archiving bumps.
"""

from collections import defaultdict
from dataclasses import replace

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import LocalGovernment
from practices.models import Adoption, Evidence, Practice, PracticeKind
from vlaanderenhelpt.generation import cached

from . import upkeep, words
from .bitsets import positions, to_bytes
from .query import FACET_PARAMS, LIST_PARAMS, PAGE_SIZE, CatalogueQuery, reference_lists
from .search import match_ids, rank, search


def apply_filters(queryset, query, skip=None):
    """Apply every active filter except the facet named by `skip` (an attribute name)."""

    through = {
        "themes": (Practice.themes.through, "theme__slug__in"),
        "phases": (Practice.phases.through, "phase__slug__in"),
        "target_groups": (Practice.target_groups.through, "targetgroup__slug__in"),
    }
    for attr, (model, lookup) in through.items():
        values = getattr(query, attr)
        if values and attr != skip:
            queryset = queryset.filter(pk__in=model.objects.filter(**{lookup: values}).values("practice_id"))
    if query.kinds and skip != "kinds":
        queryset = queryset.filter(kind__in=query.kinds)
    if query.evidence and skip != "evidence":
        queryset = queryset.filter(evidence__in=query.evidence)
    if query.provinces and skip != "provinces":
        governments = LocalGovernment.objects.filter(
            Q(province__slug__in=query.provinces) | Q(kind=LocalGovernment.Kind.PROVINCE, slug__in=query.provinces)
        )
        queryset = queryset.filter(local_government__in=governments.values("pk"))
    if query.governments:
        keys = [v.lower() for v in query.governments]
        governments = LocalGovernment.objects.filter(Q(nis_code__in=keys) | Q(slug__in=keys))
        queryset = queryset.filter(
            Q(local_government__in=governments)
            | Q(pk__in=Practice.partners.through.objects.filter(localgovernment__in=governments).values("practice_id"))
        )
    if query.tags:
        queryset = queryset.filter(pk__in=Practice.objects.filter(tags__slug__in=query.tags).values("pk"))
    return search(queryset, query.q)


def order(queryset, query):
    sort = query.effective_sort
    if sort == "relevantie":
        return queryset.order_by("-rank", "outdated", "-last_published_at", "-pk")
    if sort == "titel":
        return queryset.order_by("title", "pk")
    if sort == "overgenomen":
        adopted = Count("adoptions", filter=Q(adoptions__state=Adoption.State.PUBLISHED), distinct=True)
        return queryset.annotate(adopted=adopted).order_by("-adopted", "outdated", "-last_published_at", "-pk")
    # Newest first; practices possibly outdated (a closed period of measures) after the current ones.
    return queryset.order_by("outdated", "-last_published_at", "-pk")


RANKED = 500  # a search ranks at most this many of its newest results; the rest follow by date


class Catalogue:
    """The published practices as one list URL asks for them.

    With the facet index (see facets.py) a request runs at most two queries for its results and counts:
    the search's matches, and the rank of the newest of them. Until the index is built, SQL counts.
    """

    def __init__(self, query: CatalogueQuery):

        self.query = query
        self.base = Practice.objects.published()

    @cached_property
    def index(self):

        return upkeep.current_index()

    @cached_property
    def results(self):
        return order(apply_filters(self.base, self.query), self.query)

    @cached_property
    def _indexed(self):
        """(counts, results bitset) from the index, the search evaluated once, as ids."""
        matches = None
        if self.query.q:
            # Kept per generation: searches for one word with other filters, sorts and pages are the
            # long tail, and they share its matches. They are positions in this index: keyed by its
            # generation too, since the one served may be a build behind.
            packed = cached("matches", (self.index.generation, self.query.q), lambda: to_bytes(self._matches()))
            matches = int.from_bytes(packed, "little")
        return self.index.counts(self.query, matches)

    def _matches(self):

        found = words.matches(self.query.q, self.index)
        if found is None:
            found = self.index.matches(*match_ids(self.base, self.query.q, self.index.size))
        return found

    def page_ids(self, number):
        """The ids on one page of results, in order."""
        start = (number - 1) * PAGE_SIZE
        if self.index is None:
            return self._sql_page_ids(number, start)
        results = self._indexed[1]
        sort = self.query.effective_sort
        if sort != "relevantie" or start >= RANKED:
            return self.index.page(results, sort if sort in ("titel", "overgenomen") else "recent", start, PAGE_SIZE)

        # Rank the newest RANKED results only, so a word in every practice costs what a rare one does;
        # ties keep the date order.
        newest = [self.index.ids[p] for p in positions(results, 0, RANKED)]
        ranks = rank(newest, self.query.q)
        page = sorted(newest, key=lambda pk: -ranks.get(pk, 0.0))[start : start + PAGE_SIZE]
        if len(page) < PAGE_SIZE and len(newest) == RANKED:
            page += self.index.page(results, "recent", start + len(page), PAGE_SIZE - len(page))
        return page

    def _sql_page_ids(self, number, start):
        def compute():
            return list(self.results.values_list("pk", flat=True)[start : start + PAGE_SIZE])

        return cached("page", (*self.query.filter_key(), self.query.effective_sort, number), compute)

    @cached_property
    def counts(self):
        """The result count and every facet's counts."""
        if self.index is not None:
            return self._indexed[0]
        return cached("counts", self.query.filter_key(), self.sql_counts)

    def sql_counts(self):
        """The result count, and per facet {value: count}. An unselected value counts what a click on
        it gives: in a facet that already has a selection, that is the current results plus the
        practices that only this value adds (values within a facet combine with OR)."""
        q = self.query
        results = apply_filters(self.base, q)
        counts = {"total": results.count()}
        for attr in FACET_PARAMS.values():
            others = apply_filters(self.base, replace(q, **{attr: ()}))
            raw = _grouped(others, attr)
            selected = getattr(q, attr)
            if not selected:
                counts[attr] = raw
                continue
            added = _grouped(others.exclude(pk__in=results.values("pk")), attr)
            counts[attr] = {key: counts["total"] + n for key, n in added.items()}
            counts[attr].update({key: raw.get(key, 0) for key in selected})
            counts[f"{attr}:unlisted"] = counts["total"]  # a value that adds nothing keeps the results
        return counts

    @property
    def total(self):
        return self.counts["total"]

    def government_counts(self, governments):
        """({government id: results it submitted or took part in}, how many results have at least one of
        `governments`): what the list counts with each of them selected, for the map."""
        governments = list(governments)
        if self.index is not None:
            return self.index.government_counts(self._indexed[1], governments)
        return cached("governments", self.query.filter_key(), lambda: self.sql_government_counts(governments))

    def sql_government_counts(self, governments):

        results = apply_filters(self.base, self.query).values("pk")
        owned = self.base.filter(pk__in=results, local_government__in=governments)
        partnered = Practice.partners.through.objects.filter(practice__in=results, localgovernment__in=governments)
        pairs = set(owned.values_list("pk", "local_government_id"))
        pairs |= set(partnered.values_list("practice_id", "localgovernment_id"))
        counts = defaultdict(int)
        for _practice, government in pairs:
            counts[government] += 1
        return dict(counts), len({practice for practice, _government in pairs})

    def facets(self):
        """[(param, label, [option, ...]), ...] for the template; every option knows its toggle URL."""
        if "_facets" not in self.__dict__:
            self._facets = self._build_facets()
        return self._facets

    def _build_facets(self):

        q = self.query
        taxonomies = reference_lists()
        facets = []
        for param, attr, label, options in (
            ("thema", "themes", _("Thema"), taxonomies["themes"]),
            ("fase", "phases", _("Fase"), taxonomies["phases"]),
            ("doelgroep", "target_groups", _("Doelgroep"), taxonomies["target_groups"]),
            ("soort", "kinds", _("Soort"), [(k.value, k.value, k.label) for k in PracticeKind]),
            ("bewijs", "evidence", _("Bewijs"), [(e.value, e.value, e.label) for e in Evidence]),
            ("provincie", "provinces", _("Provincie"), taxonomies["provinces"]),
        ):
            counts = self.counts[attr]
            items = []
            for _pk, slug, name in options:
                items.append(
                    {
                        "value": slug,
                        "label": name,
                        "count": counts.get(slug, self.counts.get(f"{attr}:unlisted", 0)),
                        "selected": slug in getattr(q, attr),
                        "url": q.toggle_url(attr, slug),
                    }
                )
            facets.append({"param": param, "attr": attr, "label": label, "options": items})
        return facets

    def chips(self):
        """The active filters, each with the URL that removes it."""
        names = {}
        for facet in self.facets():
            for option in facet["options"]:
                names[(facet["attr"], option["value"])] = option["label"]
        chips = []
        if self.query.q:
            chips.append({"label": _("Zoekterm: “%(q)s”") % {"q": self.query.q}, "url": self.query.url(q="", page=1)})
        for attr in LIST_PARAMS.values():
            for value in getattr(self.query, attr):
                label = names.get((attr, value), value)
                if attr == "governments":
                    found = LocalGovernment.objects.find(value)
                    label = _("Bestuur: %(name)s") % {"name": found.name if found else value}
                elif attr == "tags":
                    label = _("Trefwoord: %(tag)s") % {"tag": value}
                chips.append({"label": label, "url": self.query.toggle_url(attr, value)})
        return chips


def _grouped(practices, attr):
    """{facet value: number of practices} over a queryset of practices."""

    m2m = {
        "themes": (Practice.themes.through, "theme__slug"),
        "phases": (Practice.phases.through, "phase__slug"),
        "target_groups": (Practice.target_groups.through, "targetgroup__slug"),
    }
    if attr in m2m:
        model, key = m2m[attr]
        rows = model.objects.filter(practice_id__in=practices.values("pk")).values(key).annotate(n=Count("*"))
        return {row[key]: row["n"] for row in rows}
    if attr in ("kinds", "evidence"):
        column = "kind" if attr == "kinds" else "evidence"
        rows = practices.order_by().values(column).annotate(n=Count("pk"))
        return {row[column]: row["n"] for row in rows}
    # A practice submitted by a province itself counts under that province.
    rows = (
        practices.order_by()
        .annotate(facet=Coalesce("local_government__province__slug", "local_government__slug"))
        .values("facet")
        .annotate(n=Count("pk"))
    )
    return {row["facet"]: row["n"] for row in rows}
