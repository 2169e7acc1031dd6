"""Run every extractor of one source and write its tables and manifest rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb import table_registry
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.registry import extractors
from clusters_maghreb.io import write_csv

MANIFEST_COLUMNS = [
    "source_id",
    "table_id",
    "rows",
    "line_start",
    "line_end",
    "announced",
    "note",
]


def extract_source(
    raw_path: str | Path, source_id: str, tables_yaml: str | Path | None = None
) -> tuple[dict, pd.DataFrame]:
    """All tables of a source (table_id -> DataFrame) and its manifest rows; ``tables_yaml``
    is the table registry (data/reference/tables.yaml by default).

    Every extractor runs before anything is written, so a failure leaves no partial output.
    """
    registry = table_registry.load(tables_yaml)
    src = RawSource.read(raw_path, source_id)
    tables, manifest = {}, []
    for table_id, extract in extractors(source_id, registry).items():
        result = extract(src)
        df = result.table
        if result.announced is not None and result.announced != len(df):
            raise src.error(
                int(df["line_start"].min()),
                f"{result.announced} rows in {table_id}, as the source announces",
                f"{len(df)}",
            )
        tables[table_id] = df
        manifest.append(
            {
                "source_id": source_id,
                "table_id": table_id,
                "rows": len(df),
                "line_start": int(df["line_start"].min()),
                "line_end": int(df["line_end"].max()),
                "announced": "" if result.announced is None else result.announced,
                "note": result.note,
            }
        )
    if not tables:
        reason = registry.no_table.get(source_id)
        if reason is None:
            raise ValueError(
                f"{raw_path}: no extractor and no recorded reason for having none in "
                f"{registry.path} ('no_table' under 'sources')"
            )
        manifest.append(
            {
                "source_id": source_id,
                "table_id": "",
                "rows": 0,
                "line_start": 1,
                "line_end": len(src),
                "announced": "",
                "note": f"read; no table: {reason}",
            }
        )
    return tables, pd.DataFrame(manifest, columns=MANIFEST_COLUMNS)


def write_source(raw_path, source_id: str, out_dir, manifest_path, tables_yaml=None) -> None:
    tables, manifest = extract_source(raw_path, source_id, tables_yaml)
    for table_id, df in tables.items():
        write_csv(df, Path(out_dir) / f"{table_id}.csv")
    write_csv(manifest, manifest_path)
