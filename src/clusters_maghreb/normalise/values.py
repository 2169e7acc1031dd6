"""Raw cell strings as typed values: years, counts, flags, each with an honest qualifier.

Every parser is strict: a shape it does not know raises ``ValueError`` naming the text and what
was expected. ``parse(kind, text, where)`` turns that into a ``SourceLayoutError`` at the
source file and line. A value read from words ('Une centaine') or with a bound ('plus de 50')
says so in ``qualifier``; a range keeps ``value`` None and gives ``low`` and ``high``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.normalise.text import collapse

# The columns of one observation record (observations.csv adds its observation_id first).
RECORD_COLUMNS = [
    "source_id",
    "table_id",
    "line_start",
    "line_end",
    "cluster_id",
    "reference_year",
    "field",
    "value",
    "qualifier",
    "raw_value",
]

QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range")
YEAR_MIN, YEAR_MAX = 1950, 2025


@dataclass(frozen=True)
class Parsed:
    value: int | str | bool | None
    qualifier: str = "exact"
    low: int | None = None
    high: int | None = None
    note: str = ""

    def __post_init__(self):
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"qualifier {self.qualifier!r} not in {QUALIFIERS}")
        if (self.qualifier == "range") != (self.low is not None and self.high is not None):
            raise ValueError("low and high are given for a range, and only for a range")


class Unparsed(ValueError):
    """A cell that does not have the expected shape; ``parse`` needs both parts apart."""

    def __init__(self, text: str, expected: str):
        self.text, self.expected = text, expected
        super().__init__(f"cannot read {text!r}: expected {expected}")


# Years -------------------------------------------------------------------------------------

MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre|january|february|march|april|may|june|july|august|"
    "september|october|november|december"
)
YEAR_RX = re.compile(
    rf"(?:(?:{MONTHS})\s+)?(?P<year>\d{{4}})(?:\s*[-–]\s*(?P<end>\d{{4}}))?", re.IGNORECASE
)
# A name then its year: 'AMC 2011', 'CE3M / December 2010', 'Plan (1995)', 'Pact (2009-1015)'.
YEAR_BODY = rf"(?:(?:{MONTHS})\s+)?\d{{4}}(?:\s*[-–]\s*\d{{4}})?"
TRAILING_YEAR_RX = re.compile(
    rf"(?P<head>.*?\S)(?:\s*/\s*|\s+)(?:\((?P<paren>{YEAR_BODY})\)|(?P<bare>{YEAR_BODY}))",
    re.IGNORECASE,
)
YEAR_EXPECTED = (
    f"a year {YEAR_MIN}-{YEAR_MAX}, optionally after a month ('décembre 2010') or starting a "
    "period ('2009-2015')"
)


def _valid_year(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def parse_year(text: str) -> Parsed:
    """The year something started. A month is dropped; a period 'A-B' gives its start year A
    with a note; an impossible end year (errajaoui Table 1 '2009-1015', surely 2015) is not
    used, and the note says so, since the start year is still stated exactly."""
    t = collapse(text)
    m = YEAR_RX.fullmatch(t)
    if not m:
        raise Unparsed(text, YEAR_EXPECTED)
    year = int(m["year"])
    if not _valid_year(year):
        raise Unparsed(text, YEAR_EXPECTED)
    if m["end"] is None:
        return Parsed(year)
    end = int(m["end"])
    if _valid_year(end) and end >= year:
        return Parsed(year, note=f"period {year}-{end}: start year kept")
    return Parsed(year, note=f"period written {t!r}: end year {end} impossible (typo), not used")


def split_trailing_year(text: str) -> tuple[str, Parsed]:
    """The text before a final year, and that year: 'Solar cluster 2017' -> ('Solar cluster',
    2017); the year may follow ' / ' or stand in parentheses."""
    m = TRAILING_YEAR_RX.fullmatch(collapse(text))
    if not m:
        raise Unparsed(text, f"a name followed by {YEAR_EXPECTED}")
    try:
        return m["head"], parse_year(m["paren"] or m["bare"])
    except Unparsed as err:
        raise Unparsed(text, f"a name followed by {err.expected}") from None


def parse_trailing_year(text: str) -> Parsed:
    return split_trailing_year(text)[1]


# Counts ------------------------------------------------------------------------------------

DIGITS_RX = re.compile(r"\d{1,3}(?:[ .,]\d{3})+|\d+")  # '11 000', '11.000', '22,000', '24'
# '-aine' words are approximate by nature: 'une centaine' is about 100.
APPROX_WORDS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
    "dozen": 12,
}
APPROX_RX = re.compile(rf"(?:une?\s+|a\s+)?(?P<word>{'|'.join(APPROX_WORDS)})", re.IGNORECASE)
SMALL = {
    # French
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
    # English
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
HUNDRED = {"cent", "cents", "hundred"}
THOUSAND = {"mille", "thousand"}
JOINERS = {"et", "and"}  # 'vingt et un', 'one hundred and five'
PREFIXES = [  # checked in order: 'plus de' before a bare number
    (r"environ|approximativement|près de|pres de|about|around|approximately|some", "approx"),
    (r"plus de|au moins|more than|over|at least", "at_least"),
    (r"moins de|au plus|jusqu'à|less than|fewer than|up to|at most", "at_most"),
]
RANGE_RX = re.compile(
    r"(?:(?:de|entre|between|from)\s+)?(?P<a>.+?)\s+(?:à|et|and|to)\s+(?P<b>.+)"
    r"|(?P<c>\d+)\s*[-–]\s*(?P<d>\d+)",
    re.IGNORECASE,
)
# What a bare count may name after it: '1373 employés', 'une centaine de membres'.
UNITS_RX = re.compile(
    r"(?:de\s+|d['’])?(?:membres?|adhérents?|entreprises?|employés?|emplois?|salariés?|"
    r"members?|companies|company|firms?|employees?|jobs?|people|clusters?)",
    re.IGNORECASE,
)
COUNT_EXPECTED = (
    "a count: digits ('24', '11 000', '11.000'), number words ('Deux', 'vingt-trois'), "
    "'une centaine'-like words, optionally after 'environ'/'plus de'/'moins de', a range "
    "'de 6 à 20', and optionally a unit ('membres', 'employés')"
)


def _words(text: str) -> int | None:
    """French or English number words, or None. 'quatre-vingt-dix' -> 90."""
    tokens = [t for t in re.split(r"[\s-]+", text.casefold()) if t]
    if tokens == ["a"]:
        return None  # English 'a' counts only before 'hundred' or 'thousand'
    total, current, last = 0, 0, None  # last: the previous additive part, to refuse 'trois vingt'
    for i, tok in enumerate(tokens):
        if tok in JOINERS and 0 < i < len(tokens) - 1:
            continue
        if tok in ("vingt", "vingts") and current % 100 == 4 and last == 4:
            current += 76  # quatre-vingt = 4 x 20: replace the 4 just added by 80
            last = 80
        elif tok in SMALL:
            n = SMALL[tok]
            if last is not None and n >= last:
                return None
            current, last = current + n, n
        elif tok in HUNDRED:
            if current >= 100:
                return None
            current, last = (current or 1) * 100, 100
        elif tok in THOUSAND:
            if total:
                return None
            total, current, last = (current or 1) * 1000, 0, None
        else:
            return None
    n = total + current
    return n or None


def _number(text: str) -> Parsed | None:
    """A bare amount (no prefix, no unit), or None."""
    if DIGITS_RX.fullmatch(text):
        return Parsed(int(re.sub(r"\D", "", text)))
    if m := APPROX_RX.fullmatch(text):
        return Parsed(APPROX_WORDS[m["word"].casefold()], "approx")
    n = _words(text)
    return None if n is None else Parsed(n)


def _amount(text: str) -> Parsed | None:
    """An amount, optionally followed by a unit: '1373 employés', 'Une trentaine'."""
    if (p := _number(text)) is not None:
        return p
    for m in re.finditer(r"\s+", text):
        if UNITS_RX.fullmatch(text[m.end() :]) and (p := _number(text[: m.start()])):
            return p
    return None


def parse_count(text: str) -> Parsed:
    """One count. 'Une centaine' -> approx 100; 'plus de 50' -> at_least 50; 'de 6 à 20' ->
    range 6-20; 'Un' -> 1; '1373 employés' -> 1373. Several counts joined by ';' raise: use
    ``parse_counts``."""
    t = collapse(text)
    for rx, qualifier in PREFIXES:
        if m := re.fullmatch(rf"(?:{rx})\s+(?P<rest>.+)", t, re.IGNORECASE):
            p = _amount(m["rest"])
            if p is None or p.qualifier != "exact":  # 'environ une centaine' is not a shape
                raise Unparsed(text, COUNT_EXPECTED)
            return Parsed(p.value, qualifier)
    if (p := _amount(t)) is not None:
        return p
    if m := RANGE_RX.fullmatch(t):
        a, b = _number(m["a"] or m["c"]), _amount(m["b"] or m["d"])
        if a and b and a.qualifier == b.qualifier == "exact" and a.value < b.value:
            return Parsed(None, "range", low=a.value, high=b.value)
    raise Unparsed(text, COUNT_EXPECTED)


def parse_counts(text: str) -> list[Parsed]:
    """Counts joined by ' ; ', as the ipemed-2019 cards give several counts of one kind
    ('17 ; 3': 17 huileries and 3 groupements, both 'other'). Kept apart, never summed: the
    parts are different kinds of member, and adding them is the caller's decision."""
    parts = [p.strip() for p in collapse(text).split(";")]
    if not all(parts):
        raise Unparsed(text, "counts separated by ' ; ', none empty")
    return [parse_count(p) for p in parts]


