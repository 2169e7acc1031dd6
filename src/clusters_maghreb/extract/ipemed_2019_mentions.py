"""ipemed-2019: what the prose says about clusters, sentence by sentence.

Four tables, all from the study's prose (from AVANT-PROPOS to the Annex 2 identity cards, tab
tables skipped): the creative and cultural clusters of the "Creative Mediterranean" programme
and the potential ones of each country's footnote, the bilateral partnerships of the
cooperation chapter, every figure written with its unit, and every reference to the 2014 study.
"""

from __future__ import annotations

import re

from clusters_maghreb.extract import prose_mentions as pm
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.records import make_table
from clusters_maghreb.extract.registry import Extracted

SOURCE_ID = "ipemed-2019"

# Chapter headings in reading order, and the country each is about ("" when several).
CHAPTERS = [
    (r"^AVANT-PROPOS\s*$", ""),
    (r"^LES CLUSTERS AU MAROC\s*$", "MA"),
    (r"^LES CLUSTERS EN ALG[EÉ]RIE\s*$", "DZ"),
    (r"^LES CLUSTERS EN TUNISIE\s*$", "TN"),
    (r"^LES CLUSTERS EN MAURITANIE ET LIBYE\s*$", "MR+LY"),
    (r"^CONVERGENCES ET SP[EÉ]CIFICIT[EÉ]S\s*$", ""),
    (r"^COOP[EÉ]RATIONS? ENTRE CLUSTERS", ""),
    (r"^CONCLUSION\s*$", ""),
    (r"^ANNEXE 1\s*$", ""),
    (r"^ANNEXE 2\s*$", ""),
]


class Prose:
    """The prose of the study cut into units and sentences, with each line's chapter."""

    def __init__(self, src: RawSource):
        self.src = src
        # The table of contents repeats every heading: chapters are looked for after it.
        self.start = src.find(CHAPTERS[0][0], what="the AVANT-PROPOS heading after the contents")
        self.chapters: list[tuple[int, str, str]] = []  # (line, heading, country)
        at = self.start
        for pattern, country in CHAPTERS:
            at = src.find(pattern, at, what=f"the chapter heading /{pattern}/")
            self.chapters.append((at, src.line(at).strip(), country))
        # Annex 2 lists the cards by country, then the cards start under the same country word.
        annex2 = self.chapters[-1][0]
        listed = src.find(r"^MAROC\s*$", annex2, what="the MAROC list of Annex 2")
        self.end = src.find(r"^MAROC\s*$", listed + 1, what="the first Annex 2 card (MAROC)") - 1
        self.units = pm.units(src, self.start, self.end)
        self.sentences = [s for u in self.units for s in pm.sentences(u)]
        self.acronyms = pm.cluster_acronyms([u.text for u in self.units])

    def chapter(self, line: int) -> tuple[int, str, str]:
        return [c for c in self.chapters if c[0] <= line][-1]

    def chapter_end(self, line: int) -> int:
        later = [c[0] for c in self.chapters if c[0] > line]
        return later[0] - 1 if later else self.end

    def section(self, line: int) -> str:
        """The last heading at or before ``line``, after the headings right above it
        ("ALGERIA DIGITAL CLUSTER (ADC) > Un nouveau cluster pour ...")."""
        before = [u for u in self.units if u.line_start <= line]
        while before and before[-1].kind != "heading":
            before.pop()
        heads = []
        while before and before[-1].kind == "heading":
            heads.insert(0, before.pop().text)
        return " > ".join(heads)

    def sentences_in(self, start: int, end: int) -> list[pm.Sentence]:
        return [s for s in self.sentences if start <= s.line_start <= end]

    def footnote(self, number: str, after: int) -> pm.Unit | None:
        """The footnote ``number`` ("*" for an asterisk) closest after line ``after``."""
        notes = [
            u
            for u in self.units
            if u.kind == "footnote" and u.footnote == number and u.line_start > after
        ]
        return notes[0] if notes else None

    def caller(self, note: pm.Unit) -> pm.Sentence | None:
        """The last sentence before footnote ``note`` that calls it."""
        calls = [
            s
            for s in self.sentences
            if s.line_start < note.line_start
            and s.unit.kind != "footnote"
            and note.footnote in pm.footnote_calls(s.text)
        ]
        return calls[-1] if calls else None

    def names(self, text: str) -> list[str]:
        return pm.cluster_names(text, self.acronyms)


