"""Gather the notebooks' facts files into Quarto's ``_variables.yml``.

Facts from ``results/facts/<notebook>-<country>.json`` land under ``<notebook>.<country>``, so
a chapter writes ``{{<var carte_country.ma.n_clusters>}}``. Quarto reads this file natively;
the pandoc path reads it through the report's Lua filter.

Each language gets its own file (``report/<lang>/_variables.yml``): numbers written the
language's way (31,2 in French), and a fact ``<name>_<lang>`` (a clause the notebook phrased in
that language) given under ``<name>`` too, so that both editions write the same key.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from clusters_maghreb import i18n
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


def localised(facts, lang: str):
    """The facts as ``lang``'s edition shows them (see the module's docstring)."""
    if isinstance(facts, dict):
        out = {k: localised(v, lang) for k, v in facts.items()}
        for key in list(out):
            if key.endswith(f"_{lang}") and lang != i18n.SOURCE_LANGUAGE:
                # a clause phrased in the language: its numbers written that language's way
                text = out[key]
                out[key] = i18n.localise(text, lang) if isinstance(text, str) else text
                out[key.removesuffix(f"_{lang}")] = out[key]
        return out
    if isinstance(facts, list):
        return [localised(v, lang) for v in facts]
    if isinstance(facts, float) and lang != i18n.SOURCE_LANGUAGE:
        return i18n.number(facts, lang)
    if isinstance(facts, int) and not isinstance(facts, bool) and abs(facts) >= 10_000:
        return i18n.number(facts, lang)  # 22 000 in French, 22,000 in English
    return facts


def write_variables(fact_files, out: str | Path, lang: str | None = None) -> None:
    """``_variables.yml``: the facts as they are, or as ``lang``'s edition shows them."""
    facts = gather(fact_files)
    if lang is not None:
        facts = localised(facts, lang)
    text = yaml.safe_dump(facts, allow_unicode=True, sort_keys=True)
    write_atomic(out, "# Written by the pipeline from results/facts: do not edit.\n" + text)
