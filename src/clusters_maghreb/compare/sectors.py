"""The sector mix of a country's active clusters per reference year, on the IPEMED codes 1-7.

Counts are of the year's active clusters (listed and not ``merged``), by ``snapshots.sector_code``;
a row without a code is ``unknown`` (the clusters a source names without a sector; the
reconstructed 2014 rows carry the code of the same cluster's later year), a category of its
own. Shares are of all the year's active clusters, unknown included, in percent with one
decimal.
"""

from __future__ import annotations

import pandas as pd

from clusters_maghreb import i18n
from clusters_maghreb.compare.census import MERGED, UNKNOWN, covered_years, n_clusters

SECTOR_CODES = list(range(1, 8))


def sector_mix(snapshots: pd.DataFrame, country: str) -> pd.DataFrame:
    """One row per covered year and sector present that year: ``year``, ``sector`` (the code
    as a string, or ``unknown``), ``sector_label``, ``n``, ``share`` (percent of the year's
    active clusters, one decimal). Sorted by year, code,
    unknown last."""
    df = snapshots[(snapshots["country"] == country) & (snapshots["status"] != MERGED)]
    rows = []
    for year in covered_years(snapshots, country):
        part = df[df["reference_year"] == year]
        known = part[part["sector_code"] != ""]
        for code in SECTOR_CODES:
            hit = known[known["sector_code"].astype(int) == code]
            if len(hit):
                labels = sorted(set(hit["sector_label"]))
                if len(labels) != 1:
                    raise ValueError(f"sector {code}: several labels {labels} in {year}")
                rows.append(
                    {
                        "year": year,
                        "sector": str(code),
                        "sector_label": labels[0],
                        "n": len(hit),
                        "share": round(100 * len(hit) / len(part), 1),
                    }
                )
        if len(part) > len(known):
            rows.append(
                {
                    "year": year,
                    "sector": UNKNOWN,
                    "sector_label": "sector unknown",
                    "n": len(part) - len(known),
                    "share": round(100 * (len(part) - len(known)) / len(part), 1),
                }
            )
    return pd.DataFrame(rows, columns=["year", "sector", "sector_label", "n", "share"])


def sector_table(mix: pd.DataFrame) -> pd.DataFrame:
    """Sectors as rows (unknown last), ``n <year>`` and ``% <year>`` columns (0 when the sector
    is absent that year)."""
    order = [*(str(c) for c in SECTOR_CODES), UNKNOWN]
    sectors = mix.drop_duplicates("sector").set_index("sector")["sector_label"]
    sectors = sectors.reindex([s for s in order if s in sectors.index])
    out = pd.DataFrame(
        {"Sector": [s if s == UNKNOWN else f"{s} {lab}" for s, lab in sectors.items()]}
    )
    out.loc[out["Sector"] == UNKNOWN, "Sector"] = "sector unknown"
    for year, part in mix.groupby("year", sort=True):
        part = part.set_index("sector")
        out[f"n {year}"] = part["n"].reindex(sectors.index, fill_value=0).to_numpy()
        out[f"% {year}"] = part["share"].reindex(sectors.index, fill_value=0.0).to_numpy()
    return out


def largest_sectors(mix: pd.DataFrame, year: int) -> dict[str, str | int | float]:
    """The year's largest known sector, or sectors when several have the most clusters, for the
    prose of both languages: ``labels`` / ``labels_fr`` (tied sectors joined by 'and' / 'et'),
    ``n`` and ``share`` (of each), and ``clause`` / ``clause_fr``, which say 'sectors ... each'
    when there is a tie. Empty when no cluster of the year has a known sector."""
    known = mix[(mix["year"] == year) & (mix["sector"] != UNKNOWN)]
    if known.empty:
        return {}
    best = known[known["n"] == known["n"].max()]
    labels, n, share = list(best["sector_label"]), int(best["n"].iloc[0]), best["share"].iloc[0]
    # the study's labels (IAA, TIC) as each edition names the sector (the message catalogs)
    # (lower case: the labels stand inside a sentence)
    en = " and ".join(i18n.localise(label, "en").lower() for label in labels)
    fr = " et ".join(i18n.localise(label, "fr").lower() for label in labels)
    if len(labels) == 1:
        clause = f"the largest sector is {en} ({n_clusters(n)}, {share}%)"
        clause_fr = f"le premier secteur est {fr} ({n_clusters(n)}, {share} %)"
    else:
        clause = f"the largest sectors are {en}, with {n_clusters(n)} each ({share}% each)"
        clause_fr = (
            f"les premiers secteurs sont {fr}, avec {n_clusters(n)} chacun ({share} % chacun)"
        )
    return {
        "labels": en,
        "labels_fr": fr,
        "n": n,
        "share": float(share),
        "clause": clause,
        "clause_fr": clause_fr,
    }


def sector_changes(snapshots: pd.DataFrame, country: str, y0: int, y1: int) -> pd.DataFrame:
    """Clusters listed (active) in both years with a known sector in both that differs."""
    df = snapshots[
        (snapshots["country"] == country)
        & (snapshots["status"] != MERGED)
        & (snapshots["sector_code"] != "")
    ]
    a = df[df["reference_year"] == y0].set_index("cluster_id")["sector_code"]
    b = df[df["reference_year"] == y1].set_index("cluster_id")["sector_code"]
    both = a.index.intersection(b.index).sort_values()
    changed = [c for c in both if a[c] != b[c]]
    return pd.DataFrame(
        {
            "cluster_id": changed,
            "from_sector": [a[c] for c in changed],
            "to_sector": [b[c] for c in changed],
        }
    )
