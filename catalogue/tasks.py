"""The catalogue's background work, run by a worker through Django's tasks framework.

The facet index is what readers wait for (a publication is in the lists once it is built): a worker takes
it before any other task that waits. The slower work that follows it, the frequent words and the
open-data files, runs in the `background` queue, which production gives a worker of its own, so an index
build never waits behind an export."""

from datetime import timedelta

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from . import builds, exports

BACKGROUND = "background"  # the queue of the slow work (settings.TASKS names it)
# Set while a run of each task is queued and has not started: the changes that arrive meanwhile queue no
# other, since that run reads the catalogue as it is when it starts (see upkeep). A burst of fifty
# publications during a build thus makes one more build, not fifty.
INDEX_QUEUED = "catalogue:index-build-queued"
WORDS_QUEUED = "catalogue:word-index-queued"
EXPORT_QUEUED = "catalogue:open-data-queued"
QUEUED_SECONDS = 600  # a queued run that never started (its worker died) is asked for again after this
RETRY_SECONDS = 30  # a run that failed is tried again this long after; what was built before serves meanwhile


def _retried(run, flag, again):
    """`run()`; when it fails, the task `again` once more a little later, unless a run of it is queued."""
    cache.delete(flag)  # first: a change from now on queues one more run
    try:
        return run()
    except Exception:
        if again.get_backend().supports_defer and cache.add(flag, True, QUEUED_SECONDS):
            again.using(run_after=timezone.now() + timedelta(seconds=RETRY_SECONDS)).enqueue()
        raise


@task(priority=50)
def build_facet_index():
    """The facet index of the catalogue as it is now, kept for every process; then its words are asked for."""
    size = _retried(builds.build_index, INDEX_QUEUED, build_facet_index)
    if size is not None and cache.add(WORDS_QUEUED, True, QUEUED_SECONDS):
        build_word_index.enqueue()
    return size


@task(queue_name=BACKGROUND)
def build_word_index():
    """The frequent words' bitsets of the current index (searches ask the database until they are there)."""
    return _retried(builds.build_words, WORDS_QUEUED, build_word_index)


@task(queue_name=BACKGROUND)
def write_open_data():
    """The open-data files, written anew after the catalogue changed (off the request path)."""
    return _retried(exports.write_files, EXPORT_QUEUED, write_open_data)
