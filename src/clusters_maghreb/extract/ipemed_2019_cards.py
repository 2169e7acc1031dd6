"""ipemed-2019, Annex 2: the list of clusters it announces and their 28 identity cards.

Four tables: ``annex-list`` (the names the annex announces), ``cards`` (one wide row per
card), ``card-fields`` (every field with its line: the provenance) and ``card-cooperations``
(one row per cooperation partner piece). Every table is built from the same reading, which
checks that the cards match the announced list one to one. Values are the cards' words without
the transcription's list and italic markup (``identity_card.plain_text``); ``raw_text`` keeps
the lines as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from clusters_maghreb.extract.identity_card import (
    CardField,
    IdentityCard,
    plain_text,
    read_cards,
    value_items,
)
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.records import make_table
from clusters_maghreb.extract.registry import Extracted

SOURCE_ID = "ipemed-2019"
COUNTRIES = {"MAROC": "MA", "ALGÉRIE": "DZ", "TUNISIE": "TN"}

# Header keys of the cards: dates and the roles of the people named (uppercase words follow).
_CAPS = r"(?: [A-ZÀ-ÖØ-Ý()'-]+)*?"
HEADER_KEYS = (
    r"Date de [a-zé]+"
    rf"|(?:VICE-)?PRÉSIDENT{_CAPS}|DIRECT(?:EUR|RICE){_CAPS}|SECRÉTAIRE{_CAPS}"
    r"|CHARGÉE? DE MISSION|ANIMAT(?:EUR|RICE|ION)"
)
# Every body label the cards use (case-insensitive), by the wide column it feeds.
BODY_LABELS = {
    "sector": r"Secteur d'activité",
    "niche": r"(?:Niche|Thématiques) d'excellence",
    "location": r"Localisation",
    "members": r"Membres",
    "activities": r"(?:Principales |Objectifs et )?activités?(?: du cluster| et projets)?",
    "cooperation": r"Coopérations interclusters de niveau",
    "coop_national": r"National",
    "coop_euromed": r"Euro-méditerranéen",
    "coop_extra": r"Extra-régional",
}
REQUIRED = [k for k in BODY_LABELS if k != "coop_extra"]  # 2TS has no Extra-régional line
COOP_LEVELS = {
    "coop_national": "national",
    "coop_euromed": "euro-mediterranean",
    "coop_extra": "extra-regional",
}
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"


@dataclass(frozen=True)
class ListItem:
    heading: str
    line: int
    name: str


@dataclass(frozen=True)
class Annex:
    items: list[ListItem]
    cards: list[IdentityCard]  # cards[i] is the card of items[i]


# --- finding the annex -------------------------------------------------------------------


def read_list(src: RawSource) -> tuple[list[ListItem], int]:
    """The announced list (headings and '- name' lines) and the line that ends it."""
    annex = src.find(r"^ANNEXE 2\s*$", what="the heading 'ANNEXE 2'")
    title = src.find(r"^Fiches d'identité", annex, what="the title of the identity cards list")
    items: list[ListItem] = []
    heading = None
    for n, text in src.numbered(title + 1):
        if not text.strip():
            continue
        if text.strip() in COUNTRIES:
            if items and any(i.heading == text.strip() for i in items):
                return items, n  # the cards' own country headings begin
            heading = text.strip()
        elif text.startswith("- ") and heading:
            items.append(ListItem(heading, n, text[2:].strip()))
        elif text.startswith("- "):
            raise src.error(n, "a country heading before the listed clusters", repr(text))
        elif items:
            return items, n
        else:
            raise src.error(n, "a country heading or a '- name' line", repr(text))
    raise src.error(title, "the announced list followed by the cards", "the end of the file")


def _name_key(name: str) -> str:
    # NFKD folds the subscripts of 'CE₃M' and the accents; 'cluster' and articles vary freely.
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    stop = {"cluster", "de", "du", "des", "la", "le", "l", "d", "et"}
    return "".join(w for w in re.findall(r"[a-z0-9]+", text) if w not in stop)


def same_cluster(listed: str, title: str) -> bool:
    """Loose name check: list and card spell names differently ('Custer' vs 'CLUSTER')."""
    return SequenceMatcher(None, _name_key(listed), _name_key(title)).ratio() >= 0.8


@cache
def read_annex(src: RawSource) -> Annex:
    items, list_end = read_list(src)
    first = src.find(
        rf"^(?:{'|'.join(COUNTRIES)})\s*$", list_end, what="the first country heading of the cards"
    )
    footer = src.find_all(r"^- INSTITUT DE PROSPECTIVE", first)
    end = footer[0] - 1 if footer else len(src)
    cards = read_cards(src, first, end, list(COUNTRIES), HEADER_KEYS)
    for heading in COUNTRIES:
        listed = [i for i in items if i.heading == heading]
        found = [c for c in cards if c.heading == heading]
        for k in range(max(len(listed), len(found))):
            item = listed[k] if k < len(listed) else None
            card = found[k] if k < len(found) else None
            if card is None:
                raise src.error(
                    item.line, f"a card for {item.name!r} under {heading}", "no card left"
                )
            if item is None:
                raise src.error(
                    card.line_start,
                    f"only the {len(listed)} cards the annex lists under {heading}",
                    f"an extra card {card.title!r}",
                )
            if not same_cluster(item.name, card.title):
                raise src.error(
                    card.line_start,
                    f"the card of {item.name!r} (listed at line {item.line})",
                    repr(card.title),
                )
    return Annex(items, cards)


# --- one card, field by field ------------------------------------------------------------


def body_fields(src: RawSource, card: IdentityCard) -> dict[str, CardField]:
    """The card's body fields by wide column; unknown, repeated or missing labels fail."""
    out: dict[str, CardField] = {}
    for f in card.fields:
        if f.block != "body":
            continue
        key = next(
            (k for k, rx in BODY_LABELS.items() if re.fullmatch(rx, f.label, re.IGNORECASE)),
            None,
        )
        if key is None:
            raise src.error(f.line, "a known field label of the cards", repr(f.label))
        if key in out:
            raise src.error(f.line, f"one {f.label!r} field per card", "a second one")
        out[key] = f
    for key in REQUIRED:
        if key not in out:
            raise src.error(
                card.line_start, f"a field /{BODY_LABELS[key]}/ in {card.title!r}", "none"
            )
    coop = out["cooperation"].line
    for key in COOP_LEVELS:
        if key in out and out[key].line < coop:
            raise src.error(out[key].line, "cooperation levels after their heading", "before")
    return out


