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
        with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
            config = with_private_sockets(kwargs.pop("config", None), sockets)
            return super().execute_managed_notebook(nb_man, kernel_name, config=config, **kwargs)
