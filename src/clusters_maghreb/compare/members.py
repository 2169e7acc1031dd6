"""Size and composition of the clusters: members by type, SMEs against large firms, and the
six anonymised clusters of moroccan-clusters-2020's Table 3 with the claims its prose makes.

The member types nest (normalise/members.py): SMEs, large firms and start-ups are enterprises,
start-ups may be among the SMEs, and every type is among the members. So types are shown side
by side, never stacked or summed; the total is the one the sources state. Jobs are not members:
they get their own axis. A value that is approximate or a bound keeps its mark (≈, ≥, a range).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from clusters_maghreb.normalise import members as model

# The parts of a total, by snapshot column, with their English labels.
MEMBER_TYPES = {t.field: t.en for t in model.MEMBER_TYPES if t.within}
FIELDS = [*MEMBER_TYPES, "members_total", "jobs"]
MARKS = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}


def qualifier_of(qualifiers: str, field: str) -> str:
    """The qualifier a snapshot's ``qualifiers`` cell gives ``field`` ('exact' when none):
    'approx', 'at_least', 'at_most' or 'range 120-130'."""
    for part in str(qualifiers or "").split("; "):
        name, _, q = part.partition(":")
        if name == field:
            return q
    return "exact"


def shown_value(value, qualifier: str) -> str:
    """A count as the report shows it: '≈100', '≥80', '120–130', '24'; '' when none."""
    if pd.isna(value) or value == "":
        return ""
    if qualifier.startswith("range "):
        low, high = qualifier.removeprefix("range ").split("-")
        return f"{low}–{high}"
    return f"{MARKS.get(qualifier, '')}{int(value)}"


def member_rows(snapshots: pd.DataFrame, country: str) -> pd.DataFrame:
    """The snapshot rows of ``country`` that give any member count or jobs, with those fields
    as nullable integers; sorted by year and ``cluster_id``."""
    rows = snapshots[snapshots["country"] == country]
    rows = rows[rows[FIELDS].notna().any(axis=1)]
    out = rows[["cluster_id", "reference_year", *FIELDS]].copy()
    for col in FIELDS:
        out[col] = pd.to_numeric(out[col]).astype("Int64")
    out["qualifiers"] = rows["qualifiers"].fillna("") if "qualifiers" in rows else ""
    return out.sort_values(["reference_year", "cluster_id"]).reset_index(drop=True)


def marked(rows: pd.DataFrame, field: str) -> pd.Series:
    """``rows[field]`` as text with its qualifier's mark ('≈100', '≥80', '120–130')."""
    return pd.Series(
        [
            shown_value(v, qualifier_of(q, field))
            for v, q in zip(rows[field], rows["qualifiers"], strict=True)
        ],
        index=rows.index,
        dtype=str,
    )


def year_sentence(snapshots: pd.DataFrame, country: str, year: int) -> str | None:
    """The sentence for a year without member counts (None when some cluster has one): no
    source covers the country that year, or the data (snapshots) hold no member count."""
    from clusters_maghreb.compare.geography import country_name

    if len(member_rows(snapshots[snapshots["reference_year"] == year], country)):
        return None
    name = country_name(country)
    rows = snapshots[(snapshots["country"] == country) & (snapshots["reference_year"] == year)]
    if len(rows) == 0:
        return f"No source covers {name} in {year}."
    return f"The data hold no member count for {name}'s clusters in {year}."


