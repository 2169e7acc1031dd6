"""Markdown pipe tables found under a caption line, with their HTML cell markup resolved."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from clusters_maghreb.extract.raw_source import RawSource

SEPARATOR_RX = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
BR_RX = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
TAG_RX = re.compile(r"<[^>]+>")
CELL_SPLIT_RX = re.compile(r"(?<!\\)\|")  # a pipe not escaped as \|


@dataclass(frozen=True)
class PipeRow:
    """One body row: its line, its cells as text, and its cells exactly as written."""

    line: int
    cells: list[str]
    raw_cells: list[str]


def join_br(left: str, right: str) -> str:
    """The separator that replaces a ``<br/>`` between ``left`` and ``right``.

    A ``<br/>`` is where the PDF wrapped a narrow column, so it stands for a space, except:
    - after a hyphen ("2009-<br>1015"): the break follows the hyphen of a range or compound;
    - between two lowercase letters ("Maintenan<br/>ce 4.0"): the wrap cut a word in two.
    In these sources a wrap between two words always falls before a capitalised word or a
    digit ("CISE<br/>Maroc", "Green H2<br/>Maroc"), which keeps the second rule unambiguous.
    """
    a, b = left[-1:], right[:1]
    if a == "-" or (a.islower() and b.islower()):
        return ""
    return " "


def cell_text(raw: str) -> str:
    """The text of a raw cell: ``<br/>`` joined by ``join_br``, tags dropped, entities decoded.

    List items (``<li>▪ a</li><li>▪ b</li>``) keep their ▪ bullets, so "▪ a ▪ b" still shows
    where each item starts.
    """
    parts = BR_RX.split(raw)
    text = parts[0]
    for part in parts[1:]:
        text += join_br(TAG_RX.sub("", text).rstrip(), TAG_RX.sub("", part).lstrip()) + part
    text = TAG_RX.sub(" ", text)
    return " ".join(html.unescape(text).split())


def split_cells(line: str) -> list[str] | None:
    """Raw cells of a ``| a | b |`` line, or None if the line is not a pipe row."""
    s = line.strip()
    if len(s) < 2 or not (s.startswith("|") and s.endswith("|")):
        return None
    return CELL_SPLIT_RX.split(s[1:-1])


def _block(src: RawSource, start: int, width: int, what: str) -> tuple[list[PipeRow], int]:
    """Body rows from ``start`` until the first line that is not a pipe row; and that line."""
    rows: list[PipeRow] = []
    n = start
    while n <= len(src) and (raw := split_cells(src.line(n))) is not None:
        if SEPARATOR_RX.match(src.line(n).strip()):
            # A rule line may close a block (the PDF drew the table's bottom border), but a
            # rule between two rows would mean the layout is not what we read it as.
            if n + 1 <= len(src) and split_cells(src.line(n + 1)) is not None:
                raise src.error(n, f"a body row of {what}", f"a rule line {src.line(n)!r}")
            n += 1
            break
        if len(raw) != width:
            raise src.error(
                n, f"{width} cells in a row of {what}", f"{len(raw)} in {src.line(n)!r}"
            )
        rows.append(PipeRow(n, [cell_text(c) for c in raw], raw))
        n += 1
    return rows, n


def _skip_blank(src: RawSource, n: int) -> int:
    while n <= len(src) and not src.line(n).strip():
        n += 1
    return n


def read_pipe_table(src: RawSource, caption: str, header: list[str]) -> list[PipeRow]:
    """Rows of the pipe table under the single line matching the regex ``caption``.

    The header row (cell texts exactly ``header``) and its separator must follow the caption
    after blank lines only. A table broken by a page keeps going in a next block that comes
    after blank lines only and has a header row of empty cells of the same width.
    """
    what = f"the table under /{caption}/"
    found = src.find_all(caption)
    if len(found) != 1:
        if not found:
            raise src.error(1, f"one caption line matching /{caption}/", "none in the file")
        raise src.error(found[1], f"one caption line matching /{caption}/", f"{len(found)}")
    width = len(header)
    n = _skip_blank(src, found[0] + 1)
    raw = split_cells(src.line(n)) if n <= len(src) else None
    got = [cell_text(c) for c in raw] if raw is not None else None
    if got != header:
        found_text = f"cells {got}" if raw is not None else "end of file"
        if raw is None and n <= len(src):
            found_text = repr(src.line(n))
        raise src.error(n, f"the header cells {header} of {what}", found_text)
    rows: list[PipeRow] = []
    while True:
        sep = src.line(n + 1) if n + 1 <= len(src) else ""
        if not SEPARATOR_RX.match(sep.strip()) or len(split_cells(sep) or []) != width:
            raise src.error(n + 1, f"a separator row of {width} cells under the header", repr(sep))
        block, n = _block(src, n + 2, width, what)
        if not block:
            raise src.error(
                n, f"body rows in {what}", repr(src.line(n)) if n <= len(src) else "EOF"
            )
        rows += block
        # A continuation block: blank lines, then a header row of `width` empty cells.
        nxt = _skip_blank(src, n)
        cont = split_cells(src.line(nxt)) if nxt <= len(src) else None
        if cont is None:
            return rows
        # Any other pipe row right after the table leaves it unclear where the table ends:
        # stop rather than return a table that may be missing its last rows.
        if len(cont) != width or any(c.strip() for c in cont):
            raise src.error(
                nxt,
                f"the end of {what}, or a continuation with a header of {width} empty cells",
                repr(src.line(nxt)),
            )
        n = nxt
