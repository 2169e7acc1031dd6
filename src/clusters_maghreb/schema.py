"""The dataset's shared definitions, for every stage that reads it: the snapshot fields and the
members model (which fields a snapshot has, in order), and the field precedence (which
observation a snapshot keeps). The normalise stage builds the dataset with them, and the compare
and report stages read it with them, without importing the normalise stage's internals.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pandas as pd

from clusters_maghreb.io import read_csv


@dataclass(frozen=True)
class MemberType:
    field: str  # the observation field and snapshots.csv column
    en: str  # English label
    fr: str  # French label
    within: str  # the field of the type that contains it ('' for the total and jobs)


MEMBER_TYPES = [
    MemberType("members_total", "All members", "Tous les membres", ""),
    MemberType("members_enterprises", "Enterprises", "Entreprises", "members_total"),
    MemberType("members_smes", "SMEs", "PME", "members_enterprises"),
    MemberType("members_large", "Large firms", "Grandes entreprises", "members_enterprises"),
    MemberType("members_startups", "Start-ups", "Start-up", "members_enterprises"),
    MemberType(
        "members_research_training",
        "Research & training",
        "Recherche et formation",
        "members_total",
    ),
    MemberType("members_associations", "Associations", "Associations", "members_total"),
    MemberType("members_public_bodies", "Public bodies", "Organismes publics", "members_total"),
    MemberType("members_other", "Other members", "Autres membres", "members_total"),
    MemberType("jobs", "Jobs", "Emplois", ""),
]

# The fields of one stated place (observations.place_values), chosen and compared together.
# The first six are snapshots.csv columns; place_named (the towns a multi-town string names)
# and place_divisions only serve to compare places (places.consistent).
PLACE_FIELDS = [
    "place_level",
    "city",
    "region",
    "geonames_id",
    "lat",
    "lon",
    "place_named",
    "place_divisions",
]
FIELDS = [
    "status",
    "sector_code",
    "sector_detail",
    *PLACE_FIELDS[:6],  # the snapshots.csv columns of a place
    "territory",
    "partner_north",
    "partner_south",
    "founded_year",
    *(t.field for t in MEMBER_TYPES),  # members_total, its parts, jobs
    "governance",
    "financing",
    "labeled",
]
TIMELESS = {"founded_year"}
# Wording, not values: names differ by spelling and language (the aliases record them) and
# sector descriptions by phrasing (their IPEMED codes are compared instead).
NOT_COMPARED = {"name", "sector_detail"}  # one value for a cluster, whatever the year of the source


PRECEDENCE_COLUMNS = ["field", "rank", "source_id", "table_id", "qualifier", "rationale"]


def load_precedence(path: str | Path) -> pd.DataFrame:
    table = read_csv(path)
    if list(table.columns) != PRECEDENCE_COLUMNS:
        raise ValueError(
            f"{path}:1: expected the columns {PRECEDENCE_COLUMNS}, found {list(table.columns)}"
        )
    table["rank"] = table["rank"].astype(int)
    missing = table[table["rationale"] == ""]
    if len(missing):
        raise ValueError(f"{path}:{missing.index[0] + 2}: expected a rationale, found none")
    return table


def rank(
    precedence: pd.DataFrame, field: str, source_id: str, table_id: str, qualifier: str = ""
) -> tuple:
    """(qualified?, field-specific?, rank). A row whose ``qualifier`` is not '*' matches only
    the observations so qualified and ranks them after every observation no such row matches
    (a provisional location never beats a firm one); then a field's own rules come before the
    '*' rules."""
    return _first_match(_candidates(precedence, field, qualifier), source_id, table_id)


def _candidates(precedence: pd.DataFrame, field: str, qualifier: str) -> list[tuple]:
    """The precedence rows that may rank an observation of ``field`` so qualified, in the
    order ``rank`` tries them, each as (tier, 0 if field-specific else 1, row)."""
    out = []
    qualified = precedence[(precedence["qualifier"] != "*")]
    for tier, rows in ((1, qualified[qualified["qualifier"] == qualifier]), (0, precedence)):
        rows = rows[rows["qualifier"] == "*"] if tier == 0 else rows
        for specific in (True, False):
            chosen = rows[(rows["field"] == field) if specific else (rows["field"] == "*")]
            out += [
                (tier, 0 if specific else 1, row)
                for row in chosen.sort_values("rank").itertuples(index=False)
            ]
    return out


def _first_match(candidates: list[tuple], source_id: str, table_id: str) -> tuple:
    for tier, specific, row in candidates:
        if fnmatch(source_id, row.source_id) and fnmatch(table_id, row.table_id):
            return (tier, specific, row.rank)
    return (0, 2, 0)


def choose(obs: pd.DataFrame, precedence: pd.DataFrame) -> pd.DataFrame:
    """Observations in the order of precedence, best first within each (cluster, year, field)."""
    obs = obs.copy()
    if "qualifier" not in precedence:  # a table without qualified rows
        precedence = precedence.assign(qualifier="*")
    key_columns = ["field", "source_id", "table_id", "qualifier"]
    # the candidate rows depend on the field and qualifier only: found once for each pair
    candidates: dict[tuple[str, str], list[tuple]] = {}
    keys = {}
    for field, source_id, table_id, qualifier in (
        obs[key_columns].drop_duplicates().itertuples(index=False)
    ):
        if (field, qualifier) not in candidates:
            candidates[field, qualifier] = _candidates(precedence, field, qualifier)
        keys[field, source_id, table_id, qualifier] = _first_match(
            candidates[field, qualifier], source_id, table_id
        )
    obs["_rank"] = [keys[k] for k in obs[key_columns].itertuples(index=False)]
    obs["_year"] = obs["reference_year"].where(~obs["field"].isin(TIMELESS), 0)
    return obs.sort_values(
        ["cluster_id", "_year", "field", "_rank", "source_id", "table_id", "line_start"],
        kind="stable",
    )