# Words that cannot start what a count counts: more of the number, or a vague tail.
NOT_A_LABEL = {*SMALL, *HUNDRED, *THOUSAND, *JOINERS, *APPROX_WORDS, "ou", "or", "plus", "more"}
NOT_A_LABEL |= {"quelques", "dozens"}


def _count_then_label(text: str) -> tuple[Parsed, str] | None:
    """A leading count and the words after it: '149 industrial zones' -> (149, 'industrial
    zones'); the longest leading amount wins ('A dozen founding members' -> approx 12)."""
    t = collapse(text)
    qualifier = None
    for rx, q in PREFIXES:
        if m := re.match(rf"(?:{rx})\s+", t, re.IGNORECASE):
            t, qualifier = t[m.end() :], q
            break
    cuts = [m.start() for m in re.finditer(r"\s+", t)]
    for cut in reversed(cuts):
        label = t[cut:].strip()
        first = re.split(r"[\s-]", label, maxsplit=1)[0].casefold()
        if first in NOT_A_LABEL or first.isdigit() or not re.match(r"[\w(]", label):
            continue  # 'vingt-trois mille et quelques' is no count followed by a label
        if (p := _number(t[:cut])) is not None:
            if qualifier:
                if p.qualifier != "exact":
                    return None
                p = Parsed(p.value, qualifier)
            return p, label
    return None


