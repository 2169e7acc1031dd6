"""One pending re-evaluation at a time in Snakemake's job scheduler (applied by the Snakefile).

After every scheduling round, Snakemake 9's scheduler (``JobScheduler`` in
``snakemake.scheduling.job_scheduler``) starts a ``threading.Timer`` that wakes it again once
``--max-jobs-per-timespan``'s timespan (1 s by default) has passed, so that a rate-limited job
gets its turn. Each timer's round starts another, and each finished job adds a round, so a
build of n jobs ends with about n timers running: the scheduler wakes n times a second, each
time reading the size of every input of every ready job, and the process waits for its last
timer (they are not daemon threads) before it exits. Measured on a cold build of this
project: Snakemake's own process took 8.2 s of CPU, 5.2 s with this change; a small workflow
of six jobs ended 1.2 to 1.6 s sooner. Upstream, snakemake/snakemake pull request 3744 (open)
is about the same wake-ups.

The change keeps one timer pending at a time, a daemon one: the scheduler still looks again
within the timespan, so the rate limit holds, and nothing waits for it at exit. It is applied
only to the code it was written for (``EXPECTED``, Snakemake 9.27.1's); another version of
Snakemake keeps its own, and ``tests/test_scheduling.py`` says so.
"""

from __future__ import annotations

import threading

from clusters_maghreb import patching

# sha256 (first 16 hex digits) of the source of JobScheduler._schedule_reevalutation
EXPECTED = "bb09f100ea5766bb"


def _one_pending(self, delay: float) -> None:
    """Wake the scheduler in ``delay`` seconds, unless a wake-up is pending already."""
    if getattr(self, "_reevaluation_pending", False):
        return
    self._reevaluation_pending = True

    def wake() -> None:
        # no longer pending before the round it starts can ask for the next one (a timer's
        # thread is still alive for a moment after its function has run)
        self._reevaluation_pending = False
        self._open_jobs.release()

    timer = threading.Timer(delay, wake)
    timer.daemon = True
    timer.start()


def applies() -> bool:
    """Whether the installed Snakemake's scheduler is the one this change was written for."""
    from snakemake.scheduling.job_scheduler import JobScheduler

    return patching.unchanged(JobScheduler, "_schedule_reevalutation", EXPECTED, _one_pending)


def one_pending_reevaluation() -> bool:
    """Apply the change where it applies; whether it did."""
    from snakemake.scheduling.job_scheduler import JobScheduler

    return patching.replace(JobScheduler, "_schedule_reevalutation", EXPECTED, _one_pending)
