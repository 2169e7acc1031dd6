"""Runs a notebook the way the build's notebook rule does, for the notebook tests."""

from __future__ import annotations

import json
from pathlib import Path

import papermill as pm

from clusters_maghreb import PROJECT_ROOT

KERNEL = "clusters-maghreb"  # config/config.yaml's kernel, installed by the set-up
ENGINE = "clusters-maghreb"  # clusters_maghreb.notebook_engine, as the rule's --engine


def run_notebook(name: str, country: str, results_dir: Path, **inputs: Path | str) -> dict:
    """Executes notebooks/<name>.ipynb for ``country`` (as `-p country`) with ``inputs`` as
    its other parameters, writing its results and executed copy under ``results_dir``, and
    returns the facts it wrote."""
    cc = country.lower()
    pm.execute_notebook(
        str(PROJECT_ROOT / "notebooks" / f"{name}.ipynb"),
        str(Path(results_dir) / f"{name}-{cc}.ipynb"),
        kernel_name=KERNEL,
        engine_name=ENGINE,
        cwd=str(PROJECT_ROOT),
        parameters={
            "country": country,
            **{key: str(value) for key, value in inputs.items()},
            "results_dir": str(results_dir),
        },
        progress_bar=False,
    )
    facts = Path(results_dir) / "facts" / f"{name}-{cc}.json"
    return json.loads(facts.read_text(encoding="utf-8"))
