from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Q
from django.urls import reverse

from accounts.models import LocalGovernment

from .models import LIVE_STATUSES, Practice

# Addresses per sitemap page; /sitemap.xml is the index of every section's pages.
PAGE_LIMIT = 10_000


class PracticeSitemap(Sitemap):
    changefreq = "monthly"
    limit = PAGE_LIMIT

    def items(self):
        return Practice.objects.published().only("slug", "last_published_at").order_by("pk")

    def lastmod(self, item):
        return item.last_published_at


class LocalGovernmentSitemap(Sitemap):
    changefreq = "weekly"
    limit = PAGE_LIMIT

    def items(self):
        live = Q(practices__status__in=LIVE_STATUSES, practices__published_version__isnull=False)
        return LocalGovernment.objects.annotate(n=Count("practices", filter=live)).filter(n__gt=0).order_by("pk")

    def location(self, item):
        return reverse("practices:local_government", args=[item.url_key])


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "practices:list", "practices:local_governments", "practices:open_data", "about"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"praktijken": PracticeSitemap, "besturen": LocalGovernmentSitemap, "paginas": StaticSitemap}
