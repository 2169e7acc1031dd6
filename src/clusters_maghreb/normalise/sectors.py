"""Free-text sectors of every source mapped to the IPEMED legend codes 1-7.

The mapping is human judgement and lives in ``data/reference/sector_crosswalk.csv`` (one row
per text as written, with its rationale). This module declares which extracted columns hold
sectors, checks the crosswalk and looks texts up; a text it does not hold stops the build with
the row to add. The Carte des clusters tables carry codes already and are not crosswalked.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from clusters_maghreb import PROJECT_ROOT, table_registry
from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse, name_key
from clusters_maghreb.sources import load_sources
from clusters_maghreb.table_registry import TableRegistry

CROSSWALK = PROJECT_ROOT / "data" / "reference" / "sector_crosswalk.csv"
LEGEND = PROJECT_ROOT / "data" / "interim" / "extracted" / "ipemed-2019" / "carte-legend.csv"
SOURCES = PROJECT_ROOT / "data" / "raw" / "sources.yaml"
COLUMNS = ["source_id", "sector_text", "sector_code", "rationale"]

# The extracted columns that hold a free-text sector, and why every other table has none, by
# (source_id, table_id): declared in the table registry (data/reference/tables.yaml, 'sector'
# or 'no_sector'). Where the table's rows name clusters, its 'fields' must read the column as
# sector_detail and sector_code, or the build stops (observations.check_sectors_read).
SECTOR_COLUMNS: dict[tuple[str, str], str] = table_registry.load().sector_columns
NO_SECTOR: dict[tuple[str, str], str] = table_registry.load().no_sector


class CrosswalkError(ValueError):
    """The crosswalk file is malformed; the message names ``file:line`` of every bad row."""


class UnmappedSectorError(LookupError):
    """A sector text has no crosswalk row; the message gives the row to add."""


@dataclass(frozen=True)
class Crosswalk:
    path: Path
    codes: dict[tuple[str, str], int]  # (source_id or '', sector_text) -> code

    def code(self, source_id: str, text: str, where: str) -> int | None:
        """The code of ``text`` as written in ``source_id``; a row for that source wins over
        a row for any source. ``where`` (``file:line`` of the value) goes into the error.
        An empty text is no sector given, not an unmapped one: None."""
        text = collapse(text)
        if not text:
            return None
        for key in ((source_id, text), ("", text)):
            if key in self.codes:
                return self.codes[key]
        raise UnmappedSectorError(self._unmapped(source_id, text, where))

    def _unmapped(self, source_id: str, text: str, where: str) -> str:
        usable = [k for k in self.codes if k[0] in ("", source_id)]
        keys = {name_key(t): (s, t) for s, t in usable}
        close = difflib.get_close_matches(name_key(text), list(keys), n=3, cutoff=0.5)
        nearest = "; ".join(
            f"{keys[k][1]!r} -> {self.codes[keys[k]]} ({keys[k][0] or 'any source'})" for k in close
        )
        row = _csv_row([source_id, text, "<code 1-7>", "<rationale: the Carte's code or why>"])
        return (
            f"{where}: sector {text!r} of {source_id} is not in {self.path}; "
            f"closest entries: {nearest or 'none'}; add this row (leave source_id empty if "
            f"the text means the same in every source):\n{row}"
        )


def _csv_row(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)  # quoted as the file must hold it
    return buf.getvalue()


def _shown(path: str | Path) -> Path:
    """The path relative to the project when inside it: shorter messages, same file."""
    path = Path(path).resolve()
    return path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path


def load_crosswalk(path: str | Path = CROSSWALK, sources: str | Path = SOURCES) -> Crosswalk:
    """Read and check the crosswalk; every problem is reported at once, with file and line."""
    path = _shown(path)
    known = {s["id"] for s in load_sources(sources)}
    codes: dict[tuple[str, str], int] = {}
    first_line: dict[tuple[str, str], int] = {}
    problems = []
    with open(PROJECT_ROOT / path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise CrosswalkError(f"{path}:1: expected columns {COLUMNS}, found {reader.fieldnames}")
        for row in reader:
            line = reader.line_num  # the physical line, right even for quoted cells
            bad = _row_problems(row, known)
            key = (row["source_id"], row["sector_text"])
            if key in first_line:
                bad.append(f"duplicate of line {first_line[key]} for {key}")
            first_line.setdefault(key, line)
            if bad:
                problems += [f"{path}:{line}: {b}" for b in bad]
            else:
                codes[key] = int(row["sector_code"])
    if problems:
        raise CrosswalkError("malformed sector crosswalk:\n" + "\n".join(problems))
    return Crosswalk(path, codes)


def _row_problems(row: dict, known: set[str]) -> list[str]:
    if None in row or None in row.values():
        return [f"expected {len(COLUMNS)} cells, found another number"]
    bad = []
    if row["source_id"] and row["source_id"] not in known:
        bad.append(f"source_id {row['source_id']!r} is not in data/raw/sources.yaml")
    if not row["sector_text"] or row["sector_text"] != collapse(row["sector_text"]):
        bad.append(f"sector_text {row['sector_text']!r} is empty or not whitespace-collapsed")
    if not re.fullmatch(r"[1-7]", row["sector_code"]):
        bad.append(f"sector_code {row['sector_code']!r} is not an integer 1-7")
    if not row["rationale"].strip():
        bad.append("empty rationale")
    return bad


@cache
def _default() -> Crosswalk:
    return load_crosswalk()


def sector_code(
    source_id: str, text: str, where: str, crosswalk: Crosswalk | None = None
) -> int | None:
    """The IPEMED code of a sector as written in a source (see ``Crosswalk.code``)."""
    return (crosswalk or _default()).code(source_id, text, where)


def sector_values(
    source_id: str, tables: dict[str, pd.DataFrame], registry: TableRegistry | None = None
) -> pd.DataFrame:
    """Every non-empty sector value of one source's extracted tables, with where it is."""
    registry = registry or table_registry.load()
    rows = []
    for table_id, df in tables.items():
        key = (source_id, table_id)
        if key not in registry.tables:
            raise KeyError(
                f"{key}: declare it, with its 'sector' or 'no_sector', in {registry.path}"
            )
        if (column := registry.tables[key].sector) is None:
            continue
        for r in df.itertuples(index=False):
            if text := collapse(getattr(r, column)):
                rows.append((source_id, table_id, column, r.line_start, r.line_end, text))
    columns = ["source_id", "table_id", "column", "line_start", "line_end", "sector_text"]
    return pd.DataFrame(rows, columns=columns)


