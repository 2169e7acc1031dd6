"""Result tables as CSV and as the Markdown pipe table the report includes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb.io import write_atomic, write_csv


def to_markdown(df: pd.DataFrame) -> str:
    """A pipe table; numbers right-aligned, text left-aligned, pipes in cells escaped."""

    def cell(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""  # a missing value is an empty cell, not '<NA>' or 'nan'
        return str(value).replace("|", r"\|").replace("\n", " ")

    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    header = "| " + " | ".join(cell(c) for c in df.columns) + " |"
    # Pandoc sizes the columns of a wide pipe table by the dashes of this rule: make them
    # follow the longest cell, within bounds, so that long names get the room.
    widths = [min(30, max(4, len(cell(c)), *(len(cell(v)) for v in df[c]))) for c in df.columns]
    rule = (
        "|"
        + "|".join(
            "-" * (w - 1) + ":" if n else ":" + "-" * (w - 1)
            for w, n in zip(widths, numeric, strict=True)
        )
        + "|"
    )
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *body]) + "\n"


def write(df: pd.DataFrame, stem: str | Path) -> None:
    """Write ``<stem>.csv`` and ``<stem>.md``."""
    stem = Path(stem)
    write_csv(df, stem.with_suffix(".csv"))
    write_atomic(stem.with_suffix(".md"), to_markdown(df))
