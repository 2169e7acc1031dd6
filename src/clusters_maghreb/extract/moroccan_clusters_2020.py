"""moroccan-clusters-2020: Table 2 (13 Moroccan clusters) and Table 3 (companies by cluster).

Table 1 ("The distribution of GDP by sectors") is not extracted: only its caption and source
line survived in the text, it has no cell to extract (and it is not about clusters).
"""

from __future__ import annotations

import re

from clusters_maghreb.extract.broken_table import (
    Column,
    Cursor,
    Fragment,
    read_rows,
    row_record,
    table_fragments,
    take_until,
)
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.records import make_table
from clusters_maghreb.extract.registry import Extracted

SOURCE_ID = "moroccan-clusters-2020"

# --- Table 2 -------------------------------------------------------------------------------

T2 = "Table 2"
T2_CAPTION = r"^Table 2\. Grouping different Moroccan clusters\s*$"
T2_HEADER = ["Cluster/ year of", "creation", "Sector Specialisation Members of clusters Region"]
T2_END = r"^Source: prepared by authors"
T2_ROWS = 13
T2_NOTE = (
    "13 rows: the count of SOURCES.md and of the table itself (one 'Cluster/ year of creation' "
    "cell ending with a year per row); the text announces no count for Table 2 (it speaks of "
    "15 cluster initiatives planned in 2009, 11 clusters labelled at the end of 2016, 20 "
    "targeted for 2020)."
)

# The Members column is the wide one: its wrapped lines run to 33-58 characters, while the
# other four columns never exceed 25 (two cells sharing a line, "Textile Textile technique").
WIDE = 30
YEAR_END = re.compile(r"\b(?:19|20)\d{2}$")
# Nothing in the text separates a Region cell from the next row's Cluster cell, so the Region
# cell ends on the word that ends every region of this table. No continuation rule would do:
# "Agadir region, / Souss Massa / Drâa region" is one cell.
REGION_END = re.compile(r"\b(?:Casablanca|Rabat|Marrakech|region)$")
# A Sector cell goes on to its second line after a connector or before a lowercase word
# ("Electronics and / Mechatronics", "Eco - / constructions", "Seafood / products").
CONNECTOR_END = re.compile(r"(?:-|\band)$")


def is_wide(text: str) -> bool:
    return len(text) >= WIDE


def narrow_run(cur: Cursor) -> list[Fragment]:
    """The narrow fragments from the cursor up to a wide one or a page break (not taken)."""
    run: list[Fragment] = []
    while (frag := cur.peek(len(run))) is not None and not is_wide(frag.text):
        if run and frag.page_start:
            break
        run.append(frag)
    return run


def read_cluster(cur: Cursor) -> list[Fragment]:
    return take_until(
        cur, YEAR_END.search, is_wide, "a 'Cluster/ year of creation' cell ending with a year", 8
    )


def read_sector(cur: Cursor) -> list[Fragment]:
    """Sector is one or two lines; Specialisation takes the rest of the narrow lines."""
    run = narrow_run(cur)
    what = "a Sector cell then a Specialisation cell"
    if len(run) == 1:
        # Both cells on one line ("Textile House textile"): Specialisation starts at the next
        # capitalised word.
        m = re.search(r"\s(?=[A-Z])", run[0].text)
        if not m:
            raise cur.error(f"{what} (a second capitalised word)")
        cur.split(m.end())
        return [cur.take()]
    if len(run) < 2:
        raise cur.error(what)
    cell = [cur.take()]
    second = run[1].text
    if len(run) > 2 and (CONNECTOR_END.search(cell[0].text) or second[:1].islower()):
        cell.append(cur.take())
    return cell


def read_specialisation(cur: Cursor) -> list[Fragment]:
    run = narrow_run(cur)
    if not run:
        raise cur.error("a Specialisation cell before the Members cell")
    for k, frag in enumerate(run):
        if YEAR_END.search(frag.text):
            # The next row's Cluster cell: this row has no Members cell.
            raise cur.error(f"a Members cell (a line of at least {WIDE} characters)", k)
    return [cur.take() for _ in run]


