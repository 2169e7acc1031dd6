"""Observations to one row per cluster and reference year, keeping every disagreement.

For each cluster, year and field the value of the highest-precedence observation is kept
(``data/reference/field_precedence.csv`` says which and why); every other observation with a
different value becomes a row of ``discrepancies.csv``, with both provenances.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

import pandas as pd

from clusters_maghreb.io import read_csv

YEARS = (2014, 2019, 2023)
MEMBER_PARTS = [
    "members_smes",
    "members_large",
    "members_startups",
    "members_research_training",
    "members_associations",
    "members_public_bodies",
    "members_other",
]
FIELDS = [
    "status",
    "sector_code",
    "sector_detail",
    "city",
    "region",
    "lat",
    "lon",
    "territory",
    "partner_north",
    "partner_south",
    "founded_year",
    "members_total",
    *MEMBER_PARTS,
    "jobs",
    "governance",
    "financing",
    "labeled",
]
# Fields derived from another one (the place of a city): their disagreements are the city's.
DERIVED = {"region": "city", "lat": "city", "lon": "city"}
TIMELESS = {"founded_year"}
# Wording, not values: names differ by spelling and language (the aliases record them) and
# sector descriptions by phrasing (their IPEMED codes are compared instead).
NOT_COMPARED = {"name", "sector_detail"}  # one value for a cluster, whatever the year of the source
DISCREPANCY_COLUMNS = [
    "cluster_id",
    "reference_year",
    "field",
    "kind",
    "value_a",
    "source_a",
    "table_a",
    "lines_a",
    "value_b",
    "source_b",
    "table_b",
    "lines_b",
    "kept",
]


def load_precedence(path: str | Path) -> pd.DataFrame:
    table = read_csv(path)
    table["rank"] = table["rank"].astype(int)
    missing = table[table["rationale"] == ""]
    if len(missing):
        raise ValueError(f"{path}:{missing.index[0] + 2}: expected a rationale, found none")
    return table


def rank(precedence: pd.DataFrame, field: str, source_id: str, table_id: str) -> tuple:
    """(field-specific?, rank): a field's own rules come before the '*' rules."""
    for specific in (True, False):
        rows = precedence[
            (precedence["field"] == field) if specific else (precedence["field"] == "*")
        ]
        for row in rows.sort_values("rank").itertuples(index=False):
            if fnmatch(source_id, row.source_id) and fnmatch(table_id, row.table_id):
                return (0 if specific else 1, row.rank)
    return (2, 0)


def _lines(df: pd.DataFrame) -> pd.Series:
    return df["line_start"].astype(str) + "-" + df["line_end"].astype(str)


def choose(obs: pd.DataFrame, precedence: pd.DataFrame) -> pd.DataFrame:
    """Observations in the order of precedence, best first within each (cluster, year, field)."""
    obs = obs.copy()
    keys = {
        k: rank(precedence, *k)
        for k in obs[["field", "source_id", "table_id"]].drop_duplicates().itertuples(index=False)
    }
    obs["_rank"] = [
        keys[k] for k in obs[["field", "source_id", "table_id"]].itertuples(index=False)
    ]
    obs["_year"] = obs["reference_year"].where(~obs["field"].isin(TIMELESS), 0)
    return obs.sort_values(
        ["cluster_id", "_year", "field", "_rank", "source_id", "table_id", "line_start"],
        kind="stable",
    )


def disagreements(ordered: pd.DataFrame) -> pd.DataFrame:
    """Pairs (kept value, other value) wherever observations of one field differ."""
    compared = ordered[~ordered["field"].isin(DERIVED.keys() | NOT_COMPARED)]
    groups = compared.groupby(["cluster_id", "_year", "field"], sort=False)
    # the kept observation is the first of its group (``ordered`` is best first)
    kept = groups[["value", "source_id", "table_id", "line_start", "line_end"]].transform("first")
    other = (groups.cumcount() > 0) & (compared["value"] != kept["value"])
    pairs, kept = compared[other], kept[other]
    timeless = pairs["field"].isin(TIMELESS)
    out = pd.DataFrame(
        {
            "cluster_id": pairs["cluster_id"],
            "reference_year": pairs["_year"].astype(object).where(~timeless, ""),
            "field": pairs["field"],
            "kind": (pairs["source_id"] == kept["source_id"]).map(
                {True: "within-source", False: "between-sources"}
            ),
            "value_a": kept["value"],
            "source_a": kept["source_id"],
            "table_a": kept["table_id"],
            "lines_a": _lines(kept),
            "value_b": pairs["value"],
            "source_b": pairs["source_id"],
            "table_b": pairs["table_id"],
            "lines_b": _lines(pairs),
            "kept": "a",
        },
        columns=DISCREPANCY_COLUMNS,
    )
    # ``ordered`` is sorted by the group keys, then best first: the rows are in that order
    return out.reset_index(drop=True)