def header_fields(src: RawSource, card: IdentityCard) -> dict[str, str]:
    out = {}
    for key, label_rx in (
        ("website", ""),
        ("creation", "Date de création"),
        ("labelling", "Date de labellisation"),
        ("president", "PRÉSIDENT"),
    ):
        found = card.header(label_rx)
        if len(found) > 1:
            raise src.error(found[1].line, f"one {label_rx or 'website'!r} per card", "two")
        out[key] = found[0].value if found else ""
    return out


def split_creation(src: RawSource, line: int, value: str) -> tuple[str, str, str]:
    """``(date, contract date, note)`` of a 'Date de création' value, as written."""
    if not value:
        return "", "", ""
    m = re.match(rf"((?:{MONTHS}) )?\d{{4}}", value)
    if not m:
        raise src.error(line, "a creation date '[month] yyyy'", repr(value))
    rest = value[m.end() :].strip()
    contract = re.fullmatch(r", sous contrat en (\d{4})", rest)
    if contract:
        return m[0], contract[1], ""
    return m[0], "", rest


def roles(card: IdentityCard) -> dict[str, str]:
    """The director and animator (first of each, role label kept) and all other roles."""
    out = {"director_role": "", "director": "", "animator_role": "", "animator": ""}
    others = []
    for f in card.fields:
        if f.block != "header" or not f.label or f.label.startswith("Date de"):
            continue
        if f.label == "PRÉSIDENT":
            continue
        kind = "director" if f.label.startswith("DIRECT") else ""
        kind = "animator" if f.label.startswith("ANIMAT") else kind
        if kind and not out[kind]:
            out[f"{kind}_role"], out[kind] = f.label, f.value
        else:
            others.append(f"{f.label} : {f.value}")
    return {**out, "other_roles": " ; ".join(others)}


