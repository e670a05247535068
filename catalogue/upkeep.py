"""Keeping what follows the catalogue current: the facet index and the open-data files are asked for
once per generation, after every committed change and whenever a reader finds them missing, and
queued only when no run of theirs is waiting to start (bursts of publications coalesce)."""

import logging

from django.core.cache import cache

from vlaanderenhelpt.generation import generation as current_generation

from . import facets
from .tasks import EXPORT_QUEUED, INDEX_QUEUED, build_facet_index, write_open_data

logger = logging.getLogger(__name__)

QUEUED_SECONDS = 600  # a queued build or export that never ran (its worker died) is asked for again after this


def current_index(build=True):
    """This generation's facet index; None while it is being built. `build=False` asks for no build
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
    return index


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
    if cache.add(f"catalogue:{name}-asked:{current_generation()}", True, QUEUED_SECONDS) and cache.add(
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