def bullet_lead(unit: pm.Unit) -> str:
    """What a bullet is about: its first sentence without the dash, article and footnote calls."""
    first = pm.split_sentences(unit.text)[0][1]
    lead = re.sub(r"^-\s*(?:Le |La |L'|Un |Une )?", "", first)
    return re.sub(rf"[{pm.SUPERSCRIPTS}]+", "", lead).rstrip(" .;")


def is_cluster_lead(lead: str) -> bool:
    return re.match(r"[Cc]luster\b", lead) is not None


def count_of(word: str) -> int:
    return int(word) if word.isdigit() else pm.WORD_NUMBERS[word.lower()]


# --- prose-creative ---------------------------------------------------------------------------

CREATIVE_HEADING = r"^(?:Des |Les )?[Cc]lusters des industries créatives et culturelles\s*$"
CREATIVE_NOTE = "Clusters potentiels des industries créatives et culturelles"
SELECTED_RX = re.compile(
    rf"\b(?P<n>{pm.COUNT_WORD})\s+(?:groupements|clusters)\b"
    r".*\b(?:sélectionnés|retenus)\b.*:\s*$"
)
RECENSES_RX = re.compile(
    rf"\b(?P<n>{pm.COUNT_WORD})\s+(?:groupements|clusters)\b"
    r"(?:\s+\w+)?\s+(?:ont été\s+)?(?:recensés|identifiés)"
)
# The source announces "Vingt groupements" and its footnote 26 lists 19 of them. Accepted as
# written (and said in the table's note); any other gap between announced and listed fails.
KNOWN_COUNT_GAPS = {("potential", "MA"): (20, 19)}


def _split_trade_city(item: str) -> tuple[str, str]:
    """'Tapiserie à Rabat' -> ('Tapiserie', 'Rabat'); the last 'à', else 'dans', else 'en'."""
    for prep in (" à ", " dans ", " en "):
        if prep in item:
            trade, city = item.rsplit(prep, 1)
            return trade.strip(), city.strip()
    return item, ""


def _split_cluster_name(lead: str) -> tuple[str, str]:
    """'Cluster des Bijoutiers de Batna' -> ('Bijoutiers', 'Batna')."""
    body = re.sub(r"^Cluster\s+(?:du |des |de la |de l'|d')?", "", lead)
    if " à " in body:
        trade, city = body.rsplit(" à ", 1)
    else:
        m = re.match(r"^(.*)(?: de |\s?d')(.+)$", body)
        trade, city = (m.group(1), m.group(2)) if m else (body, "")
    return trade.strip(), city.strip()


def _check_count(src, line, what, announced, found, key):
    if announced is None or announced == found:
        return ""
    if KNOWN_COUNT_GAPS.get(key) == (announced, found):
        return f"{what}: the text announces {announced}, the source lists {found}"
    raise src.error(line, f"{announced} {what} as the text announces", f"{found}")


def extract_creative(src: RawSource) -> Extracted:
    prose = Prose(src)
    rows, notes = [], []
    for chap_line, _, country in prose.chapters:
        if country not in {"MA", "DZ", "TN"}:
            continue
        chap_end = prose.chapter_end(chap_line)
        head = src.find(
            CREATIVE_HEADING, chap_line, chap_end, what=f"a creative-clusters heading in {country}"
        )
        section_units = [
            u for u in prose.units if head < u.line_start <= chap_end and u.kind != "footnote"
        ]
        # The section runs to the next heading.
        body = []
        for u in section_units:
            if u.kind == "heading":
                break
            body.append(u)
        rows += _selected(src, prose, country, body)
        more, note = _potential(src, prose, country, body)
        rows += more
        notes += [note] if note else []
    return Extracted(make_table(SOURCE_ID, "prose-creative", rows), note="; ".join(notes))


def _selected(src, prose, country, body) -> list[dict]:
    at = next(
        (i for i, u in enumerate(body) if any(SELECTED_RX.search(s.text) for s in pm.sentences(u))),
        None,
    )
    if at is None:
        raise src.error(
            body[0].line_start if body else None,
            f"a sentence announcing the selected creative clusters of {country} ('Deux ... :')",
            "none",
        )
    sentence = [s for s in pm.sentences(body[at]) if SELECTED_RX.search(s.text)][-1]
    announced = count_of(SELECTED_RX.search(sentence.text).group("n"))
    bullets = []
    for u in body[at + 1 :]:
        if u.kind != "bullet":
            break
        bullets.append(u)
    if len(bullets) != announced:
        raise src.error(
            sentence.line_start,
            f"{announced} bullets of selected creative clusters as announced",
            f"{len(bullets)}",
        )
    rows = []
    for pos, u in enumerate(bullets, 1):
        lead = bullet_lead(u)
        trade, city = _split_cluster_name(re.sub(r"^(?:Le |La |L')", "", lead))
        rows.append(
            {
                "line_start": u.line_start,
                "line_end": u.line_end,
                "country": country,
                "list": "selected",
                "position": str(pos),
                "item": lead,
                "trade": trade,
                "city": city,
                "announced": SELECTED_RX.search(sentence.text).group("n"),
                "footnote": "",
                "raw_text": u.text,
            }
        )
    return rows