# Member counts: a number (or an approximate word at the head of an item) then what it counts.
NUM = r"\d{1,3}(?:[ .]\d{3})+|\d+"
WORD_NUM = r"Une centaine|Une trentaine|Une vingtaine|Deux|Une|Un"
LABEL = r"[^\W\d_][^;:.,()]*?"
COUNT_RX = re.compile(
    rf"(?<![\w%.,])(?P<num>{NUM}|(?<!\w)(?:{WORD_NUM}))\s+(?:de |d')?"
    rf"(?P<label>{LABEL})(?=\s+dont\b|\s*[;:.,()]|\s*$)"
)
# Where the card names the thing before its number: 'Nombre de membres : 85', 'centres (4)'.
LABEL_FIRST_RX = re.compile(
    rf"Nombre (?:de |d')(?P<label>[^:]+?) : (?P<num>(?:environ )?(?:{NUM}))"
    rf"|(?<=des )(?P<label2>{LABEL}) \((?P<num2>{NUM})\)"
)
# Figures of a Membres value that do not count members (checked so none goes unread).
NOT_MEMBERS_RX = re.compile(
    r"\d+ ?%"  # shares
    r"|(?:en|depuis) \d{4}"  # years
    r"|\d+ milliards?"  # turnover
    r"|\d+ au départ"  # founding members, beside the current count
    r"|réunir \d+"  # an objective
    r"|qui compte \d+ entreprises"  # the size of the sector, not of the cluster
    r"|dont \d+ représentant"  # a part of the count just before
)
CATEGORIES = {  # first match wins: research before total ('entités de R&D')
    "research_training": r"institutions de recherche|organismes de recherche|centres de "
    r"recherche|universités|écoles?\b|établissements de formation|entités de R&D",
    "total": r"membres|adhérents|entités|entreprises au total",
    "jobs": r"emplois|employés",
    "large_firms": r"grandes entreprises|grands groupes",
    "smes": r"T?PME\b",
    "startups": r"startups",
    "associations": r"associations",
    "public_bodies": r"institutions et organismes publics|département d[ue] Ministère",
    "firms": r"entreprises?\b|sociétés|industriels",  # observed as members_enterprises
}
MEMBER_COLUMNS = [
    f"members_{c}"
    for c in (
        "total",
        "firms",
        "smes",
        "large_firms",
        "startups",
        "research_training",
        "associations",
        "public_bodies",
        "other",
        "jobs",
    )
]


def member_counts(src: RawSource, field: CardField) -> dict[str, str]:
    """Counts a Membres value gives, by kind, as written; every figure must be read."""
    text = " ; ".join(value_items(src, field.line, field.value))
    skipped = [m.span() for m in NOT_MEMBERS_RX.finditer(text)]
    found = []  # (start, end, number, label)
    for m in LABEL_FIRST_RX.finditer(text):
        found.append((*m.span(), m["num"] or m["num2"], m["label"] or m["label2"]))
    for m in COUNT_RX.finditer(text):
        inside = any(a <= m.start("num") < b for a, b, *_ in [*found, *skipped])
        if not inside:
            found.append((m.start(), m.end(), m["num"], m["label"].strip()))
    out = dict.fromkeys(MEMBER_COLUMNS, "")
    phrases = []
    # 'Un'/'Une' counts one only in a list that counts its other items with figures ('Un
    # département du Ministère' beside '28 membres', line 1296); in a list of kinds named with
    # articles ('Des groupes d'éleveurs ; Une entreprise ... ; La centrale laitière', line
    # 1461) it is an article: that list counts nothing.
    counted_list = any(num[0].isdigit() for *_, num, _ in found)
    for start, end, num, label in sorted(found):
        kind = next((k for k, rx in CATEGORIES.items() if re.match(rx, label)), "other")
        if kind == "other" and not num[0].isdigit():
            continue  # 'Une multitude de startups' is no count
        if num in ("Un", "Une") and not counted_list:
            continue  # an article in a list of kinds ('Une entreprise d'aliments de bétail')
        col = f"members_{kind}"
        out[col] = f"{out[col]} ; {num}" if out[col] else num
        phrases.append(text[start:end].strip())
    for m in re.finditer(r"(?<!\w)\d+(?![^\W\d_])", text):
        if not any(a <= m.start() < b for a, b, *_ in [*found, *skipped]):
            raise src.error(
                field.line,
                "each figure of Membres to count members or to be a known other figure",
                repr(text[max(0, m.start() - 30) : m.end() + 30]),
            )
    return {**out, "member_counts": " ; ".join(phrases)}


def _split_top(text: str, seps: str) -> list[str]:
    """Split on any of ``seps`` outside parentheses."""
    parts, depth, cur = [], 0, ""
    for c in text:
        depth += (c == "(") - (c == ")")
        if c in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    return [*parts, cur]


def partners(src: RawSource, field: CardField) -> list[tuple[str, str, str]]:
    """``(context, partner, sentence)`` pieces of a cooperation value, as written.

    Pieces are the value's bullets and sentences split at top-level commas and semicolons;
    a 'text :' before them is their context. They are names or short phrases, not cleaned.
    """
    out = []
    intro = ""  # a sentence ending with ':' introduces the bullets after it
    for item in value_items(src, field.line, field.value):
        for sentence in re.split(r"(?<=\.)\s+(?=[A-ZÀ-Ý«\"])", item):
            sentence = sentence.strip().rstrip(".").strip()
            if not sentence:
                continue
            if sentence.endswith(":"):
                intro = sentence[:-1].strip()
                continue
            head = _split_top(sentence.replace(" : ", "\x00", 1), "\x00")
            context = head[0].strip() if len(head) == 2 else ""
            context = " : ".join(c for c in (intro, context) if c)
            for piece in _split_top(head[-1], ",;"):
                piece = piece.strip().rstrip(".").strip()
                if piece:
                    out.append((context, piece, sentence))
    return out


