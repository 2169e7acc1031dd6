"""Gather the notebooks' facts files into Quarto's ``_variables.yml``.

Facts from ``results/facts/<notebook>-<country>.json`` land under ``<notebook>.<country>``, so
a chapter writes ``{{< var carte_country.ma.n_clusters >}}``. Quarto reads this file natively;
the pandoc path reads it through the report's Lua filter.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from clusters_maghreb.io import write_atomic


def gather(fact_files) -> dict:
    variables: dict = {}
    for path in sorted(map(Path, fact_files)):
        notebook, _, country = path.stem.rpartition("-")
        if not notebook:
            raise ValueError(f"{path}: expected a name <notebook>-<country>.json")
        facts = json.loads(path.read_text(encoding="utf-8"))
        variables.setdefault(notebook, {})[country] = facts
    return variables


def write_variables(fact_files, out: str | Path) -> None:
    text = yaml.safe_dump(gather(fact_files), allow_unicode=True, sort_keys=True)
    write_atomic(out, "# Written by the pipeline from results/facts: do not edit.\n" + text)
