"""Identity cards: a title in capitals, header lines, then label<TAB>value field lines.

The shape (as in the IPEMED annex)::

    CLUSTER SOLAIRE<TAB>
    www.x.ma Date de création : 2014<TAB>PRÉSIDENT : Name
    <TAB>DIRECTRICE GÉNÉRALE : Name
    Secteur d'activité<TAB>value
    Membres<TAB><ul style="list-style-type: none"> • item ; • item.

Header lines carry an unlabelled website and ``KEY : value`` items (dates, roles), several to a
cell; field lines carry one label and one value, which may be an HTML list with bullets. The
caller supplies the header keys (a regex), since they are words of the source's language.
The transcription's markup (the list and paragraph tags, italics) is read here and never
passed on: ``plain_text`` is a value's words, the source line keeps the markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clusters_maghreb.extract.raw_source import RawSource

WEBSITE_RX = re.compile(r"^(?:https?://|www\.)\S+")
# Tags that only mark up text inside a value; block tags and bullets split it into items.
INLINE_TAG_RX = re.compile(r"</?i>")
BLOCK_TAG_RX = re.compile(r'<ul style="list-style-type: none">|</ul>|</?p>')
BULLET_RX = re.compile(r"[•▪]")


@dataclass(frozen=True)
class CardField:
    """One labelled value of a card, as written; ``label`` is "" for the unlabelled website."""

    block: str  # "header" (the lines under the title) or "body" (label<TAB>value lines)
    label: str
    value: str
    line: int


@dataclass(frozen=True)
class IdentityCard:
    heading: str  # the section heading the card sits under (e.g. a country)
    heading_line: int
    title: str
    line_start: int  # the title line
    line_end: int  # the last non-blank line
    fields: tuple[CardField, ...]

    def body(self, label_rx: str) -> list[CardField]:
        """Body fields whose label fully matches ``label_rx`` (case-insensitive)."""
        rx = re.compile(label_rx, re.IGNORECASE)
        return [f for f in self.fields if f.block == "body" and rx.fullmatch(f.label)]

    def header(self, label_rx: str) -> list[CardField]:
        rx = re.compile(label_rx)
        return [f for f in self.fields if f.block == "header" and rx.fullmatch(f.label)]


def is_title(text: str) -> bool:
    """A card title: letters all in capitals, no ``KEY : value``, at most trailing tabs."""
    text = text.rstrip("\t ")
    return (
        bool(text)
        and "\t" not in text
        and " : " not in text
        and any(c.isupper() for c in text)
        and not any(c.islower() for c in text)
    )


def read_cards(
    src: RawSource, start: int, end: int, headings: list[str], header_key_rx: str
) -> list[IdentityCard]:
    """All cards between lines ``start`` and ``end``, under the given section headings.

    Every non-blank line must be a heading, a card title or a line of a card; anything before
    the first heading or between a heading and its first card title is an error.
    """
    cards: list[IdentityCard] = []
    heading, heading_line = None, None
    title_line = None
    for n, text in src.numbered(start, end):
        if not text.strip():
            continue
        if text.strip() in headings:
            if title_line is not None:
                cards.append(_card(src, heading, heading_line, title_line, n - 1, header_key_rx))
            heading, heading_line, title_line = text.strip(), n, None
        elif heading is None:
            raise src.error(n, f"a section heading ({', '.join(headings)})", repr(text))
        elif is_title(text):
            if title_line is not None:
                cards.append(_card(src, heading, heading_line, title_line, n - 1, header_key_rx))
            title_line = n
        elif title_line is None:
            raise src.error(n, f"a card title in capitals under {heading!r}", repr(text))
    if title_line is not None:
        cards.append(_card(src, heading, heading_line, title_line, end, header_key_rx))
    return cards


def _card(
    src: RawSource, heading: str, heading_line: int, title: int, end: int, key_rx: str
) -> IdentityCard:
    while end > title and not src.line(end).strip():
        end -= 1
    fields: list[CardField] = []
    for n, text in src.numbered(title + 1, end):
        if not text.strip():
            continue
        cells = text.split("\t")
        if not cells[0].strip() or _header_items(cells[0], key_rx) is not None:
            if any(f.block == "body" for f in fields):
                raise src.error(
                    n, "a 'label<TAB>value' field line (header lines come first)", repr(text)
                )
            for cell in cells:
                if cell.strip():
                    items = _header_items(cell, key_rx)
                    if items is None:
                        raise src.error(
                            n, f"a website or 'KEY : value' items (KEY /{key_rx}/)", repr(cell)
                        )
                    fields += [CardField("header", k, v, n) for k, v in items]
        elif len(cells) >= 2:
            values = [c.strip() for c in cells[1:] if c.strip()]
            if len(values) > 1:
                raise src.error(n, "one value cell after the label", f"{len(values)} cells")
            fields.append(CardField("body", cells[0].strip(), values[0] if values else "", n))
        else:
            raise src.error(n, "a 'label<TAB>value' field line or a header line", repr(text))
    if not fields:
        raise src.error(
            title, f"header and field lines under the title {src.line(title)!r}", "none"
        )
    return IdentityCard(heading, heading_line, src.line(title).strip(), title, end, tuple(fields))


def _header_items(cell: str, key_rx: str) -> list[tuple[str, str]] | None:
    """``[(key, value)]`` of a header cell, ``("", url)`` for a website; None if not a header."""
    text = BLOCK_TAG_RX.sub(" ", cell).strip()
    items: list[tuple[str, str]] = []
    site = WEBSITE_RX.match(text)
    if site:
        items.append(("", site[0]))
        text = text[site.end() :].strip()
    keys = list(re.finditer(rf"(?:^|(?<=\s))({key_rx}) : ", text))
    if (not keys and not items) or (keys and keys[0].start() != 0) or (not keys and text):
        return None
    for k, nxt in zip(keys, [*keys[1:], None], strict=True):
        value = text[k.end() : nxt.start() if nxt else len(text)].strip()
        items.append((k[1], value))
    return items


def value_items(src: RawSource, line: int, value: str) -> list[str]:
    """The text items of a value: its paragraphs and bullets, tags removed, in order.

    Only the markup the cards use is accepted; any other tag is an error, since it would mean
    the value is not what this reader understands.
    """
    text = INLINE_TAG_RX.sub("", value)
    text = BLOCK_TAG_RX.sub("\n", text)
    stray = re.search(r"<[^>]*>?", text)
    if stray:
        raise src.error(line, "only <p>, <i> and <ul> list markup in a value", repr(stray[0]))
    items = []
    for part in BULLET_RX.sub("\n", text).split("\n"):
        part = re.sub(r"\s+", " ", part).strip().removesuffix(";").strip()
        if part:
            items.append(part)
    return items


def plain_text(src: RawSource, line: int, value: str) -> str:
    """A value as text, without the transcription's markup: its items (``value_items``) joined
    by ' ; ', as the cards separate list items, or by a space after an item that ends a
    sentence or introduces the next ('Quelques freins à l'activité du cluster :')."""
    out = ""
    for item in value_items(src, line, value):
        sep = " " if out.endswith((".", ":", "!", "?")) else " ; "
        out = f"{out}{sep}{item}" if out else item
    return out
