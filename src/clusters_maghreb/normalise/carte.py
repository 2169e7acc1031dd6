"""The 'Carte des clusters' tables of ipemed-2019 as one typed table.

Each raw row says its status by an 'oui' in one of three columns, its sector by an IPEMED code,
its partnerships by 'oui' in Nord/Sud, and its territory by which of two columns holds the
location; a trailing '*' on the location marks it as provisional (the study's legend).
"""

from __future__ import annotations

import re

import pandas as pd

from clusters_maghreb.errors import SourceLayoutError

STATUS_COLUMNS = {"constitue": "constituted", "emergent": "emergent", "attendu": "expected"}
TERRITORY_COLUMNS = {"territoire_enracine": "rooted", "territoire_construit": "constructed"}
ACRONYM_RX = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()]+)\)$")

COLUMNS = [
    "country",
    "cluster",
    "acronym",
    "status",
    "sector_code",
    "sector_label",
    "partner_north",
    "partner_south",
    "territory",
    "location",
    "location_provisional",
    "source_id",
    "table_id",
    "line_start",
    "line_end",
    "raw_text",
]


def _fail(row, expected: str, found: str) -> SourceLayoutError:
    return SourceLayoutError(f"data/raw/{row.source_id}.txt", int(row.line_start), expected, found)


def _yes(row, column: str) -> bool:
    value = getattr(row, column)
    if value not in ("", "oui"):
        raise _fail(row, f"'oui' or an empty cell in column {column}", repr(value))
    return value == "oui"


def normalise_carte(raw: pd.DataFrame, country: str, legend: pd.DataFrame) -> pd.DataFrame:
    """Type one country's extracted carte rows; ``legend`` is the extracted carte-legend."""
    sectors = legend[(legend["country"] == country) & (legend["kind"] == "sector")]
    labels = dict(zip(sectors["key"], sectors["meaning"], strict=True))
    out = []
    for row in raw.itertuples(index=False):
        statuses = [s for col, s in STATUS_COLUMNS.items() if _yes(row, col)]
        if len(statuses) != 1:
            raise _fail(row, "'oui' in exactly one of Constitué/Emergent/Attendu", str(statuses))
        if row.activite not in labels:
            raise _fail(row, f"a sector code in the legend {sorted(labels)}", repr(row.activite))
        places = [(t, getattr(row, col)) for col, t in TERRITORY_COLUMNS.items()]
        places = [(t, v) for t, v in places if v]
        if len(places) != 1:
            raise _fail(row, "a location in exactly one territory column", str(places))
        territory, location = places[0]
        name, acronym = row.cluster, ""
        if m := ACRONYM_RX.match(row.cluster):
            name, acronym = m["name"], m["acronym"]
        out.append(
            {
                "country": country,
                "cluster": name,
                "acronym": acronym,
                "status": statuses[0],
                "sector_code": int(row.activite),
                "sector_label": labels[row.activite],
                "partner_north": _yes(row, "partenariat_nord"),
                "partner_south": _yes(row, "partenariat_sud"),
                "territory": territory,
                "location": location.rstrip("*").strip(),
                "location_provisional": location.endswith("*"),
                "source_id": row.source_id,
                "table_id": row.table_id,
                "line_start": int(row.line_start),
                "line_end": int(row.line_end),
                "raw_text": row.raw_text,
            }
        )
    return pd.DataFrame(out, columns=COLUMNS)
