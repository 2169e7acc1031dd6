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


def _lines(row) -> str:
    return f"{row.line_start}-{row.line_end}"


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
    rows = []
    for (cluster_id, year, field), group in ordered.groupby(
        ["cluster_id", "_year", "field"], sort=True
    ):
        if field in DERIVED or field in NOT_COMPARED or group["value"].nunique() < 2:
            continue
        kept = group.iloc[0]
        for other in group.iloc[1:].itertuples(index=False):
            if other.value == kept["value"]:
                continue
            rows.append(
                {
                    "cluster_id": cluster_id,
                    "reference_year": "" if field in TIMELESS else year,
                    "field": field,
                    "kind": "within-source"
                    if other.source_id == kept["source_id"]
                    else "between-sources",
                    "value_a": kept["value"],
                    "source_a": kept["source_id"],
                    "table_a": kept["table_id"],
                    "lines_a": _lines(kept),
                    "value_b": other.value,
                    "source_b": other.source_id,
                    "table_b": other.table_id,
                    "lines_b": _lines(other),
                    "kept": "a",
                }
            )
    return pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS)


def parts_exceeding_totals(obs: pd.DataFrame) -> pd.DataFrame:
    """Member counts by type that add up to more than the total given beside them."""
    counts = obs[obs["field"].isin(["members_total", *MEMBER_PARTS])]
    rows = []
    for (cluster_id, source_id, table_id, line_start, line_end, year), group in counts.groupby(
        ["cluster_id", "source_id", "table_id", "line_start", "line_end", "reference_year"]
    ):
        total = group[group["field"] == "members_total"]
        parts = group[group["field"].isin(MEMBER_PARTS)]
        if total.empty or parts.empty or (total["qualifier"] != "exact").any():
            continue
        total_value = int(total["value"].iloc[0])
        parts_sum = int(parts["value"].astype(int).sum())
        if parts_sum > total_value:
            detail = " + ".join(f"{r.value} {r.field}" for r in parts.itertuples(index=False))
            lines = f"{line_start}-{line_end}"
            rows.append(
                {
                    "cluster_id": cluster_id,
                    "reference_year": year,
                    "field": "members_total",
                    "kind": "parts-exceed-total",
                    "value_a": str(total_value),
                    "source_a": source_id,
                    "table_a": table_id,
                    "lines_a": lines,
                    "value_b": f"{parts_sum} = {detail}",
                    "source_b": source_id,
                    "table_b": table_id,
                    "lines_b": lines,
                    "kept": "a",
                }
            )
    return pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS)


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
    sources = obs.groupby(["cluster_id", "reference_year"])["source_id"].agg(
        lambda s: " ".join(sorted(set(s)))
    )
    country = registry.set_index("cluster_id")["country"]
    rows = []
    for (cluster_id, year), values in wide.iterrows():
        row = {"cluster_id": cluster_id, "reference_year": year, "country": country[cluster_id]}
        row.update({f: ("" if pd.isna(v) else v) for f, v in values.items()})
        row["founded_year"] = timeless.get((cluster_id, "founded_year"), "")
        code = row.get("sector_code", "")
        row["sector_label"] = sector_labels[int(code)] if code else ""
        row["confidence"] = confidence_2014.get(cluster_id, "") if year == 2014 else ""
        row["sources"] = sources[(cluster_id, year)]
        timeless_conflicts = discrepancies[
            (discrepancies["cluster_id"] == cluster_id) & (discrepancies["reference_year"] == "")
        ]["field"].nunique()
        row["conflicts"] = int(conflicts.get((cluster_id, str(year)), 0) + timeless_conflicts)
        rows.append(row)
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
    snapshots = pd.DataFrame(rows).reindex(columns=columns).fillna("")
    return snapshots, discrepancies.sort_values(
        ["cluster_id", "field", "reference_year", "source_b", "lines_b"],
        kind="stable",
        key=lambda c: c.astype(str),
        ignore_index=True,
    )