def _potential(src, prose, country, body) -> tuple[list[dict], str]:
    calls = [(s, c) for u in body for s in pm.sentences(u) for c in pm.footnote_calls(s.text)]
    found = []
    for s, call in calls:
        note = prose.footnote(call, s.line_start)
        if note is not None and CREATIVE_NOTE in note.text:
            found.append((s, note))
    if len(found) != 1:
        raise src.error(
            body[0].line_start if body else None,
            f"one footnote '{CREATIVE_NOTE}' called in the creative section of {country}",
            f"{len(found)}",
        )
    caller, note = found[0]
    list_line = next(
        (n for n in range(note.line_end + 1, len(src) + 1) if src.line(n).strip()), None
    )
    text = src.line(list_line).strip() if list_line else ""
    items = _items(text)
    if pm.FOOTNOTE_RX.match(text) or len(items) < 2 or not text.endswith("."):
        raise src.error(
            list_line or note.line_end,
            f"the list of potential creative clusters of footnote {note.footnote}"
            " ('trade à city, ...')",
            repr(text[:80]),
        )
    m = RECENSES_RX.search(caller.text)
    announced = count_of(m.group("n")) if m else None
    gap = _check_count(
        src,
        caller.line_start,
        f"potential creative clusters of {country}",
        announced,
        len(items),
        ("potential", country),
    )
    rows = []
    for pos, item in enumerate(items, 1):
        trade, city = _split_trade_city(item)
        rows.append(
            {
                "line_start": list_line,
                "line_end": list_line,
                "country": country,
                "list": "potential",
                "position": str(pos),
                "item": item,
                "trade": trade,
                "city": city,
                "announced": m.group("n") if m else "",
                "footnote": note.footnote,
                "raw_text": text,
            }
        )
    return rows, gap


def _items(text: str) -> list[str]:
    """Items of a 'trade à city, trade à city.' list; a piece without a place continues the
    previous item's place ('tapisserie à Kairouan, Kasserine et Sidi Bouzid')."""
    items: list[str] = []
    for piece in text.rstrip(".").split(", "):
        if items and not re.search(r" (?:à|dans|en) ", piece):
            items[-1] += ", " + piece
        else:
            items.append(piece.strip())
    return [i for i in items if i]


# --- prose-partnerships -----------------------------------------------------------------------

COUNTRIES = r"Maroc|Tunisie|Algérie|France|Italie|Espagne|Allemagne"
_COUNTRY_AT_END = re.compile(rf",?\s*\(?\b(?:au|en|de)\s+(?P<c>{COUNTRIES})\)?\s*$")


def _country(text: str) -> tuple[str, str]:
    """Split a trailing 'en France' / 'au Maroc' / '(en Italie)' off a name."""
    m = _COUNTRY_AT_END.search(text)
    return (text[: m.start()].strip(), m.group("c")) if m else (text.strip(), "")


def _partners(text: str) -> list[str]:
    """'Systematic, Images réseaux et Cap Digital' -> three; ', en Lorraine' stays attached."""
    out: list[str] = []
    for piece in re.split(r",\s*et\s+|\s+ainsi que\s+|,\s+|\s+et\s+", text):
        if out and piece.startswith("en "):
            out[-1] += ", " + piece
        else:
            out.append(piece.strip())
    return out


