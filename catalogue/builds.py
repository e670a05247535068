"""Building the catalogue's indexes for a generation: the facet index, then the frequent words."""

import contextlib
import logging

from django.core.cache import cache

from vlaanderenhelpt.generation import generation as current_generation

from . import facets, words

logger = logging.getLogger(__name__)


def build_index():
    """Build the facet index of the current generation and keep it; the number of practices indexed, or
    None when it was there already. Lists read it from here on; the words follow (build_words)."""
    index = facets.keep(current_generation())  # the generation read first: a change during it makes another
    return None if index is None else index.size


def build_words():
    """Build the frequent words' bitsets of the current generation's index; the number of words, or None
    when that index is not built yet (its build asks for them again) or its words are there already."""
    generation = current_generation()
    index = facets.load(generation)
    if index is None or cache.get(words.key(generation)) is not None:
        return None
    try:
        return words.build_and_keep(index, generation)
    except Exception:
        logger.exception("Could not build the word index")  # searches then ask the database, as before
        raise


def build_and_keep():
    """Both, one after the other (a web process that builds on demand, the benchmark, the tests)."""
    size = build_index()
    with contextlib.suppress(Exception):  # logged in build_words; searches ask the database meanwhile
        build_words()
    return size
