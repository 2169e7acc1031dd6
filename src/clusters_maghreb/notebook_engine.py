"""The papermill engine the notebooks run with (``papermill --engine clusters-maghreb``).

It is papermill's own nbclient engine, except that the kernel and papermill talk over Unix
sockets in a fresh directory of their own (ZeroMQ's ``ipc`` transport) instead of TCP ports
on 127.0.0.1.

Why: over TCP, jupyter_client chooses five "free" ports by binding port 0 and closing it, and
the kernel binds them about a second later. The build runs two notebooks at once, and the
other kernel (or any client connection) can take one of those ports in between: that kernel
then dies, or its client talks to the wrong kernel, and the notebook fails for no reason of
its own (papermill#511, jupyter_client#487). Sockets in a private directory cannot collide.
The engine is registered as a ``papermill.engine`` entry point in pyproject.toml.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from papermill.engines import NBClientEngine
from traitlets.config import Config

from clusters_maghreb.warm import warm_command

# sun_path of a Unix socket holds 107 bytes; the socket names add "-<port number>".
MAX_SOCKET_PATH = 100


def private_sockets(directory: str | Path) -> Config:
    """Kernel-manager settings that put the kernel's five sockets in ``directory``."""
    prefix = str(Path(directory) / "kernel")
    if len(prefix.encode()) > MAX_SOCKET_PATH:
        raise ValueError(
            f"{prefix}: too long for a Unix socket path ({MAX_SOCKET_PATH} bytes at most); "
            "set TMPDIR to a shorter folder"
        )
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = prefix
    return config


def with_private_sockets(given: Config | None, directory: str | Path) -> Config:
    """A copy of the caller's settings (``given``, if any) with the sockets in ``directory``."""
    config = copy.deepcopy(given) if given is not None else Config()
    config.merge(private_sockets(directory))
    return config


