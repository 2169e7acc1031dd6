"""Kernels and module runs forked from a warm process (clusters_maghreb.warm): they start
where and as their command says, without the project's modules preloaded, go when their
command goes, and give way to the ordinary way when no warm process can serve. That their
executed copies are a fresh kernel's is tests/test_notebook_engine.py's comparison (its
SharedKernel runs on warm kernels, its fresh runs on ordinary ones) and, for every notebook
of a build, tests/test_workflow.py's (its second build runs without warm processes)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import papermill  # noqa: F401  (before notebook_engine: papermill loads it as an engine)
import pytest
from jupyter_client.manager import KernelManager

from clusters_maghreb.notebook_engine import private_sockets
from clusters_maghreb.warm import FOLDER, IDLE, MODULE, SWITCH, warm_command
from tests.test_warm_folder import stale_key

pytestmark = pytest.mark.slow  # starts kernels

KERNEL = "clusters-maghreb"

# What the kernel sees: its folder, an environment variable, whether modules were imported
# before its first line.
PROBE = (
    "import os, sys, json\n"
    "print(json.dumps({'cwd': os.getcwd(), 'marker': os.environ.get('WARM_TEST_MARKER'),\n"
    "  'pandas': 'pandas' in sys.modules, 'pid': os.getpid(),\n"
    "  'own': sorted(m for m in sys.modules if m.startswith('clusters_maghreb'))}))"
)


class WarmManager(KernelManager):
    """A kernel manager that starts kernels as the build's notebook runs do."""

    def format_kernel_cmd(self, extra_arguments=None):
        return warm_command(super().format_kernel_cmd(extra_arguments))


def probe(where: Path, keep: bool = False):
    """What a kernel started in ``where`` sees; with ``keep``, also its still running
    manager (the caller shuts it down)."""
    km = WarmManager(kernel_name=KERNEL, config=private_sockets(where))
    km.start_kernel(cwd=str(where))
    printed: list[str] = []
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(
            PROBE,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")),
            timeout=60,
        )
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        client.stop_channels()
    if not keep:
        km.shutdown_kernel(now=False)
        return json.loads("".join(printed))
    return json.loads("".join(printed)), km


@pytest.fixture
def warm_dir(tmp_path, monkeypatch) -> Path:
    """A folder of warm processes for this test alone (a key of its own), idle after 4 s."""
    folder = tmp_path / "warm"
    monkeypatch.setenv(FOLDER, str(folder))
    monkeypatch.setenv(IDLE, "4")
    monkeypatch.setenv("WARM_TEST_MARKER", tmp_path.name)
    return folder


