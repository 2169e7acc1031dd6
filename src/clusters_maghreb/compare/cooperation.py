"""Cooperation: the clusters' partnerships (identity cards and the cooperation chapter of
ipemed-2019, ``data/processed/partnerships.csv``) counted by country and level, and laid out
as a deterministic two-column network.

A partner is an entity of ``data/reference/partners.csv``: the spellings of one partner already
share its ``partner_id`` (``data/reference/partner_aliases.csv``), so links are grouped by it.
"""

from __future__ import annotations

import pandas as pd

from clusters_maghreb.constants import COUNTRY_NAMES

LEVELS = {
    "national": "National",
    "euro-mediterranean": "Euro-Mediterranean",
    "extra-regional": "Extra-regional",
}
COUNTRIES = COUNTRY_NAMES
# Partners that are not one named entity: a country with no partner in it named, a group none
# of whose members is named. They are links the cards give, counted apart from named partners.
UNNAMED_KINDS = ("country", "unnamed group")


def links(partnerships: pd.DataFrame) -> pd.DataFrame:
    """One row per (cluster, level, partner): ``cluster_id, country, level, key, partner,
    partner_kind, partner_cluster_id, stage, mentions``; ``key`` is the ``partner_id``,
    ``stage`` is ``current`` when any mention of the link is, and ``mentions`` counts the
    places that name it (a card and the chapter may both)."""
    p = partnerships.assign(
        country=partnerships["cluster_id"].str[:2].str.upper(),
        key=partnerships["partner_id"],
    )
    out = (
        p.groupby(["cluster_id", "country", "level", "key"], sort=True)
        .agg(
            partner=("partner", "first"),
            partner_kind=("partner_kind", "first"),
            partner_cluster_id=("partner_cluster_id", "first"),
            stage=("stage", lambda s: "current" if (s == "current").any() else "planned"),
            mentions=("partner", "size"),
        )
        .reset_index()
    )
    return out[
        [
            "cluster_id",
            "country",
            "level",
            "key",
            "partner",
            "partner_kind",
            "partner_cluster_id",
            "stage",
            "mentions",
        ]
    ]


def counts(links: pd.DataFrame, countries: list[str]) -> pd.DataFrame:
    """Per country and level (every level of every country in ``countries``, zero where no
    source gives any): clusters with at least one partner, links, distinct partners, and
    distinct named partners (not a country alone, not an unnamed group)."""
    rows = []
    for country in countries:
        for level in LEVELS:
            sub = links[(links["country"] == country) & (links["level"] == level)]
            rows.append(
                {
                    "country": country,
                    "level": level,
                    "clusters": int(sub["cluster_id"].nunique()),
                    "links": int(len(sub)),
                    "partners": int(sub["key"].nunique()),
                    "named": int(
                        sub.loc[~sub["partner_kind"].isin(UNNAMED_KINDS), "key"].nunique()
                    ),
                }
            )
    return pd.DataFrame(rows)


def layout(links: pd.DataFrame, min_shared: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Positions for a two-column drawing: clusters on the left (grouped by country, then by
    id), partners on the right grouped by level. A partner linked to at least ``min_shared``
    clusters is a node of its own; the others of a level are pooled into one node per level.

    Returns ``(nodes, edges)``: nodes ``node, side, group, label, y, weight``; edges
    ``cluster_id, node, weight`` (weight = number of partners the edge stands for)."""
    degree = links.groupby(["level", "key"])["cluster_id"].nunique()
    shared = degree[degree >= min_shared]
    node = [
        f"{level}:{key}" if (level, key) in shared.index else f"{level}:*"
        for level, key in zip(links["level"], links["key"], strict=True)
    ]
    edges = (
        links.assign(node=node)
        .groupby(["cluster_id", "node"], sort=True)
        .size()
        .rename("weight")
        .reset_index()
    )
    first = links.drop_duplicates(["level", "key"]).set_index(["level", "key"])["partner"]
    right = []
    for level in LEVELS:
        own = shared[shared.index.get_level_values(0) == level]
        ranked = sorted(own.items(), key=lambda kv: (-kv[1], kv[0][1]))
        for (lvl, key), n in ranked:
            right.append((f"{lvl}:{key}", level, f"{first[(lvl, key)]} ({n})", n))
        pooled = links[
            (links["level"] == level) & ~links["key"].isin(own.index.get_level_values(1))
        ]
        if len(pooled):
            label = f"{pooled['key'].nunique()} other {LEVELS[level].lower()} partners"
            right.append((f"{level}:*", level, label, pooled["key"].nunique()))
    left = links[["cluster_id", "country"]].drop_duplicates()
    left = left.assign(_rank=left["country"].map(_country_rank)).sort_values(
        ["_rank", "cluster_id"]
    )
    clusters = [(c, k, c, 1) for c, k in zip(left["cluster_id"], left["country"], strict=True)]
    nodes = pd.concat([_stack(clusters), _stack(right, side="partner")], ignore_index=True)
    return nodes, edges


def _country_rank(country: str) -> int:
    return list(COUNTRIES).index(country) if country in COUNTRIES else len(COUNTRIES)


def _stack(items, side: str = "cluster") -> pd.DataFrame:
    """Evenly spaced y positions from 1 (top) to 0, with one blank slot between groups."""
    slots, group = [], None
    for item in items:
        if group is not None and item[1] != group:
            slots.append(None)
        slots.append(item)
        group = item[1]
    step = 1 / max(1, len(slots) - 1)
    rows = [
        {
            "node": s[0],
            "side": side,
            "group": s[1],
            "label": s[2],
            "weight": s[3],
            "y": 1 - i * step,
        }
        for i, s in enumerate(slots)
        if s is not None
    ]
    return pd.DataFrame(rows)
