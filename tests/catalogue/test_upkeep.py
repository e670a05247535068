"""What follows the catalogue is queued once per generation, and a burst of changes coalesces."""

from catalogue import tasks, upkeep
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
