"""The catalogue generation: the one value every cached public read is keyed on.

A service that publishes, archives or re-labels something calls `changed()`; that replaces the
generation (so no cached count, page or index is read again) and, once the change is committed, sends
`catalogue_changed`, on which the catalogue queues what follows the published content (its facet index,
its open-data files). The services never name the catalogue: it sits above them.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal

GENERATION_KEY = "catalogue:generation"

# Sent once a change is committed; a receiver's failure is logged, and the change stays committed.
catalogue_changed = Signal()


def generation():
    """The current generation (a random hex string), made on first use."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def changed():
    """Invalidate cached reads now, and again once the change is committed (a reader in between
    could otherwise cache the old state under the new generation)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(_after_change)


def _after_change():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    for receiver, result in catalogue_changed.send_robust(sender=None):
        if isinstance(result, Exception):
            logging.getLogger(__name__).error("Could not follow a change: %s", receiver, exc_info=result)


def cached(name, parts, compute):
    """`compute()`, kept in the shared cache under `name` and `parts` for this generation."""
    if not settings.CATALOGUE_CACHE_SECONDS:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"catalogue:{name}:{generation()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.CATALOGUE_CACHE_SECONDS)
    return value
