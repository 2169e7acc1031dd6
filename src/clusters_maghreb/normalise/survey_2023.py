"""The 2023 survey's matrices (errajaoui-nokairi-2023): intervention levers and ecosystems."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise import values

SOURCE = "errajaoui-nokairi-2023"
PROVENANCE = ["source_id", "table_id", "line_start", "line_end"]
LEVER_COLUMNS = ["cluster_id", "lever", "present", "mark", *PROVENANCE]


def build_levers(extracted_dir: str | Path, mentions: pd.DataFrame) -> pd.DataFrame:
    """Table 3 in long form: one row per cluster and lever; ``present`` empty where '-'."""
    table = read_csv(Path(extracted_dir) / SOURCE / "table-3.csv")
    levers = [c for c in table.columns if c not in (*PROVENANCE, "cluster", "raw_text")]
    hit = mentions[(mentions["source_id"] == SOURCE) & (mentions["table_id"] == "table-3")]
    cluster_of = {
        int(m.split(":")[2]): c for m, c in zip(hit["mention_id"], hit["cluster_id"], strict=True)
    }
    rows = []
    for i, r in enumerate(table.itertuples(index=False)):
        where = (f"data/raw/{SOURCE}.txt", int(r.line_start))
        for lever in levers:
            mark = getattr(r, lever)
            parsed = values.parse("flag", mark, where)
            present = "" if parsed.value is None else str(parsed.value).lower()
            rows.append(
                {
                    "cluster_id": cluster_of[i],
                    "lever": lever,
                    "present": present,
                    "mark": mark,
                    **{k: getattr(r, k) for k in PROVENANCE},
                }
            )
    return pd.DataFrame(rows, columns=LEVER_COLUMNS)


ECOSYSTEM_COLUMNS = ["ecosystem_type", "origin", "count", "counted", "raw_total", *PROVENANCE]


def build_ecosystems(extracted_dir: str | Path) -> pd.DataFrame:
    """Table 1: one row per ecosystem type and counted item ('149 industrial zones')."""
    table = read_csv(Path(extracted_dir) / SOURCE / "table-1.csv")
    rows = []
    for r in table.itertuples(index=False):
        where = (f"data/raw/{SOURCE}.txt", int(r.line_start))
        for item in values.parse("counted_items", r.total_number, where):
            rows.append(
                {
                    "ecosystem_type": r.ecosystem_type,
                    "origin": r.origin,
                    "count": item.value,
                    "counted": item.note,
                    "raw_total": r.total_number,
                    **{k: getattr(r, k) for k in PROVENANCE},
                }
            )
    return pd.DataFrame(rows, columns=ECOSYSTEM_COLUMNS)