def extract_partnerships(src: RawSource) -> Extracted:
    prose = Prose(src)
    coop = next(c for c in prose.chapters if c[1].startswith("COOP"))
    sents = prose.sentences_in(coop[0], prose.chapter_end(coop[0]))
    rows: list[dict] = []

    def add(s, kind, a, b, detail=""):
        a, ca = _country(a)
        b, cb = _country(b)
        rows.append(
            {
                "line_start": s.line_start,
                "line_end": s.line_end,
                "kind": kind,
                "cluster_a": a,
                "country_a": ca,
                "partner_b": b,
                "country_b": cb,
                "detail": detail,
                "raw_text": s.text,
            }
        )

    def one(rx, what):
        hits = [(s, m) for s in sents for m in [re.search(rx, s.text)] if m]
        if len(hits) != 1:
            raise src.error(
                coop[0], f"one sentence of the cooperation chapter {what}", f"{len(hits)}"
            )
        return hits[0]

    # A network convention: "France Clusters a été ... Il a signé des conventions avec X".
    s, m = one(r"^Il a signé des conventions avec (?P<b>.+?) et a ", "on conventions signed")
    prev = sents[sents.index(s) - 1]
    subject = re.match(r"^(?P<a>[A-Z][\w ]+?) a été", prev.text)
    if not subject:
        raise src.error(prev.line_start, "a subject for 'Il a signé'", repr(prev.text[:60]))
    add(s, "network convention", subject.group("a"), m.group("b"))

    # The bilateral partnership given as the model of mentoring.
    s, m = one(
        r"partenariats bilatéraux .* entre (?P<a>.+?) et (?P<b>celui .+?)\.?$",
        "on the model bilateral partnership",
    )
    add(s, "mentoring model", re.sub(r"^(?:le|la|l') ?", "", m.group("a")), m.group("b"))

    # Examples of each cluster's own network, one bullet each.
    s, _ = one(r"En voici quelques exemples.*:\s*$", "announcing examples ('En voici ... :')")
    bullets = [u for u in prose.units if u.kind == "bullet" and u.line_start > s.line_end]
    taken = []
    for u in bullets:
        if taken and u.line_start > taken[-1].line_end + 2:
            break
        taken.append(u)
    if not taken:
        raise src.error(s.line_start, "bullets of partnership examples", "none")
    for u in taken:
        bullet = pm.sentences(u)[0]
        text = re.sub(r"^-\s*", "", u.text).rstrip(" ;.")
        cut = re.search(r" et | avec,? ", text)
        if not cut:
            raise src.error(u.line_start, "'A et B' or 'A avec B'", repr(text[:60]))
        a, rest = text[: cut.start()], text[cut.end() :]
        shared = re.match(rf"^en (?P<c>{COUNTRIES}),\s*", rest)
        rest = rest[shared.end() :] if shared else rest
        rel = re.search(r" avec qui .*$", rest)
        detail = rel.group(0).strip() if rel else ""
        rest = rest[: rel.start()] if rel else rest
        for b in _partners(rest):
            b = re.sub(r"^(?:le|la|l') ?", "", b)
            if shared and not _country(b)[1]:
                b = f"{b} en {shared.group('c')}"
            add(bullet, "example", re.sub(r"^(?:Le|La|L') ?", "", a), b, detail)

    # Coproduction: "rapprochement entre deux clusters : A et B."
    s, m = one(
        rf"rapprochement entre (?P<n>{pm.COUNT_WORD}) clusters\s*:\s*(?P<list>.+?)\.$",
        "on a coproduction between clusters",
    )
    named = _partners(m.group("list"))
    if len(named) != count_of(m.group("n")):
        raise src.error(
            s.line_start, f"{m.group('n')} clusters named as announced", f"{len(named)}: {named}"
        )
    add(s, "coproduction", named[0], ", ".join(named[1:]))
    return Extracted(make_table(SOURCE_ID, "prose-partnerships", rows))


# --- prose-figures ----------------------------------------------------------------------------

COUNTS = {
    "%": "share",
    "emplois": "jobs",
    "postes": "jobs",
    "membres": "members",
    "adhérents": "members",
    "décideurs": "members",
    "startups": "startups",
    "start-ups": "startups",
    "clusters": "clusters",
    "groupements": "clusters",
    "groupements industriels": "clusters",
    "projets de clusters": "clusters",
}
ENTERPRISES = {"entreprises", "grandes entreprises", "PME", "PME/PMI", "TPME", "producteurs"}


def counts(unit: str, sentence: str) -> str:
    """What a figure counts, from its unit and, for money and people, its sentence."""
    if re.match(pm.MONEY_UNIT, unit):
        if "chiffre d'affaires" in sentence:
            return "turnover"
        if re.search(r"financ|mobilis|subvention|aide|montant", sentence):
            return "funds"
        return "amount"
    if unit == "personnes":
        return "jobs" if re.search(r"employ|emploi", sentence) else "people"
    if unit in ENTERPRISES or unit.startswith("producteurs"):
        return "enterprises"
    return COUNTS.get(unit, unit)


