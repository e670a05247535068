"""Keeping what follows the catalogue current: the facet index and the open-data files are asked for
once per generation, after every committed change and whenever a reader finds them missing, and
queued only when no run of theirs is waiting to start (bursts of publications coalesce)."""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from vlaanderenhelpt.generation import generation as current_generation
from vlaanderenhelpt.page_cache import not_to_keep

from . import builds, facets
from .tasks import EXPORT_QUEUED, INDEX_QUEUED, QUEUED_SECONDS, build_facet_index, write_open_data

logger = logging.getLogger(__name__)

on_demand = None  # the last on-demand build of this process (a thread), for the tests to wait for


def current_index(build=True):
    """This generation's facet index; while it is being built, the last one built. That one lags a build:
    what was published or archived since is not yet in its lists and counts (a card of an archived practice
    drops from its page), for the seconds until the build is done, and a page made from it is not kept in
    the page cache. None when no index can be read at all: SQL answers. `build=False` asks for no build
    when it is missing (pages that read SQL well enough without it)."""
    generation = current_generation()
    try:
        index = facets.load(generation)
        if index is None and build and _ask(request_build):
            index = facets.load(generation)  # built at once where tasks run immediately
    except facets.Unreadable:
        # Never a broken page for a broken index: SQL answers until it is built again. A second
        # build, from another process, finds it built and stops.
        _ask(build_facet_index.enqueue)
        return None
    if index is not None:
        return index
    if build:
        _build_here_when_overdue(generation)
    try:
        index = facets.latest()
    except Exception:
        logger.exception("Could not read the last facet index")
        return None
    if index is not None and index.generation != generation:
        not_to_keep()
    return index


def _build_here_when_overdue(generation):
    """When no worker built the index within INDEX_ON_DEMAND_SECONDS of the first request for it (the
    worker away, a fresh deploy), one web process builds it beside its requests: one only (a lock in the
    shared cache), in a thread of its own, so no reader waits for it."""
    global on_demand
    asked = cache.get(f"catalogue:index-asked:{generation}")
    if not isinstance(asked, float) or time.time() - asked < settings.INDEX_ON_DEMAND_SECONDS:
        return
    if not cache.add(f"catalogue:index-on-demand:{generation}", True, QUEUED_SECONDS):
        return  # another process builds it
    on_demand = threading.Thread(target=_build_on_demand, name="facet-index-on-demand", daemon=True)
    on_demand.start()


def _build_on_demand():
    try:
        builds.build_and_keep()
    except Exception:
        logger.exception("Could not build the facet index on demand")
    finally:
        connection.close()  # this thread's own


def _ask(request, *args):
    """Ask for a build from a page; a queue that cannot take it leaves the page to SQL, not broken."""
    try:
        request(*args)
    except Exception:
        logger.exception("Could not ask for the facet index")
        return False
    return True


def _queue(name, flag, task):
    """Queue `task` once per generation, however many requests find its result missing, and not while a
    run of it waits to start: that run will read this generation. While the cache is unreachable nothing
    is queued (the generation cannot be known) and what was built before is served meanwhile."""
    if cache.add(f"catalogue:{name}-asked:{current_generation()}", time.time(), QUEUED_SECONDS) and cache.add(
        flag, True, QUEUED_SECONDS
    ):
        task.enqueue()


def request_build():
    """Ask for the facet index (and the word bitsets) of the current generation."""
    _queue("index", INDEX_QUEUED, build_facet_index)


def request_export():
    """Ask for the open-data files of the current generation."""
    _queue("open-data", EXPORT_QUEUED, write_open_data)


def follow_change(**kwargs):
    """On `catalogue_changed`: the index and the open-data files follow the catalogue. The change is
    committed whatever happens here: the next list page asks for the index again, the next download
    for the files."""
    for request in (request_build, request_export):
        try:
            request()
        except Exception:
            logger.exception("Could not queue %s", request.__name__)
