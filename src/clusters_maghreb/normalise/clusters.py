"""One row per cluster entity: the registry, with what the sources say across years."""

from __future__ import annotations

import pandas as pd

COLUMNS = [
    "cluster_id",
    "country",
    "name",
    "acronym",
    "aliases",
    "creative",
    "merged_into",
    "founded_year",
    "first_year",
    "last_year",
    "sources",
]


def build_clusters(
    registry: pd.DataFrame,
    aliases: pd.DataFrame,
    events: pd.DataFrame,
    snapshots: pd.DataFrame,
    observations: pd.DataFrame,
) -> pd.DataFrame:
    names = observations[observations["field"] == "name"]
    written = names.groupby("cluster_id")["value"].agg(set)
    curated = aliases.groupby("cluster_id")["alias"].agg(set)
    merged = events[events["event"] == "merged_into"].set_index("cluster_id")["other_cluster_id"]
    years = snapshots.groupby("cluster_id")["reference_year"].agg(["min", "max"])
    founded = (
        snapshots[snapshots["founded_year"] != ""].groupby("cluster_id")["founded_year"].first()
    )
    sources = observations.groupby("cluster_id")["source_id"].agg(
        lambda s: " ".join(sorted(set(s)))
    )
    rows = []
    for r in registry.itertuples(index=False):
        every = written.get(r.cluster_id, set()) | curated.get(r.cluster_id, set())
        rows.append(
            {
                "cluster_id": r.cluster_id,
                "country": r.country,
                "name": r.name,
                "acronym": r.acronym,
                "aliases": " | ".join(sorted(every - {r.name})),
                "creative": r.creative,
                "merged_into": merged.get(r.cluster_id, ""),
                "founded_year": founded.get(r.cluster_id, ""),
                "first_year": years["min"].get(r.cluster_id, ""),
                "last_year": years["max"].get(r.cluster_id, ""),
                "sources": sources.get(r.cluster_id, ""),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("cluster_id", ignore_index=True)
