"""The reconstructed 2014 snapshot: ``data/reference/snapshot_2014.csv``, checked and typed.

The 2014 study is not among the sources; what is known of 2014 comes from what later sources
say about it. Each row of the CSV is one fact about a cluster in 2014 with the quote that
supports it, and its basis:

- ``stated`` (rule ``names-2014-study``): the quoted sentence names the 2014 study and says the
  cluster was in it ("Cluster analysé dans l'étude de 2014"); the quote must name the study;
- ``inferred``: it follows from something else, by the rule named in ``rule`` (``RULES``): a
  founding year before 2014 says the cluster existed, not its status. A merger the text does
  not date is no basis (``NOT_A_BASIS``): the Océanopole and the MMC merged before 2019, maybe
  before 2014; what puts them in 2014 is their founding year (2010).

The 2014 study was carried out in the first half of 2014 (ipemed-2019:147): a cluster founded
in 2014 or later is not a 2014 cluster, and no inferred row may stand for one
(``check_founding``). A stable field (``data/reference/snapshot_2014_carried.csv``: the sector,
the territory) is carried back to the 2014 row from the same cluster's nearest later year, and
the row's ``carried`` column says which field came from which year (``carry_back``).

The quote is anchored by content: its lines are found in the source at build time
(``clusters_maghreb.anchors``), so an edit that shifts the text moves them with it, and a quote
no longer in the source stops the build naming this file, the row and the closest line.
``" [...] "`` joins pieces of a quote that are apart (a footnote call and its footnote).
Errors read ``<csv>:<line>: expected ..., found ...`` (line 1 is the header).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.anchors import AnchorError, Sources
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse
from clusters_maghreb.normalise.values import RECORD_COLUMNS

SNAPSHOT = PROJECT_ROOT / "data" / "reference" / "snapshot_2014.csv"
CARRIED = PROJECT_ROOT / "data" / "reference" / "snapshot_2014_carried.csv"
REGISTRY = PROJECT_ROOT / "data" / "reference" / "cluster_registry.csv"
RAW = PROJECT_ROOT / "data" / "raw"

COLUMNS = [
    "cluster_id",
    "field",
    "value",
    "source_id",
    "evidence",
    "confidence",
    "rule",
    "rationale",
]
# The IPEMED grid's statuses; 'exists' is for a cluster known to be there without a status.
VALUES = {"status": {"constituted", "emergent", "expected"}, "exists": {"true"}}
CONFIDENCE = {"stated", "inferred"}
# Each rule and the basis it gives.
RULES = {
    "names-2014-study": "stated",  # the sentence says the cluster was in the 2014 study
    "founded-before-2014": "inferred",  # a founding (or initiation) year before 2014
    "event-dated-2014": "inferred",  # an event of the cluster dated 2014 (month unknown)
    "product-in-2014-study": "inferred",  # the 2014 study told the story of its product
}
# Rules that give no 2014 value, and why (a row using one stops the build saying so).
NOT_A_BASIS = {
    "merged-later": "a merger the text does not date (ipemed-2019:410-413) says the cluster was "
    "one of its own before the merger, which may predate 2014: it says nothing of 2014",
}
# How a stated quote names the 2014 study: "l'étude de 2014", "Clusters au Maghreb, 2014".
STUDY_2014 = re.compile(r"étude de 2014|Clusters au Maghreb\*?, 2014")
REFERENCE_YEAR = 2014
TABLE_ID = "snapshot-2014"
OBSERVATION_COLUMNS = RECORD_COLUMNS


class SnapshotError(ValueError):
    """A row of snapshot_2014.csv is wrong; the message names the file and its line."""


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def load(
    path: str | Path = SNAPSHOT, registry: str | Path = REGISTRY, raw_dir: str | Path = RAW
) -> pd.DataFrame:
    """The checked table with ``line_start``/``line_end`` (integers) where each quote is now in
    its source; fails on the first bad row."""
    shown = _shown(path)
    table = read_csv(path)
    if list(table.columns) != COLUMNS:
        raise SnapshotError(f"{shown}:1: expected columns {COLUMNS}, found {list(table.columns)}")
    known = set(read_csv(registry)["cluster_id"])
    sources = Sources(raw_dir)
    seen: dict[tuple, int] = {}
    status: dict[str, tuple[str, int]] = {}
    spans = []
    for n, row in enumerate(table.itertuples(index=False), start=2):

        def fail(expected: str, found: str, n: int = n) -> SnapshotError:
            return SnapshotError(f"{shown}:{n}: expected {expected}, found {found}")

        if row.cluster_id not in known:
            raise fail(f"a cluster_id of {_shown(registry)}", repr(row.cluster_id))
        if row.field not in VALUES:
            raise fail(f"a field in {sorted(VALUES)}", repr(row.field))
        if row.value not in VALUES[row.field]:
            raise fail(f"a {row.field} value in {sorted(VALUES[row.field])}", repr(row.value))
        if row.confidence not in CONFIDENCE:
            raise fail(f"a confidence in {sorted(CONFIDENCE)}", repr(row.confidence))
        if row.rule in NOT_A_BASIS:
            raise fail(f"a rule in {sorted(RULES)}", f"{row.rule!r}: {NOT_A_BASIS[row.rule]}")
        if row.rule not in RULES:
            raise fail(f"a rule in {sorted(RULES)}", repr(row.rule))
        if RULES[row.rule] != row.confidence:
            raise fail(f"confidence {RULES[row.rule]!r} for rule {row.rule!r}", row.confidence)
        if row.confidence == "stated" and not STUDY_2014.search(collapse(row.evidence)):
            raise fail(
                "a stated row to quote a sentence naming the 2014 study ('étude de 2014', "
                "'Clusters au Maghreb, 2014'); otherwise it is inferred, with its rule",
                repr(row.evidence),
            )
        if not row.rationale.strip():
            raise fail("a rationale", "none")
        if not (Path(raw_dir) / f"{row.source_id}.txt").is_file():
            raise fail(f"a source_id of {_shown(Path(raw_dir))}", repr(row.source_id))
        try:
            span = sources[row.source_id].locate(
                row.evidence, where=f"{shown}:{n} ({row.cluster_id} {row.field})"
            )
        except AnchorError as e:
            raise SnapshotError(str(e)) from e
        key = (row.cluster_id, row.field, row.source_id, span.line_start, span.line_end)
        if key in seen:
            raise fail("one row per cluster, field and quote", f"a repeat of line {seen[key]}")
        seen[key] = n
        if row.field == "status":
            if row.cluster_id in status and status[row.cluster_id][0] != row.value:
                value, line = status[row.cluster_id]
                raise fail(f"one 2014 status per cluster ({value!r} at line {line})", row.value)
            status[row.cluster_id] = (row.value, n)
        spans.append((span.line_start, span.line_end))
    out = table.copy()
    out["line_start"] = [s for s, _ in spans]
    out["line_end"] = [e for _, e in spans]
    return out


def load_carried(path: str | Path = CARRIED) -> list[str]:
    """The fields carried back to 2014 (each row with its rationale)."""
    table = read_csv(path)
    for n, row in enumerate(table.itertuples(index=False), start=2):
        if not row.field or not row.rationale.strip():
            raise SnapshotError(f"{_shown(path)}:{n}: expected a field and a rationale")
    return list(table["field"])


def carry_back(snapshots: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """The 2014 rows with each empty stable field taken from the same cluster's nearest later
    year that gives it (same ``cluster_id``: the registry says it is the same cluster), and a
    ``carried`` column (after ``confidence``) naming them: ``sector_code:2019 territory:2019``.
    Other years' rows get an empty ``carried``."""
    missing = [f for f in fields if f not in snapshots.columns]
    if missing:
        raise SnapshotError(f"{_shown(CARRIED)}: expected fields of snapshots.csv, found {missing}")
    snap = snapshots.copy()
    years = snap["reference_year"].astype(int)
    carried = [""] * len(snap)
    later = snap[years > REFERENCE_YEAR].assign(_year=years[years > REFERENCE_YEAR])
    later = later.sort_values(["cluster_id", "_year"], kind="stable")
    for i in snap.index[years == REFERENCE_YEAR]:
        mine = later[later["cluster_id"] == snap.at[i, "cluster_id"]]
        notes = []
        for field in fields:
            if str(snap.at[i, field]) != "":
                continue
            given = mine[mine[field].astype(str) != ""]
            if len(given):
                snap.at[i, field] = given.iloc[0][field]
                notes.append(f"{field}:{given.iloc[0]['_year']}")
        carried[snap.index.get_loc(i)] = " ".join(notes)
    snap["carried"] = carried
    columns = list(snapshots.columns)
    at = columns.index("confidence") + 1 if "confidence" in columns else len(columns)
    return snap[[*columns[:at], "carried", *columns[at:]]]


