"""The catalogue's background work, run by a worker through Django's tasks framework."""

from django.tasks import task

from . import builds, exports


@task()
def write_open_data():
    """The open-data files, written anew after the catalogue changed (off the request path)."""
    return exports.write_files()


@task()
def build_facet_index():
    """The facet index of the catalogue as it is now, kept in the shared cache for every process."""
    return builds.build_and_keep()
