"""What a list URL asks for: the search words, the filters, the sort and the page, cleaned; and the
reference lists the filters offer."""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts.models import LocalGovernment
from practices.models import Evidence, Phase, PracticeKind, TargetGroup, Theme
from vlaanderenhelpt.generation import generation
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.text import clean_text

from .search import MAX_QUERY_LENGTH

PAGE_SIZE = 20
SORTS = {
    "relevantie": _("relevantie"),
    "recent": _("recentst bijgewerkt"),
    "titel": _("titel (A-Z)"),
    "overgenomen": _("meest overgenomen"),
}


# URL parameter -> attribute of CatalogueQuery
FACET_PARAMS = {
    "thema": "themes",
    "fase": "phases",
    "doelgroep": "target_groups",
    "soort": "kinds",
    "bewijs": "evidence",
    "provincie": "provinces",
}
LIST_PARAMS = {**FACET_PARAMS, "bestuur": "governments", "tag": "tags"}


def _clean_values(values, limit=20):
    seen = []
    for value in values:
        value = " ".join(clean_text(value).split())[:100]  # also a stored search, which no middleware cleaned
        if value and value not in seen:
            seen.append(value)
    return tuple(seen[:limit])


@dataclass(frozen=True)
class CatalogueQuery:
    q: str = ""
    themes: tuple = ()
    phases: tuple = ()
    target_groups: tuple = ()
    kinds: tuple = ()
    evidence: tuple = ()
    provinces: tuple = ()
    governments: tuple = ()
    tags: tuple = ()
    sort: str = ""
    page: int = 1
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_params(cls, params):
        values = {attr: _clean_values(params.getlist(param)) for param, attr in LIST_PARAMS.items()}
        sort = params.get("sorteer", "")
        page = whole_number(params.get("pagina", ""), default=1, minimum=1, maximum=10_000)
        return cls(
            q=" ".join(clean_text(params.get("q", "")).split())[:MAX_QUERY_LENGTH],
            sort=sort if sort in SORTS else "",
            page=page,
            **values,
        )

    @property
    def effective_sort(self):
        if self.sort == "relevantie" and not self.q:
            return "recent"
        return self.sort or ("relevantie" if self.q else "recent")

    @property
    def has_filters(self):
        return any(getattr(self, attr) for attr in LIST_PARAMS.values())

    def filter_key(self):
        return (self.q, *(getattr(self, attr) for attr in LIST_PARAMS.values()))

    def params(self, **overrides):
        """The URL parameters of this query, without the page unless asked."""
        query = replace(self, **overrides) if overrides else self
        pairs = []
        if query.q:
            pairs.append(("q", query.q))
        for param, attr in LIST_PARAMS.items():
            pairs.extend((param, value) for value in getattr(query, attr))
        if query.sort:
            pairs.append(("sorteer", query.sort))
        if query.page > 1:
            pairs.append(("pagina", str(query.page)))
        return pairs

    def url(self, **overrides):
        encoded = urlencode(self.params(**overrides))
        return f"?{encoded}" if encoded else "?"

    def toggle_url(self, attr, value):
        current = getattr(self, attr)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self.url(**{attr: values, "page": 1})


def known_only(query):
    """The query with only the values that name something that exists (the list ignores the others): what
    a saved search keeps, so that its label never repeats a value someone made up."""

    lists = reference_lists()
    known = {attr: {slug for _pk, slug, _name in lists[attr]} for attr in ("themes", "phases", "target_groups")}
    known["provinces"] = {slug for _pk, slug, _name in lists["provinces"]}
    known["kinds"], known["evidence"] = set(PracticeKind.values), set(Evidence.values)
    known["tags"] = set(Tag.objects.filter(slug__in=query.tags).values_list("slug", flat=True))
    known["governments"] = {value for value in query.governments if LocalGovernment.objects.find(value)}
    return replace(query, **{attr: tuple(v for v in getattr(query, attr) if v in known[attr]) for attr in known})


_references = (None, None)  # (generation, lists) of this process


def reference_lists():
    """Themes, phases, target groups and provinces as (pk, slug, name), read once per generation and
    process: every list page shows them all, and they change only with the catalogue."""
    global _references

    current = generation()
    if _references[0] != current:
        lists = {
            "themes": list(Theme.objects.offered().values_list("pk", "slug", "name")),
            "phases": list(Phase.objects.offered().values_list("pk", "slug", "name")),
            "target_groups": list(TargetGroup.objects.offered().values_list("pk", "slug", "name")),
            "provinces": list(LocalGovernment.objects.provinces().values_list("pk", "slug", "name")),
        }
        _references = (current, lists)
    return _references[1]
