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


def timers() -> list[threading.Timer]:
    return [t for t in threading.enumerate() if isinstance(t, threading.Timer) and t.is_alive()]


def test_wake_ups_asked_while_one_is_pending_make_one_daemon_timer():
    scheduler = Scheduler()
    before = timers()
    for _ in range(5):
        scheduling._one_pending(scheduler, 0.2)
    started = [t for t in timers() if t not in before]
    assert len(started) == 1
    assert started[0].daemon  # a build's exit does not wait for it
    assert scheduler._open_jobs.acquire(timeout=5)  # the scheduler is woken once
    assert not scheduler._open_jobs.acquire(timeout=0.5)


class EagerScheduler:
    """A scheduler whose round asks for its next wake-up while the timer that woke it is
    still running (its semaphore's release runs the round at once, in the timer's thread)."""

    def __init__(self):
        self._open_jobs = self
        self.woken = threading.Semaphore(0)
        self.rounds = 0

    def release(self) -> None:
        self.rounds += 1
        if self.rounds < 3:
            scheduling._one_pending(self, 0.001)
        self.woken.release()


def test_the_round_a_wake_up_starts_can_ask_for_the_next_one_at_once():
    # its request must not be taken for a pending one, or a rate-limited build with no job
    # running would wait forever
    scheduler = EagerScheduler()
    scheduling._one_pending(scheduler, 0.001)
    for _ in range(3):
        assert scheduler.woken.acquire(timeout=5)
    assert scheduler.rounds == 3


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