def parts_exceeding_totals(obs: pd.DataFrame) -> pd.DataFrame:
    """Member counts by type that add up to more than the total given beside them."""
    keys = ["cluster_id", "source_id", "table_id", "line_start", "line_end", "reference_year"]
    totals = obs[obs["field"] == "members_total"].assign(exact=lambda d: d["qualifier"] == "exact")
    totals = totals.groupby(keys).agg(total=("value", "first"), exact=("exact", "all"))
    parts = obs[obs["field"].isin(MEMBER_PARTS)].assign(
        count=lambda d: d["value"].astype(int), detail=lambda d: d["value"] + " " + d["field"]
    )
    parts = parts.groupby(keys).agg(parts=("count", "sum"), detail=("detail", " + ".join))
    found = totals.join(parts, how="inner")
    found = found[found["exact"] & (found["parts"] > found["total"].astype(int))].reset_index()
    lines = _lines(found)
    return pd.DataFrame(
        {
            "cluster_id": found["cluster_id"],
            "reference_year": found["reference_year"],
            "field": "members_total",
            "kind": "parts-exceed-total",
            "value_a": found["total"].astype(int).astype(str),
            "source_a": found["source_id"],
            "table_a": found["table_id"],
            "lines_a": lines,
            "value_b": found["parts"].astype(str) + " = " + found["detail"],
            "source_b": found["source_id"],
            "table_b": found["table_id"],
            "lines_b": lines,
            "kept": "a",
        },
        columns=DISCREPANCY_COLUMNS,
    )


def build_snapshots(
    obs: pd.DataFrame,
    precedence: pd.DataFrame,
    registry: pd.DataFrame,
    sector_labels: dict[int, str],
    confidence_2014: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(snapshots, discrepancies)`` from typed observations."""
    obs = obs.astype({"reference_year": int, "line_start": int, "line_end": int})
    ordered = choose(obs, precedence)
    best = ordered.drop_duplicates(["cluster_id", "_year", "field"])
    timeless = best[best["field"].isin(TIMELESS)].set_index(["cluster_id", "field"])["value"]
    per_year = best[~best["field"].isin(TIMELESS)]
    wide = per_year.pivot(index=["cluster_id", "reference_year"], columns="field", values="value")
    wide = wide.reindex(columns=[f for f in FIELDS if f not in TIMELESS])
    discrepancies = pd.concat(
        [disagreements(ordered), parts_exceeding_totals(obs)], ignore_index=True
    )
    conflicts = (
        discrepancies[discrepancies["kind"] != "parts-exceed-total"]
        .assign(reference_year=lambda d: d["reference_year"].astype(str))
        .groupby(["cluster_id", "reference_year"])["field"]
        .nunique()
    )
    sources = (
        obs[["cluster_id", "reference_year", "source_id"]]
        .drop_duplicates()
        .sort_values("source_id")
        .groupby(["cluster_id", "reference_year"])["source_id"]
        .agg(" ".join)
    )
    timeless_conflicts = (
        discrepancies[discrepancies["reference_year"] == ""]
        .groupby("cluster_id")["field"]
        .nunique()
    )
    snap = wide.reset_index().fillna("")
    ids, years = snap["cluster_id"], snap["reference_year"]
    snap["country"] = ids.map(registry.set_index("cluster_id")["country"])
    founded = timeless.xs("founded_year", level="field") if len(timeless) else pd.Series()
    snap["founded_year"] = ids.map(founded).fillna("")
    snap["sector_label"] = [
        sector_labels[int(code)] if code else "" for code in snap["sector_code"]
    ]
    snap["confidence"] = ids.map(confidence_2014).fillna("").where(years == 2014, "")
    at = pd.MultiIndex.from_arrays([ids, years])
    snap["sources"] = sources.reindex(at).to_numpy()
    snap["conflicts"] = (
        conflicts.reindex(
            pd.MultiIndex.from_arrays([ids, years.astype(str)]), fill_value=0
        ).to_numpy()
        + ids.map(timeless_conflicts).fillna(0).to_numpy()
    ).astype(int)
    columns = [
        "cluster_id",
        "reference_year",
        "country",
        "status",
        "sector_code",
        "sector_label",
        *[f for f in FIELDS if f not in ("status", "sector_code")],
        "confidence",
        "sources",
        "conflicts",
    ]
    snapshots = snap.reindex(columns=columns).fillna("")
    return snapshots, discrepancies.sort_values(
        ["cluster_id", "field", "reference_year", "source_b", "lines_b"],
        kind="stable",
        key=lambda c: c.astype(str),
        ignore_index=True,
    )