def parse_counted_items(text: str) -> list[Parsed]:
    """A list of '<count> <what>' items split on '▪' bullets or ';' (errajaoui Table 1 'Total
    number'): each item's count, with what it counts in ``note``."""
    items = [i.strip() for i in re.split(r"[▪;]", collapse(text)) if i.strip()]
    out = []
    for item in items:
        found = _count_then_label(item)
        if found is None:
            raise Unparsed(text, f"items '<count> <what>'; {item!r} does not start with a count")
        p, label = found
        out.append(Parsed(p.value, p.qualifier, note=label))
    if not out:
        raise Unparsed(text, "at least one item '<count> <what>'")
    return out


MEMBER_NOUN_RX = re.compile(
    r"(?:(?:international|founding)\s+)?(?:members|companies|enterprises)\b", re.IGNORECASE
)
FOUNDED_BY_RX = re.compile(r"Created by (?P<n>\S+(?: \S+)?) companies\b", re.IGNORECASE)
ANY_MEMBER_COUNT_RX = re.compile(r"\d+\s+(?:\w+\s+)?(?:members|companies|enterprises)\b")


def parse_member_total(text: str) -> Parsed:
    """The member total a prose 'Members' cell states (moroccan-clusters-2020 Table 2).

    The first clause opening with '<count> [international|founding] members|companies' gives
    it ('Total 32 members: ...', 'A dozen founding members' -> approx 12); 'N companies and
    <other kinds>' is at least N; 'Created by seven companies' is at least 7 (founders, others
    to join). 'N founding members' counts the founders, not the members at the source's date:
    at least N ('25 founding members: MASEN; ...', line 1067; 'A dozen founding members' stays
    approximate, a qualifier saying one thing). 'N companies' alone counts enterprises, not
    all members ('120 companies, accounting for 70% ...', line 1006; '105 international
    companies: ...', line 1106): no total, the count is members_enterprises
    (``parse_member_counts``). A cell that only lists
    names states no total: None, with a note. A numbered member count that none of these reads
    raises, so no stated total is silently lost.
    """
    t = collapse(text)
    for clause in re.split(r"(?<=[.:;])\s+", t):
        clause = re.sub(r"^Total\s+", "", clause, flags=re.IGNORECASE)
        found = _count_then_label(clause)
        if found is None:
            continue
        p, label = found
        if m := MEMBER_NOUN_RX.match(label):
            counted = f"{clause[: len(clause) - len(label)]}{m[0]}"
            if re.match(r"\s+and\b", label[m.end() :]):
                return Parsed(p.value, "at_least", note=f"{counted}, and others uncounted")
            if not re.search(r"members$", m[0]):
                return Parsed(None, note=f"{counted}: enterprises, no member total stated")
            if m[0].lower().startswith("founding") and p.qualifier == "exact":
                # the founders, not the membership at the source's date: at least them
                return Parsed(p.value, "at_least", note=counted)
            return Parsed(p.value, p.qualifier, note=counted)
    if m := FOUNDED_BY_RX.search(t):
        n = _number(m["n"])
        if n is not None and n.qualifier == "exact":
            return Parsed(n.value, "at_least", note=f"founded by {m['n']} companies")
    if ANY_MEMBER_COUNT_RX.search(t):
        raise Unparsed(text, "a member total in a known shape ('<count> members: ...')")
    return Parsed(None, note="no member total stated")


