"""The reconstructed 2014 snapshot: ``data/reference/snapshot_2014.csv``, checked and typed.

The 2014 study is not among the sources; what is known of 2014 comes from what later sources
say about it. Each row of the CSV is one fact about a cluster in 2014 with the quote that
supports it: ``stated`` when a later source says what 2014 was, ``inferred`` when it follows
from something else (a creation year before 2014 says the cluster existed, not its status).

An ``evidence`` quote is the source's text, whitespace collapsed; ``" [...] "`` joins pieces
of it that are apart (a footnote call and its footnote), found in that order within
``line_start``-``line_end``, and the span must be tight: both its first and last lines are
needed. Errors read ``<csv>:<line>: expected ..., found ...`` (line 1 is the header).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse

SNAPSHOT = PROJECT_ROOT / "data" / "reference" / "snapshot_2014.csv"
REGISTRY = PROJECT_ROOT / "data" / "reference" / "cluster_registry.csv"
RAW = PROJECT_ROOT / "data" / "raw"

COLUMNS = [
    "cluster_id",
    "field",
    "value",
    "source_id",
    "line_start",
    "line_end",
    "evidence",
    "confidence",
    "rationale",
]
# The IPEMED grid's statuses; 'exists' is for a cluster known to be there without a status.
VALUES = {"status": {"constituted", "emergent", "expected"}, "exists": {"true"}}
CONFIDENCE = {"stated", "inferred"}
GAP = " [...] "
TABLE_ID = "snapshot-2014"
OBSERVATION_COLUMNS = [
    "source_id",
    "table_id",
    "line_start",
    "line_end",
    "cluster_id",
    "reference_year",
    "field",
    "value",
    "qualifier",
    "raw_value",
]


class SnapshotError(ValueError):
    """A row of snapshot_2014.csv is wrong; the message names the file and its line."""


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def quote_found(lines: tuple[str, ...], start: int, end: int, evidence: str) -> bool:
    """Whether every piece of ``evidence`` occurs, in order, in lines ``start``-``end``."""
    text = collapse("\n".join(lines[start - 1 : end]))
    pos = 0
    for piece in evidence.split(GAP):
        i = text.find(piece, pos)
        if i < 0:
            return False
        pos = i + len(piece)
    return True


def load(
    path: str | Path = SNAPSHOT, registry: str | Path = REGISTRY, raw_dir: str | Path = RAW
) -> pd.DataFrame:
    """The checked table, ``line_start``/``line_end`` as integers; fails on the first bad row."""
    shown = _shown(path)
    table = read_csv(path)
    if list(table.columns) != COLUMNS:
        raise SnapshotError(f"{shown}:1: expected columns {COLUMNS}, found {list(table.columns)}")
    known = set(read_csv(registry)["cluster_id"])
    sources: dict[str, RawSource] = {}
    seen: dict[tuple, int] = {}
    status: dict[str, tuple[str, int]] = {}
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
        if not row.rationale.strip():
            raise fail("a rationale", "none")
        if row.source_id not in sources:
            raw = Path(raw_dir) / f"{row.source_id}.txt"
            if not raw.is_file():
                raise fail(f"a source_id with a file {_shown(raw)}", repr(row.source_id))
            sources[row.source_id] = RawSource.read(raw)
        lines = sources[row.source_id].lines
        if not (row.line_start.isdigit() and row.line_end.isdigit()):
            raise fail("integer line_start and line_end", f"{row.line_start!r}, {row.line_end!r}")
        start, end = int(row.line_start), int(row.line_end)
        if not 1 <= start <= end <= len(lines):
            raise fail(f"1 <= line_start <= line_end <= {len(lines)}", f"{start}-{end}")
        evidence = collapse(row.evidence)
        where = f"{_shown(Path(raw_dir) / row.source_id)}.txt:{start}-{end}"
        if not evidence or not quote_found(lines, start, end, evidence):
            raise fail(f"the evidence quoted from {where}", repr(row.evidence))
        # A tight span: the line numbers then say where the quote is, not just around it.
        if start < end and (
            quote_found(lines, start + 1, end, evidence)
            or quote_found(lines, start, end - 1, evidence)
        ):
            raise fail(f"a tight span (the quote needs both ends of {where})", "a looser one")
        key = (row.cluster_id, row.field, row.source_id, start, end)
        if key in seen:
            raise fail("one row per cluster, field and quote", f"a repeat of line {seen[key]}")
        seen[key] = n
        if row.field == "status":
            if row.cluster_id in status and status[row.cluster_id][0] != row.value:
                value, line = status[row.cluster_id]
                raise fail(f"one 2014 status per cluster ({value!r} at line {line})", row.value)
            status[row.cluster_id] = (row.value, n)
    return table.astype({"line_start": int, "line_end": int})


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