def extract_figures(src: RawSource) -> Extracted:
    prose = Prose(src)
    rows = []
    for u in prose.units:
        sents = pm.sentences(u)
        for s in sents:
            quantities = pm.find_quantities(s.text)
            before = " ".join(x.text for x in sents[: s.index])
            implied = pm.implied_quantities(s.text, quantities, before)
            spans = [(q.start, q.end) for q in [*quantities, *implied]]
            for start, end, token in pm.number_tokens(s.text):
                inside = any(a <= start and end <= b for a, b in spans)
                if not inside and pm.not_figure(s.text, start, end) is None:
                    raise src.error(
                        s.line_start,
                        "a number with its unit, or a date, year, duration, ordinal or reference",
                        f"{token!r} in {s.text[max(0, start - 40) : end + 40]!r}",
                    )
            about = prose.names(s.text)
            if not about and u.kind == "bullet" and is_cluster_lead(bullet_lead(u)):
                about = [bullet_lead(u)]
            found = [(q.start, q, q.unit, "") for q in quantities]
            found += [(q.start, q, "", q.implied_unit) for q in implied]
            for _, q, unit, implied_unit in sorted(found, key=lambda f: f[0]):
                rows.append(
                    {
                        "line_start": s.line_start,
                        "line_end": s.line_end,
                        "country": prose.chapter(s.line_start)[2],
                        "section": prose.section(s.line_start),
                        "footnote": u.footnote,
                        "figure": q.figure,
                        "qualifier": getattr(q, "qualifier", ""),
                        "number": q.number,
                        "unit": unit,
                        "implied_unit": implied_unit,
                        "counts": counts(unit or implied_unit, s.text),
                        "about": "; ".join(about),
                        "raw_text": s.text,
                    }
                )
    return Extracted(make_table(SOURCE_ID, "prose-figures", rows))


# --- refs-2014 --------------------------------------------------------------------------------

STUDY_TITLE = "Clusters au Maghreb"
# Uses of "2014" that are not the 2014 study: each must be found exactly once.
NOT_REFS = [
    ("the Creative Mediterranean programme was launched in 2014", r"lancé en 2014 pour"),
    ("the Stratégie d'Accélération Industrielle 2014-2020", r"période 2014-2020"),
]
CARD_DATE_RX = re.compile(r"Date de création\s*:\s*(?:\w+\s+)?2014\b")
TIME_RX = re.compile(r"\b(?:[Ee]n (?:5|cinq) ans|il y a (?:5|cinq) ans)\b")
MERGER_RX = re.compile(r"\bont fusionné\b")


def _phrase(text: str, start: int, min_len: int = 40) -> str:
    """The comma-separated piece of ``text`` holding ``start``, lengthened to ``min_len``."""
    bounds = [0, *[m.end() for m in re.finditer(r",\s+|;\s+|:\s+", text)], len(text) + 2]
    i = max(k for k, b in enumerate(bounds) if b <= start)
    j = i + 1
    while j < len(bounds) - 1 and len(text[bounds[i] : bounds[j]]) < min_len:
        j += 1
    return text[bounds[i] : bounds[j]].strip(" ,;:.").removeprefix("- ")


def extract_refs_2014(src: RawSource) -> Extracted:
    prose = Prose(src)
    rows, skipped = [], []
    not_refs = {why: [] for why, _ in NOT_REFS}
    for s in prose.sentences:
        anchor = re.search(r"2014", s.text)
        kind = ""
        if anchor:
            why = next((w for w, rx in NOT_REFS if re.search(rx, s.text)), None)
            if why:
                not_refs[why].append(s)
                continue
            in_note = s.unit.kind == "footnote"
            kind = "citation" if in_note and STUDY_TITLE in s.unit.text else "mention"
        elif TIME_RX.search(s.text):
            anchor, kind = TIME_RX.search(s.text), "time"
        elif MERGER_RX.search(s.text):
            anchor, kind = MERGER_RX.search(s.text), "implicit"
        if kind:
            rows.append(_ref_row(src, prose, s, kind, anchor.start()))
    for why, hits in not_refs.items():
        if len(hits) != 1:
            raise src.error(prose.start, f"one sentence where 2014 is {why}", f"{len(hits)}")
        skipped.append(f"line {hits[0].line_start}: {why}")
    # Beyond the prose, 2014 may only be a card's creation date.
    for n, line in src.numbered(prose.end + 1):
        if "2014" in line:
            if not CARD_DATE_RX.search(line):
                raise src.error(n, "2014 only as a card's 'Date de création'", repr(line[:80]))
            skipped.append(f"line {n}: creation date in an Annex 2 card")
    # A reference whose footnote call leads nowhere is kept, and said.
    missing = [
        f"footnote {call} called on line {r['line_start']} is missing"
        for r in rows
        if not r["footnote"]
        for call in pm.footnote_calls(r["raw_text"])
        if prose.footnote(call, r["line_start"]) is None
    ]
    note = "; ".join([*missing, "2014 not the 2014 study: " + "; ".join(skipped)])
    return Extracted(make_table(SOURCE_ID, "refs-2014", rows), note=note)


