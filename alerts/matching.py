"""What was published in a run's window, and which saved searches it concerns: the change finds its
subscriptions, instead of every subscription asking the catalogue in turn.

A run reads what was published since the oldest watermark of the subscriptions it handles, once. The new
practices are few (a minute's, a day's, a week's); they get a facet index of their own
(`FacetIndex.build(only=…)`), which answers every distinct saved search's filters by the list's own rules,
and each distinct search word is one query over just those practices. However many subscriptions share a
search, it is evaluated once.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from catalogue.bitsets import positions
from catalogue.facets import FacetIndex
from catalogue.query import CatalogueQuery
from catalogue.search import search
from guidance.models import GuidanceVersion
from practices.models import Attachment, Practice
from questions.models import ClarificationVersion


@dataclass
class News:
    """What was published after `since` and up to `until`."""

    practices: list = field(default_factory=list)  # oldest first, as the e-mails list them
    versions: dict = field(default_factory=dict)  # {document id: [version, ...]} by number
    files: dict = field(default_factory=dict)  # {template series: [file, ...]} by version number
    clarifications: dict = field(default_factory=dict)  # {question theme id: [clarification version, ...]}

    @property
    def newest(self):
        """The latest moment of anything new; None when nothing is."""
        moments = [practice.first_published_at for practice in self.practices[-1:]]
        moments += [version.published_at for found in self.versions.values() for version in found]
        moments += [file.first_published_at for found in self.files.values() for file in found]
        moments += [version.published_at for found in self.clarifications.values() for version in found]
        return max(moments, default=None)


def published_between(since, until):
    """Everything the alerts follow that was published after `since` and up to `until`: four queries."""
    practices = (
        Practice.objects.published()
        .filter(first_published_at__gt=since, first_published_at__lte=until)
        .select_related("local_government")
        .only("pk", "slug", "title", "first_published_at", "local_government__name")
        .order_by("first_published_at", "pk")
    )
    versions = defaultdict(list)
    published = GuidanceVersion.objects.published().filter(published_at__gt=since, published_at__lte=until)
    for version in published.select_related("document").order_by("document", "number"):
        versions[version.document_id].append(version)
    files = defaultdict(list)
    # A template's new version while its practice is online: what a reader can download.
    online = Attachment.objects.visible_to(AnonymousUser()).filter(
        first_published_at__gt=since, first_published_at__lte=until
    )
    for found in online.select_related("practice").order_by("series", "series_number"):
        found.url = settings.SITE_URL + found.get_absolute_url()
        files[found.series].append(found)
    clarifications = defaultdict(list)
    published = ClarificationVersion.objects.filter(published_at__gt=since, published_at__lte=until)
    for version in published.select_related("clarification").order_by("published_at", "pk"):
        clarifications[version.clarification.theme_id].append(version)
    return News(list(practices), dict(versions), dict(files), dict(clarifications))


def searches_matching(queries, practices):
    """{saved search (its URL parameters): the ids among `practices` it finds}, each distinct search once."""
    queries = set(queries)
    if not queries or not practices:
        return dict.fromkeys(queries, frozenset())
    index = FacetIndex.build(only=[practice.pk for practice in practices])
    parsed = {query: CatalogueQuery.from_params(QueryDict(query)) for query in queries}
    among = Practice.objects.published().filter(pk__in=list(index.ids))
    words = {
        q: index.matches(search(among, q).values_list("pk", flat=True)) for q in {p.q for p in parsed.values() if p.q}
    }
    found = {}
    for query, catalogue_query in parsed.items():
        results = index.filtered(catalogue_query, words[catalogue_query.q] if catalogue_query.q else None)
        found[query] = frozenset(index.ids[at] for at in positions(results))
    return found
