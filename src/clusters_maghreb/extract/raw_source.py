"""Read a raw source file as numbered lines, failing loudly on what is not a text source.

What an editor may change when it saves a source, and no reader should see, is undone here, so
that the dataset comes out the same: Windows line endings (CRLF) are read as LF, a UTF-8 byte
order mark (BOM) at the start is dropped, and non-breaking spaces (U+00A0, U+202F, as French
typography puts before "?" or inside "22 000") are read as plain spaces. A carriage return
alone (the line ending of old Mac files) would change the line numbers: the file is refused,
with the line and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clusters_maghreb.errors import SourceLayoutError

NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


@dataclass(frozen=True)
class RawSource:
    """The lines of ``data/raw/<source_id>.txt``; ``line(n)`` is 1-based like an editor."""

    source_id: str
    path: Path
    lines: tuple[str, ...]

    @classmethod
    def read(cls, path: str | Path, source_id: str | None = None) -> RawSource:
        path = Path(path)
        data = path.read_bytes()
        if not data.strip():
            raise SourceLayoutError(path, 1, "a non-empty UTF-8 text", "an empty file")
        try:
            text = data.decode("utf-8-sig")  # -sig: a BOM at the start is dropped
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise SourceLayoutError(
                path, line, "UTF-8 text", f"byte 0x{data[err.start]:02x} that is not UTF-8"
            ) from None
        # splitlines() would also split on \x0c, \x1c... which would shift line numbers.
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        lines = [ln.removesuffix("\r") for ln in lines]
        for n, line in enumerate(lines, 1):
            if "\r" in line:
                raise SourceLayoutError(
                    path,
                    n,
                    "lines ending in LF or CRLF",
                    "a carriage return alone (old Mac line endings); save the file with LF "
                    "(Unix) or CRLF (Windows) line endings and record its new sha256 in "
                    "data/raw/sources.yaml",
                )
        lines = [ln.translate(NO_BREAK_SPACES) for ln in lines]
        return cls(source_id or path.stem, path, tuple(lines))

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    def __len__(self) -> int:
        return len(self.lines)

    def numbered(self, start: int = 1, end: int | None = None) -> Iterator[tuple[int, str]]:
        """Yield ``(line_number, text)`` from ``start`` to ``end`` inclusive."""
        end = len(self.lines) if end is None else end
        for n in range(start, end + 1):
            yield n, self.lines[n - 1]

    def find(self, pattern: str, start: int = 1, end: int | None = None, *, what: str) -> int:
        """Line number of the first line matching ``pattern`` (a regex) from ``start``.

        Raises a ``SourceLayoutError`` naming ``what`` when there is none.
        """
        rx = re.compile(pattern)
        for n, text in self.numbered(start, end):
            if rx.search(text):
                return n
        raise SourceLayoutError(
            self.path, start, what, f"no line matching /{pattern}/ after line {start}"
        )

    def find_all(self, pattern: str, start: int = 1, end: int | None = None) -> list[int]:
        rx = re.compile(pattern)
        return [n for n, text in self.numbered(start, end) if rx.search(text)]

    def error(self, line: int | None, expected: str, found: str) -> SourceLayoutError:
        return SourceLayoutError(self.path, line, expected, found)
