"""Cluster-to-partner links from the identity cards and the cooperation chapter.

The cards give the level themselves (national, Euro-Mediterranean, extra-regional). The
cooperation chapter names the partner's country: the level is read from it by the rule below.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse

COLUMNS = [
    "cluster_id",
    "partner",
    "partner_country",
    "level",
    "kind",
    "source_id",
    "table_id",
    "line_start",
    "line_end",
    "raw_text",
]
# The Euro-Mediterranean level of the cards (ipemed-2019 Annex 2) covers Europe and the
# Mediterranean rim; the chapter names only these partner countries.
EURO_MEDITERRANEAN = {"France", "Italie", "Espagne", "Portugal", "Allemagne", "Belgique"}
COUNTRY_NAMES = {"MA": "Maroc", "DZ": "Algérie", "TN": "Tunisie"}


def level_of(cluster_country: str, partner_country: str) -> str:
    if not partner_country:
        return ""
    if partner_country == COUNTRY_NAMES.get(cluster_country):
        return "national"
    if partner_country in EURO_MEDITERRANEAN | set(COUNTRY_NAMES.values()):
        return "euro-mediterranean"
    return "extra-regional"


def _mention_clusters(mentions: pd.DataFrame, table_id: str, column: str) -> dict[int, str]:
    """Row of an extracted table -> the cluster its ``column`` names (resolved mentions)."""
    hit = mentions[(mentions["source_id"] == "ipemed-2019") & (mentions["table_id"] == table_id)]
    out = {}
    for m in hit.itertuples(index=False):
        _, _, row, col = m.mention_id.split(":")
        if col == column:
            out[int(row)] = m.cluster_id
    return out


def build_partnerships(extracted_dir: str | Path, mentions: pd.DataFrame) -> pd.DataFrame:
    base = Path(extracted_dir) / "ipemed-2019"
    cards = read_csv(base / "cards.csv")
    card_rows = {
        title: i for i, title in enumerate(cards["card_title"])
    }  # card title -> its row in cards.csv
    card_cluster = _mention_clusters(mentions, "cards", _card_name_column(mentions))
    rows = []
    for r in _whole_partners(read_csv(base / "card-cooperations.csv")).itertuples(index=False):
        rows.append(
            {
                "cluster_id": card_cluster[card_rows[r.card_title]],
                "partner": collapse(r.partner),
                "partner_country": "",
                "level": r.level,
                "kind": "identity card",
                "source_id": r.source_id,
                "table_id": r.table_id,
                "line_start": int(r.line_start),
                "line_end": int(r.line_end),
                "raw_text": r.raw_text,
            }
        )
    prose = read_csv(base / "prose-partnerships.csv")
    prose_cluster = _mention_clusters(mentions, "prose-partnerships", "cluster_a")
    for i, r in enumerate(prose.itertuples(index=False)):
        cluster_id = prose_cluster.get(i)
        if cluster_id is None:
            continue  # not a cluster of the registry (e.g. the France Clusters network)
        rows.append(
            {
                "cluster_id": cluster_id,
                "partner": collapse(r.partner_b),
                "partner_country": r.country_b,
                "level": level_of(cluster_id[:2].upper(), r.country_b),
                "kind": r.kind,
                "source_id": r.source_id,
                "table_id": r.table_id,
                "line_start": int(r.line_start),
                "line_end": int(r.line_end),
                "raw_text": r.raw_text,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(
        ["cluster_id", "source_id", "table_id", "line_start", "partner"], ignore_index=True
    )


def _whole_partners(pieces: pd.DataFrame) -> pd.DataFrame:
    """The extractor cuts a card's cooperation line at its commas; a piece that starts in
    lower case ('espagnols', 'axé sur les énergies renouvelables') continues the partner
    before it on the same line, so it is joined back to it rather than counted as a partner."""
    out = []
    for r in pieces.to_dict("records"):
        prev = out[-1] if out else None
        continues = r["partner"][:1].islower() and prev is not None
        if continues and (prev["card_title"], prev["level"], prev["line_start"]) == (
            r["card_title"],
            r["level"],
            r["line_start"],
        ):
            prev["partner"] = f"{prev['partner']}, {r['partner']}"
        else:
            out.append(dict(r))
    return pd.DataFrame(out, columns=pieces.columns)


def _card_name_column(mentions: pd.DataFrame) -> str:
    cols = {m.split(":")[3] for m in mentions.loc[mentions["table_id"] == "cards", "mention_id"]}
    if len(cols) != 1:
        raise ValueError(f"expected the cards to be named by one column, found {sorted(cols)}")
    return cols.pop()
