"""ecomnews-2020: the bulleted list of Moroccan clusters, and every figure of the article."""

from __future__ import annotations

import re

from clusters_maghreb.extract.prose_list import sentence_at
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.records import make_table
from clusters_maghreb.extract.registry import Extracted

SOURCE_ID = "ecomnews-2020"

LIST_INTRO_RX = r"^Voici un panorama des clusters existants :"
BULLET_RX = re.compile(r"^\s*•\s*(?P<item>\S.*?)\s*$")
# "Cluster des Textiles Techniques Marocains ( C2TM )": a name, then an acronym in brackets.
ACRONYM_RX = re.compile(r"^(?P<name>.+?)\s*\(\s*(?P<acronym>[^()]+?)\s*\)$")
# The article states no count for its list. 13 is the count SOURCES.md records for this file
# (the 13 clusters marked "constitué" in ipemed-2019's Carte des clusters marocains, which
# this article follows): checked so that a lost item cannot go unnoticed, but not reported
# as `announced`, which is for counts the source itself states.
EXPECTED_ITEMS = 13


def extract_clusters(src: RawSource) -> Extracted:
    intro = src.find(LIST_INTRO_RX, what="the sentence introducing the list of clusters")
    n = intro + 1
    while n <= len(src) and not src.line(n).strip():  # blank lines here hold a no-break space
        n += 1
    records = []
    while n <= len(src) and (m := BULLET_RX.match(src.line(n))):
        named = ACRONYM_RX.match(m["item"])
        records.append(
            {
                "line_start": n,
                "line_end": n,
                "item": m["item"],
                "name": named["name"] if named else m["item"],
                "acronym": named["acronym"] if named else "",
                "raw_text": src.line(n),
            }
        )
        n += 1
    if len(records) != EXPECTED_ITEMS:
        raise src.error(
            intro,
            f"{EXPECTED_ITEMS} bulleted clusters under the list's introduction",
            f"{len(records)} (the list ends at line {n}: {src.line(n)[:60]!r})"
            if n <= len(src)
            else f"{len(records)}",
        )
    return Extracted(
        make_table(SOURCE_ID, "clusters", records),
        note=f"the article states no count; {EXPECTED_ITEMS} is the count SOURCES.md records",
    )


# Every figure of the text: (anchor with the figure as group "fig", kind, unit, what).
# Each anchor must match exactly one line, and `extract_figures` fails on any number in the
# file that no anchor covers, so a figure cannot be silently missed.
FIGURES = [
    (r"^(?P<fig>lundi 2 mars 2020) Dernière", "date", "day", "date of publication"),
    (
        r"Dernière mise à jour le (?P<fig>Lundi 2 Mars 2020 à 08:40)",
        "date",
        "day and time",
        "last update of the article",
    ),
    (
        r"Sont attendus à l’heure actuelle (?P<fig>deux) nouveaux clusters",
        "count",
        "clusters",
        "new automotive clusters expected (plastics, batteries) in Casablanca and Marrakech",
    ),
    (
        r"document stratégique Vision (?P<fig>2020)",
        "year",
        "year",
        "horizon of the strategy document Vision 2020",
    ),
    (
        r"sur la base de (?P<fig>huit) territoires",
        "count",
        "territoires",
        "territories on which the tourism sector is to be clustered",
    ),
    (
        r"Au total, ces (?P<fig>deux) groupements",
        "count",
        "clusters",
        "the Textile de maison and Design d'intérieur clusters (Creative Mediterranean)",
    ),
    (
        r"représentent (?P<fig>environ 29000) employés",
        "count",
        "employés",
        "employees of the Textile de maison and Design d'intérieur clusters together",
    ),
    (r"depuis (?P<fig>2008) il est passé", "year", "year", "CE3M: start of its growth"),
    (r"il est passé de (?P<fig>6) à \d+", "count", "adhérents", "CE3M members in 2008"),
    (
        r"passé de \d+ à (?P<fig>80) adhérents",
        "count",
        "adhérents",
        "CE3M members at the time of writing",
    ),
    (
        r"accompagné (?P<fig>une vingtaine) de startups",
        "count",
        "startups",
        "startups supported by CE3M",
    ),
    (
        r"mobilisé (?P<fig>38 millions) de dirhams",
        "amount",
        "dirhams",
        "funds CE3M mobilised on the projects carried out",
    ),
]

# Digits (not inside a word such as CE3M), and French number words. "un"/"une" are left out:
# they are mostly articles ("un recensement"); "une vingtaine" is caught by "vingtaine".
NUMBER_RX = re.compile(
    r"\b\d[\d:.,]*\b|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize"
    r"|quatorze|quinze|seize|vingt|vingtaine|trente|quarante|cinquante|soixante|cent|centaine"
    r"|mille|millions?|milliards?|dizaine)\b",
    re.IGNORECASE,
)
# A sentence ends at . ! or ? followed by a space and a capital or an opening quote.
SENTENCE_OPENER = r"[A-ZÀ-Ý«]"


def extract_figures(src: RawSource) -> Extracted:
    records = []
    covered: set[tuple[int, int]] = set()  # (line, character) inside a declared figure
    missing = []
    for anchor, kind, unit, what in FIGURES:
        found = src.find_all(anchor)
        if len(found) > 1:
            raise src.error(found[1], f"one line matching /{anchor}/ ({what})", "a second one")
        if not found:
            missing.append(f"/{anchor}/ ({what})")
            continue
        n = found[0]
        m = re.search(anchor, src.line(n))
        covered |= {(n, i) for i in range(*m.span("fig"))}
        records.append(
            {
                "line_start": n,
                "line_end": n,
                "figure": m["fig"],
                "kind": kind,
                "unit": unit,
                "what": what,
                "sentence": sentence_at(src.line(n), m.start("fig"), SENTENCE_OPENER),
                "raw_text": src.line(n),
            }
        )
    for n, text in src.numbered():
        for m in NUMBER_RX.finditer(text):
            if not all((n, i) in covered for i in range(*m.span())):
                raise src.error(n, "only the figures declared in FIGURES", f"{m[0]!r} in {text!r}")
    # Checked after the scan above, which points at the line of a figure that was reworded.
    if missing:
        raise src.error(None, f"a line matching {missing[0]}", "none")
    records.sort(key=lambda r: r["line_start"])
    return Extracted(make_table(SOURCE_ID, "figures", records))


TABLES = {"clusters": extract_clusters, "figures": extract_figures}
