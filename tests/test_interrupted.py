"""An interrupted build, run again, ends where an uninterrupted one does.

A build is started in a fresh copy of the project and stopped in the middle: SIGINT to its
process group (what Ctrl-C in a terminal sends), or SIGKILL to the group (the machine or the
OOM killer stopping everything, no clean-up run). Then `make report`'s command runs it again
(`snakemake --rerun-incomplete`: Snakemake 9 refuses, after either signal, to go on while
the interrupted jobs' outputs are marked incomplete; after SIGKILL, whose victim could not
release Snakemake's lock, `snakemake --unlock` first, as the README says). The outputs must be
byte-identical to those of a build that was never interrupted, with no temporary or
half-written file left.

The builds here stop at the published dataset (target rule ``publish``): both points of
interruption lie before it, and what runs after it (notebooks, report) is what any build from a
complete dataset runs, which the session's full builds test. A full build per case would triple
these tests' time for nothing they check.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from tests.test_workflow import SNAKEMAKE, copy_project, digests, snakemake, why_failed

# When to stop the build: as soon as this glob (relative to the project) matches a file.
POINTS = {
    "extracting": "data/interim/extracted/*/*.csv",
    "normalising": "data/interim/dataset/observations.csv",
}
TARGET = "publish"  # the rule that publishes data/processed
DONE = "data/processed/datapackage.json"  # written last, by publish


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """One copy of the project, unbuilt: every build of this module starts from it."""
    return copy_project(tmp_path_factory.mktemp("pristine"))


def fresh(pristine: Path, dst: Path) -> Path:
    shutil.copytree(pristine, dst, symlinks=True)
    return dst


@pytest.fixture(scope="module")
def reference(built_project):
    """The dataset of one uninterrupted build, the session's (tests/conftest.py): everything
    under data/ that the target rule's jobs write."""
    return {k: v for k, v in digests(built_project).items() if k.startswith("data/")}


def start(project: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(project / "src"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.Popen(
        [str(SNAKEMAKE), "--cores", "2", TARGET],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a shell job has
        # as from a shell: SIGINT acted on. A pytest-xdist worker ignores SIGINT, and an
        # ignored signal stays ignored across exec, so Snakemake would never see the Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def interrupt(project: Path, point: str, sig: signal.Signals) -> bool:
    """Start a build and send ``sig`` to its whole process group once ``point`` is reached;
    whether the signal stopped it (False: it ran to its end all the same)."""
    build = start(project)
    deadline = time.monotonic() + 300
    try:
        while not any(project.glob(POINTS[point])):
            assert build.poll() is None, f"the build ended before reaching {point}"
            assert time.monotonic() < deadline, f"the build never reached {point}"
            time.sleep(0.02)
        assert not (project / DONE).exists(), "the dataset was already published"
        os.killpg(build.pid, sig)
        build.wait(timeout=120)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
    time.sleep(1)  # let orphaned notebook kernels notice their parent is gone
    if build.returncode == 0:
        assert (project / DONE).exists(), "the interrupted build claims success, unfinished"
        return False
    return True


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
    pristine, reference, tmp_path, sig, point
):
    # A signal that lands while Snakemake cannot act on it lets the build finish (rarely, on
    # a loaded machine): that run interrupted nothing, so the scenario starts again, once.
    for attempt in range(2):
        project = fresh(pristine, tmp_path / f"project-{attempt}")
        if interrupt(project, point, sig):
            break
    else:
        pytest.fail("twice, the interrupted build ran to its end: the signal stopped nothing")
    assert not (project / DONE).exists()
    if sig == signal.SIGKILL:
        # Killed, Snakemake could not release its lock: it says so, and how to remove it
        locked = snakemake(project, "--rerun-incomplete", TARGET)
        assert locked.returncode != 0
        assert "LockException" in locked.stderr and "--unlock" in locked.stderr
        assert snakemake(project, "--unlock").returncode == 0

    done = snakemake(project, "--rerun-incomplete", TARGET)
    assert done.returncode == 0, why_failed(project, done)

    resumed = digests(project)
    # every file of the published dataset, and every file written on the way to it, as the
    # uninterrupted build wrote it (that build also wrote files of later rules under data/)
    assert {k for k in reference if k.startswith("data/processed/")} <= resumed.keys()
    assert resumed.keys() <= reference.keys(), resumed.keys() - reference.keys()
    differ = [name for name in resumed if reference[name] != resumed[name]]
    assert not differ, differ
    assert not leftovers(project)
    assert not any((project / ".snakemake/incomplete").iterdir()), "jobs still marked incomplete"
    again = snakemake(project, "--dry-run", TARGET)
    assert again.returncode == 0, why_failed(project, again)
    assert "Nothing to be done" in again.stdout + again.stderr
