"""The sitemaps of the catalogue: practices and local governments, in sections of at most 10,000."""

from abc import ABCMeta, abstractmethod

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemaps_views
from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date

from accounts.models import LocalGovernment
from practices.models import Practice
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.rows import plain_rows

# Addresses per sitemap page; /sitemap.xml is the index of every section's pages.
PAGE_LIMIT = 10_000
MARKER = "ADDRESS-KEY"


class Listing(Sitemap, metaclass=ABCMeta):
    """A section written without the template engine, from value rows: 10,000 addresses with model
    instances, a reverse() and a template loop each cost a second and a half per page. Each section
    says how to read its rows; one that does not cannot be made."""

    limit = PAGE_LIMIT

    @abstractmethod
    def rows(self, start, stop):
        """(path, last modified or None) for the items start..stop in the order of `items()`."""


class PracticeSitemap(Listing):
    changefreq = "monthly"

    def items(self):
        return Practice.objects.published().only("slug", "last_published_at").order_by("pk")

    def lastmod(self, item):
        return item.last_published_at

    def rows(self, start, stop):
        path = reverse("catalogue:detail", args=[MARKER])
        found = _plain_rows(self.items().values_list("slug", "last_published_at")[start:stop])
        return [(path.replace(MARKER, slug), modified) for slug, modified in found]


class LocalGovernmentSitemap(Listing):
    changefreq = "weekly"

    def items(self):
        return LocalGovernment.objects.filter(pk__in=Practice.objects.published().values("local_government")).order_by(
            "pk"
        )

    def location(self, item):
        return reverse("catalogue:local_government", args=[item.url_key])

    def rows(self, start, stop):
        path = reverse("catalogue:local_government", args=[MARKER])
        found = _plain_rows(self.items().values_list("nis_code", "slug")[start:stop])
        return [(path.replace(MARKER, nis_code or slug), None) for nis_code, slug in found]


def _plain_rows(rows):
    """A values_list as the driver gives it (aware datetimes on PostgreSQL, where the ORM's per-row
    work costs more than the rest of a page of 10,000); the ORM's rows elsewhere."""
    return plain_rows(rows) if connection.vendor == "postgresql" else list(rows)


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "catalogue:list", "catalogue:local_governments", "catalogue:open_data", "about"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"praktijken": PracticeSitemap, "besturen": LocalGovernmentSitemap, "paginas": StaticSitemap}


def section(request, section, sitemaps):
    """One page of one section: a Listing written directly, any other sitemap by Django's view."""
    site = sitemaps.get(section)
    if site is None:
        raise Http404
    site = site() if callable(site) else site
    if not isinstance(site, Listing):
        return sitemaps_views.sitemap(request, sitemaps, section)
    number = whole_number(request.GET.get("p", "1"), minimum=1, maximum=100_000)
    if number is None:
        raise Http404
    rows = site.rows((number - 1) * site.limit, number * site.limit)
    if not rows and number > 1:
        raise Http404
    origin = escape(f"{request.scheme}://{request.get_host()}")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    zone = timezone.get_current_timezone()
    end = f"<changefreq>{site.changefreq}</changefreq></url>"
    for path, modified in rows:
        # Paths are built from slugs and codes: no character in them needs escaping in XML.
        lastmod = f"<lastmod>{modified.astimezone(zone):%Y-%m-%d}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{origin}{path}</loc>{lastmod}{end}")
    lines.append("</urlset>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    latest = max((modified for _path, modified in rows if modified), default=None)
    if latest:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
