"""ipemed-2019: the three 'Carte des clusters' tables and their legend."""

from __future__ import annotations

import re

from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.records import make_table
from clusters_maghreb.extract.registry import Extracted
from clusters_maghreb.extract.tab_table import read_tab_rows

SOURCE_ID = "ipemed-2019"

CARTE_COLUMNS = [
    "cluster",
    "constitue",
    "emergent",
    "attendu",
    "activite",
    "partenariat_nord",
    "partenariat_sud",
    "territoire_enracine",
    "territoire_construit",
]
CARTE_HEADER = ["ETAT", "ACTIVITÉ", "PARTENARIATS", "POSITIONNEMENT GÉOGRAPHIQUE"]
CARTE_SUBHEADER = [
    "Constitué",
    "Emergent",
    "Attendu",
    "Nord",
    "Sud",
    "Territoire enraciné",
    "Territoire construit",
]
# The study's title for each country table, and the country word of its header row.
CARTES = {
    "MA": ("Carte des clusters marocains", "CLUSTERS MAROCAINS"),
    "DZ": ("Carte des clusters algériens", "CLUSTERS ALGERIENS"),
    "TN": ("Carte des clusters tunisiens", "CLUSTERS TUNISIENS"),
}


def carte_table_id(country: str) -> str:
    return f"carte-{country.lower()}"


def extract_carte(src: RawSource, country: str) -> Extracted:
    title, corner = CARTES[country]
    rows = read_tab_rows(
        src, title, [corner, *CARTE_HEADER], CARTE_SUBHEADER, width=len(CARTE_COLUMNS)
    )
    records = []
    for n, cells in rows:
        if not cells[0]:
            raise src.error(n, "a cluster name in the first cell", "an empty cell")
        records.append(
            {
                "line_start": n,
                "line_end": n,
                **dict(zip(CARTE_COLUMNS, cells, strict=True)),
                "raw_text": src.line(n),
            }
        )
    return Extracted(make_table(SOURCE_ID, carte_table_id(country), records))


LEGEND_RX = re.compile(r"(\d)\s*:\s*(.+?)(?=\s+\d\s*:|$)")
STATUS_RX = re.compile(r"▪\s*(Constitué|Emergent|Attendu)\s*:\s*([^▪<]+)")
TERRITORY_RX = re.compile(r"▪\s*(Territoire enraciné|Territoire construit)\s*:\s*([^▪<]+)")


def extract_legend(src: RawSource) -> Extracted:
    """The legend under each country table: sector codes, formalisation degrees, territory.

    One row per (country table, legend entry); the three legends are nearly identical and kept
    apart so that any difference between them stays visible.
    """
    records = []
    for country, (title, _) in CARTES.items():
        start = src.find(rf"^{title}\s*$", what=f"the title {title!r}")
        head = src.find(r"LÉGENDE", start, what=f"the LÉGENDE of {title!r}")
        body = head + 1
        if "1" not in src.line(body) and "1" in src.line(head):
            body = head  # the Tunisian legend puts the codes on the LÉGENDE line itself
        if "SECTEUR" not in src.line(head) and "SECTEUR" not in src.line(head - 1):
            raise src.error(head, "a legend header with SECTEUR", repr(src.line(head)))
        cells = [c.strip() for c in src.line(body).split("\t")]
        cells = [c for c in cells if c and c != "LÉGENDE"]
        if len(cells) != 3:
            raise src.error(
                body, "3 legend cells (sector, formalisation, location)", f"{len(cells)}"
            )
        sector, status, territory = cells
        entries = [("sector", m[0], m[1].strip()) for m in LEGEND_RX.findall(sector)]
        entries += [
            ("status", m[0], m[1].strip().rstrip(".").strip()) for m in STATUS_RX.findall(status)
        ]
        entries += [
            ("territory", m[0], m[1].strip().rstrip(".").strip())
            for m in TERRITORY_RX.findall(territory)
        ]
        kinds = [e[0] for e in entries]
        if (kinds.count("sector"), kinds.count("status"), kinds.count("territory")) != (7, 3, 2):
            raise src.error(
                body, "7 sector codes, 3 degrees of formalisation, 2 territories", f"{kinds}"
            )
        lines = (head, body)
        for kind, key, meaning in entries:
            records.append(
                {
                    "line_start": min(lines),
                    "line_end": max(lines),
                    "country": country,
                    "kind": kind,
                    "key": key,
                    "meaning": meaning,
                    "raw_text": src.line(body),
                }
            )
        for m in src.find_all(r"^\* Localisation provisoire", start, head + 6):
            records.append(
                {
                    "line_start": m,
                    "line_end": m,
                    "country": country,
                    "kind": "marker",
                    "key": "*",
                    "meaning": "Localisation provisoire",
                    "raw_text": src.line(m),
                }
            )
    return Extracted(make_table(SOURCE_ID, "carte-legend", records))


TABLES = {
    **{carte_table_id(c): (lambda src, c=c: extract_carte(src, c)) for c in CARTES},
    "carte-legend": extract_legend,
}