def ended(folder: Path, timeout: float = 30) -> list[dict]:
    """The warm processes' last words (their log's JSON lines), once every one has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not list(folder.glob("*.sock")):
            break
        time.sleep(0.1)
    assert not list(folder.glob("*.sock")), "a warm process outlived its idle time"
    lines = [line for log in folder.glob("*.log") for line in log.read_text().splitlines()]
    return [json.loads(line) for line in lines if line.startswith("{")]


def test_a_warm_kernel_starts_in_its_folder_and_environment_without_project_modules(
    tmp_path, warm_dir
):
    seen = probe(tmp_path)
    assert seen["cwd"] == str(tmp_path)
    assert seen["marker"] == tmp_path.name
    assert seen["pandas"], "the kernel was not forked from the warm process"
    assert seen["own"] == [], "the project's modules must be imported from today's files"
    assert sum(end["children"] for end in ended(warm_dir)) == 1


def test_with_warm_kernels_off_or_out_of_reach_an_ordinary_kernel_starts(
    tmp_path, warm_dir, monkeypatch
):
    monkeypatch.setenv(SWITCH, "0")
    assert not probe(tmp_path)["pandas"]
    monkeypatch.delenv(SWITCH)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(FOLDER, str(blocked / "warm"))
    assert not probe(tmp_path)["pandas"]
    assert not warm_dir.exists()


def alive(pid: int) -> bool:
    """Whether ``pid`` runs: it exists and is no zombie (a process reaped between the two
    looks is gone too)."""
    try:
        os.kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except (ProcessLookupError, FileNotFoundError):
        return False
    return state != "Z"


def test_a_killed_kernel_command_takes_its_kernel_along(tmp_path, warm_dir):
    seen, km = probe(tmp_path, keep=True)
    command = km.provisioner.process.pid
    assert seen["pid"] != command  # the kernel is the warm process's child, not the command
    os.kill(command, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(seen["pid"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(seen["pid"])
    km.cleanup_resources()


def test_a_module_run_is_python_dash_m_in_the_commands_folder(tmp_path, warm_dir):
    stale = stale_key(warm_dir, "0123456789abcdef")  # a key of another day: removed below
    (tmp_path / "in.json").write_text('{"b": 1, "a": [2]}')
    run = [sys.executable, "-m", MODULE, "--run", "json.tool", "--sort-keys"]
    done = subprocess.run([*run, "in.json"], cwd=tmp_path, capture_output=True, text=True)
    plain = subprocess.run(
        [sys.executable, "-m", "json.tool", "--sort-keys", "in.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (0, plain.stdout)
    missing = subprocess.run([*run, "gone.json"], cwd=tmp_path, capture_output=True, text=True)
    assert missing.returncode != 0
    assert "gone.json" in missing.stderr
    # both runs forked (by one warm process, or two if the machine paused more than 4 s)
    assert sum(end["children"] for end in ended(warm_dir)) == 2
    assert not any(f.exists() for f in stale)  # the warm process's start removed them


def test_two_messages_sent_at_once_are_read_one_at_a_time():
    # the warm process may write a child's pid and, if it ended at once, its status before the
    # command reads either: the first read must leave the second message for the next
    import socket

    from clusters_maghreb.warm import _receive, _send

    here, there = socket.socketpair()
    with here, there:
        _send(there, {"pid": 123})
        _send(there, {"status": 2})
        assert _receive(here)[0] == {"pid": 123}
        assert _receive(here)[0] == {"status": 2}


def test_a_child_killed_by_a_signal_ends_its_command_by_that_signal(tmp_path, warm_dir):
    (tmp_path / "stops.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n")
    done = subprocess.run([sys.executable, "-m", MODULE, "--run", "stops"], cwd=tmp_path)
    assert done.returncode == -signal.SIGTERM
    assert sum(end["children"] for end in ended(warm_dir)) == 1


# A rule's script as Snakemake runs it (`python SCRIPT`): it hands itself over first, then
# says where it ran and what was imported before its own imports.
SCRIPT = (
    "from clusters_maghreb.warm import hand_over\n"
    "\n"
    "hand_over()\n"
    "import json, os, sys\n"
    "print(json.dumps({'cwd': os.getcwd(), 'marker': os.environ.get('WARM_TEST_MARKER'),\n"
    "  'pandas': 'pandas' in sys.modules, 'argv': sys.argv, 'pid': os.getpid()}))\n"
    "sys.exit(int(sys.argv[1]))\n"
)


def listening(folder: Path) -> None:
    """Wait until a warm process listens in ``folder``."""
    deadline = time.monotonic() + 30
    while not list(folder.glob("*.sock")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.glob("*.sock")), "no warm process started"


def run_script(where: Path, status: int) -> tuple[int, dict]:
    script = where / "step.py"
    script.write_text(SCRIPT)
    done = subprocess.run(
        [sys.executable, str(script), str(status)], cwd=where, capture_output=True, text=True
    )
    return done.returncode, json.loads(done.stdout)


def test_a_script_runs_in_its_own_process_until_a_warm_process_is_ready_then_in_one(
    tmp_path, warm_dir
):
    # the first run starts a warm process but does not wait for it: it runs on where it is
    status, seen = run_script(tmp_path, 0)
    assert status == 0 and not seen["pandas"]
    listening(warm_dir)
    # the next runs again from its first line in a child of it, with its folder, environment,
    # arguments and exit status
    status, seen = run_script(tmp_path, 3)
    assert status == 3
    assert seen["pandas"], "the script was not run by the warm process"
    assert seen["cwd"] == str(tmp_path) and seen["marker"] == tmp_path.name
    assert seen["argv"] == [str(tmp_path / "step.py"), "3"]
    assert sum(end["children"] for end in ended(warm_dir)) == 1


def test_with_warm_processes_off_a_script_runs_in_its_own_process(tmp_path, warm_dir, monkeypatch):
    monkeypatch.setenv(SWITCH, "0")
    status, seen = run_script(tmp_path, 0)
    assert status == 0 and not seen["pandas"]
    assert not warm_dir.exists()


def test_every_rule_script_hands_itself_over_before_its_imports():
    # a script that forgets pays its imports (a second or so) in every build
    from tests.conftest import ROOT

    scripts = sorted((ROOT / "workflow/scripts").glob("*.py"))
    assert len(scripts) >= 20
    first = "from clusters_maghreb.warm import hand_over\n\nhand_over()"
    skipped = [p.name for p in scripts if not p.read_text().startswith(first)]
    assert skipped == ["render_report.py"]  # its threads would need a warm process of its own


def test_a_script_interrupted_in_a_warm_process_ends_as_python_does_on_ctrl_c(tmp_path, warm_dir):
    run_script(tmp_path, 0)  # starts the warm process
    listening(warm_dir)
    script = tmp_path / "interrupted.py"
    script.write_text(
        "from clusters_maghreb.warm import hand_over\n\nhand_over()\n"
        "import sys\nprint('pandas' in sys.modules, flush=True)\nraise KeyboardInterrupt\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.stdout.strip() == "True", "not run by the warm process"
    # Python ends on an uncaught KeyboardInterrupt by SIGINT, after the traceback
    assert done.returncode == -signal.SIGINT
    assert "KeyboardInterrupt" in done.stderr


# A script of a project copy: which copy's package it imported, and which process forked it.
COPY_SCRIPT = (
    "from clusters_maghreb.warm import hand_over\n"
    "\n"
    "hand_over()\n"
    "import json, os, sys\n"
    "import clusters_maghreb.which_copy\n"
    "print(json.dumps({'which': clusters_maghreb.which_copy.WHICH,\n"
    "  'file': clusters_maghreb.__file__, 'pandas': 'pandas' in sys.modules,\n"
    "  'parent': os.getppid()}))\n"
)


def project_copy(where: Path, which: str) -> Path:
    """The project's package copied into ``where``/src, with a module that says which copy it
    is, and a script that reports it."""
    from tests.conftest import ROOT

    package = where / "src" / "clusters_maghreb"
    shutil.copytree(
        ROOT / "src" / "clusters_maghreb",
        package,
        copy_function=shutil.copy2,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (package / "which_copy.py").write_text(f"WHICH = {which!r}\n")
    (where / "step.py").write_text(COPY_SCRIPT)
    return where


def run_in_copy(where: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(where / "step.py")],
        cwd=where,
        env={**os.environ, "PYTHONPATH": str(where / "src")},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_two_copies_of_the_project_share_a_warm_process_each_child_importing_its_own_code(
    tmp_path, warm_dir
):
    one, two = (project_copy(tmp_path / name, name) for name in ("one", "two"))
    assert run_in_copy(one)["which"] == "one"  # starts the warm process
    listening(warm_dir)
    first, second = run_in_copy(one), run_in_copy(two)
    assert first["pandas"] and second["pandas"], "not run by a warm process"
    assert first["parent"] == second["parent"], "each copy started a warm process"
    assert (first["which"], second["which"]) == ("one", "two")
    assert second["file"] == str(two / "src/clusters_maghreb/__init__.py")
    # it left the first copy's folder, which its key does not count (and a test may remove)
    assert os.readlink(f"/proc/{first['parent']}/cwd") == "/"
    # a copy whose warm.py differs is not served by another copy's
    (two / "src/clusters_maghreb/warm.py").open("a").write("# changed\n")
    assert not run_in_copy(two)["pandas"]
    assert len(list(warm_dir.glob("*.log"))) == 2  # it started a second one
