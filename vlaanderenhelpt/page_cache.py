"""The page cache: a public page kept whole for anonymous readers, per catalogue generation."""

import hashlib
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse

from .generation import generation

# Set while a page is made from what lags the catalogue (the last facet index built, while the current
# generation's is being built): such a page is served, not kept under the current generation.
_behind = ContextVar("page_behind", default=False)


def not_to_keep():
    """The page being made reads what lags the current generation: serve it, but do not keep it."""
    _behind.set(True)


def public_page(view):
    """Serve a public page from the cache for anonymous readers, per catalogue generation.

    Every page that shows catalogue content changes only when something is published, archived or
    re-labelled, and each of those replaces the generation, so a cached page is never stale for
    longer than that. Logged-in users (whose header differs) and pages with messages are rendered.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method != "GET"
            or not settings.CATALOGUE_CACHE_SECONDS
            or request.user.is_authenticated
            or len(messages.get_messages(request))
        ):
            return view(request, *args, **kwargs)
        key = f"catalogue:page:{generation()}:{hashlib.sha256(request.get_full_path().encode()).hexdigest()}"
        kept = cache.get(key)
        if kept is not None:
            content_type, body = kept
            return HttpResponse(body, content_type=content_type)
        marker = _behind.set(False)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()  # a TemplateResponse (the sitemaps) is rendered to be kept
            behind = _behind.get()
        finally:
            _behind.reset(marker)
        if response.status_code == 200 and not response.streaming and not behind:
            cache.set(key, (response["Content-Type"], response.content), settings.CATALOGUE_CACHE_SECONDS)
        return response

    return wrapper
