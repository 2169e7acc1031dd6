"""The report's languages: one message catalog for every label the notebooks print, and the
way each language writes numbers.

English is the source language: notebooks write their tables and figures in English, and
``tables.write`` and ``figures.save`` also write a copy in every other language of the catalog
(``results/tables/<lang>/``, ``results/figures/<lang>/``), translating through
``locale/<lang>/LC_MESSAGES/clusters_maghreb.po`` (gettext's format, read with Babel):
- a text that is a msgid gets its msgstr;
- a msgid may hold ``{name}`` fields ("Clusters of {country} per reference year"): a text it
  matches gets the msgstr with each field's value translated in turn;
- a number is written the language's way (Babel: 31,2 in French, thin space between
  thousands from five digits up, so that years stay 2019);
- any other text (a cluster's name, a source's own words) is kept as it is.
English has a catalog too, for the few French labels of the study that the English edition
names in English (the IPEMED sectors).
"""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from babel.numbers import format_decimal

SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "clusters_maghreb"
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
FIELD = re.compile(r"\{([a-z_]+)\}")
# Fields of these names match a number only ("{n} of {total}"), any other field any text.
NUMERIC_FIELDS = {"n", "total", "year", "stated", "inferred"}
NUMERIC_FIELD = r"[\d\u2212-][\d.,\u202f]*"
# Fields of these names match one clause, never across a ';' ("{clause}; {rest}" splits a
# list of computations, "{computed}, claimed {claimed}" reads one of them).
CLAUSE_FIELDS = {"clause", "computed", "claimed"}
CLAUSE_FIELD = r"[^;]*?[^;\s]"  # a French ' ; ' is already written: not split again
SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z0-9])")
NUMBER = re.compile(r"^[-\u2212]?\d+(?:\.\d+)?$")
DECIMAL_IN_TEXT = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
PERCENT_IN_TEXT = re.compile(r"(\d)%")
# an approximate or bounded count of five digits or more ('≈22000', '≥12000'); other digit
# runs in a text may be ids (a GeoNames id) and keep their digits
LARGE_IN_TEXT = re.compile(r"(?<=[≈≥≤~])(\d{5,})(?![\w.,])")


# The French of the reference tables' rationales (data/reference/*.csv), keyed by their English
# text, kept apart from the labels: an edited rationale loses its French until it is given anew.
REFERENCE_DOMAIN = "reference"


def catalog_path(lang: str, domain: str = DOMAIN) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def translates(lang: str) -> bool:
    """Whether ``lang`` has a catalog. English has one too, for the study's own French labels
    (its sector names) that the English edition shows in English."""
    return catalog_path(lang).exists()


def languages() -> list[str]:
    """English and every language the catalog has a translation file for."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE]]


@cache
def messages(lang: str, domain: str = DOMAIN) -> dict[str, str]:
    """msgid -> msgstr of a language's catalog (plural entries under their singular)."""
    path = catalog_path(lang, domain)
    if domain != DOMAIN and not path.exists():
        return {}
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=LOCALES[lang], domain=domain)
    out = {}
    for message in catalog:
        if not message.id:
            continue
        if not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            raise ValueError(f"{path}: msgid {message.id!r} has no translation (msgstr is empty)")
        out[message.id if isinstance(message.id, str) else message.id[0]] = message.string
    return out


@cache
def _templates(lang: str) -> list[tuple[re.Pattern, str, list[str]]]:
    out = []
    for msgid, msgstr in messages(lang).items():
        if isinstance(msgstr, str) and FIELD.search(msgid):
            parts, at, names = [], 0, []
            for m in FIELD.finditer(msgid):
                value = (
                    NUMERIC_FIELD
                    if m.group(1) in NUMERIC_FIELDS
                    else CLAUSE_FIELD
                    if m.group(1) in CLAUSE_FIELDS
                    else ".+?"
                )
                parts += [re.escape(msgid[at : m.start()]), f"(?P<{m.group(1)}>{value})"]
                names.append(m.group(1))
                at = m.end()
            parts.append(re.escape(msgid[at:]))
            out.append((re.compile("^" + "".join(parts) + "$", re.S), msgstr, names, msgid))
    # the most specific first: the template with the most literal text, then by msgid
    out.sort(key=lambda t: (-len(FIELD.sub("", t[3])), t[3]))
    return [t[:3] for t in out]


