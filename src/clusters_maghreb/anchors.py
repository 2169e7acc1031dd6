"""Evidence anchored by content: find a quoted passage in a source and give its current lines.

Reference tables (claims, the 2014 snapshot, events, the report's passages) point into the
sources with a quote, not a line number, so that an edit which shifts the text (a paragraph
inserted above) moves the evidence with it. ``locate`` finds the quote wherever it now is; a
quote that is no longer in the source stops the build naming the reference file, the entry and
the closest line of the source, so that the analyst sees what to fix.

A quote is compared with whitespace collapsed (line breaks, runs of spaces, non-breaking
spaces all count as one space). Pieces joined by `` [...] `` must occur in that order, with
anything between them (a page header, a footnote call).

A quote may also name the figures it holds, as ``{name}`` placeholders ("les {n} clusters
sous contrat"): ``find`` then reads each figure from the source's text, so that a number
corrected in the source flows to the report instead of breaking the anchor.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

GAP = " [...] "
_SPACE = re.compile(r"[\s\u00a0\u202f\ufeff]+")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# A figure as the sources write it: 84, 1 200, 12.000, 2,5, 3.5; never part of a longer number.
NUMBER = r"(?<!\d)(?:\d{1,3}(?:[ \u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?!\d)"


def pattern(quote: str) -> re.Pattern:
    """A quote with ``{name}`` placeholders as a regex over the collapsed text: the pieces
    between placeholders literal, `` [...] `` as anything (shortest), each placeholder a
    number captured under its name."""
    parts = []
    for i, piece in enumerate(collapse(quote).split(GAP.strip())):
        if i:
            parts.append(".*?")
        at = 0
        for m in PLACEHOLDER.finditer(piece):
            parts += [re.escape(piece[at : m.start()]), f"(?P<{m.group(1)}>{NUMBER})"]
            at = m.end()
        parts.append(re.escape(piece[at:]))
    return re.compile("".join(parts).replace(r"\ ", " ").strip())


def collapse(text: str) -> str:
    return _SPACE.sub(" ", str(text)).strip()


class AnchorError(ValueError):
    """A quote of a reference table is not (or not once) in its source."""


@dataclass(frozen=True)
class Span:
    line_start: int
    line_end: int

    @property
    def lines(self) -> str:
        """'12' or '12-14', as the report cites a span."""
        if self.line_start == self.line_end:
            return str(self.line_start)
        return f"{self.line_start}-{self.line_end}"


class AnchoredText:
    """A source's lines as one whitespace-collapsed text, with the line of every character."""

    def __init__(self, lines: Sequence[str], path: str | Path):
        self.path = str(path)
        self.lines = list(lines)
        parts, starts, offset = [], [], 0
        for line in self.lines:
            text = collapse(line)
            starts.append(offset)
            if text:  # a blank line adds nothing: the text around it is joined by one space
                parts.append(text)
                offset += len(text) + 1  # the space that joins it to the next line
        self.text = " ".join(parts)
        self._starts = starts

    @classmethod
    def read(cls, path: str | Path) -> AnchoredText:
        from clusters_maghreb.extract.raw_source import RawSource

        return cls(RawSource.read(path).lines, path)

    def line_of(self, offset: int) -> int:
        """1-based line holding the character at ``offset`` of ``text``."""
        return bisect.bisect_right(self._starts, offset)

    def spans(self, quote: str) -> list[Span]:
        """Every tight span holding the quote's pieces in order."""
        return [span for span, _ in self.matches(quote)]

    def matches(self, quote: str) -> list[tuple[Span, dict[str, str]]]:
        """Every tight span holding the quote's pieces in order, with the figure each
        ``{name}`` placeholder reads there. Several starts that reach the same end give one
        span, from the last of them (the tightest: ``{n} membres dont : [...] X`` is the card
        that holds X, not an earlier card whose first line also reads "n membres dont :")."""
        pieces = [collapse(p) for p in collapse(quote).split(GAP.strip()) if p.strip()]
        if not pieces:
            return []
        patterns = [pattern(p) for p in pieces]
        by_end: dict[int, tuple[Span, dict[str, str]]] = {}
        first = patterns[0].search(self.text)
        while first:
            end, figures = first.end(), dict(first.groupdict())
            for rx in patterns[1:]:
                m = rx.search(self.text, end)
                if m is None:
                    return list(by_end.values())
                end = m.end()
                figures.update(m.groupdict())
            by_end[end] = (Span(self.line_of(first.start()), self.line_of(end - 1)), figures)
            first = patterns[0].search(self.text, first.start() + 1)
        return list(by_end.values())

    def locate(self, quote: str, *, where: str, near: int | None = None) -> Span:
        """The one span of ``quote``; ``where`` names the reference entry for the error.

        When the quote occurs more than once, ``near`` (the line the entry last knew, if it
        keeps one) picks the closest; without it the quote is ambiguous and must be lengthened.
        """
        spans = self.spans(quote)
        if len(spans) == 1:
            return spans[0]
        if not spans:
            raise AnchorError(
                f"{where}: the quote {collapse(quote)!r} is not in {self.path}; "
                f"{self.closest(quote)}. Fix the quote to the source's words, or, if the "
                "passage was removed, remove or update the entry"
            )
        if near is None:
            at = ", ".join(s.lines for s in spans)
            raise AnchorError(
                f"{where}: the quote {collapse(quote)!r} occurs {len(spans)} times in "
                f"{self.path} (lines {at}); lengthen it until it names one passage"
            )
        return min(spans, key=lambda s: (abs(s.line_start - near), s.line_start))

    def find(
        self, quote: str, *, where: str, near: int | None = None
    ) -> tuple[Span, dict[str, str]]:
        """The span of a quote with ``{name}`` placeholders and the figure each one reads
        (as the source writes it); without placeholders, ``locate``'s span and no figures."""
        if not PLACEHOLDER.search(quote):
            return self.locate(quote, where=where, near=near), {}
        found = self.matches(quote)
        if len(found) == 1:
            return found[0]
        if not found:
            plain = PLACEHOLDER.sub("", collapse(quote)).split(GAP.strip())[0]
            raise AnchorError(
                f"{where}: the quote {collapse(quote)!r} is not in {self.path} (each {{name}} "
                f"stands for a number); {self.closest(plain)}. Fix the quote to the source's "
                "words, or, if the passage was removed, remove or update the entry"
            )
        if near is None:
            at = ", ".join(span.lines for span, _ in found)
            raise AnchorError(
                f"{where}: the quote {collapse(quote)!r} occurs {len(found)} times in "
                f"{self.path} (lines {at}); lengthen it until it names one passage"
            )
        return min(found, key=lambda f: (abs(f[0].line_start - near), f[0].line_start))

    @cached_property
    def _collapsed_lines(self) -> list[str]:
        return [collapse(line) for line in self.lines]

    def closest(self, quote: str) -> str:
        """The line most like the quote, as advice: 'closest is line N: "..."'."""
        from rapidfuzz import fuzz, process

        pieces = [collapse(p) for p in collapse(quote).split(GAP.strip()) if p.strip()] or [""]
        # The piece to look for is the first one not found in order (a footnote that changed
        # while its call did not), else the first.
        missing, at = pieces[0], 0
        for piece in pieces:
            found = pattern(piece).search(self.text, at)
            if found is None:
                missing = piece
                break
            at = found.end()
        missing = PLACEHOLDER.sub("", missing).strip()
        best = process.extractOne(
            missing, self._collapsed_lines, scorer=fuzz.partial_ratio, score_cutoff=0
        )
        if best is None or not best[0]:
            return "no line of it is close"
        text, score, index = best
        return f'the closest is line {index + 1} ({score:.0f}% alike): "{text[:160]}"'


class Sources:
    """AnchoredText of each source of ``raw_dir``, read once."""

    def __init__(self, raw_dir: str | Path):
        self.raw_dir = Path(raw_dir)
        self._texts: dict[str, AnchoredText] = {}

    def __getitem__(self, source_id: str) -> AnchoredText:
        if source_id not in self._texts:
            path = self.raw_dir / f"{source_id}.txt"
            if not path.exists():
                raise AnchorError(f"{path}: no such source (expected data/raw/<source_id>.txt)")
            self._texts[source_id] = AnchoredText.read(path)
        return self._texts[source_id]
