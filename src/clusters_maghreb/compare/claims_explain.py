"""Explaining claims: the table the report shows, the counts by source and verdict, and the
facts its prose cites."""

from __future__ import annotations

import re

import pandas as pd

from clusters_maghreb.compare.claims_eval import CONTRADICTED, VERDICTS
from clusters_maghreb.compare.claims_load import ClaimsError


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def report_table(results: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """Every claim as the report shows it, by source (in ``sources``' order) and line."""
    order = {s: i for i, s in enumerate(sources)}
    df = results.assign(_s=results["source_id"].map(order)).sort_values(
        ["_s", "line", "line_end", "id"], kind="stable"
    )
    lines = [
        str(a) if a == b else f"{a}-{b}" for a, b in zip(df["line"], df["line_end"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Claim": df["id"],
            "Source": df["source_id"],
            "Lines": lines,
            "Quote": df["quote"],
            "Arithmetic": df["arithmetic"],
            "Verdict": df["verdict"],
            "Rule": df["rule"],
        }
    ).reset_index(drop=True)


def counts_by_source(results: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """Claims per source and verdict (every source of ``sources``, zeros included)."""
    counts = (
        results.groupby(["source_id", "verdict"])
        .size()
        .unstack("verdict", fill_value=0)
        .reindex(index=sources, columns=VERDICTS, fill_value=0)
    )
    counts["total"] = counts.sum(axis=1)
    return counts.rename_axis("source_id").reset_index().rename_axis(None, axis=1)


def facts(results: pd.DataFrame, sources: list[str], notable: list[str] | None = None) -> dict:
    """Counts by verdict, overall and per source, and the verdict, arithmetic, rule and line of
    the claims the report cites (``report: true`` in claims.yaml, or ``notable``); keys
    snake_case."""
    out = {"n_claims": int(len(results)), "n_sources": int(results["source_id"].nunique())}
    for v in VERDICTS:
        out[f"n_{_key(v)}"] = int((results["verdict"] == v).sum())
    for source, row in counts_by_source(results, sources).set_index("source_id").iterrows():
        s = _key(source)
        out[f"{s}_n_claims"] = int(row["total"])
        for v in VERDICTS:
            out[f"{s}_n_{_key(v)}"] = int(row[v])
    by_id = results.set_index("id")
    if notable is None:
        notable = list(results.loc[results["report"].astype(bool), "id"])
    missing = [i for i in notable if i not in by_id.index]
    if missing:
        raise ClaimsError(f"{missing[0]}: a claim the report cites is not in claims.yaml")
    for cid in notable:
        row, k = by_id.loc[cid], _key(cid)
        out[f"{k}_verdict"] = row["verdict"]
        out[f"{k}_arithmetic"] = row["arithmetic"]
        out[f"{k}_rule"] = row["rule"]
        out[f"{k}_source"] = row["source_id"]
        out[f"{k}_line"] = int(row["line"])
    out["contradicted_ids"] = ", ".join(results.loc[results["verdict"] == CONTRADICTED, "id"])
    return out
