"""The sitemap section of the clarifications."""

from django.contrib.sitemaps import Sitemap
from django.db.models import F

from catalogue.sitemaps import PAGE_LIMIT

from .models import Clarification, ClarificationVersion


class ClarificationSitemap(Sitemap):
    """Each clarification's page and every older published version at its permanent address."""

    changefreq = "weekly"
    limit = PAGE_LIMIT

    def items(self):
        published = Clarification.objects.published().order_by("pk").only("slug", "last_published_at", "current")
        older = (
            ClarificationVersion.objects.filter(published_at__isnull=False, clarification__current__isnull=False)
            .exclude(clarification__current=F("pk"))
            .select_related("clarification")
            .only("number", "published_at", "clarification__slug")
            .order_by("pk")
        )
        return [*published, *older]

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.last_published_at if isinstance(item, Clarification) else item.published_at
