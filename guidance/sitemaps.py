"""The sitemap section of the guidance documents."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from catalogue.sitemaps import PAGE_LIMIT

from .models import GuidanceDocument, GuidanceVersion


class GuidanceSitemap(Sitemap):
    """Each document's current page and every published version at its permanent address."""

    changefreq = "weekly"
    limit = PAGE_LIMIT

    def items(self):
        documents = GuidanceDocument.objects.filter(versions__published_at__isnull=False).annotate(
            updated=Max("versions__published_at")
        )
        return [*documents.order_by("pk"), *GuidanceVersion.objects.published().select_related("document")]

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated if isinstance(item, GuidanceDocument) else item.published_at