def number(value, lang: str, decimals: int | None = None) -> str:
    """A number as the language writes it; integers under 10 000 ungrouped (years)."""
    value = float(value)
    if decimals is None:
        decimals = 0 if value == int(value) else len(repr(value).split(".")[1])
    if abs(value) < 10_000:
        pattern = "0" + ("." + "0" * decimals if decimals else "")
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def gettext(text: str, lang: str) -> str:
    """The exact msgid's translation; a text the catalog lacks is an error (for labels the
    code itself writes, which must all be in the catalog)."""
    if lang == SOURCE_LANGUAGE:
        return messages(lang).get(text, text) if translates(lang) else text
    table = messages(lang)
    if text not in table:
        raise LookupError(f"{catalog_path(lang)}: no msgid {text!r}; add it with its translation")
    value = table[text]
    return value if isinstance(value, str) else value[0]


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """'1 cluster' / '3 clusters' in any language: the form that agrees with ``n``, with
    ``{n}`` replaced by the number written the language's way."""
    if lang == SOURCE_LANGUAGE:
        form = singular if n == 1 else plural
    else:
        forms = messages(lang).get(singular)
        if not isinstance(forms, tuple):
            raise LookupError(
                f"{catalog_path(lang)}: no plural msgid {singular!r}; add it with msgid_plural"
            )
        # French: the singular for 0 and 1 (CLDR); the catalog's Plural-Forms says the same
        form = forms[0] if abs(n) < 2 else forms[1]
    return form.replace("{n}", number(n, lang))


def localise(text, lang: str):
    """A label of a table or figure in ``lang`` (see the module's docstring)."""
    if not translates(lang) or not isinstance(text, str) or not text.strip():
        return text
    table = messages(lang)
    if text in table and isinstance(table[text], str):
        return table[text]
    if NUMBER.match(text):
        sign = "\u2212" if text.startswith("\u2212") else ""
        return sign + number(text.removeprefix("\u2212"), lang)
    if "\n" in text:
        # a sentence wrapped over lines: translated whole and wrapped again as wide, else
        # line by line
        whole = " ".join(text.split("\n"))
        translated = localise(whole, lang)
        if translated == _numbers_in_text(whole, lang):
            # sentences after one another: each translated on its own
            translated = " ".join(localise(x, lang) for x in SENTENCE_END.split(whole))
        if translated != _numbers_in_text(whole, lang):
            width = max(len(line) for line in text.split("\n"))
            return "\n".join(textwrap.wrap(translated, width=width, break_on_hyphens=False))
        return "\n".join(localise(line, lang) for line in text.split("\n"))
    for rx, msgstr, names in _templates(lang):
        if m := rx.match(text):
            return msgstr.format(**{n: localise(m.group(n), lang) for n in names})
    return _numbers_in_text(text, lang)


def _numbers_in_text(text: str, lang: str) -> str:
    """Decimals, percents and approximate large counts inside a kept text ('5 (31.2%)',
    '≈22000'), written the language's way."""
    text = LARGE_IN_TEXT.sub(lambda m: number(m.group(1), lang), text)
    if lang == "fr":
        text = DECIMAL_IN_TEXT.sub(r"\1,\2", text)
        text = PERCENT_IN_TEXT.sub("\\1\u202f%", text)
    return text


# -- Sources by the names a reader finds in the bibliography, not by their ids -------------------
_SOURCE_NAMES: dict[str, str] = {}
LINE_WORDS = {"en": ("line", "lines"), "fr": ("ligne", "lignes")}
SPANS = r"\d+(?:[-\u2013]\d+)?(?:(?:, ?| and | et )\d+(?:[-\u2013]\d+)?)*"


