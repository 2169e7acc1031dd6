"""Clusters per country and reference year, by status; 2014 reconstructed, 2023 Morocco only.

A cluster is *listed* in a year when ``snapshots.csv`` has its row for that year. A row with no
status is kept as ``unknown`` (most reconstructed 2014 rows say only that the cluster existed);
``merged`` rows are listed but no longer active clusters. A year with no row at all for a
country is *not covered*: no source speaks of that country in that year, which is a sentence,
not a zero.
"""

from __future__ import annotations

import pandas as pd

from clusters_maghreb.constants import COUNTRY_NAMES, RECONSTRUCTED_YEAR, YEARS
from clusters_maghreb.figures import STATUS_ORDER
from clusters_maghreb.io import read_csv

UNKNOWN = "unknown"
MERGED = "merged"
# Statuses in the order of the tables and stacks: the grid's three, then what is not one.
STATUSES = [*STATUS_ORDER, UNKNOWN, MERGED]
STATUS_LABELS = {
    "constituted": "constituted",
    "emergent": "emergent",
    "expected": "expected",
    UNKNOWN: "status unknown",
    MERGED: "merged",
}
# One colour per status for the census and flow figures (blues for the grid, from dark =
# constituted to light = expected; grey for unknown; orange for merged).
STATUS_COLOURS = {
    "constituted": "#08519C",
    "emergent": "#4292C6",
    "expected": "#9ECAE1",
    UNKNOWN: "#BDBDBD",
    MERGED: "#E69F00",
}


def load_snapshots(path) -> pd.DataFrame:
    """``snapshots.csv`` as strings, with ``reference_year`` an int and an empty status
    replaced by ``unknown``."""
    df = read_csv(path)
    df["reference_year"] = df["reference_year"].astype(int)
    df["status"] = df["status"].replace("", UNKNOWN)
    return df


def covered_years(snapshots: pd.DataFrame, country: str) -> list[int]:
    """The reference years with at least one row for ``country``."""
    years = snapshots.loc[snapshots["country"] == country, "reference_year"]
    return sorted(int(y) for y in years.unique())


def n_clusters(n: int) -> str:
    """``1 cluster``, ``2 clusters``."""
    return f"{n} cluster" if n == 1 else f"{n} clusters"


def missing_sentence(country: str, year: int) -> str:
    return f"No source covers {COUNTRY_NAMES[country]} in {year}."


def census(snapshots: pd.DataFrame, country: str) -> pd.DataFrame:
    """One row per reference year of ``YEARS``: ``year``, ``covered``, one count per status of
    ``STATUSES``, ``listed`` (all rows), ``active`` (not merged), ``stated`` and ``inferred``
    (rows by confidence, for the reconstructed year) and ``sources`` (the source ids behind the
    year's rows, space-separated). Counts of a year not covered are 0 with ``covered`` False."""
    df = snapshots[snapshots["country"] == country]
    rows = []
    for year in YEARS:
        part = df[df["reference_year"] == year]
        counts = part["status"].value_counts()
        unexpected = set(counts.index) - set(STATUSES)
        if unexpected:
            raise ValueError(f"snapshots: unknown status {sorted(unexpected)} in {country} {year}")
        sources = sorted({s for cell in part["sources"] for s in cell.split()})
        rows.append(
            {
                "year": year,
                "covered": bool(len(part)),
                **{s: int(counts.get(s, 0)) for s in STATUSES},
                "listed": int(len(part)),
                "active": int((part["status"] != MERGED).sum()),
                "stated": int((part["confidence"] == "stated").sum()),
                "inferred": int((part["confidence"] == "inferred").sum()),
                "sources": " ".join(sources),
            }
        )
    return pd.DataFrame(rows)


def basis(row) -> str:
    """How a year's counts were obtained, for the table."""
    if not row["covered"]:
        return "no source"
    if row["year"] == RECONSTRUCTED_YEAR:
        return f"reconstructed ({row['stated']} stated, {row['inferred']} inferred)"
    return row["sources"]


def census_table(counts: pd.DataFrame) -> pd.DataFrame:
    """The census as the report shows it: covered years only, a column per status."""
    shown = counts[counts["covered"]]
    return pd.DataFrame(
        {
            "Year": shown["year"],
            **{STATUS_LABELS[s].capitalize(): shown[s] for s in STATUSES},
            "Listed": shown["listed"],
            "Active": shown["active"],
            "Basis": shown.apply(basis, axis=1),
        }
    ).reset_index(drop=True)


def census_facts(counts: pd.DataFrame, country: str) -> dict:
    """Numbers and sentences for the report's prose (``n_<year>_<status>``, ...)."""
    facts: dict = {"country_name": COUNTRY_NAMES[country]}
    for row in counts.to_dict("records"):
        year = row["year"]
        facts[f"covered_{year}"] = row["covered"]
        if not row["covered"]:
            facts[f"note_{year}"] = missing_sentence(country, year)
            continue
        facts[f"n_{year}"] = row["listed"]
        facts[f"n_{year}_active"] = row["active"]
        for status in STATUSES:
            facts[f"n_{year}_{status}"] = row[status]
        facts[f"sources_{year}"] = row["sources"]
        if year == RECONSTRUCTED_YEAR:
            facts[f"n_{year}_stated"] = row["stated"]
            facts[f"n_{year}_inferred"] = row["inferred"]
            facts[f"note_{year}"] = (
                f"The {year} census of {COUNTRY_NAMES[country]} is reconstructed from later "
                f"sources: {n_clusters(row['listed'])} ({row['stated']} stated, "
                f"{row['inferred']} inferred), of which {row[UNKNOWN]} without a known status. "
                "It is a lower bound: a cluster no later source places in "
                f"{year} is not counted."
            )
    return facts
