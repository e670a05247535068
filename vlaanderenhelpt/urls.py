"""The root URL configuration: where every app's pages are mounted, and the site-wide ones."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from catalogue import views as catalogue_views
from catalogue.sitemaps import SITEMAPS
from catalogue.sitemaps import section as sitemap_section
from guidance import figures as guidance_figures
from guidance.sitemaps import GuidanceSitemap
from questions import figures as question_figures
from questions.sitemaps import ClarificationSitemap

from . import health
from .page_cache import public_page

admin.site.site_header = _("Vlaanderen helpt – beheer")
admin.site.site_title = _("Vlaanderen helpt")
admin.site.index_title = _("Beheer")

ALL_SITEMAPS = {**SITEMAPS, "handreikingen": GuidanceSitemap, "verduidelijkingen": ClarificationSitemap}
# The catalogue's figures with the guidance's and the questions' parts, composed here where every app may be named.
FIGURES = {"sections": {"guidance": guidance_figures.documents, "questions": question_figures.questions}}

urlpatterns = [
    path("", catalogue_views.home, name="home"),
    path("", include("catalogue.urls")),
    path("", include("practices.urls")),
    path("cijfers/", catalogue_views.figures_page, FIGURES, name="figures"),
    path("open-data/cijfers.json", catalogue_views.figures_json, FIGURES, name="figures_json"),
    path(
        "open-data/verduidelijkingen.json",
        catalogue_views.open_data_json,
        {"kind": "clarifications"},
        name="open_data_clarifications",
    ),
    path("", include("guidance.urls")),
    path("", include("accounts.urls")),
    path("", include("questions.urls")),
    path("", include("alerts.urls")),
    path("redactie/", include("practices.editor_urls")),
    path("redactie/", include("guidance.editor_urls")),
    path("redactie/", include("questions.editor_urls")),
    path("vragendesk/", include("questions.desk_urls")),
    path("over/", TemplateView.as_view(template_name="pages/about.html"), name="about"),
    path("over/criteria/", TemplateView.as_view(template_name="pages/criteria.html"), name="criteria"),
    path("hulp/opmaak/", TemplateView.as_view(template_name="pages/markdown.html"), name="markdown_help"),
    path("toegankelijkheid/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
    path(
        "privacy/",
        TemplateView.as_view(
            template_name="pages/privacy.html",
            extra_context={"QUESTION_RETENTION_YEARS": settings.QUESTION_RETENTION_YEARS},
        ),
        name="privacy",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/ready", health.ready, name="ready"),
    path("robots.txt", health.robots_txt, name="robots"),
    # An index of sections, each in pages of at most 10,000 addresses; kept per catalogue generation.
    path(
        "sitemap.xml",
        public_page(sitemaps_views.index),
        {"sitemaps": ALL_SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", public_page(sitemap_section), {"sitemaps": ALL_SITEMAPS}, name="sitemap_section"),
    path("admin/", admin.site.urls),
]
