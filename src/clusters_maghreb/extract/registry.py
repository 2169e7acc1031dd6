"""Which extractors run on which source, and the contract they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

import pandas as pd

from clusters_maghreb.extract.raw_source import RawSource


@dataclass(frozen=True)
class Extracted:
    """One extracted table and what the source itself announces about it."""

    table: pd.DataFrame
    announced: int | None = None  # the row count the source states, where it states one
    note: str = ""


Extractor = Callable[[RawSource], Extracted]

# source_id -> modules whose ``TABLES`` dict maps table_id -> extractor. Order is output order.
MODULES: dict[str, list[str]] = {
    "ipemed-2019": [
        "clusters_maghreb.extract.ipemed_2019",
        "clusters_maghreb.extract.ipemed_2019_lists",
        "clusters_maghreb.extract.ipemed_2019_cards",
        "clusters_maghreb.extract.ipemed_2019_mentions",
        "clusters_maghreb.extract.ipemed_2019_people",
    ],
    "ipemed-2020-summary": [],
    "moroccan-clusters-2020": ["clusters_maghreb.extract.moroccan_clusters_2020"],
    "ecomnews-2020": ["clusters_maghreb.extract.ecomnews_2020"],
    "errajaoui-nokairi-2023": ["clusters_maghreb.extract.errajaoui_nokairi_2023"],
}

# Sources read and found to hold no table, with the reason the manifest records.
NO_TABLE: dict[str, str] = {
    "ipemed-2020-summary": (
        "an English prose summary of ipemed-2019: no table, list or cluster-level figure"
    ),
}


def extractors(source_id: str) -> dict[str, Extractor]:
    """All extractors of a source, by table_id."""
    if source_id not in MODULES:
        raise KeyError(f"unknown source_id {source_id!r}; known: {sorted(MODULES)}")
    out: dict[str, Extractor] = {}
    for name in MODULES[source_id]:
        for table_id, fn in import_module(name).TABLES.items():
            if table_id in out:
                raise ValueError(f"{source_id}: table_id {table_id!r} defined twice")
            out[table_id] = fn
    return out


def table_ids(source_id: str) -> list[str]:
    return list(extractors(source_id))
