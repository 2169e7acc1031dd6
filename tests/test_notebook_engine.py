"""The papermill engine of the notebook rules: the kernel talks over Unix sockets in a
private directory, removed afterwards, not over TCP ports a concurrent job could take."""

import json
import tempfile
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from clusters_maghreb.notebook_engine import (
    MAX_SOCKET_PATH,
    private_sockets,
    with_private_sockets,
)
from tests.notebook_run import ENGINE, KERNEL

REPORT_CONNECTION = (
    "import json, ipykernel.connect\n"
    "info = ipykernel.connect.get_connection_info(unpack=True)\n"
    "print(json.dumps({'transport': info['transport'], 'ip': info['ip']}))"
)


def kernel_connection(folder: Path, **options) -> dict:
    """The transport and address a notebook's kernel reports, run by the project's engine
    with papermill ``options``."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(REPORT_CONNECTION)])
    nbformat.write(notebook, folder / "in.ipynb")
    done = pm.execute_notebook(
        str(folder / "in.ipynb"),
        str(folder / "out.ipynb"),
        kernel_name=KERNEL,
        engine_name=ENGINE,
        progress_bar=False,
        **options,
    )
    return json.loads(done.cells[0].outputs[0]["text"])


def test_the_kernel_runs_on_private_unix_sockets(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the sockets' folder goes
    info = kernel_connection(tmp_path)
    assert info["transport"] == "ipc"
    sockets = Path(info["ip"]).parent
    assert sockets.parent == tmp_path and sockets.name.startswith("kernel-")
    assert not sockets.exists()  # removed with the kernel


def test_a_socket_path_too_long_for_unix_is_refused_by_name(tmp_path):
    deep = tmp_path / ("d" * MAX_SOCKET_PATH)
    with pytest.raises(ValueError, match="too long for a Unix socket path.*TMPDIR"):
        private_sockets(deep)
    assert private_sockets("/tmp/kernel-x").KernelManager.transport == "ipc"


def test_a_callers_config_is_kept_beside_the_sockets(tmp_path):
    """Settings a caller passes keep their values beside the sockets', the caller's object
    unchanged; and a notebook run with them still gets private sockets."""
    from traitlets.config import Config

    mine = Config()
    mine.KernelManager.shutdown_wait_time = 7.0
    merged = with_private_sockets(mine, "/tmp/kernel-x")
    assert merged.KernelManager.shutdown_wait_time == 7.0
    assert (merged.KernelManager.transport, merged.KernelManager.ip) == (
        "ipc",
        "/tmp/kernel-x/kernel",
    )
    assert "transport" not in mine.KernelManager
    assert kernel_connection(tmp_path, config=mine)["transport"] == "ipc"
