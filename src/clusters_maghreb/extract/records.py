"""The common shape of every extracted table: provenance columns first, then raw strings."""

from __future__ import annotations

import pandas as pd

PROVENANCE = ["source_id", "table_id", "line_start", "line_end"]
RAW_TEXT = "raw_text"


def make_table(source_id: str, table_id: str, rows: list[dict]) -> pd.DataFrame:
    """Build an extracted table from row dicts.

    Each row dict holds ``line_start``, ``line_end``, ``raw_text`` and the table's own columns
    (raw strings, unparsed, in source order). Column order follows the first row.
    """
    if not rows:
        raise ValueError(f"{source_id}/{table_id}: no rows")
    own = [c for c in rows[0] if c not in PROVENANCE and c != RAW_TEXT]
    df = pd.DataFrame(rows)
    df.insert(0, "source_id", source_id)
    df.insert(1, "table_id", table_id)
    df = df[[*PROVENANCE, *own, RAW_TEXT]]
    df[["line_start", "line_end"]] = df[["line_start", "line_end"]].astype("int64")
    return df