# What a count in a prose 'Members' cell counts, by the words after it; first match wins
# (the member types: normalise/members.py).
MEMBER_KINDS = [
    (r"(?:international |founding )?members\b", "members_total"),
    (r"start-ups\b", "members_startups"),
    (r"SMEs?\b", "members_smes"),
    (r"larger? companies\b", "members_large"),
    (r"(?:international )?(?:companies|enterprises|firms)\b", "members_enterprises"),
    (
        r"research (?:organisations|centres)|engineering schools|universities",
        "members_research_training",
    ),
    (r"people\b", "jobs"),  # 'employing 22,000 people'
]
CELL_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+|[Aa] dozen|two|five|seven|fourteen"
CELL_COUNT_RX = re.compile(
    rf"(?<![\w.,])(?P<num>{CELL_NUMBER})\s+(?:(?:of|in) the\s+\w+\s+)?(?P<label>[A-Za-z][\w-]*"
    r"(?:\s+[A-Za-z][\w-]*)?)"
)
# Figures of a Members cell that count no members, each with why (checked: every figure of a
# cell is read or named here).
NOT_MEMBER_FIGURES = [
    (r"\d+%", "a share (of the national production)"),
    (r"(?:in )?\d{4}\b", "a year"),
    (r"\d+(?:st|nd|rd|th)\b", "an ordinal in a name ('University Hassan 1st')"),
    (r"more than \d[\d,]* researchers represented", "people the cluster represents, not members"),
    (r"\w+ other members of the Board of Directors", "board seats, not a member count"),
    (r"\w+ business colleges and \w+ colleges", "colleges of the board, not a member count"),
    (r"SME: a dozen", ""),  # read below: 'SME: a dozen in the fish product ...' (line 841)
    (r"Created by \w+ companies", ""),  # read below as founding companies, at least
]


def parse_member_counts(text: str) -> dict[str, Parsed]:
    """Every member count a prose 'Members' cell gives (moroccan-clusters-2020 Table 2), by
    member type: the total as ``parse_member_total`` reads it, then each '<count> <kind>'
    ('32 SMEs', '6 larger companies', 'employing 22,000 people'), 'SME: a dozen' (approx 12
    SMEs) and 'Created by seven companies' (at least 7 enterprises). A figure that is neither
    read nor known as no member count (``NOT_MEMBER_FIGURES``) raises."""
    t = collapse(text)
    out: dict[str, Parsed] = {}
    total = parse_member_total(t)
    if total.value is not None:
        out["members_total"] = total
    skipped = [m.span() for rx, _ in NOT_MEMBER_FIGURES for m in re.finditer(rx, t)]
    read = []
    for m in CELL_COUNT_RX.finditer(t):
        if any(a <= m.start() < b for a, b in skipped):
            continue
        field = next((f for rx, f in MEMBER_KINDS if re.match(rx, m["label"], re.IGNORECASE)), None)
        if field is None:
            if m["num"][0].isdigit():
                raise Unparsed(text, f"'<count> <kind of member>'; {m[0]!r} names no kind")
            continue  # 'a technical canter': an article, not a count
        if field == "members_total":
            read.append(m.span())  # the total, read above
            continue
        n = _number(re.sub(r",(?=\d{3})", "", m["num"]).lower())
        if n is None:
            raise Unparsed(text, f"a count; {m['num']!r} is none")
        tail = t[m.end() :]
        if field == "members_enterprises" and re.match(r"\s+and\b", tail):
            n = Parsed(n.value, n.qualifier, note="and other members, uncounted")
        if field in out:
            raise Unparsed(text, f"one count of {field}; found a second: {m[0]!r}")
        out[field] = n
        read.append(m.span())
    if m := re.search(r"\bSME: (?P<n>a dozen)\b", t):
        out["members_smes"] = _number(m["n"])
        read.append(m.span())
    if m := FOUNDED_BY_RX.search(t):
        n = _number(m["n"])
        if n is not None and n.qualifier == "exact":
            out["members_enterprises"] = Parsed(n.value, "at_least", note="founding companies")
            read.append(m.span())
    for m in re.finditer(r"(?<![\w.,])\d[\d,]*", t):
        if not any(a <= m.start() < b for a, b in [*skipped, *read]):
            raise Unparsed(text, f"each figure read as a member count; {m[0]!r} is not")
    return _uncounted_items(t, out)


