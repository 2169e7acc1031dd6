"""ipemed-2019 Annex 1: the people the study met or interviewed, one row per person.

Each item reads "<title> <Name>, <role and organisation, as written>, <country> ;": the title
(M., Mme, Dr.) and the country are split off; what lies between is kept as the study writes it,
since the study does not always separate a person's role from the body they work for.
"""

from __future__ import annotations

import re

from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.records import make_table
from clusters_maghreb.extract.registry import Extracted

SOURCE_ID = "ipemed-2019"
TABLE_ID = "annex-1-people"
# Countries as the annex writes them, and their ISO 3166-1 alpha-2 codes.
COUNTRIES = {"Algérie": "DZ", "France": "FR", "Maroc": "MA", "Tunisie": "TN"}
# The name ends with the surname in capitals ("Leïla Dougguï BEN SALEM"); one item lacks the
# comma after it ("Olivier PRADET Directeur, ..."), so the capitals, not the comma, end it.
CAPS = r"[A-ZÀ-Ý][A-ZÀ-Ý'-]+"
ITEM = re.compile(
    rf"^(?P<title>M\.|Mme\.?|Dr\.)\s+(?P<name>(?:[^,]*?\s)?{CAPS}(?:\s{CAPS})*)[,\s]\s*"
    r"(?P<affiliation>.+?),\s*(?P<country>[^,;.]+?)\s*[;.]$"
)


def extract_people(src: RawSource) -> Extracted:
    head = src.find(r"^ANNEXE 1\s*$", what="the heading ANNEXE 1")
    start = src.find(r"^Personnes rencontrées", head, head + 3, what="its title") + 1
    end = src.find(r"^ANNEXE 2\s*$", start, what="the heading ANNEXE 2")
    rows = []
    for n, text in src.numbered(start, end - 1):
        line = text.strip()
        if not line or line.startswith("A ces différentes personnes"):
            continue
        m = ITEM.match(line)
        if not m:
            raise src.error(n, "'<title> <Name>, <role, organisation>, <country> ;'", repr(line))
        if m["country"] not in COUNTRIES:
            raise src.error(n, f"a country among {sorted(COUNTRIES)}", repr(m["country"]))
        rows.append(
            {
                "line_start": n,
                "line_end": n,
                "title": m["title"],
                "name": m["name"].strip(),
                "affiliation": m["affiliation"].strip(),
                "country": m["country"],
                "country_code": COUNTRIES[m["country"]],
                "raw_text": text,
            }
        )
    return Extracted(make_table(SOURCE_ID, TABLE_ID, rows))


TABLES = {TABLE_ID: extract_people}
