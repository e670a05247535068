"""What follows the catalogue is queued once per generation, and a burst of changes coalesces; until the
current index is built the last one serves (kept in the database too), a failed build is tried again,
and a web process builds it when no worker did."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from catalogue import facets, tasks, upkeep
from tests.test_tasks import DB_BACKEND, run_worker
from vlaanderenhelpt import generation


class Queue:
    """Stands in for a task's queue: counts what is queued, runs nothing."""

    def __init__(self):
        self.queued = 0

    def enqueue(self):
        self.queued += 1


def _change(capture):
    with capture(execute=True):
        generation.changed()


def test_changes_while_a_run_waits_to_start_queue_no_other(db, monkeypatch, django_capture_on_commit_callbacks):
    index, open_data = Queue(), Queue()
    monkeypatch.setattr(upkeep, "build_facet_index", index)
    monkeypatch.setattr(upkeep, "write_open_data", open_data)
    for _ in range(50):  # an editor's afternoon of approvals, while no worker has started the first build
        _change(django_capture_on_commit_callbacks)
    assert (index.queued, open_data.queued) == (1, 1)
    # The queued runs start (each clears its flag first, then reads the catalogue as it is then): the
    # next change queues one more of each, and the ones after it wait for that.
    tasks.build_facet_index.call()
    tasks.write_open_data.call()
    for _ in range(5):
        _change(django_capture_on_commit_callbacks)
    assert (index.queued, open_data.queued) == (2, 2)


def test_a_run_that_started_late_builds_the_newest_generation(db, monkeypatch, django_capture_on_commit_callbacks):
    index = Queue()
    monkeypatch.setattr(upkeep, "build_facet_index", index)
    for _ in range(3):
        _change(django_capture_on_commit_callbacks)
    tasks.build_facet_index.call()  # the one queued run, started after all three changes
    assert upkeep.current_index(build=False) is not None  # the index of the current generation
    assert index.queued == 1


# With the queue as production has it (tasks in the database, run by a worker when it comes).


def _listed(client, path="/praktijken/"):
    return client.get(path).content.decode()


def _builds_waiting():
    return DBTaskResult.objects.filter(task_path="catalogue.tasks.build_facet_index", status="READY").count()


@pytest.fixture
def queue(settings, seeded):
    settings.TASKS = DB_BACKEND
    facets._loaded = facets._latest = (None, None)  # as a fresh process
    yield
    facets._loaded = facets._latest = (None, None)


@pytest.mark.django_db(transaction=True)
def test_the_last_index_serves_until_the_next_is_built_and_such_pages_are_not_kept(queue, client, make_practice):
    make_practice(title="Eerste voorbeeld")
    run_worker()  # builds the index with the first practice
    assert "Eerste voorbeeld" in _listed(client)
    for n in range(3):  # a burst of publications while no worker runs
        make_practice(title=f"Later voorbeeld {n}")
    assert _builds_waiting() == 1  # coalesced
    behind = _listed(client)
    assert "Eerste voorbeeld" in behind and "Later voorbeeld" not in behind  # served, one build behind
    assert upkeep.current_index(build=False).generation != generation.generation()
    run_worker()  # the one build after the burst
    current = _listed(client)  # not the page made from the older index, which was not kept
    assert all(f"Later voorbeeld {n}" in current for n in range(3))
    assert upkeep.current_index(build=False).generation == generation.generation()


@pytest.mark.django_db(transaction=True)
def test_a_fresh_cache_serves_the_kept_index_and_one_process_builds_when_no_worker_did(
    queue, settings, client, make_practice
):
    make_practice(title="Eerste voorbeeld")
    run_worker()
    cache.clear()  # a restarted cache, a fresh process, and no worker from here on
    facets._loaded = facets._latest = (None, None)
    upkeep.on_demand = None
    settings.INDEX_ON_DEMAND_SECONDS = 5
    assert "Eerste voorbeeld" in _listed(client)  # from the index kept in the database
    assert facets._latest[1] is not None and upkeep.on_demand is None  # no build here yet: a worker may come
    asked = f"catalogue:index-asked:{generation.generation()}"
    cache.set(asked, time.time() - 6)  # the worker did not come within the seconds allowed
    _listed(client)
    _listed(client, "/praktijken/?soort=initiatief")
    builder = upkeep.on_demand
    assert builder is not None
    builder.join(timeout=30)
    _listed(client)
    assert upkeep.on_demand is builder  # one build, whatever the requests meanwhile
    index = upkeep.current_index(build=False)
    assert index is not None and index.generation == generation.generation()


@pytest.mark.django_db(transaction=True)
def test_a_build_that_fails_is_tried_again_and_the_last_index_serves_meanwhile(
    queue, client, make_practice, monkeypatch
):
    make_practice(title="Eerste voorbeeld")
    run_worker()
    make_practice(title="Tweede voorbeeld")
    built = facets.FacetIndex.build

    def broken(cls, only=None):
        raise RuntimeError("the database went away mid-build")

    monkeypatch.setattr(facets.FacetIndex, "build", classmethod(broken))
    started = timezone.now()
    run_worker()
    assert DBTaskResult.objects.filter(task_path="catalogue.tasks.build_facet_index", status="FAILED").count() == 1
    retry = DBTaskResult.objects.get(task_path="catalogue.tasks.build_facet_index", status="READY")
    assert retry.run_after >= started + timedelta(seconds=tasks.RETRY_SECONDS)
    assert "Eerste voorbeeld" in _listed(client)  # the last index serves
    monkeypatch.setattr(facets.FacetIndex, "build", built)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert "Tweede voorbeeld" in _listed(client)
    assert upkeep.current_index(build=False).generation == generation.generation()
