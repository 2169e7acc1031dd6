"""Cluster policy in Morocco: the 2019 contract policy (ipemed-2019) against the governance,
financing, labelling and intervention levers the 2023 survey reports (errajaoui-nokairi-2023)."""

from __future__ import annotations

import re

import pandas as pd

# The columns of errajaoui-nokairi-2023 Table 3, in the table's order, as the table heads them.
LEVERS = {
    "innovation_development_rd": "Innovation development R&D",
    "cooperation_synergy_development": "Cooperation & synergy development",
    "skills_development": "Skills development",
    "infrastructure_development": "Infrastructure development",
    "international_development": "International development",
    "accessing_subsidies_incentives": "Accessing subsidies and incentives",
    "governance_integrated_practices": "Governance and integrated practices",
}
# Categories of errajaoui-nokairi-2023 Table 2, in a fixed order; "" is the table's "-".
GOVERNANCE_ORDER = ["Private", "Mixed", "Public"]
LABEL_ORDER = ["Yes", "In process", "No"]
NO_DATA = "no data"
NOT_SURVEYED = "not in 2023 survey"
# The sections of ipemed-2019 that describe the contract policy ("contrats-programmes").
POLICY_SECTIONS = (
    "Responsabilité de l'administration",
    "Responsabilité du cluster",
    "Des règles assouplies et de nouvelles responsabilités",
    "Les clusters sous contrat de l'administration",
)
CONTRACT_TABLE = "list-ma-contract-clusters"


