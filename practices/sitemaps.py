from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accounts.models import LocalGovernment

from .models import Practice

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
        return LocalGovernment.objects.filter(pk__in=Practice.objects.published().values("local_government")).order_by(
            "pk"
        )

    def location(self, item):
        return reverse("practices:local_government", args=[item.url_key])


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "practices:list", "practices:local_governments", "practices:open_data", "about"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"praktijken": PracticeSitemap, "besturen": LocalGovernmentSitemap, "paginas": StaticSitemap}