def sector_labels(legend: str | Path | None = None) -> dict[int, str]:
    """Code -> label, from the extracted legend of the Carte (``LEGEND`` by default); the
    three countries' legends must agree, so a misread one cannot slip in."""
    legend = LEGEND if legend is None else legend
    df = read_csv(legend)
    df = df[df["kind"] == "sector"]
    labels: dict[int, str] = {}
    for r in df.itertuples(index=False):
        if not re.fullmatch(r"[1-9]", r.key):
            raise SourceLayoutError(
                f"data/raw/{r.source_id}.txt", int(r.line_start), "a sector code", repr(r.key)
            )
        code = int(r.key)
        if code in labels and labels[code] != r.meaning:
            raise SourceLayoutError(
                f"data/raw/{r.source_id}.txt",
                int(r.line_start),
                f"the label {labels[code]!r} for sector {code}, as in the other legends",
                repr(r.meaning),
            )
        labels.setdefault(code, r.meaning)
    if sorted(labels) != list(range(1, 8)):
        raise SourceLayoutError(legend, None, "sector codes 1-7 in the legend", str(sorted(labels)))
    return dict(sorted(labels.items()))


def __getattr__(name: str):
    # SECTOR_LABELS is read on first use, so importing the module needs no prior build.
    if name == "SECTOR_LABELS":
        return sector_labels()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
