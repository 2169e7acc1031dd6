"""Lists written in prose: '- item' bullets under an introducing sentence, inline enumerations
'A, B et C', and the count ('11 clusters', 'dix technopoles') the text announces for them.

Items keep their wording; only layout is removed: the bullet, the list punctuation (';' or '.'),
Markdown emphasis and footnote calls (kept apart in ``Item.footnotes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clusters_maghreb.extract.raw_source import RawSource

BULLET_RX = re.compile(r"^\s*-\s+(?P<text>\S.*)$")
# Page-bottom footnotes ('20 - Voir ...', '* Source : ...') can fall between two items.
FOOTNOTE_RX = re.compile(r"^(?:\d{1,3} - |\* )")
SUPERSCRIPT_RX = re.compile(r"\s?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
EMPHASIS_RX = re.compile(r"\*{1,2}(?=\S)(.+?)(?<=\S)\*{1,2}")
ARTICLE_RX = re.compile(r"^(?:(?:[Ll]es?|[Ll]a|[Uu]ne?)\s+|[Ll]['’])")

FRENCH_NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
}


@dataclass(frozen=True)
class Item:
    """One list item: its line, its cleaned wording, and the exact source text it came from."""

    line: int
    text: str
    footnotes: str  # footnote calls found in the item, e.g. "21" or "31,32"; "" if none
    raw_text: str


def clean(text: str) -> tuple[str, str]:
    """``text`` without Markdown emphasis and footnote calls, and those calls ("21,22")."""
    calls = [m.strip().translate(SUPERSCRIPT_DIGITS) for m in SUPERSCRIPT_RX.findall(text)]
    text = SUPERSCRIPT_RX.sub("", text)
    text = EMPHASIS_RX.sub(r"\1", text)
    return text.strip(), ",".join(calls)


def strip_list_punctuation(text: str) -> str:
    return re.sub(r"\s*[;.]\s*$", "", text.strip())


def strip_article(name: str) -> str:
    """'le Cluster Solaire' -> 'Cluster Solaire': the article belongs to the sentence."""
    return ARTICLE_RX.sub("", name.strip(), count=1)


def bullet_items(src: RawSource, intro: int, *, what: str) -> list[Item]:
    """The '- ' items that follow the introducing sentence on line ``intro``.

    Blank lines and footnotes between two items are skipped; the list ends at the first other
    line. Raises when no item follows the introduction.
    """
    items: list[Item] = []
    n = intro + 1
    while n <= len(src):
        line = src.line(n)
        bullet = BULLET_RX.match(line)
        if bullet:
            text, calls = clean(bullet["text"])
            items.append(Item(n, strip_list_punctuation(text), calls, line))
        elif line.strip() and not (items and FOOTNOTE_RX.match(line)):
            break
        n += 1
    if not items:
        found = repr(src.line(n)[:80]) if n <= len(src) else "the end of the file"
        raise src.error(n, f"'- ' items after {what} (line {intro})", found)
    return items


def span(items: list[Item]) -> str:
    return f"lines {items[0].line}-{items[-1].line}" if items else "no item"


def parse_count(word: str) -> int | None:
    """11 -> 11, 'Dix' -> 10; None for a word that is not a count."""
    word = word.strip().lower()
    return int(word) if word.isdigit() else FRENCH_NUMBERS.get(word)


def find_match(
    src: RawSource, pattern: str, start: int, end: int | None = None, *, what: str
) -> tuple[int, re.Match[str]]:
    """The first line from ``start`` to ``end`` matching ``pattern``, and the match."""
    n = src.find(pattern, start, end, what=what)
    return n, re.search(pattern, src.line(n))


def announced_count(src: RawSource, line: int, word: str, *, what: str) -> int:
    """The count written as ``word`` on ``line``; raises if it is neither digits nor a number."""
    count = parse_count(word)
    if count is None:
        raise src.error(line, f"a count in digits or French words for {what}", repr(word))
    return count


def check_count(src: RawSource, line: int, announced: int, items: list[Item], *, what: str) -> None:
    """Raise, pointing at the line that announces the count, when the items do not match it."""
    if len(items) != announced:
        names = "; ".join(i.text[:40] for i in items)
        raise src.error(
            line,
            f"{announced} {what}, as announced on line {line}",
            f"{len(items)} ({span(items)}: {names})",
        )


def top_level_cuts(text: str, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each match of the regex ``sep`` outside parentheses and « » quotes."""
    depth, cuts, last = 0, [], 0
    opened = {"(": 1, "«": 1, ")": -1, "»": -1}
    seps = {m.start(): m.end() for m in re.finditer(sep, text)}
    for i, ch in enumerate(text):
        depth += opened.get(ch, 0)
        if depth == 0 and i in seps and i >= last:
            cuts.append((i, seps[i]))
            last = seps[i]
    return cuts


def split_top(text: str, sep: str) -> list[str]:
    """Split ``text`` on the regex ``sep`` outside parentheses and « » quotes."""
    bounds = [0, *(x for cut in top_level_cuts(text, sep) for x in cut), len(text)]
    return [text[a:b].strip() for a, b in zip(bounds[::2], bounds[1::2], strict=True)]


def enumeration(text: str, conj: str = "et") -> list[str]:
    """'A, B et C' (or 'A, B, et C'; 'A ou B' with ``conj='ou'``) -> ['A', 'B', 'C']."""
    parts = split_top(text, r",\s+")
    last = parts.pop()
    if last.startswith(f"{conj} "):
        parts.append(last[len(conj) + 1 :])
    else:
        # 'B et C': cut at the first top-level conjunction only.
        head, *tail = split_top(last, rf"\s+{conj}\s+")
        parts.append(head)
        if tail:
            parts.append(f" {conj} ".join(tail))
    return [p.strip() for p in parts if p.strip()]


# What may open a sentence after '. ', '! ' or '? ': a capital, a French quote, a bold mark.
SENTENCE_OPENER = "[A-ZÀ-Ý«*]"


def sentence_span(text: str, pos: int, opener: str = SENTENCE_OPENER) -> tuple[int, int]:
    """(start, end) of the sentence of ``text`` that holds character ``pos``: sentences end at
    . ! or ? followed by spaces and ``opener`` (a regex character class)."""
    bounds = [0, *(m.end() for m in re.finditer(rf"[.!?]\s+(?={opener})", text)), len(text)]
    start = max(b for b in bounds if b <= pos)
    end = min((b for b in bounds if b > pos), default=len(text))
    return start, len(text[:end].rstrip())


def sentence_at(text: str, pos: int, opener: str = SENTENCE_OPENER) -> str:
    """The sentence of ``text`` that holds character ``pos``, as written."""
    start, end = sentence_span(text, pos, opener)
    return text[start:end]


def first_sentence(text: str) -> tuple[str, str]:
    """('first sentence', 'the rest') of an item, cut at the first '. ' outside brackets."""
    cuts = top_level_cuts(text, r"\.\s+(?=[A-ZÀ-Ý])")
    if not cuts:
        return text, ""
    (a, b), *_ = cuts
    return text[:a], text[b:]