def totals_by_source(observations: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    """For each of ``rows`` (cluster and year), every source's stated total as text, e.g.
    "ipemed-2019: 60; moroccan-clusters-2020: ≥37"; indexed like ``rows``."""
    obs = observations[observations["field"] == "members_total"]
    out = []
    for r in rows.itertuples():
        hits = obs[
            (obs["cluster_id"] == r.cluster_id) & (obs["reference_year"] == r.reference_year)
        ]
        hits = hits.sort_values(["source_id", "line_start"])
        out.append(
            "; ".join(
                f"{h.source_id}: {shown_value(_number(h.value), _qualifier(h))}"
                for h in hits.itertuples()
            )
        )
    return pd.Series(out, index=rows.index, dtype=str)


def _number(value) -> float:
    return float(str(value).split("-")[0])


def _qualifier(obs_row) -> str:
    """An observation's qualifier as ``shown_value`` takes it ('range 120-130')."""
    q = str(obs_row.qualifier)
    return f"range {obs_row.value}" if q == "range" else q


def sme_large(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that give both SMEs and large firms, both exact: ``smes``, ``large``,
    ``ratio`` (SMEs per large firm, 2 decimals) and ``sme_share_pct`` (SMEs among SMEs and
    large firms, 1 decimal)."""
    both = rows[rows["members_smes"].notna() & rows["members_large"].notna()]
    exact = [  # a ratio of an approximate count ('une soixantaine de PME') would be invented
        qualifier_of(q, "members_smes") == qualifier_of(q, "members_large") == "exact"
        for q in both["qualifiers"]
    ]
    both = both[pd.Series(exact, index=both.index, dtype=bool)]
    out = pd.DataFrame(
        {
            "cluster_id": both["cluster_id"],
            "reference_year": both["reference_year"],
            "smes": both["members_smes"].astype(int),
            "large": both["members_large"].astype(int),
        }
    )
    out["ratio"] = (out["smes"] / out["large"]).round(2)
    out["sme_share_pct"] = (100 * out["smes"] / (out["smes"] + out["large"])).round(1)
    return out.reset_index(drop=True)


def read_table3(path: str | Path) -> pd.DataFrame:
    """moroccan-clusters-2020 Table 3 (extracted): ``cluster``, ``smes``, ``large``, ``total``
    as integers, with its lines; fails if a row's SMEs and large firms do not make its total."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pd.DataFrame(
        {
            "cluster": raw["cluster"],
            "smes": raw["smes"].astype(int),
            "large": raw["large_companies"].astype(int),
            "total": raw["total"].astype(int),
            "line_start": raw["line_start"].astype(int),
            "line_end": raw["line_end"].astype(int),
        }
    )
    bad = out[out["smes"] + out["large"] != out["total"]]
    if len(bad):
        raise ValueError(f"{path}: SMEs + large firms != total for {list(bad['cluster'])}")
    return out


# The prose above moroccan-clusters-2020's Table 3, read number by number (each pattern must
# match once in the paragraph that cites El Waatmani & Makhtari 2019).
TABLE3_CLAIMS = {
    "total": r"number of labelled cluster companies is (\d+)",
    "mean": r"average of (\d+) enterprises per cluster",
    "sme_share_pct": r"SMEs represent ([\d.]+)% of these companies",
    "cluster_sme_share": r"In cluster (\d+), SMEs account for ([\d.]+)%",
    "small_threshold": r"Half of the six clusters are home to fewer than (\d+) companies",
    "top3_share_min_pct": r"other three clusters have more than (\d+)% of the business population",
}
TABLE3_PARAGRAPH = re.compile(r"according to a study\s+carried out on six Moroccan clusters")


def table3_claims(path: str | Path) -> dict:
    """The claims of the paragraph that introduces Table 3: ``line_start``, ``line_end`` (the
    paragraph, 1-based), ``quote`` (its text, whitespace collapsed, from the sentence on the six
    clusters to "see Table 3"), and one value per ``TABLE3_CLAIMS`` key (numbers as written;
    ``cluster_sme_share`` is ``(cluster number, percent)``)."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    text = " ".join(lines)
    start_match = TABLE3_PARAGRAPH.search(text)
    if not start_match:
        raise ValueError(f"{path}: no paragraph on 'six Moroccan clusters'")
    end = text.index("see Table 3", start_match.start()) + len("see Table 3")
    sentence_start = text.rfind(". ", 0, start_match.start())
    body = text[sentence_start + 2 : end]
    quote = re.sub(r"\s+", " ", body).strip()
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def line_of(pos: int) -> int:
        return max(i for i, o in enumerate(offsets) if o <= pos) + 1

    out: dict = {
        "line_start": line_of(sentence_start + 2),
        "line_end": line_of(end - 1),
        "quote": quote,
    }
    for key, pattern in TABLE3_CLAIMS.items():
        found = re.findall(pattern, quote)
        if len(found) != 1:
            raise ValueError(f"{path}: claim {key!r} ({pattern}) matched {len(found)} times")
        value = found[0]
        if isinstance(value, tuple):
            out[key] = (int(value[0]), float(value[1]))
        else:
            out[key] = float(value) if "." in value else int(value)
    return out


def table3_recomputed(table: pd.DataFrame, small_threshold: int, cluster: int) -> dict:
    """Table 3's own numbers, to set beside the claims: totals, mean, SME share, SMEs per large
    firm, the SME share of cluster ``cluster``, the clusters under ``small_threshold`` companies
    and the share of all companies held by the others."""
    total = int(table["total"].sum())
    small = table["total"] < small_threshold
    row = table[table["cluster"] == f"Cluster {cluster}"].iloc[0]
    return {
        "smes": int(table["smes"].sum()),
        "large": int(table["large"].sum()),
        "total": total,
        "mean": round(total / len(table), 1),
        "sme_share_pct": round(100 * table["smes"].sum() / total, 2),
        "sme_large_ratio": round(table["smes"].sum() / table["large"].sum(), 2),
        "cluster_sme_share_pct": round(100 * row["smes"] / row["total"], 2),
        "n_small": int(small.sum()),
        "others_share_pct": round(100 * table.loc[~small, "total"].sum() / total, 1),
    }


def find_line(path: str | Path, pattern: str) -> tuple[int, str]:
    """(line, sentence) of the one sentence of ``path`` matching ``pattern``."""
    hits = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), 1):
        for sentence in re.split(r"(?<=\.)\s+", line):
            if re.search(pattern, sentence):
                hits.append((n, sentence.strip()))
    if len(hits) != 1:
        raise ValueError(f"{path}: {pattern!r} matched {len(hits)} sentences")
    return hits[0]
