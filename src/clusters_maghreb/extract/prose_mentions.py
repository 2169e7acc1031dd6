"""Sentence-level reading of prose: units, sentences, footnote calls, figures with their units.

A text source's prose comes as one paragraph, bullet, heading or footnote per line. This module
cuts it into sentences that keep their line numbers, and pulls quantities "as written" (number,
qualifier, unit) out of a sentence. What a figure means is left to the source-specific module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clusters_maghreb.extract.raw_source import RawSource

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
FOOTNOTE_RX = re.compile(r"^(\d+) - |^(\*) ")
# A line ending in one of these (after markup and footnote calls) closes its sentence.
TERMINAL = ".!?:;»)…"
# A long line that does not close its sentence was cut by a page break: the prose goes on
# after the footnotes of that page. Short lines without a full stop are headings.
CUT_MIN_LENGTH = 150


@dataclass(frozen=True)
class Unit:
    """One paragraph, bullet, heading or footnote; ``pieces`` are its ``(line, text)`` parts."""

    kind: str  # "heading" | "paragraph" | "bullet" | "footnote"
    pieces: tuple[tuple[int, str], ...]
    footnote: str = ""  # the footnote's number ("16") or "*", for footnotes

    @property
    def line_start(self) -> int:
        return self.pieces[0][0]

    @property
    def line_end(self) -> int:
        return self.pieces[-1][0]

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.pieces)

    def line_at(self, offset: int) -> int:
        """The source line holding character ``offset`` of ``text``."""
        pos = 0
        for n, t in self.pieces:
            pos += len(t) + 1
            if offset < pos:
                return n
        return self.line_end


@dataclass(frozen=True)
class Sentence:
    line_start: int
    line_end: int
    text: str  # exact source text (pieces of a cut paragraph are joined by one space)
    unit: Unit
    index: int  # position of the sentence in its unit


def _bare(text: str) -> str:
    """The end of a line without markup or footnote calls, to test if it closes a sentence."""
    return text.rstrip().rstrip("*" + SUPERSCRIPTS + " ").rstrip()


def units(src: RawSource, start: int, end: int) -> list[Unit]:
    """The prose units of lines ``start``..``end``; blank lines and tab tables are skipped."""
    out: list[Unit] = []
    taken: set[int] = set()
    for n, line in src.numbered(start, end):
        text = line.strip()
        if n in taken or not text or "\t" in line:
            continue
        m = FOOTNOTE_RX.match(text)
        if m:
            body = text[m.end() :]
            out.append(Unit("footnote", ((n, body),), m.group(1) or m.group(2)))
            continue
        pieces = [(n, text)]
        while len(pieces[-1][1]) >= CUT_MIN_LENGTH and not _bare(pieces[-1][1]).endswith(
            tuple(TERMINAL)
        ):
            nxt = _continuation(src, pieces[-1][0] + 1, end)
            if nxt is None:
                break
            taken.add(nxt)
            pieces.append((nxt, src.line(nxt).strip()))
        if text.startswith("- "):
            kind = "bullet"
        elif (
            len(pieces) == 1
            and len(text) < CUT_MIN_LENGTH
            and not _bare(text).endswith(tuple(".!?:;"))
        ):
            kind = "heading"
        else:
            kind = "paragraph"
        out.append(Unit(kind, tuple(pieces)))
    return out


def _continuation(src: RawSource, start: int, end: int) -> int | None:
    """The next line that is neither blank nor a footnote: where a cut paragraph goes on."""
    for n, line in src.numbered(start, end):
        text = line.strip()
        if text and not FOOTNOTE_RX.match(text):
            return n
    return None


ABBREVIATIONS = {"M", "Mme", "MM", "Dr", "cf", "op", "cit", "p", "St"}
_END_RX = re.compile(rf"[.!?]+[{SUPERSCRIPTS}*]*\s+(?=\**[«A-ZÀ-ÖØ-Þ0-9(])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """``(offset, sentence)`` pairs of ``text``: cut after . ! ? before a capital or a digit."""
    out, begin = [], 0
    for m in _END_RX.finditer(text):
        word = re.search(r"(\w+)$", text[begin : m.start()])
        w = word.group(1) if word else ""
        enumerator = text[begin : m.start()].strip().isdigit()  # "1. Repérer ..."
        if enumerator or w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
            continue  # M. Bouyaakoub, initials
        out.append((begin, text[begin : m.end()].rstrip()))
        begin = m.end()
    if text[begin:].strip():
        out.append((begin, text[begin:].rstrip()))
    return out


def sentences(unit: Unit) -> list[Sentence]:
    out = []
    for i, (offset, text) in enumerate(split_sentences(unit.text)):
        first = unit.line_at(offset)
        last = unit.line_at(offset + len(text) - 1)
        out.append(Sentence(first, last, text, unit, i))
    return out


def footnote_calls(text: str) -> list[str]:
    """Footnote numbers called in ``text`` by superscript digits, and "*" for an asterisk call."""
    calls = ["".join(_SUP_DIGIT[c] for c in m) for m in re.findall(f"[{SUPERSCRIPTS}]+", text)]
    if re.search(r"\w\*(?!\*)", text):
        calls.append("*")
    return calls


# --- Figures ----------------------------------------------------------------------------------

WORD_NUMBERS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "vingt": 20, "trente": 30, "cent": 100,
}  # fmt: skip
APPROX_NUMBERS = ["dizaine", "vingtaine", "trentaine", "cinquantaine", "soixantaine", "centaine"]
MONEY_UNIT = r"(?:millions?|milliards?) (?:de |d')(?:[Dd]irhams|DH|dinars|euros|dollars)"
# Nouns a figure can count, longest first so that "grandes entreprises" wins over "entreprises".
COUNT_UNITS = [
    "universités et écoles d'ingénieurs", "technopoles et pôles de compétitivité",
    "associations professionnelles", "écosystèmes industriels", "groupements industriels",
    "producteurs de boissons", "centres de collecte", "pays méditerranéens", "grandes entreprises",
    "projets de clusters", "zones industrielles", "centres techniques", "technopoles pilotes",
    "technopoles", "entrepreneurs", "organisations", "universités", "entreprises", "groupements",
    "indicateurs", "territoires", "plateformes", "producteurs", "adhérents", "objectifs",
    "agropoles", "véhicules", "décideurs", "personnes", "start-ups", "startups", "artisans",
    "éleveurs", "hectares", "clusters", "PME/PMI", "membres", "emplois", "produits", "postes",
    "cadres", "TPME", "pays", "PME",
]  # fmt: skip
# Words for numbers are common in prose ("les trois pays"): only these nouns make them figures.
WORD_UNITS = [u for u in COUNT_UNITS if u not in {"pays", "pays méditerranéens", "hectares"}]

# A count written in digits or in words, as in "Deux groupements" or "14 en ont bénéficié".
COUNT_WORD = rf"\d+|(?i:{'|'.join(WORD_NUMBERS)})"
_DIGITS = r"\d{1,3}(?:[ .\u202f\u00a0]\d{3})+|\d+(?:,\d+)?"
_WORD = "|".join(WORD_NUMBERS)
_APPROX = "|".join(APPROX_NUMBERS)
_QUALIFIER = r"(?:(?i:plus|près|moins) de |environ |au moins )"
_UNITS = "|".join(re.escape(u) for u in COUNT_UNITS)
_WORD_UNITS = "|".join(re.escape(u) for u in WORD_UNITS)
QUANTITY_RX = re.compile(
    rf"(?P<qualifier>{_QUALIFIER})?"
    r"(?:"
    rf"(?:(?P<between>entre )(?P<range>(?:{_DIGITS}) et (?:{_DIGITS}))"
    rf"|\((?P<paren>{_DIGITS})\)|(?P<digits>{_DIGITS}))"
    rf"(?:\s?(?P<percent>%)|\s(?P<money>{MONEY_UNIT})|\s(?P<unit>{_UNITS})\b)"
    "|"
    rf"(?P<word>\b(?i:{_WORD}) |\b(?i:une) (?:{_APPROX}) (?:de |d'))"
    rf"(?P<wunit>{_WORD_UNITS})\b"
    r")"
    r"(?P<after> environ)?"
)
_NUMBER_TOKEN_RX = re.compile(rf"(?<![\w.,])(?:{_DIGITS})(?!\w)")


@dataclass(frozen=True)
class Quantity:
    figure: str  # the whole expression as written: "plus de 80 adhérents"
    qualifier: str  # "plus de", "environ", "entre", "une ... de" (approximate words) or ""
    number: str  # "80", "22 000", "120 et 130", "Deux", "soixantaine"
    unit: str  # "%", "millions de Dirhams", "adhérents"... as written
    start: int
    end: int


def find_quantities(text: str) -> list[Quantity]:
    """Every number written with a unit in ``text``, in order."""
    out = []
    for m in QUANTITY_RX.finditer(text):
        qualifier = (m.group("qualifier") or "").strip()
        if m.group("after"):
            qualifier = "environ"
        if qualifier:
            qualifier = qualifier[0].lower() + qualifier[1:]
        if m.group("between"):
            qualifier = "entre"
        number = m.group("range") or m.group("paren") or m.group("digits")
        if number:
            unit = m.group("percent") or m.group("money") or m.group("unit")
        else:
            word = m.group("word")
            approx = re.match(r"(?i:une) (\w+) (?:de |d')", word)
            number = approx.group(1) if approx else word.strip()
            qualifier = "une" if approx else qualifier
            unit = m.group("wunit")
        figure = m.group(0)
        lead = len(figure) - len(figure.lstrip())
        out.append(Quantity(figure.strip(), qualifier, number, unit, m.start() + lead, m.end()))
    return out


def number_tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of every number written in digits (not inside a word like CE3M)."""
    return [(m.start(), m.end(), m.group(0)) for m in _NUMBER_TOKEN_RX.finditer(text)]


