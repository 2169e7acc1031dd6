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
from clusters_maghreb.normalise import members
from clusters_maghreb.normalise.members import MEMBER_PARTS

YEARS = (2014, 2019, 2023)
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
    *members.COUNT_FIELDS,  # members_total, its parts, jobs
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


def same_value(field: str, a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two (value, qualifier) observations of ``field`` agree: the same value, or
    for a count two values some count satisfies ('at least 37' and '60')."""
    if a[0] == b[0]:
        return True
    return field in members.COUNT_FIELDS and members.counts_agree(a, b)


def disagreements(ordered: pd.DataFrame) -> pd.DataFrame:
    """Pairs (kept value, other value) wherever observations of one field differ."""
    compared = ordered[~ordered["field"].isin(DERIVED.keys() | NOT_COMPARED)]
    groups = compared.groupby(["cluster_id", "_year", "field"], sort=False)
    # the kept observation is the first of its group (``ordered`` is best first)
    kept = groups[
        ["value", "qualifier", "source_id", "table_id", "line_start", "line_end"]
    ].transform("first")
    other = (groups.cumcount() > 0) & (compared["value"] != kept["value"])
    # a bound that the kept count satisfies ('at least 37' beside '60') is no disagreement
    counts = other & compared["field"].isin(members.COUNT_FIELDS)
    agree = [
        same_value(f, (a, qa), (b, qb))
        for f, a, qa, b, qb in zip(
            compared.loc[counts, "field"],
            kept.loc[counts, "value"],
            kept.loc[counts, "qualifier"],
            compared.loc[counts, "value"],
            compared.loc[counts, "qualifier"],
            strict=True,
        )
    ]
    other[counts] = ~pd.Series(agree, index=other[counts].index, dtype=bool)
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
    """Member counts by type that make more than the total given beside them, adding only
    types that cannot overlap (members.parts_floor: SMEs and start-ups are not added)."""
    keys = ["cluster_id", "source_id", "table_id", "line_start", "line_end", "reference_year"]
    exact = obs[obs["qualifier"] == "exact"]
    totals = exact[exact["field"] == "members_total"].set_index(keys)["value"]
    parts = exact[exact["field"].isin(MEMBER_PARTS)]
    rows = []
    for key, group in parts.groupby(keys, sort=True):
        if key not in totals.index:
            continue
        total = int(totals.loc[key])
        floor, detail = members.parts_floor(
            dict(zip(group["field"], group["value"].astype(int), strict=True))
        )
        if floor > total:
            rows.append((*key, total, floor, detail))
    found = pd.DataFrame(rows, columns=[*keys, "total", "parts", "detail"])
    lines = _lines(found)
    return pd.DataFrame(
        {
            "cluster_id": found["cluster_id"],
            "reference_year": found["reference_year"],
            "field": "members_total",
            "kind": "parts-exceed-total",
            "value_a": found["total"].astype(str),
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


def qualifiers(best: pd.DataFrame) -> pd.Series:
    """By (cluster_id, reference_year): the kept values that are not exact, as
    'field:qualifier' pairs in FIELDS order ('members_total:approx; jobs:at_least'); a range
    keeps its bounds ('members_enterprises:range 120-130'), its column the lower bound."""
    order = {f: i for i, f in enumerate(FIELDS)}
    loose = best[best["qualifier"].fillna("exact") != "exact"]
    loose = loose.assign(_o=loose["field"].map(order)).sort_values("_o", kind="stable")
    text = loose["field"] + ":" + loose["qualifier"]
    ranged = loose["qualifier"] == "range"
    text = text.where(~ranged, text + " " + loose["value"])
    return text.groupby([loose["cluster_id"], loose["reference_year"]]).agg("; ".join)


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
    ranged = per_year["qualifier"] == "range"
    per_year = per_year.assign(
        value=per_year["value"].where(~ranged, per_year["value"].str.split("-").str[0])
    )
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
    snap["qualifiers"] = (
        qualifiers(best[~best["field"].isin(TIMELESS)])
        .reindex(pd.MultiIndex.from_arrays([ids, years]))
        .fillna("")
        .to_numpy()
    )
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
        "qualifiers",
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