# --- tables ------------------------------------------------------------------------------


def _card_text(src: RawSource, card: IdentityCard) -> str:
    return "\n".join(src.lines[card.line_start - 1 : card.line_end])


def extract_cards(src: RawSource) -> Extracted:
    annex = read_annex(src)
    rows = []
    for item, card in zip(annex.items, annex.cards, strict=True):
        body = body_fields(src, card)
        head = header_fields(src, card)
        creation_line = next((f.line for f in card.header("Date de création")), card.line_start)
        creation, contract, note = split_creation(src, creation_line, head["creation"])
        m = re.fullmatch(r"(.*?)(?:\s*\(([^()]+)\))?", card.title)
        value = {k: plain_text(src, f.line, f.value) for k, f in body.items()}
        rows.append(
            {
                "line_start": card.line_start,
                "line_end": card.line_end,
                "country": COUNTRIES[card.heading],
                "card_title": card.title,
                "name": m[1],
                "acronym": m[2] or "",
                "list_name": item.name,
                "list_line": str(item.line),
                "website": head["website"],
                "creation_date": creation,
                "creation_note": note,
                "labelling_date": head["labelling"],
                "contract_date": contract,
                "president": head["president"],
                **roles(card),
                "sector": value["sector"],
                "niche": value["niche"],
                "location": value["location"],
                "members": value["members"],
                **member_counts(src, body["members"]),
                "activities": value["activities"],
                "coop_national": value["coop_national"],
                "coop_euromed": value["coop_euromed"],
                "coop_extra": value.get("coop_extra", ""),
                "raw_text": _card_text(src, card),
            }
        )
    return Extracted(
        make_table(SOURCE_ID, "cards", rows),
        announced=len(annex.items),
        note="announced: the clusters listed at the start of Annex 2",
    )


def extract_card_fields(src: RawSource) -> Extracted:
    rows = []
    for card in read_annex(src).cards:
        body_fields(src, card)  # the same checks as the wide table
        for k, f in enumerate(card.fields, start=1):
            rows.append(
                {
                    "line_start": f.line,
                    "line_end": f.line,
                    "country": COUNTRIES[card.heading],
                    "card_title": card.title,
                    "field_no": str(k),
                    "block": f.block,
                    "label": f.label,
                    "value": plain_text(src, f.line, f.value),
                    "raw_text": src.line(f.line),
                }
            )
    return Extracted(
        make_table(SOURCE_ID, "card-fields", rows),
        note="label '' is the unlabelled website of a card header",
    )


def extract_cooperations(src: RawSource) -> Extracted:
    rows = []
    for card in read_annex(src).cards:
        body = body_fields(src, card)
        for key, level in COOP_LEVELS.items():
            if key not in body:
                continue
            f = body[key]
            for context, partner, sentence in partners(src, f):
                rows.append(
                    {
                        "line_start": f.line,
                        "line_end": f.line,
                        "country": COUNTRIES[card.heading],
                        "card_title": card.title,
                        "level": level,
                        "level_label": f.label,
                        "context": context,
                        "partner": partner,
                        "sentence": sentence,
                        "raw_text": src.line(f.line),
                    }
                )
    return Extracted(
        make_table(SOURCE_ID, "card-cooperations", rows),
        note="partner: a piece of the text as written (a name or a short phrase), not cleaned",
    )


def extract_annex_list(src: RawSource) -> Extracted:
    annex = read_annex(src)
    rows = []
    for k, (item, card) in enumerate(zip(annex.items, annex.cards, strict=True), start=1):
        rows.append(
            {
                "line_start": item.line,
                "line_end": item.line,
                "country": COUNTRIES[item.heading],
                "list_no": str(k),
                "name": item.name,
                "card_title": card.title,
                "card_line": str(card.line_start),
                "raw_text": src.line(item.line),
            }
        )
    return Extracted(make_table(SOURCE_ID, "annex-list", rows), announced=len(rows))


TABLES = {
    "annex-list": extract_annex_list,
    "cards": extract_cards,
    "card-fields": extract_card_fields,
    "card-cooperations": extract_cooperations,
}