def check_founding(table: pd.DataFrame, snapshots: pd.DataFrame, path=SNAPSHOT) -> None:
    """A cluster founded in 2014 or later was not there when the 2014 study was carried out
    (first half of 2014, ipemed-2019:147): only a stated row (the study itself listed it, as
    'attendu') may put it in 2014, never an inferred one."""
    founded = snapshots.drop_duplicates("cluster_id").set_index("cluster_id")["founded_year"]
    for n, row in enumerate(table.itertuples(index=False), start=2):
        year = str(founded.get(row.cluster_id, ""))
        if row.confidence == "inferred" and year.isdigit() and int(year) >= REFERENCE_YEAR:
            raise SnapshotError(
                f"{_shown(path)}:{n}: expected an inferred 2014 row for a cluster founded before "
                f"2014 (the 2014 study was carried out in its first half), found "
                f"{row.cluster_id} founded in {year}"
            )


def observations_2014(table: pd.DataFrame) -> pd.DataFrame:
    """One observation per row, as ``observations.csv`` holds them (without the id)."""
    obs = pd.DataFrame(
        {
            "source_id": table["source_id"],
            "table_id": TABLE_ID,
            "line_start": table["line_start"].astype(int),
            "line_end": table["line_end"].astype(int),
            "cluster_id": table["cluster_id"],
            "reference_year": 2014,
            "field": table["field"],
            "value": table["value"],
            "qualifier": "exact",
            "raw_value": table["evidence"],
        }
    )
    return obs[OBSERVATION_COLUMNS].reset_index(drop=True)


def confidence_by_cluster(table: pd.DataFrame) -> dict[str, str]:
    """``{cluster_id: 'stated' | 'inferred'}``: 'stated' when any stated row establishes the
    cluster's existence or status in 2014 (every field here does one or the other)."""
    stated = set(table.loc[table["confidence"] == "stated", "cluster_id"])
    return {c: "stated" if c in stated else "inferred" for c in sorted(set(table["cluster_id"]))}
