"""The papermill engine of the notebook rules: the kernel talks over Unix sockets in a
private directory, removed afterwards, not over TCP ports a concurrent job could take."""

import json
import tempfile
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.notebook_engine import (
    MAX_SOCKET_PATH,
    SharedKernel,
    private_sockets,
    with_private_sockets,
)
from tests.notebook_run import ENGINE, KERNEL

NOTEBOOKS = PROJECT_ROOT / "notebooks"
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


# -- SharedKernel: several runs in one kernel give what fresh kernels give ------------------


def executed(path: Path) -> dict:
    """What an executed copy records, less papermill's timings and paths."""
    nb = nbformat.read(path, as_version=4)
    cells = [
        {
            "source": c.source,
            "count": c.get("execution_count"),
            "outputs": c.get("outputs", []),
            "metadata": {
                k: v for k, v in c.metadata.items() if k not in ("papermill", "execution")
            },
        }
        for c in nb.cells
    ]
    return {"cells": cells, "parameters": nb.metadata.papermill["parameters"]}


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


RUNS = [("census", "MA"), ("census", "DZ"), ("sectors", "TN")]


def test_a_shared_kernel_gives_the_copies_and_files_of_fresh_kernels(processed, tmp_path):
    """Three runs (two of one notebook, then another notebook) in one kernel, against each
    in a fresh kernel, with the same relative results folder: the executed copies (cells,
    outputs, execution counts) and every file written are the same."""
    shared, fresh = tmp_path / "shared", tmp_path / "fresh"
    for where in (shared, fresh):
        where.mkdir()

    def options(name, country):
        parameters = {
            "country": country,
            "snapshots": str(processed / "snapshots.csv"),
            # the notebooks name sources as the bibliography does (a relative default would
            # be looked for in the temporary folder)
            "bibliography": str(PROJECT_ROOT / "data" / "raw" / "sources.yaml"),
            "results_dir": "results",
        }
        return {"parameters": parameters, "progress_bar": False}

    with SharedKernel(KERNEL, shared) as kernel:
        for name, country in RUNS:
            kernel.execute(
                NOTEBOOKS / f"{name}.ipynb",
                shared / f"{name}-{country}.ipynb",
                **options(name, country),
            )
    for name, country in RUNS:
        pm.execute_notebook(
            str(NOTEBOOKS / f"{name}.ipynb"),
            str(fresh / f"{name}-{country}.ipynb"),
            kernel_name=KERNEL,
            engine_name=ENGINE,
            cwd=str(fresh),
            **options(name, country),
        )
    for name, country in RUNS:
        copy = f"{name}-{country}.ipynb"
        assert executed(shared / copy) == executed(fresh / copy), copy
    assert files(shared / "results") == files(fresh / "results")
    assert len(files(fresh / "results")) >= 3 * 4


def test_a_shared_kernel_forgets_the_previous_run(tmp_path):
    """Names, the execution count and matplotlib settings of one run are gone in the next."""
    first = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import matplotlib\nleftover = 1\nmatplotlib.rcParams['lines.linewidth'] = 9"
            )
        ]
    )
    second = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import matplotlib\n"
                "print('leftover' in dir(), matplotlib.rcParams['lines.linewidth'] == 9)"
            )
        ]
    )
    nbformat.write(first, tmp_path / "first.ipynb")
    nbformat.write(second, tmp_path / "second.ipynb")
    with SharedKernel(KERNEL, tmp_path) as kernel:
        kernel.execute(tmp_path / "first.ipynb", tmp_path / "first-out.ipynb", progress_bar=False)
        done = kernel.execute(
            tmp_path / "second.ipynb", tmp_path / "second-out.ipynb", progress_bar=False
        )
    cell = done.cells[0]
    assert cell.execution_count == 1
    assert cell.outputs[0]["text"] == "False False\n"