def read_members(cur: Cursor) -> list[Fragment]:
    """Wrapped prose: wide lines, the last one ending with a full stop (it may be short)."""
    if (frag := cur.peek()) is None or not is_wide(frag.text):
        raise cur.error(f"a Members cell (a line of at least {WIDE} characters)")
    cell = [cur.take()]
    while not cell[-1].text.endswith(".") and is_wide(cell[-1].text):
        frag = cur.peek()
        if frag is None or frag.page_start:
            break
        if not is_wide(frag.text) and not frag.text.endswith("."):
            break  # the page broke inside this cell; Region comes first
        cell.append(cur.take())
    return cell


def read_region(cur: Cursor) -> list[Fragment]:
    return take_until(
        cur,
        REGION_END.search,
        is_wide,
        "a Region cell ending with Casablanca, Rabat, Marrakech or 'region'",
        3,
    )


T2_COLUMNS = [
    Column("cluster_year", read_cluster, what="Cluster/ year of creation"),
    Column("sector", read_sector, what="Sector"),
    Column("specialisation", read_specialisation, what="Specialisation"),
    Column(
        "members",
        read_members,
        complete=lambda cell: cell[-1].text.endswith("."),
        what="Members of clusters",
    ),
    Column("region", read_region, what="Region"),
]


def extract_table_2(src: RawSource) -> Extracted:
    frags = table_fragments(src, T2_CAPTION, T2_HEADER, T2_END, what=T2)
    rows = read_rows(Cursor(src, frags, T2), T2_COLUMNS)
    if len(rows) != T2_ROWS:
        caption = src.find(T2_CAPTION, what=T2)
        raise src.error(caption, f"{T2_ROWS} rows in {T2}", f"{len(rows)}")
    records = [row_record(src, T2_COLUMNS, row) for row in rows]
    return Extracted(make_table(SOURCE_ID, "table-2", records), note=T2_NOTE)


# --- Table 3 -------------------------------------------------------------------------------

T3 = "Table 3"
T3_CAPTION = r"^Table 3\. Number of companies by cluster\.\s*$"
T3_CLUSTERS = [f"Cluster {i}" for i in range(1, 7)]
T3_HEADER = "Number of companies by cluster " + " ".join(T3_CLUSTERS)
T3_END = r"^Source: author based on A\. El Waatmani"
# Source row label -> output column; the table is turned round to one row per cluster.
T3_ROWS = {"SMEs": "smes", "Large companies": "large_companies", "Total companies": "total"}


def extract_table_3(src: RawSource) -> Extracted:
    frags = table_fragments(src, T3_CAPTION, [T3_HEADER], T3_END, what=T3)
    if len(frags) != len(T3_ROWS):
        raise src.error(frags[-1].line, f"{len(T3_ROWS)} rows in {T3}", f"{len(frags)}")
    counts: dict[str, list[str]] = {}
    for frag, label in zip(frags, T3_ROWS, strict=True):
        m = re.fullmatch(rf"{label}((?:\s+\d+){{{len(T3_CLUSTERS)}}})", frag.text)
        if not m:
            expected = f"a row {label!r} with {len(T3_CLUSTERS)} counts in {T3}"
            raise src.error(frag.line, expected, repr(frag.text))
        counts[T3_ROWS[label]] = m[1].split()
    start = src.find(re.escape(T3_HEADER), src.find(T3_CAPTION, what=T3), what=T3)
    end = frags[-1].line
    records = [
        {
            "line_start": start,
            "line_end": end,
            "cluster": cluster,
            **{col: values[i] for col, values in counts.items()},
            "raw_text": "\n".join(src.lines[start - 1 : end]),
        }
        for i, cluster in enumerate(T3_CLUSTERS)
    ]
    # "a study carried out on six Moroccan clusters" introduces the table.
    announced = 6 if src.find_all(r"\bsix Moroccan clusters\b") else None
    return Extracted(make_table(SOURCE_ID, "table-3", records), announced=announced)


TABLES = {"table-2": extract_table_2, "table-3": extract_table_3}
