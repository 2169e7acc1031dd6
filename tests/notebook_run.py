"""Runs a notebook the way the build's notebook rule does, for the notebook tests."""

from __future__ import annotations

import atexit
import json
from pathlib import Path

import papermill as pm  # noqa: F401  (before notebook_engine: papermill loads it as an engine)

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.notebook_engine import SharedKernel

KERNEL = "clusters-maghreb"  # config/config.yaml's kernel, installed by the set-up
ENGINE = "clusters-maghreb"  # clusters_maghreb.notebook_engine, as the rule's --engine

# One kernel for every notebook a test process runs (each run as in a fresh kernel, see
# SharedKernel and tests/test_notebook_engine.py): a kernel start and the imports of pandas
# and matplotlib cost more than most notebooks' own work.
_kernel: SharedKernel | None = None


def shared_kernel() -> SharedKernel:
    global _kernel
    if _kernel is None:
        _kernel = SharedKernel(KERNEL, PROJECT_ROOT)
        atexit.register(_kernel.close)
    return _kernel


def run_notebook(name: str, country: str, results_dir: Path, **inputs: Path | str) -> dict:
    """Executes notebooks/<name>.ipynb for ``country`` (as `-p country`) with ``inputs`` as
    its other parameters, writing its results and executed copy under ``results_dir``, and
    returns the facts it wrote."""
    global _kernel
    cc = country.lower()
    kernel = shared_kernel()
    try:
        kernel.execute(
            PROJECT_ROOT / "notebooks" / f"{name}.ipynb",
            Path(results_dir) / f"{name}-{cc}.ipynb",
            parameters={
                "country": country,
                **{key: str(value) for key, value in inputs.items()},
                "results_dir": str(results_dir),
            },
            progress_bar=False,
        )
    except pm.PapermillExecutionError:
        raise  # the notebook failed; the kernel is fine
    except BaseException:
        kernel.close()  # the kernel may be gone: the next run starts a new one
        _kernel = None
        raise
    facts = Path(results_dir) / "facts" / f"{name}-{cc}.json"
    return json.loads(facts.read_text(encoding="utf-8"))
