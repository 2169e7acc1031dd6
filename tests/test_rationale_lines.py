"""Line numbers in the reference tables' rationales are checked against the sources.

The build finds its evidence by content (clusters_maghreb.anchors), but a rationale is prose
for the reader, and the line numbers it cites do not move when a source is edited. Where a
rationale cites a line and quotes the source there (``ipemed-2019:398 '11 en bénéficient'``,
or ``'...' (724)``), the quote must be at that line (a table cell may run over the next few
lines); a stale number fails here, naming the file, the row and where the quote now is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import read_csv
from clusters_maghreb.sources import load_sources

REFERENCE = PROJECT_ROOT / "data" / "reference"
RAW = PROJECT_ROOT / "data" / "raw"
SOURCE_IDS = [s["id"] for s in load_sources(RAW / "sources.yaml")]
PROSE_COLUMNS = ("rationale", "evidence", "note")
BEFORE, AFTER = 1, 8  # lines around a cited line that a quote may run over (cells, wrapping)
CITE = re.compile(
    r"(?P<src>" + "|".join(map(re.escape, sorted(SOURCE_IDS, key=len, reverse=True))) + r")"
    r"(?::| line )(?P<a>\d+)(?:[-–](?P<b>\d+))?"
)
# A quote right after a citation (some words in parentheses may come between), or a quote
# followed by its own line in parentheses: "'...' (724)".
QUOTE = r"(?P<q>(?<!\w)'.{3,}?'(?!\w)|\"[^\"]{3,}\"|«[^»]{3,}»)"
AFTER_CITE = re.compile(r"^[ ,:]{0,3}(?:\([^)]*\)\s*)?" + QUOTE)
OWN_LINE = re.compile(QUOTE + r"\s*\((?:line )?(?P<a>\d+)\)")
ELISION = re.compile(r"\[\.\.\.\]|\.\.\.|…")


def key(text: str) -> str:
    """Letters and digits only, lower case: markup, punctuation and spacing aside."""
    text = re.sub(r"<[^>]+>", " ", unicodedata.normalize("NFKC", text)).replace("’", "'")
    return re.sub(r"\W+", "", text.lower())


@cache
def source_lines(source_id: str) -> list[str]:
    return (RAW / f"{source_id}.txt").read_text(encoding="utf-8").split("\n")


def found_at(source_id: str, quote: str, start: int, end: int) -> bool:
    lines = source_lines(source_id)
    window = key(" ".join(lines[max(0, start - 1 - BEFORE) : end + AFTER]))
    return all(key(p) in window for p in ELISION.split(quote) if key(p))


def where_now(source_id: str, quote: str) -> str:
    first = next((p for p in ELISION.split(quote) if key(p)), quote)
    hits = [n for n, line in enumerate(source_lines(source_id), 1) if key(first) in key(line)]
    return f"found at {hits[:5]}" if hits else "found nowhere on one line"


def cited_quotes(text: str) -> list[tuple[str, int, int, str]]:
    """(source_id, first line, last line, quote) for each quote a rationale ties to a line."""
    out = []
    cites = list(CITE.finditer(text))
    for i, m in enumerate(cites):
        a, b = int(m["a"]), int(m["b"] or m["a"])
        if q := AFTER_CITE.match(text[m.end() :]):
            own = OWN_LINE.match(text[m.end() + q.start("q") :])
            if own is None:  # else the quote names its own line, checked below
                out.append((m["src"], a, b, q["q"][1:-1]))
        # quotes with their own line, up to the next citation, belong to this source
        stop = cites[i + 1].start() if i + 1 < len(cites) else len(text)
        for own in OWN_LINE.finditer(text, m.end(), stop):
            out.append((m["src"], int(own["a"]), int(own["a"]), own["q"][1:-1]))
    return out


def rows():
    for path in sorted(REFERENCE.glob("*.csv")):
        table = read_csv(path)
        for n, row in enumerate(table.to_dict("records"), start=2):
            for column in PROSE_COLUMNS:
                if row.get(column):
                    yield path, n, row[column]


def test_the_check_reads_citations_and_quotes():
    text = "ipemed-2019:731: 'Les clusters constitués qui' (724), 'Le Cluster' (731): x"
    assert cited_quotes(text) == [
        ("ipemed-2019", 724, 724, "Les clusters constitués qui"),
        ("ipemed-2019", 731, 731, "Le Cluster"),
    ]
    assert cited_quotes("ipemed-2019:398 '11 en bénéficient aujourd'hui': a") == [
        ("ipemed-2019", 398, 398, "11 en bénéficient aujourd'hui")
    ]
    assert found_at("ipemed-2019", "11 en bénéficient aujourd'hui", 398, 398)
    assert not found_at("ipemed-2019", "11 en bénéficient aujourd'hui", 300, 300)


def test_enough_rationales_are_checked():
    assert sum(len(cited_quotes(text)) for _, _, text in rows()) >= 80


@pytest.mark.parametrize("name", sorted(p.name for p in REFERENCE.glob("*.csv")))
def test_a_quoted_line_of_a_rationale_holds_the_quote(name):
    stale = [
        f"{Path(path).relative_to(PROJECT_ROOT)}:{n}: {src}:{a} {quote!r} is not there "
        f"({where_now(src, quote)}); update the line number"
        for path, n, text in rows()
        if path.name == name
        for src, a, b, quote in cited_quotes(text)
        if not found_at(src, quote, a, b)
    ]
    assert not stale, "\n".join(stale)