def _uncounted_items(text: str, counts: dict[str, Parsed]) -> dict[str, Parsed]:
    """A ';' item of the cell that names a kind of member with no count, beside an exact count
    of the same type, makes that count a part of its type, so at least it: 'research centres;
    five engineering schools' (moroccan-clusters-2020 line 719) is at least 5 research and
    training bodies, which the chapter's '8 universités et écoles d'ingénieurs' does not
    contradict."""
    for item in (i.strip() for i in text.split(";")):
        if re.search(rf"\d|\b(?:{CELL_NUMBER})\b", item):
            continue
        field = next((f for rx, f in MEMBER_KINDS if re.match(rx, item, re.IGNORECASE)), None)
        if field in counts and counts[field].qualifier == "exact":
            p = counts[field]
            counts[field] = Parsed(p.value, "at_least", note=f"and {item}, uncounted")
    return counts


# Flags -------------------------------------------------------------------------------------

NO_DATA = "-"


def parse_flag(text: str, yes=("oui", "yes", "×", "x"), no=("", "non", "no")) -> Parsed:
    """A mark: True for ``yes``, False for ``no`` (compared casefolded); '-' is no data."""
    t = collapse(text).casefold()
    if t in (y.casefold() for y in yes):
        return Parsed(True)
    if t in (n.casefold() for n in no):
        return Parsed(False)
    if t == NO_DATA:
        return Parsed(None, note="'-': no data")
    raise Unparsed(text, f"a mark: yes {list(yes)}, no {list(no)} or '-' for no data")


# A three-state answer: labelled, in the process of being labelled, or not labelled. The
# states and their labels in both languages; the data package schema lists the same values
# (workflow/schemas/datapackage.yaml, snapshots.labeled), a test checks they agree.
LABELLED = {
    "yes": {"en": "Labelled", "fr": "Labellisé"},
    "in_process": {"en": "Labelling in process", "fr": "Labellisation en cours"},
    "no": {"en": "Not labelled", "fr": "Non labellisé"},
}
LABELLED_TEXTS = {"yes": "yes", "oui": "yes", "no": "no", "non": "no", "in process": "in_process"}


def parse_labeled(text: str) -> Parsed:
    """errajaoui Table 2 'Labeling': 'Yes' / 'No' / 'In process', kept as three states
    ('yes', 'no', 'in_process'): a labelling in process is neither a label nor its absence."""
    t = collapse(text).casefold()
    if t in LABELLED_TEXTS:
        return Parsed(LABELLED_TEXTS[t])
    if t == NO_DATA:
        return Parsed(None, note="'-': no data")
    raise Unparsed(text, "'Yes', 'No' or 'In process'")


# Dispatch ----------------------------------------------------------------------------------

PARSERS = {
    "year": parse_year,
    "trailing_year": parse_trailing_year,
    "count": parse_count,
    "counts": parse_counts,
    "counted_items": parse_counted_items,
    "member_total": parse_member_total,
    "member_counts": parse_member_counts,
    "flag": parse_flag,
    "labeled": parse_labeled,
}


def parse(kind: str, text: str, where: tuple | None = None):
    """``PARSERS[kind](text)``; with ``where=(path, line)`` a failure is a SourceLayoutError
    at that file and line."""
    if kind not in PARSERS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {sorted(PARSERS)}")
    try:
        return PARSERS[kind](text)
    except Unparsed as err:
        if where is None:
            raise
        path, line = where
        raise SourceLayoutError(path, line, err.expected, repr(err.text)) from err
