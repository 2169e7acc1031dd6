"""An interrupted build, run again, ends where an uninterrupted one does.

A build is started in a copy of the session's build, made to rerun part of it (`--forcerun`),
and stopped in the middle: SIGINT to its process group (what Ctrl-C in a terminal sends), or
SIGKILL to the group (the machine or the OOM killer stopping everything, no clean-up run). Then
`make report`'s command runs it again (`snakemake --rerun-incomplete`: Snakemake 9 refuses,
after either signal, to go on while the interrupted jobs' outputs are marked incomplete; after
SIGKILL, whose victim could not release Snakemake's lock, `snakemake --unlock` first, as the
README says). The outputs must be byte-identical to those of the build that was never
interrupted, with no temporary or half-written file left.

Why a copy of the session's build, not a clean one: what is tested is what an interruption
does to the jobs it stops (outputs marked incomplete, a half-written temporary file, the lock)
and that the resume reruns them to the same bytes. A job that starts deletes its old outputs
first, so a job stopped in a copy is in the state a job stopped in a first build is in. Forced,
the copy reruns only the stage the case interrupts, where a clean build first ran every
source's extraction; the inputs are unchanged, so the uninterrupted build's files stay the
reference, byte for byte (all of them, not only those rerun), and the stopped build must leave
the last good dataset in place. (A touched input would not do: Snakemake does not rerun for a
newer input whose checksum it recorded unchanged.)

Each build stops at the end of the stage it interrupts (``Point.target``): the extraction's
manifest, or the published dataset. What runs after it (notebooks, report) reads complete,
byte-identical inputs, as any build does, which the session's full builds test.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from tests.conftest import build_env
from tests.test_workflow import SNAKEMAKE, digests, snakemake, why_failed


@dataclass(frozen=True)
class Point:
    """Where a build is stopped: as soon as a file ``written`` (a glob, relative to the
    project) matches is written anew, in a build made to rerun ``forced`` (`--forcerun`: that
    rule's jobs, and every job after them up to ``target``)."""

    written: str
    forced: str
    target: str


POINTS = {
    # ipemed-2019's extraction (the source with the most tables), then the extracted tables'
    # manifest: each job after these reads byte-identical tables, so rerunning it would rewrite
    # the reference's bytes whether or not the resume went right (it would show nothing)
    "extracting": Point(
        "data/interim/extracted/ipemed-2019/*.csv", "extract_ipemed_2019", "extraction_manifest"
    ),
    # dataset (its first table written, the others still to come), then datapackage and
    # publish: no extraction, mention or observation reruns
    "normalising": Point("data/interim/dataset/clusters.csv", "dataset", "publish"),
}
DONE = "data/processed/datapackage.json"  # written last, by publish


@pytest.fixture(scope="module")
def reference(built_project):
    """The outputs of one uninterrupted build, the session's (tests/conftest.py)."""
    return digests(built_project)


def written(project: Path, pattern: str) -> dict[Path, int]:
    """The files that ``pattern`` matches, with their mtimes (those deleted meanwhile left out)."""
    found = {}
    for path in project.glob(pattern):
        with contextlib.suppress(FileNotFoundError):
            found[path] = path.stat().st_mtime_ns
    return found


def start(project: Path, point: Point) -> subprocess.Popen:
    return subprocess.Popen(
        [str(SNAKEMAKE), "--cores", "2", point.target, "--forcerun", point.forced],
        cwd=project,
        env=build_env(project),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a shell job has
        # as from a shell: SIGINT acted on. A pytest-xdist worker ignores SIGINT, and an
        # ignored signal stays ignored across exec, so Snakemake would never see the Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def interrupt(project: Path, point: str, sig: signal.Signals) -> bool:
    """Start a build that reruns ``point``'s stage and what follows it, and send ``sig`` to its
    whole process group once ``point`` is reached; whether the signal stopped a job (False: the
    build ran to its end all the same, or stopped between two jobs, leaving nothing to resume
    in a copy whose other outputs are all there)."""
    where = POINTS[point]
    before = written(project, where.written)
    build = start(project, where)
    deadline = time.monotonic() + 300
    try:
        while not set(written(project, where.written).items()) - set(before.items()):
            assert build.poll() is None, f"the build ended before reaching {point}"
            assert time.monotonic() < deadline, f"the build never reached {point}"
            time.sleep(0.02)
        os.killpg(build.pid, sig)
        build.wait(timeout=120)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
    time.sleep(1)  # let orphaned notebook kernels notice their parent is gone
    if build.returncode == 0:
        assert not incomplete(project), "the interrupted build claims success, unfinished"
        return False
    return any(incomplete(project))


def incomplete(project: Path) -> list[Path]:
    """Snakemake's marks of the jobs that started and did not finish."""
    return list((project / ".snakemake/incomplete").iterdir())


def leftovers(project: Path) -> list[str]:
    """Temporary files of clusters_maghreb.io.write_atomic and of the report's render."""
    return sorted(
        str(p.relative_to(project))
        for p in project.rglob("*")
        if ".snakemake" not in p.parts
        and (re.fullmatch(r"\..+\.tmp", p.name) or p.name.startswith(".render-"))
    )


def test_make_report_reruns_incomplete_jobs():
    """`make report` must pass --rerun-incomplete, or a build stopped once never resumes."""
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^report:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe and "--rerun-incomplete" in recipe.group(1)


@pytest.mark.parametrize(
    ("sig", "point"),
    [
        (signal.SIGINT, "extracting"),
        (signal.SIGKILL, "extracting"),
        (signal.SIGKILL, "normalising"),
    ],
    ids=["sigint-extracting", "sigkill-extracting", "sigkill-normalising"],
)
def test_an_interrupted_build_resumes_to_the_same_outputs(
    copy_built, reference, tmp_path, sig, point
):
    # A signal that lands while Snakemake cannot act on it lets the build finish (rarely, on
    # a loaded machine), and one that lands between two jobs stops none: that run interrupted
    # nothing to resume, so the scenario starts again, once.
    for attempt in range(2):
        project = copy_built(tmp_path / f"project-{attempt}")
        published = (project / DONE).stat().st_mtime_ns
        if interrupt(project, point, sig):
            break
    else:
        pytest.fail("twice, the signal stopped no job: the scenario did not happen")
    # the stopped build left the last good dataset as it was
    assert (project / DONE).stat().st_mtime_ns == published, "the stopped build published"
    kept = {k: v for k, v in digests(project).items() if k.startswith("data/processed/")}
    assert kept == {k: v for k, v in reference.items() if k.startswith("data/processed/")}
    target = POINTS[point].target
    if sig == signal.SIGKILL:
        # Killed, Snakemake could not release its lock: it says so, and how to remove it
        locked = snakemake(project, "--rerun-incomplete", target)
        assert locked.returncode != 0
        assert "LockException" in locked.stderr and "--unlock" in locked.stderr
        assert snakemake(project, "--unlock").returncode == 0

    done = snakemake(project, "--rerun-incomplete", target)
    assert done.returncode == 0, why_failed(project, done)

    resumed = digests(project)
    # every file, the dataset and every file written on the way to it, as the uninterrupted
    # build wrote it
    assert resumed.keys() == reference.keys(), resumed.keys() ^ reference.keys()
    differ = [name for name in resumed if reference[name] != resumed[name]]
    assert not differ, differ
    assert not leftovers(project)
    assert not incomplete(project), "jobs still marked incomplete"
    again = snakemake(project, "--dry-run", target)
    assert again.returncode == 0, why_failed(project, again)
    assert "Nothing to be done" in again.stdout + again.stderr
