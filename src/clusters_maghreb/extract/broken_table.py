"""Tables whose cells are broken over many lines and over page breaks.

PDF-to-text output of such a table keeps no x positions: each cell comes out as a run of short
lines ("fragments"), one cell after the other in column order, and the header block repeats at
each page break. A table is read here in two steps:

1. ``table_fragments`` finds the caption and the header, and turns the lines up to the end
   marker into fragments (non-blank lines, stripped), dropping the repeated page headers and
   marking the first fragment of each new page.
2. ``read_rows`` walks the fragments row by row, column by column: each ``Column`` says which
   fragments its cell takes (a rule on the cell's content, written by the caller) and whether
   the cell is complete; an incomplete cell must go on right after the next page break.

Nothing is skipped: a fragment that no column takes is a layout error, never a dropped value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.raw_source import RawSource


@dataclass(frozen=True)
class Fragment:
    """One non-blank line of a table (or part of one, see ``Cursor.split``)."""

    line: int
    text: str  # stripped of surrounding whitespace
    page_start: bool = False  # first fragment after a repeated page header


def table_fragments(
    src: RawSource, caption: str, header: list[str], end: str, *, what: str
) -> list[Fragment]:
    """The fragments of the table whose caption line matches the regex ``caption``.

    ``header`` is the exact text of the header's fragments, which must follow the caption; the
    table runs up to the first line matching the regex ``end``. Whitespace-only lines are blank.
    """
    captions = src.find_all(caption)
    if len(captions) != 1:
        where = captions[1] if captions else 1
        raise src.error(where, f"one caption line of {what} /{caption}/", f"{len(captions)}")
    stop = src.find(end, captions[0] + 1, what=f"the end of {what} /{end}/")
    frags = [
        Fragment(n, text.strip())
        for n, text in src.numbered(captions[0] + 1, stop - 1)
        if text.strip()
    ]
    for i, expected in enumerate(header):
        if i >= len(frags) or frags[i].text != expected:
            line, found = (frags[i].line, repr(frags[i].text)) if i < len(frags) else (stop, "none")
            raise src.error(line, f"header line {expected!r} of {what}", found)
    body: list[Fragment] = []
    i, k = len(header), len(header)
    while i < len(frags):
        if [f.text for f in frags[i : i + k]] == header:
            i += k  # a repeated header: the page broke here
            if i < len(frags):
                frags[i] = replace(frags[i], page_start=True)
            continue
        body.append(frags[i])
        i += 1
    if not body:
        raise src.error(stop, f"rows under the header of {what}", "none")
    return body


class Cursor:
    """Reading position in a table's fragments."""

    def __init__(self, src: RawSource, frags: list[Fragment], what: str):
        self.src, self.frags, self.what = src, list(frags), what
        self.pos = 0

    def peek(self, k: int = 0) -> Fragment | None:
        i = self.pos + k
        return self.frags[i] if 0 <= i < len(self.frags) else None

    def at_end(self) -> bool:
        return self.pos >= len(self.frags)

    def take(self) -> Fragment:
        frag = self.frags[self.pos]
        self.pos += 1
        return frag

    def split(self, at: int) -> None:
        """Cut the current fragment in two at character ``at``: two cells on one line."""
        frag = self.frags[self.pos]
        head, tail = frag.text[:at].strip(), frag.text[at:].strip()
        self.frags[self.pos : self.pos + 1] = [
            replace(frag, text=head),
            Fragment(frag.line, tail),
        ]

    def error(self, expected: str, k: int = 0) -> SourceLayoutError:
        frag = self.peek(k)
        if frag is None:
            last = self.frags[-1].line if self.frags else None
            return self.src.error(last, f"{expected} in {self.what}", "the end of the table")
        return self.src.error(frag.line, f"{expected} in {self.what}", repr(frag.text))


def take_until(
    cur: Cursor, last: Callable[[str], bool], stop: Callable[[str], bool], what: str, most: int
) -> list[Fragment]:
    """A cell that ends on the first fragment for which ``last`` holds.

    Fails if ``stop`` holds first (the fragment belongs to another column), if a page breaks
    first, or after ``most`` fragments.
    """
    first = cur.pos
    cell: list[Fragment] = []
    while len(cell) < most:
        frag = cur.peek()
        if frag is None or stop(frag.text) or (cell and frag.page_start):
            break
        cell.append(cur.take())
        if last(frag.text):
            return cell
    raise cur.error(what, first - cur.pos)


@dataclass(frozen=True)
class Column:
    """One column: ``read`` takes its cell's fragments from the cursor (or raises);
    ``complete`` says whether the cell is whole, else it goes on after the next page break."""

    name: str
    read: Callable[[Cursor], list[Fragment]]
    complete: Callable[[list[Fragment]], bool] = lambda cell: True
    what: str = ""


def read_rows(cur: Cursor, columns: list[Column]) -> list[dict[str, list[Fragment]]]:
    """Rows as ``{column name: fragments}`` until the fragments run out."""
    rows = []
    while not cur.at_end():
        row = {col.name: col.read(cur) for col in columns}
        for col in columns:
            if col.complete(row[col.name]):
                continue
            # A cell cut by the page break goes on at the top of the next page.
            frag = cur.peek()
            if frag is None or not frag.page_start:
                raise cur.error(f"the rest of the {col.what or col.name} cell after a page break")
            row[col.name] += col.read(cur)
            if not col.complete(row[col.name]):
                raise cur.error(f"the end of the {col.what or col.name} cell", -1)
        rows.append(row)
    return rows


# A hyphen glued to the end of a line ("sub-", "Tan-") is kept and the next fragment is glued
# to it: in these tables such hyphens are real ("sub-contracting", "Tan-Tan"), not soft ones.
GLUED_HYPHEN = re.compile(r"\w-$")


def join_cell(cell: list[Fragment]) -> str:
    """The cell's text: fragments joined with one space, except after a glued hyphen."""
    out = ""
    for frag in cell:
        if out and not GLUED_HYPHEN.search(out):
            out += " "
        out += frag.text
    return out


def row_record(src: RawSource, columns: list[Column], row: dict[str, list[Fragment]]) -> dict:
    """A ``make_table`` row: the line span of all its fragments, its cells, the span's text."""
    lines = [f.line for cell in row.values() for f in cell]
    start, end = min(lines), max(lines)
    return {
        "line_start": start,
        "line_end": end,
        **{col.name: join_cell(row[col.name]) for col in columns},
        "raw_text": "\n".join(src.lines[start - 1 : end]),
    }
