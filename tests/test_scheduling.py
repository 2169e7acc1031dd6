"""Snakemake's scheduler with one pending wake-up (clusters_maghreb.scheduling)."""

import threading

from clusters_maghreb import scheduling
from tests.conftest import ROOT


def test_the_installed_snakemake_is_the_one_the_change_was_written_for():
    # after an upgrade, read the new JobScheduler._schedule_reevalutation: the change may be
    # upstream already, or need writing again (then update EXPECTED)
    assert scheduling.applies()


class Scheduler:
    """What the change uses of Snakemake's JobScheduler: the semaphore a wake-up releases."""

    def __init__(self):
        self._open_jobs = threading.Semaphore(0)


def test_wake_ups_asked_while_one_is_pending_make_one_daemon_timer():
    scheduler = Scheduler()
    for _ in range(5):
        scheduling._one_pending(scheduler, 0.2)
    timer = scheduler._pending_reevaluation
    assert timer.daemon  # a build's exit does not wait for it
    assert [t for t in threading.enumerate() if isinstance(t, threading.Timer)] == [timer]
    assert scheduler._open_jobs.acquire(timeout=5)  # the scheduler is woken once
    assert not scheduler._open_jobs.acquire(timeout=0.5)
    # once it has fired, the next round's wake-up starts a new timer
    timer.join()
    scheduling._one_pending(scheduler, 0.01)
    assert scheduler._pending_reevaluation is not timer
    assert scheduler._open_jobs.acquire(timeout=5)


def test_the_workflow_applies_it():
    from snakemake.scheduling.job_scheduler import JobScheduler

    original = JobScheduler._schedule_reevalutation
    try:
        assert scheduling.one_pending_reevaluation()
        assert JobScheduler._schedule_reevalutation is scheduling._one_pending
        assert scheduling.applies()  # applying twice is harmless
    finally:
        JobScheduler._schedule_reevalutation = original
    common = (ROOT / "workflow/rules/common.smk").read_text(encoding="utf-8")
    assert "\none_pending_reevaluation()\n" in common
