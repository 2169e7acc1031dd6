"""Every extracted cell that names a cluster, as one *mention* row (docs/schema.md).

Which tables and columns name clusters is declared once, in the table registry
(data/reference/tables.yaml: ``mentions``, or ``no_mentions`` saying why a table names none;
``MENTION_SPECS`` and ``NO_MENTIONS`` here are the project's, read from it). A table declared
neither way stops the build, so a new extractor cannot be silently left out of entity
resolution.

``mention_id`` is ``<source_id>:<table_id>:<row>:<column>`` (row: 0-based row of the CSV). A
cell holding several names (``split``) gives one mention per name, ``<column>.<k>`` with ``k``
the 0-based position of the name in the cell.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from clusters_maghreb import table_registry
from clusters_maghreb.constants import MAGHREB
from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.ipemed_2019_mentions import Prose
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.io import read_csv
from clusters_maghreb.sources import load_sources
from clusters_maghreb.table_registry import CHAPTER, MentionSpec, TableRegistry

COLUMNS = [
    "mention_id",
    "source_id",
    "table_id",
    "line_start",
    "line_end",
    "country",
    "reference_year",
    "name",
    "location",
    "raw_text",
]

# Country cells as the sources write them.
COUNTRY_NAMES = {
    **{iso: iso for iso in MAGHREB},
    "Maroc": "MA",
    "Algérie": "DZ",
    "Tunisie": "TN",
    "Mauritanie": "MR",
    "Libye": "LY",
}
_TABLES = table_registry.load()
MENTION_SPECS: dict[tuple[str, str], MentionSpec] = _TABLES.mention_specs
NO_MENTIONS: dict[tuple[str, str], str] = _TABLES.no_mentions


def extracted_tables(extracted_dir: str | Path) -> dict[tuple[str, str], Path]:
    """(source_id, table_id) -> CSV path of every extracted table (manifests left out)."""
    return {
        (p.parent.name, p.stem): p
        for p in sorted(Path(extracted_dir).glob("*/*.csv"))
        if not p.name.startswith("manifest")
    }


def check_declared(tables, registry: TableRegistry | None = None) -> None:
    """Every extracted table is declared, and every declaration has its table (the registry's
    schema makes each declare either its mention columns or why it has none)."""
    registry = registry or _TABLES
    undeclared = set(tables) - set(registry.tables)
    missing = set(registry.tables) - set(tables)
    problems = [
        f"{tables[k]}: extracted table not declared in {registry.path}; add an entry with its "
        "cluster-name columns ('mentions'), or say why it names no cluster ('no_mentions')"
        for k in sorted(undeclared)
    ]
    problems += [
        f"{k[0]}/{k[1]}: declared in {registry.tables[k].where} but not extracted"
        for k in sorted(missing)
    ]
    if problems:
        raise ValueError("mention declarations out of date:\n" + "\n".join(problems))


def _countries(spec: MentionSpec, df: pd.DataFrame, raw_path: Path) -> pd.Series:
    if spec.country == CHAPTER:
        prose = Prose(RawSource.read(raw_path))
        lines = df.get("called_from_line", df["line_start"]).where(lambda s: s != "")
        lines = lines.fillna(df["line_start"]).astype(int)
        return lines.map(lambda n: prose.chapter(n)[2])
    if spec.country.startswith("column:"):
        return df[spec.country.removeprefix("column:")].map(lambda c: COUNTRY_NAMES.get(c, ""))
    return pd.Series(spec.country, index=df.index)


def _names(spec: MentionSpec, column: str, cell: str) -> list[tuple[str, str]]:
    """(mention column, name) for the names in one cell."""
    if spec.split:
        return [(f"{column}.{k}", n.strip()) for k, n in enumerate(cell.split(spec.split))]
    return [(column, cell)]


def table_mentions(df: pd.DataFrame, spec: MentionSpec, year: str, raw_path: Path) -> list:
    for col, allowed in spec.rows.items():
        df = df[df[col].isin(allowed)]
    countries = _countries(spec, df, raw_path)
    out = []
    for row, rec in df.iterrows():
        line = int(rec["line_start"])
        location = next((rec[c] for c in spec.location if rec[c]), "")
        for column in spec.columns:
            if not rec[column]:
                if column in spec.optional:
                    continue
                raise SourceLayoutError(raw_path, line, f"a cluster name in {column}", "''")
            country = countries[row]
            if country not in MAGHREB:
                raise SourceLayoutError(raw_path, line, "one Maghreb country", repr(country))
            for mention_col, name in _names(spec, column, rec[column]):
                if spec.pattern:
                    m = re.match(spec.pattern, name)
                    if not m:
                        raise SourceLayoutError(raw_path, line, f"/{spec.pattern}/", repr(name))
                    name = m["name"]
                out.append(
                    {
                        "mention_id": f"{rec['source_id']}:{rec['table_id']}:{row}:{mention_col}",
                        "source_id": rec["source_id"],
                        "table_id": rec["table_id"],
                        "line_start": rec["line_start"],
                        "line_end": rec["line_end"],
                        "country": country,
                        "reference_year": year,
                        "name": name,
                        "location": location,
                        "raw_text": rec["raw_text"],
                    }
                )
    return out


def build_mentions(
    extracted_dir: str | Path, sources_yaml: str | Path, tables_yaml: str | Path | None = None
) -> pd.DataFrame:
    """One row per cluster name in the extracted tables, in table then row order; which cells
    name clusters is in the table registry ``tables_yaml`` (the project's by default)."""
    registry = table_registry.load(tables_yaml)
    tables = extracted_tables(extracted_dir)
    check_declared(tables, registry)
    sources = {s["id"]: s for s in load_sources(sources_yaml)}
    rows = []
    for key, spec in registry.mention_specs.items():
        src = sources[key[0]]
        raw_path = Path(sources_yaml).parent / src["file"]
        rows += table_mentions(read_csv(tables[key]), spec, str(src["reference_year"]), raw_path)
    return pd.DataFrame(rows, columns=COLUMNS)