def lever_matrix(levers: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """One row per cluster, one column per lever (True, False, or NA where the source has
    '-', no data), plus ``n_levers``; sorted by number of levers (most first), then name.

    ``names`` maps cluster_id to the name shown."""
    present = levers["present"].map({"true": True, "false": False, "": pd.NA})
    wide = (
        levers.assign(present=present)
        .pivot(index="cluster_id", columns="lever", values="present")
        .reindex(columns=list(LEVERS))
    )
    wide.columns.name = None
    wide["n_levers"] = wide.sum(axis=1, skipna=True).astype(int)
    wide["no_data"] = wide[list(LEVERS)].isna().all(axis=1)
    wide = wide.reset_index()
    wide.insert(1, "name", wide["cluster_id"].map(names).fillna(wide["cluster_id"]))
    return wide.sort_values(
        ["no_data", "n_levers", "name"], ascending=[True, False, True], ignore_index=True
    )


def contract_clusters(observations: pd.DataFrame) -> pd.DataFrame:
    """The clusters under contract in 2019 (ipemed-2019 list), resolved to cluster ids:
    ``cluster_id, name_2019, sector_2019, line``, in the list's order."""
    rows = observations[observations["table_id"] == CONTRACT_TABLE]
    name = rows[rows["field"] == "name"].set_index("cluster_id")
    sector = rows[rows["field"] == "sector_detail"].set_index("cluster_id")["value"]
    out = pd.DataFrame(
        {
            "cluster_id": name.index,
            "name_2019": name["value"].to_numpy(),
            "sector_2019": sector.reindex(name.index).fillna("").to_numpy(),
            "line": name["line_start"].astype(int).to_numpy(),
        }
    )
    return out.sort_values("line", ignore_index=True)


def labelling(observations: pd.DataFrame) -> pd.Series:
    """The 2023 labelling as the survey words it (Yes / No / In process), by cluster_id: the
    processed ``labeled`` flag folds 'In process' into false."""
    rows = observations[
        (observations["field"] == "labeled") & (observations["reference_year"] == "2023")
    ]
    return rows.set_index("cluster_id")["raw_value"]


def governance_table(
    snapshots: pd.DataFrame, observations: pd.DataFrame, contract: pd.DataFrame, country: str
) -> pd.DataFrame:
    """Every cluster of ``country`` in the 2023 snapshot or under contract in 2019: its 2023
    governance, financing and labelling ("no data" where the survey gives none, "not in the
    2023 survey" where it does not list the cluster) and whether it was under contract."""
    s23 = snapshots[(snapshots["reference_year"] == "2023") & (snapshots["country"] == country)]
    s23 = s23.set_index("cluster_id")
    ids = sorted(set(s23.index) | set(contract["cluster_id"]))
    label = labelling(observations)
    rows = []
    for cid in ids:
        listed = cid in s23.index
        row = s23.loc[cid] if listed else None
        missing = NO_DATA if listed else NOT_SURVEYED
        rows.append(
            {
                "cluster_id": cid,
                "contract_2019": cid in set(contract["cluster_id"]),
                "in_2023": listed,
                "status_2023": row["status"] if listed else "",
                "governance": (row["governance"] or missing) if listed else missing,
                "financing": (row["financing"] or missing) if listed else missing,
                "labelling": label.get(cid, missing) or missing,
            }
        )
    return pd.DataFrame(rows)


def category_counts(table: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
    """Clusters by category of ``column`` (in ``order``, then the no-data kinds), split by
    whether they were under contract in 2019: ``category, contract, other, total``."""
    extra = sorted(set(table[column]) - set(order))
    counts = (
        table.groupby([column, "contract_2019"])
        .size()
        .unstack("contract_2019", fill_value=0)
        .reindex(index=[*order, *extra], columns=[True, False], fill_value=0)
    )
    out = pd.DataFrame(
        {
            "category": counts.index,
            "contract": counts[True].to_numpy(),
            "other": counts[False].to_numpy(),
        }
    )
    out["total"] = out["contract"] + out["other"]
    return out


def excerpt(text: str, figure: str, width: int = 70) -> str:
    """About ``width`` characters of ``text`` on each side of ``figure``, cut at words."""
    at = text.find(figure)
    if at < 0:
        return text if len(text) <= 2 * width else text[: 2 * width].rsplit(" ", 1)[0] + " …"
    start, end = max(0, at - width), min(len(text), at + len(figure) + width)
    head = text[start:at]
    tail = text[at + len(figure) : end]
    if start > 0:
        head = "… " + head.split(" ", 1)[-1] if " " in head else "… " + head
    if end < len(text):
        tail = tail.rsplit(" ", 1)[0] + " …" if " " in tail else tail + " …"
    return (head + figure + tail).strip()


def policy_figures(prose: pd.DataFrame, country: str = "MA") -> pd.DataFrame:
    """The figures ipemed-2019 gives in the contract-policy sections, one row each (duplicates
    of one figure on one line dropped): ``section, figure, number, unit, line, excerpt``."""
    rows = prose[
        (prose["country"] == country)
        & prose["section"].map(lambda s: s.split(" > ")[-1] in POLICY_SECTIONS)
    ]
    rows = rows.drop_duplicates(["line_start", "figure", "unit"])
    return pd.DataFrame(
        {
            "section": rows["section"].map(lambda s: s.split(" > ")[-1]).to_numpy(),
            "figure": rows["figure"].to_numpy(),
            "number": rows["number"].to_numpy(),
            # A bare number takes the unit the sentence implies ("13 ... ramenés à 4": objectifs).
            "unit": rows["unit"].where(rows["unit"] != "", rows["implied_unit"]).to_numpy(),
            "line": rows["line_start"].astype(int).to_numpy(),
            "excerpt": [
                excerpt(re.sub(r"\s+", " ", t), f)
                for t, f in zip(rows["raw_text"], rows["figure"], strict=True)
            ],
        }
    ).sort_values("line", kind="stable", ignore_index=True)


def stated(figures: pd.DataFrame, section: str, unit: str) -> list[int]:
    """The numbers given in ``section`` with ``unit``, in the order of the text (digits only;
    words such as 'quatre' are read by ``WORDS``)."""
    rows = figures[(figures["section"] == section) & (figures["unit"] == unit)]
    return [number(n) for n in rows["number"]]


WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}


def number(text: str) -> int:
    t = text.strip().casefold()
    return WORDS[t] if t in WORDS else int(re.sub(r"[\s.]", "", t))