def _ref_row(src, prose, s, kind, anchor) -> dict:
    u = s.unit
    caller = prose.caller(u) if u.kind == "footnote" else None
    if u.kind == "footnote" and caller is None:
        raise src.error(u.line_start, f"a sentence calling footnote {u.footnote}", "none")
    if kind == "citation":
        # The footnote only names the study: what it says is where the call is.
        says = _phrase(caller.text, _call_position(caller.text, u.footnote))
    else:
        says = _phrase(s.text, anchor)
    line_end = s.line_end
    clusters = _cluster_names(prose, s)
    if kind == "implicit" and s.text.rstrip().endswith(":"):
        # "Plusieurs de ces clusters ont fusionné :" names them in the bullets that follow.
        bullets = [b for b in prose.units if b.kind == "bullet" and b.line_start > u.line_end]
        taken = []
        for b in bullets:
            if taken and b.line_start > taken[-1].line_end + 2:
                break
            taken.append(b)
        line_end = taken[-1].line_end if taken else line_end
        clusters = [n for b in taken for n in prose.names(b.text)]
    if not clusters and u.kind == "footnote":
        clusters = _footnote_list(src, prose, s) or _cluster_names(prose, caller, back=True)
    return {
        "line_start": s.line_start,
        "line_end": line_end,
        "kind": kind,
        "footnote": u.footnote,
        "says": says,
        "clusters": "; ".join(dict.fromkeys(clusters)),
        "called_from_line": str(caller.line_start) if caller else "",
        "called_from": caller.text if caller else "",
        "raw_text": s.text,
    }


def _call_position(text: str, number: str) -> int:
    """Where footnote ``number`` ("*" for an asterisk) is called in ``text``."""
    sup = "".join(pm.SUPERSCRIPTS[int(d)] for d in number) if number != "*" else None
    m = re.search(rf"{sup}(?![{pm.SUPERSCRIPTS}])" if sup else r"\w\*(?!\*)", text)
    return m.start() if m else 0


def _cluster_names(prose, s, back: bool = False) -> list[str]:
    """Clusters a sentence names; a bullet's lead; or, with ``back``, the last cluster named
    before it in its paragraph ("Ce dernier", "le cluster")."""
    names = [n for n in prose.names(s.text) if "luster" in n or n in prose.acronyms]
    if names or not back:
        return names
    if s.unit.kind == "bullet" and is_cluster_lead(bullet_lead(s.unit)):
        return [bullet_lead(s.unit)]
    for prev in reversed(pm.sentences(s.unit)[: s.index]):
        names = [n for n in prose.names(prev.text) if "luster" in n or n in prose.acronyms]
        if names:
            return names[-1:]
    return []


def _footnote_list(src, prose, s) -> list[str]:
    """'Ces projets ...' in a footnote: the projects listed after ':' in the sentence before,
    checked against the count that sentence announces ('trois projets de clusters dans :')."""
    if not s.text.startswith("Ces ") or s.index == 0:
        return []
    prev = pm.sentences(s.unit)[s.index - 1]
    m = re.search(
        rf"\b(?P<n>{pm.COUNT_WORD}) projets de clusters dans\s*:\s*(?P<list>.+?)\.?$",
        prev.text,
    )
    if not m:
        return []
    items = [i for i in re.split(r",\s*et\s+|,\s+|\s+et\s+", m.group("list")) if i]
    if len(items) != count_of(m.group("n")):
        raise src.error(
            prev.line_start, f"{m.group('n')} projects listed as announced", f"{len(items)}"
        )
    return items


TABLES = {
    "prose-creative": extract_creative,
    "prose-partnerships": extract_partnerships,
    "prose-figures": extract_figures,
    "refs-2014": extract_refs_2014,
}