# The sources' tables (extract's table ids) as a reader names them, in English; French in the
# catalog. ``readable`` writes them after their source ('Pommier (2019), identity cards').
TABLE_NAMES = {
    "cards": "identity cards",
    "card-fields": "identity cards",
    "card-cooperations": "identity cards (cooperation)",
    "annex-list": "Annex 2 list",
    "annex-1-people": "Annex 1",
    "carte": "Carte des clusters",
    "carte-ma": "Carte des clusters",
    "carte-dz": "Carte des clusters",
    "carte-tn": "Carte des clusters",
    "carte-legend": "legend of the Carte des clusters",
    "prose": "text",
    "prose-figures": "figures in the text",
    "prose-creative": "section on the creative industries",
    "prose-partnerships": "cooperation chapter",
    "list-dz-afd-projects": "list of AFD projects",
    "list-dz-constituted": "list of constituted clusters",
    "list-dz-emerging": "list of emerging clusters",
    "list-ma-contract-clusters": "list of clusters under contract",
    "list-ma-contract-indicators": "list of contract indicators",
    "list-ma-expected": "list of expected clusters",
    "list-ma-mergers": "list of mergers",
    "list-mr-projects": "list of Mauritanian projects",
    "list-tn-categories": "list of categories",
    "list-tn-category-members": "members of the categories",
    "list-tn-forming": "list of clusters being formed",
    "list-tn-pcb-clusters": "clusters of the Bizerte pole",
    "list-tn-poles": "list of competitiveness poles",
    "refs-2014": "references to the 2014 study",
    "snapshot-2014": "2014 reconstruction",
    "table-1": "Table 1",
    "table-2": "Table 2",
    "table-3": "Table 3",
    "clusters": "list of clusters",
    "clusters-in-creation": "clusters in creation",
    "pilot-clusters-1995": "pilot clusters of 1995",
    "figures": "figures in the text",
}


def use_source_names(names: dict[str, str]) -> None:
    """Name the sources as ``names`` says (source id -> 'Pommier (2019)') wherever
    ``readable`` is applied: every table and figure a notebook writes, and the annexes."""
    _SOURCE_NAMES.clear()
    _SOURCE_NAMES.update(names)


@cache
def _source_ref(ids: tuple[str, ...]) -> re.Pattern:
    # an id, then perhaps its table ('/<table>' or ' <table>', or tables in brackets,
    # '(cards vs carte)'), then perhaps its lines (':<lines>', ' lines <lines>', ' l. <lines>')
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    tables = "|".join(re.escape(t) for t in sorted(TABLE_NAMES, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w/-])(?P<id>{alternatives})"
        rf"(?:/(?P<path>[\w*-]+)|(?: (?P<table>{tables})| \((?P<tables>(?:{tables})"
        rf"(?: vs (?:{tables}))?)\))(?![\w-]))?"
        rf"(?:(?::|,? (?:lines?|lignes?) | l\. )(?P<lines>{SPANS}))?"
        rf"(?: \((?P<after>{tables})\))?(?![\w-])(?!\.\w)"
    )


def table_name(table_id: str, lang: str) -> str:
    """A source's table as a reader names it ('cards' -> 'identity cards')."""
    return localise(TABLE_NAMES[table_id], lang) if table_id in TABLE_NAMES else ""


def readable(text, lang: str):
    """``text`` with every source id written as the source's name, its table id dropped and
    its lines cited in ``lang`` ('ipemed-2019:410-417' -> 'Pommier (2019), lines 410-417';
    'ipemed-2019/carte-ma' -> 'Pommier (2019)'). A text without source ids is returned as is."""
    if not _SOURCE_NAMES or not isinstance(text, str):
        return text
    line_words = LINE_WORDS.get(lang, LINE_WORDS["en"])

    def name(m: re.Match) -> str:
        out = _SOURCE_NAMES[m.group("id")]
        tables = m.group("tables") or m.group("table") or m.group("path") or ""
        words = [table_name(t, lang) for t in tables.split(" vs ")]
        if any(words):
            out += ", " + f" {localise('vs', lang)} ".join(w for w in words if w)
        if lines := m.group("lines"):
            many = any(c in lines for c in "-\u2013,") or " and " in lines or " et " in lines
            if lang == "fr":
                lines = lines.replace(" and ", " et ")
            out += f", {line_words[1] if many else line_words[0]} {lines}"
        if m.group("after"):
            out += f" ({table_name(m.group('after'), lang)})"
        return out

    ids = tuple(_SOURCE_NAMES)
    # ids written one after another ('ecomnews-2020 ipemed-2019'): names in a list with ';'
    text = _source_run(ids).sub(r"\g<id>; ", text)
    return _source_ref(ids).sub(name, text)


@cache
def _source_run(ids: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w/-])(?P<id>{alternatives}) +(?=(?:{alternatives})(?![\w-]))")
