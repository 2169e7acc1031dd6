"""The whole build needs no network: run in a network namespace of its own (`unshare -n`,
whose only interface, loopback, is down), it gives the same files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import build_env
from tests.test_workflow import SNAKEMAKE, digests


def can_unshare() -> str | None:
    """None if this process may create a network namespace, else why not."""
    if shutil.which("unshare") is None:
        return "no unshare command (util-linux)"
    try:
        done = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    except OSError as err:
        return f"unshare -n true: {err}"
    if done.returncode != 0:
        return (
            f"unshare -n true failed ({done.stderr.strip() or done.returncode}): creating a "
            "network namespace needs root (or CAP_SYS_ADMIN)"
        )
    return None


WHY_NOT = can_unshare()
pytestmark = pytest.mark.skipif(WHY_NOT is not None, reason=WHY_NOT or "")


def offline_snakemake(project: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = build_env(project, **(env or {}))
    # A new network namespace has only a loopback interface, and it is down: the build may
    # not even talk to itself over TCP (the notebooks' kernels use Unix sockets, see
    # clusters_maghreb.notebook_engine). First check that the outside world is out of reach.
    script = (
        'python -c "import socket; '
        "socket.create_connection(('1.1.1.1', 53), timeout=3)\" 2>/dev/null "
        '&& { echo "network reachable: not offline" >&2; exit 99; }; '
        'exec "$0" --cores 2'
    )
    return subprocess.run(
        ["unshare", "-n", "sh", "-c", script, str(SNAKEMAKE)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_build_runs_offline_to_the_same_outputs(built_project, rebuilt_project):
    # rebuilt_project (tests/conftest.py) is built from a fresh copy with offline_snakemake
    # whenever WHY_NOT is None, which this module's skipif has checked
    assert rebuilt_project.offline, rebuilt_project.why_online
    offline = rebuilt_project.project
    assert (offline / "report/_output/report.html").exists()
    assert (offline / "report/_output/report.pdf").exists()

    first, second = digests(built_project), digests(offline)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ
