"""Source agreement: the disagreements the resolve stage recorded
(``data/processed/discrepancies.csv``) summarised by field, kind and pair of sources, against
the number of checks (pairs of observations compared) behind them."""

from __future__ import annotations

import re

import pandas as pd

from clusters_maghreb.constants import COUNTRY_NAMES
from clusters_maghreb.normalise import snapshots
from clusters_maghreb.normalise.members import parts_floor

KINDS = ["between-sources", "within-source", "parts-exceed-total"]
COUNTRIES = COUNTRY_NAMES


def table_family(table_id: str) -> str:
    """A country's copy of a table goes by the table's name: ``carte-ma`` -> ``carte``."""
    return re.sub(r"-(ma|dz|tn|mr|ly)$", "", table_id)


def pair(source_a: str, table_a: str, source_b: str, table_b: str) -> str:
    """Which sources (between sources) or which tables of one source (within) disagree, in a
    fixed order: ``ipemed-2019 vs moroccan-clusters-2020``, ``ipemed-2019 (carte vs cards)``."""
    if source_a != source_b:
        return " vs ".join(sorted((source_a, source_b)))
    tables = sorted({table_family(table_a), table_family(table_b)})
    return f"{source_a} ({' vs '.join(tables)})"


def with_pairs(discrepancies: pd.DataFrame) -> pd.DataFrame:
    d = discrepancies.copy()
    d["pair"] = [
        pair(*row)
        for row in d[["source_a", "table_a", "source_b", "table_b"]].itertuples(index=False)
    ]
    return d


def checks(observations: pd.DataFrame, precedence: pd.DataFrame) -> pd.DataFrame:
    """Every comparison the resolve stage makes, one row each: ``cluster_id, field, kind, pair,
    agree``. Per cluster, year and compared field, the kept observation (the precedence's
    first) against each other one; and per table line giving a member total with its parts,
    whether the parts stay within the total."""
    obs = observations.astype({"reference_year": int, "line_start": int, "line_end": int})
    ordered = snapshots.choose(obs, precedence)
    skip = set(snapshots.PLACE_FIELDS) | snapshots.NOT_COMPARED
    # a place is compared as a whole: same city, or a region holding the city (snapshots.py)
    _, _, compared = snapshots.choose_places(snapshots.place_statements(ordered))
    rows = [
        {
            "cluster_id": a["cluster_id"],
            "field": "place",
            "kind": "within-source" if b["source_id"] == a["source_id"] else "between-sources",
            "pair": pair(a["source_id"], a["table_id"], b["source_id"], b["table_id"]),
            "agree": agree,
        }
        for a, b, agree in compared
    ]
    for (cluster_id, _year, field), group in ordered.groupby(
        ["cluster_id", "_year", "field"], sort=True
    ):
        if field in skip or len(group) < 2:
            continue
        kept = group.iloc[0]
        for other in group.iloc[1:].itertuples(index=False):
            rows.append(
                {
                    "cluster_id": cluster_id,
                    "field": field,
                    "kind": "within-source"
                    if other.source_id == kept["source_id"]
                    else "between-sources",
                    "pair": pair(
                        kept["source_id"], kept["table_id"], other.source_id, other.table_id
                    ),
                    "agree": snapshots.same_value(
                        field, (kept["value"], kept["qualifier"]), (other.value, other.qualifier)
                    ),
                }
            )
    parts = snapshots.MEMBER_PARTS
    counted = obs[obs["field"].isin(["members_total", *parts])]
    for (cluster_id, source_id, table_id, *_), group in counted.groupby(
        ["cluster_id", "source_id", "table_id", "line_start", "line_end", "reference_year"]
    ):
        total = group[group["field"] == "members_total"]
        given = group[group["field"].isin(parts) & (group["qualifier"] == "exact")]
        if total.empty or given.empty or (total["qualifier"] != "exact").any():
            continue
        rows.append(
            {
                "cluster_id": cluster_id,
                "field": "members_total",
                "kind": "parts-exceed-total",
                "pair": pair(source_id, table_id, source_id, table_id),
                # parts that may overlap (SMEs and start-ups) are not added: members model
                "agree": parts_floor(
                    dict(zip(given["field"], given["value"].astype(int), strict=True))
                )[0]
                <= int(total["value"].iloc[0]),
            }
        )
    return pd.DataFrame(rows, columns=["cluster_id", "field", "kind", "pair", "agree"])


def summary(discrepancies: pd.DataFrame, checked: pd.DataFrame) -> pd.DataFrame:
    """By field, kind and pair: ``discrepancies``, ``clusters`` (with one), ``checks`` and
    ``pct_disagree``; every (field, kind, pair) that was checked, disagreements or not."""
    keys = ["field", "kind", "pair"]
    d = with_pairs(discrepancies)
    found = d.groupby(keys).agg(
        discrepancies=("cluster_id", "size"), clusters=("cluster_id", "nunique")
    )
    made = checked.groupby(keys).size().rename("checks")
    out = pd.concat([found, made], axis=1).fillna(0).astype(int).reset_index()
    out["pct_disagree"] = (
        100 * out["discrepancies"] / out["checks"].where(out["checks"] > 0)
    ).round(0)
    out["_kind"] = out["kind"].map(KINDS.index)
    return (
        out.sort_values(["field", "_kind", "pair"], ignore_index=True)
        .drop(columns="_kind")
        .reindex(columns=[*keys, "discrepancies", "clusters", "checks", "pct_disagree"])
    )


def readable(discrepancies: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Every discrepancy as a reader sees it: cluster name, field, both values with source,
    table and lines; sorted by country, cluster, field."""
    reg = clusters.set_index("cluster_id")
    d = discrepancies
    out = pd.DataFrame(
        {
            "Country": d["cluster_id"].map(reg["country"]),
            "Cluster": d["cluster_id"].map(reg["name"]),
            "Year": d["reference_year"].replace("", "any"),
            "Field": d["field"],
            "Kind": d["kind"],
            "Value kept": d["value_a"],
            "Kept from": d["source_a"] + " " + d["table_a"] + " l. " + d["lines_a"].map(_lines),
            "Other value": d["value_b"],
            "Other source": d["source_b"] + " " + d["table_b"] + " l. " + d["lines_b"].map(_lines),
        }
    )
    return out.sort_values(
        ["Country", "Cluster", "Field", "Year", "Other source"], ignore_index=True
    )


def _lines(span: str) -> str:
    """``1303-1313`` stays, ``664-664`` becomes ``664``."""
    start, _, end = span.partition("-")
    return start if end in ("", start) else span