# Numbers in digits that are not figures, and why. Checked in this order.
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
NOT_FIGURES: list[tuple[str, re.Pattern]] = [
    ("reference", re.compile(
        r"\b(?:[Ll]oi|articles?|Page|Paper|(?i:annexe)|Dialogue)\s+[\d+\-]+(?: et \d+)?"
    )),
    ("date", re.compile(rf"\b\d{{1,2}}(?:, \d{{1,2}})*(?: et \d{{1,2}})? (?i:{MONTHS})\b")),
    ("date", re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")),
    ("year", re.compile(r"\b(?:1[89]|20)\d\d(?:-\d{4})?\b|\bannées \d\d\b")),
    ("duration", re.compile(r"\b\d+ (?:ans|mois|jours|dernières années)\b")),
    ("ordinal", re.compile(r"\b\d+\^")),
    ("enumerator", re.compile(r"^\d+\. ")),
]  # fmt: skip


def not_figure(text: str, start: int, end: int) -> str | None:
    """Why the number at ``text[start:end]`` is not a figure, or None when no rule says so."""
    for reason, rx in NOT_FIGURES:
        for m in rx.finditer(text):
            if m.start() <= start and end <= m.end():
                return reason
    return None


# Numbers written without their unit that are still figures: the unit is implied by a
# neighbouring figure ("de 6 à 20, puis 50, ... 80 adhérents", "2 des 3 clusters") or by a
# noun the sentence named before ("ces décideurs sont au nombre de 80", "14 en ont bénéficié").
CHAIN_RX = re.compile(r"^\*?\s*(?:à|des|, puis)\s+\d")  # after the number: another one follows
AFTER_CHAIN_RX = re.compile(r"(?:\d\s*(?:à|, puis)|ramenés? à)\s+$")  # before the number
NOUN_BEFORE_RX = re.compile(r"(?:au nombre de|en a \w+)\s+$")  # before the number
PRONOUN_EN_RX = re.compile(r"^\*?\s+en\s")  # "14 en ont bénéficié": en = of the noun before
_UNIT_NOUN_RX = re.compile(rf"\b(?:{_UNITS})\b")


@dataclass(frozen=True)
class ImpliedQuantity:
    figure: str  # the number as written, with its marker: "13*"
    number: str
    implied_unit: str
    rule: str  # "chain" | "noun before"
    start: int
    end: int


def implied_quantities(
    text: str, quantities: list[Quantity], before: str = ""
) -> list[ImpliedQuantity]:
    """Numbers of ``text`` without a written unit that one of the rules above makes figures.

    ``before`` is the text preceding the sentence in its paragraph, where the noun of a
    pronoun "en" may be.
    """
    spans = [(q.start, q.end) for q in quantities]
    out: list[ImpliedQuantity] = []
    for start, end, number in number_tokens(text):
        if any(a <= start and end <= b for a, b in spans):
            continue
        head, tail = text[:start], text[end:]
        figure = number + ("*" if tail.startswith("*") else "")
        if CHAIN_RX.match(tail) or AFTER_CHAIN_RX.search(head):
            later = [q.unit for q in quantities if q.start >= end]
            earlier = [q.implied_unit for q in out] + [q.unit for q in quantities if q.end <= start]
            unit = (later or earlier or [_last_noun(head)])[0 if later else -1]
            rule = "chain"
        elif NOUN_BEFORE_RX.search(head) or PRONOUN_EN_RX.match(tail):
            unit = _last_noun(head) or _last_noun(before)
            rule = "noun before"
        else:
            continue
        if unit:
            out.append(ImpliedQuantity(figure, number, unit, rule, start, start + len(figure)))
    return out


def _last_noun(text: str) -> str:
    nouns = _UNIT_NOUN_RX.findall(text)
    return nouns[-1] if nouns else ""


# --- Names ------------------------------------------------------------------------------------

_CAP = r"[A-ZÀ-ÖØ-Þ0-9][\w'’&.-]*"
# ", X et Y" only inside a name: "Cluster Electronique, Mécatronique et Mécanique du Maroc".
_LINK = (
    r"(?:\s+(?:de la|du|des|de|et|pour les)\s+|\s+(?:de l'|d')"
    rf"|,\s+(?={_CAP}\s+et\s))"
)
_HEADS = r"(?:Cluster|Haliopôle|Océanopole|Agripole|Pôle de Compétitivité)\b"
_ACRONYM = r"(?:\s*\([A-Z0-9₀-₉][A-Za-z0-9₀-₉]{1,9}\))"
CLUSTER_NAME_RX = re.compile(
    rf"(?:{_CAP}\s+)+{_HEADS}(?:(?:\s+|{_LINK}){_CAP})*{_ACRONYM}?"  # Aerospace Moroccan Cluster
    rf"|{_HEADS}(?:(?:\s+|{_LINK}){_CAP})+{_ACRONYM}?"  # Cluster Mécatronique de Tunisie (CMT)
    rf"|\bcluster(?:\s+{_CAP})+"  # le cluster AQUIMER
)


def cluster_acronyms(texts: list[str]) -> set[str]:
    """Acronyms that the texts define next to a cluster's name: "Maroc Numeric Cluster (MNC)"."""
    out = set()
    for text in texts:
        for m in CLUSTER_NAME_RX.finditer(text):
            acr = re.search(r"\(([^()]+)\)$", m.group(0))
            if acr:
                out.add(acr.group(1))
    return out


def cluster_names(text: str, acronyms: set[str] = frozenset()) -> list[str]:
    """Names of clusters (and poles) written in ``text``, and bare acronyms of known clusters."""
    found = [(m.start(), m.end(), m.group(0)) for m in CLUSTER_NAME_RX.finditer(text)]
    for acr in acronyms:
        for m in re.finditer(rf"(?<!\w){re.escape(acr)}(?!\w)", text):
            if not any(a <= m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), acr))
    names = []
    for _, _, name in sorted(found):
        name = re.sub(r"^(?:Le|La|Les|L')\s*", "", name).rstrip(".,")
        if name not in {"Cluster", "Pôle de Compétitivité"} and not NOT_CLUSTERS.search(name):
            names.append(name)
    return names


# Names built like a cluster's that are programmes or platforms.
NOT_CLUSTERS = re.compile(r"Platform|Booster Track|^ECCP$")
