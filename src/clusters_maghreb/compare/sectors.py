"""The sector mix of a country's active clusters per reference year, on the IPEMED codes 1-7.

Counts are of the year's active clusters (listed and not ``merged``), by ``snapshots.sector_code``;
a row without a code is ``unknown`` (every reconstructed 2014 row, and the clusters a source
names without a sector), a category of its own. Shares are of all the year's active clusters,
unknown included, in percent with one decimal.
"""

from __future__ import annotations

import pandas as pd

from clusters_maghreb.compare.census import MERGED, UNKNOWN, covered_years

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