class PrivateSocketsEngine(NBClientEngine):
    """nbclient execution, with the kernel's sockets in a temporary directory."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        if kwargs.get("km") is not None:  # a SharedKernel's, already on private sockets
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
            config = with_private_sockets(kwargs.pop("config", None), sockets)
            return super().execute_managed_notebook(nb_man, kernel_name, config=config, **kwargs)


# -- One kernel for several runs --------------------------------------------------------------
#
# Starting a kernel and importing pandas and matplotlib in it costs more than most of the
# notebooks' own work. ../shared/DESIGN.md ("Notebooks under Snakemake") allows one kernel to
# run several parameter sets in turn if every executed copy is what a fresh kernel gives:
# between runs the kernel's user namespace, input history and execution count are reset (the
# next copy's cells are numbered from 1 again), its figures closed and matplotlib's settings
# put back. Modules stay imported; what a module computed at import is the same in either
# case. tests/test_notebook_engine.py compares the copies and outputs with fresh-kernel runs.

WARM_IMPORTS = "import pandas, matplotlib.pyplot\nfrom clusters_maghreb import figures, tables"

# Run in the kernel (silently: no output, no history, no execution count) before the first
# notebook and between two: the first part keeps matplotlib's settings as they are once the
# imports are done, the second restores them.
_KEEP_SETTINGS = (
    "import matplotlib as _m\n"
    "_m._clusters_maghreb_fresh_rc = dict(_m.rcParams)\n"
    "get_ipython().reset(new_session=True)\n"
)
_RESET = (
    "import matplotlib as _m, matplotlib.pyplot as _plt\n"
    "_plt.close('all')\n"
    "dict.update(_m.rcParams, _m._clusters_maghreb_fresh_rc)  # as matplotlib.rc_context does\n"
    "get_ipython().reset(new_session=True)\n"
)


class SharedKernel:
    """A kernel (on private sockets) that executes notebooks one after the other, each as if
    in a fresh kernel; ``with SharedKernel(name, cwd) as kernel: kernel.execute(...)``."""

    def __init__(self, kernel_name: str, cwd: str | Path):
        from jupyter_client.manager import AsyncKernelManager

        class Manager(AsyncKernelManager):
            def format_kernel_cmd(self, extra_arguments=None):
                # the kernel forked from a warm process that holds the heavy imports
                return warm_command(super().format_kernel_cmd(extra_arguments))

            async def _async_finish_shutdown(self, waittime=None, pollinterval=0.1, restart=False):
                # the kernel ends within milliseconds of its shutdown reply: look every 5 ms,
                # not every 100 ms (up to 0.1 s of each notebook job)
                await super()._async_finish_shutdown(waittime, 0.005, restart)

            def client(self, **kwargs):
                # nbclient leaves open the client it makes for a kernel it does not own
                made = super().client(**kwargs)
                clients.append(made)
                return made

        clients: list = []
        self._clients = clients
        self._sockets = tempfile.TemporaryDirectory(prefix="kernel-")
        self.kernel_name, self.cwd = kernel_name, str(cwd)
        self.km = Manager(kernel_name=kernel_name, config=private_sockets(self._sockets.name))
        self._started = False

    def _silently(self, code: str) -> None:
        from jupyter_client.blocking import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_info(self.km.get_connection_info())
        client.start_channels()
        try:
            reply = client.execute_interactive(code, silent=True, store_history=False, timeout=120)
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(
                f"the shared kernel failed to run {code!r}: {content.get('ename')}: "
                f"{content.get('evalue')}"
            )

    def execute(self, notebook: str | Path, output: str | Path, **options):
        """``papermill.execute_notebook(notebook, output, **options)`` in this kernel."""
        import papermill as pm
        from jupyter_core.utils import run_sync

        if not self._started:
            run_sync(self.km.start_kernel)(cwd=self.cwd)
            self._started = True
            self._silently(WARM_IMPORTS + "\n" + _KEEP_SETTINGS)
        else:
            self._silently(_RESET)
        try:
            return pm.execute_notebook(
                str(notebook),
                str(output),
                kernel_name=self.kernel_name,
                engine_name="clusters-maghreb",
                km=self.km,
                cwd=self.cwd,
                **options,
            )
        finally:
            for client in self._clients:
                client.stop_channels()
            self._clients.clear()

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        if self._started:
            run_sync(self.km.shutdown_kernel)(now=False)
            self._started = False
        self._sockets.cleanup()

    def __enter__(self) -> SharedKernel:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main(argv: list[str] | None = None) -> None:
    """``python -m clusters_maghreb.notebook_engine NOTEBOOK OUT_DIR -k KERNEL --countries MA
    DZ -p NAME VALUE ...``: the build's notebook rule. Runs NOTEBOOK once per country (``-p
    country <CC>`` and the other ``-p`` parameters) in one SharedKernel, writing each executed
    copy to OUT_DIR/<name>-<cc>.ipynb."""
    import argparse

    import papermill as pm

    parser = argparse.ArgumentParser(prog="python -m clusters_maghreb.notebook_engine")
    parser.add_argument("notebook", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("-k", "--kernel", required=True)
    parser.add_argument("--countries", nargs="+", required=True)
    parser.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    args = parser.parse_args(argv)
    parameters = dict(args.p)
    with SharedKernel(args.kernel, Path.cwd()) as kernel:
        for country in args.countries:
            output = args.out_dir / f"{args.notebook.stem}-{country.lower()}.ipynb"
            print(f"{args.notebook} -> {output} (country {country})", flush=True)
            try:
                kernel.execute(
                    args.notebook,
                    output,
                    parameters={"country": country, **parameters},
                    log_output=True,
                    progress_bar=False,
                    # written once, at the end (or at the failing cell), not after every cell:
                    # each write is a JSON dump and a validation of the whole notebook
                    request_save_on_cell_execute=False,
                )
            except pm.PapermillExecutionError as err:
                raise SystemExit(f"{args.notebook} failed for {country}:\n{err}") from None


if __name__ == "__main__":
    main()
