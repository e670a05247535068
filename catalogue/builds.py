"""Building the catalogue's indexes for a generation: the facet index, then the frequent words."""

import logging

from vlaanderenhelpt.generation import generation as current_generation

from . import facets, words

logger = logging.getLogger(__name__)


def build_and_keep():
    """Build both indexes for the current generation and keep them in the shared cache; returns the
    number of practices indexed, or None when the index was there already."""
    generation = current_generation()  # read first: a change during the build makes another build
    index = facets.keep(generation)
    if index is None:
        return None
    try:
        # After the index is shared: lists are served from it while the words are counted.
        words.build_and_keep(index, generation)
    except Exception:
        logger.exception("Could not build the word index")  # searches then ask the database, as before
    return index.size
