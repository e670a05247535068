"""The catalogue's background work, run by a worker through Django's tasks framework."""

from django.core.cache import cache
from django.tasks import task

from . import builds, exports

# Set while a run of each task is queued and has not started: the changes that arrive meanwhile queue no
# other, since that run reads the catalogue as it is when it starts (see upkeep). A burst of fifty
# publications during a build thus makes one more build, not fifty.
INDEX_QUEUED = "catalogue:index-build-queued"
EXPORT_QUEUED = "catalogue:open-data-queued"


@task()
def write_open_data():
    """The open-data files, written anew after the catalogue changed (off the request path)."""
    cache.delete(EXPORT_QUEUED)  # first: a change from now on queues one more run
    return exports.write_files()


@task()
def build_facet_index():
    """The facet index of the catalogue as it is now, kept in the shared cache for every process."""
    cache.delete(INDEX_QUEUED)  # first: a change from now on queues one more build
    return builds.build_and_keep()
