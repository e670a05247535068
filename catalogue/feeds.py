"""The Atom feed of a list URL: its newest practices."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .listing import Catalogue
from .query import CatalogueQuery


class PracticeFeed(Feed):
    """The newest published practices; the list's filters (and search) apply to the feed too."""

    feed_type = Atom1Feed
    title = _("Vlaanderen helpt – nieuwe praktijkvoorbeelden")
    subtitle = _("Praktijkvoorbeelden van lokale besturen, nagekeken door de redactie.")
    limit = 50

    def get_object(self, request, *args, **kwargs):
        return CatalogueQuery.from_params(request.GET)

    def link(self, query):
        return reverse("catalogue:list") + query.url(page=1).rstrip("?")

    def items(self, query):
        results = Catalogue(query).results.select_related("local_government")
        return results.order_by("-last_published_at", "-pk")[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.local_government.name

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
