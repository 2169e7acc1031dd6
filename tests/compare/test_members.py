"""The members notebook runs for every country and its facts match values read here from
snapshots.csv, the extracted Table 3 and the raw texts; the members functions on small
hand-made frames."""

import re

import numpy as np
import pandas as pd
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.compare import members as mem
from tests.notebook_run import run_notebook

RAW = PROJECT_ROOT / "data" / "raw"
COUNTRIES = ["MA", "DZ", "TN"]


def snapshot(rows):
    """Rows ``(cluster_id, year, country, {field: value})``; other member fields empty."""
    out = []
    for cid, year, country, values in rows:
        out.append(
            {"cluster_id": cid, "reference_year": year, "country": country}
            | {f: values.get(f, np.nan) for f in mem.FIELDS}
        )
    return pd.DataFrame(out)


@pytest.fixture
def snap():
    return snapshot(
        [
            ("ma-b", 2019, "MA", {"members_smes": 30, "members_large": 10, "members_total": 45}),
            ("ma-a", 2019, "MA", {"members_total": 12}),
            ("ma-c", 2019, "MA", {}),
            ("ma-d", 2019, "MA", {"members_smes": 8, "members_startups": 3}),
            ("ma-a", 2014, "MA", {}),
            ("ma-a", 2023, "MA", {}),
            ("dz-a", 2019, "DZ", {"jobs": 300}),
        ]
    )


def test_member_rows_keep_clusters_with_a_count_sorted(snap):
    rows = mem.member_rows(snap, "MA")
    assert rows["cluster_id"].tolist() == ["ma-a", "ma-b", "ma-d"]
    assert str(rows["members_total"].dtype) == "Int64"
    assert rows["members_total"].tolist()[:2] == [12, 45]
    assert mem.member_rows(snap, "DZ")["jobs"].tolist() == [300]


def test_a_year_without_members_is_a_sentence(snap):
    assert mem.year_sentence(snap, "MA", 2019) is None
    assert mem.year_sentence(snap, "MA", 2023) == (
        "The data hold no member count for Morocco's clusters in 2023."
    )
    assert mem.year_sentence(snap, "DZ", 2023) == "No source covers Algeria in 2023."
    assert mem.member_rows(snap[snap["reference_year"] == 2014], "MA").empty


def test_smes_against_large_firms_only_where_both_are_given(snap):
    pairs = mem.sme_large(mem.member_rows(snap, "MA"))
    assert pairs[["cluster_id", "smes", "large", "ratio", "sme_share_pct"]].values.tolist() == [
        ["ma-b", 30, 10, 3.0, 75.0]
    ]
    assert mem.sme_large(mem.member_rows(snap, "DZ")).empty


def test_values_keep_their_marks_and_approximate_counts_make_no_ratio():
    snap = snapshot(
        [
            ("ma-a", 2019, "MA", {"members_total": 100, "members_smes": 60, "members_large": 13}),
            ("ma-b", 2019, "MA", {"members_smes": 60, "members_large": 5, "jobs": 11000}),
            ("ma-c", 2019, "MA", {"members_enterprises": 120}),
        ]
    ).assign(
        qualifiers=[
            "members_total:approx",
            "members_smes:approx; jobs:at_least",
            "members_enterprises:range 120-130",
        ]
    )
    rows = mem.member_rows(snap, "MA")
    assert mem.marked(rows, "members_total").tolist() == ["≈100", "", ""]
    assert mem.marked(rows, "members_smes").tolist() == ["60", "≈60", ""]
    assert mem.marked(rows, "jobs").tolist() == ["", "≥11000", ""]
    assert mem.marked(rows, "members_enterprises").tolist() == ["", "", "120–130"]
    assert mem.sme_large(rows)["cluster_id"].tolist() == ["ma-a"]  # ma-b's SMEs are approximate
    # the parts of a total, never the total or jobs; enterprises hold SMEs and start-ups
    assert list(mem.MEMBER_TYPES)[:4] == [
        "members_enterprises",
        "members_smes",
        "members_large",
        "members_startups",
    ]


def test_totals_by_source_show_every_source_and_its_qualifier(snap):
    rows = mem.member_rows(snap, "MA")
    obs = pd.DataFrame(
        [
            ("s-b", 5, "ma-b", 2019, "members_total", "45", "exact"),
            ("s-a", 9, "ma-b", 2019, "members_total", "37", "at_least"),
            ("s-a", 3, "ma-a", 2019, "members_total", "12", "approx"),
            ("s-a", 3, "ma-a", 2019, "members_smes", "4", "exact"),
        ],
        columns=["source_id", "line_start", "cluster_id", "reference_year", "field", "value"]
        + ["qualifier"],
    )
    assert mem.totals_by_source(obs, rows).tolist() == ["s-a: ≈12", "s-a: ≥37; s-b: 45", ""]


def table3_csv(path, rows):
    pd.DataFrame(
        [
            {
                "source_id": "moroccan-clusters-2020",
                "table_id": "table-3",
                "line_start": 10,
                "line_end": 16,
                "cluster": f"Cluster {i}",
                "smes": s,
                "large_companies": large,
                "total": t,
                "raw_text": "",
            }
            for i, (s, large, t) in enumerate(rows, 1)
        ]
    ).to_csv(path, index=False)
    return path


def test_table3_reads_checks_and_recomputes(tmp_path):
    table = mem.read_table3(table3_csv(tmp_path / "t.csv", [(9, 1, 10), (20, 20, 40), (5, 5, 10)]))
    assert table["total"].tolist() == [10, 40, 10]
    again = mem.table3_recomputed(table, small_threshold=30, cluster=1)
    assert again["total"] == 60 and again["mean"] == 20.0
    assert again["sme_share_pct"] == round(100 * 34 / 60, 2)
    assert again["sme_large_ratio"] == round(34 / 26, 2)
    assert again["cluster_sme_share_pct"] == 90.0
    assert again["n_small"] == 2 and again["others_share_pct"] == round(100 * 40 / 60, 1)
    with pytest.raises(ValueError, match="Cluster 2"):
        mem.read_table3(table3_csv(tmp_path / "bad.csv", [(9, 1, 10), (20, 20, 41)]))


def test_table3_claims_are_read_from_the_raw_paragraph(tmp_path):
    claims = mem.table3_claims(RAW / "moroccan-clusters-2020.txt")
    assert (claims["total"], claims["mean"], claims["sme_share_pct"]) == (252, 39, 66.37)
    assert claims["cluster_sme_share"] == (2, 91.48)
    assert (claims["small_threshold"], claims["top3_share_min_pct"]) == (30, 70)
    lines = (RAW / "moroccan-clusters-2020.txt").read_text(encoding="utf-8").split("\n")
    span = " ".join(lines[claims["line_start"] - 1 : claims["line_end"]])
    assert claims["quote"] in re.sub(r"\s+", " ", span)
    assert claims["quote"].endswith("see Table 3")
    broken = tmp_path / "m.txt"
    broken.write_text("according to a study carried out on six Moroccan clusters. see Table 3")
    with pytest.raises(ValueError, match="matched 0 times"):
        mem.table3_claims(broken)


@pytest.mark.parametrize("country", COUNTRIES)
def test_notebook_executes_and_its_facts_match_the_tables(
    country, processed, pipeline_dirs, tmp_path
):
    table3 = pipeline_dirs["extracted"] / "moroccan-clusters-2020" / "table-3.csv"
    facts = run_notebook(
        "members",
        country,
        tmp_path,
        snapshots=processed / "snapshots.csv",
        observations=processed / "observations.csv",
        clusters=processed / "clusters.csv",
        table3=table3,
        table3_source=RAW / "moroccan-clusters-2020.txt",
        claim_source=RAW / "errajaoui-nokairi-2023.txt",
    )
    cc = country.lower()
    snap = pd.read_csv(processed / "snapshots.csv")
    own = snap[snap["country"] == country]
    totals = own.dropna(subset=["members_total"])
    assert facts["n_with_total"] == len(totals)
    assert facts["members_total_sum"] == totals["members_total"].sum()
    for r in totals.itertuples():
        key = f"members_total_{r.cluster_id.replace('-', '_')}_{r.reference_year}"
        assert facts[key] == r.members_total
    both = own.dropna(subset=["members_smes", "members_large"])
    loose = both["qualifiers"].fillna("").str.contains(r"members_(?:smes|large):", regex=True)
    both = both[~loose]  # approximate counts make no ratio
    if len(both):
        assert facts["sme_large_smes"] == both["members_smes"].sum()
        assert facts["sme_large_large"] == both["members_large"].sum()
        ratio = both["members_smes"].sum() / both["members_large"].sum()
        assert facts["sme_large_ratio"] == round(ratio, 2)
    else:
        assert facts["note_sme_large"].startswith("No cluster of")
    for year in (2014, 2023):
        if own[own["reference_year"] == year].filter(like="members_").notna().sum().sum() == 0:
            assert facts[f"note_{year}"].startswith(("No source covers", "The data hold no"))
    if country == "MA":
        raw = pd.read_csv(table3)
        assert facts["table3_smes"] == raw["smes"].sum() == 154
        assert facts["table3_large"] == raw["large_companies"].sum() == 78
        assert facts["table3_total"] == raw["total"].sum() == 232
        assert facts["table3_claim_total"] == 252  # the prose says 252; the table adds to 232
        assert facts["table3_others_share_pct"] == round(100 * (50 + 47 + 65) / 232, 1)
        assert facts["claim_2023_smes_line"] == 256
        line = (RAW / "errajaoui-nokairi-2023.txt").read_text(encoding="utf-8").split("\n")[255]
        assert facts["claim_2023_smes_quote"] in line
        shown = pd.read_csv(tmp_path / "tables" / f"tbl-members-anonymised-{cc}.csv")
        assert shown["Total"].tolist() == [*raw["total"], 232]
    else:
        assert facts["note_table3"].startswith("No source gives")
        assert not any(k.startswith("table3_") for k in facts)
    members = pd.read_csv(tmp_path / "tables" / f"tbl-members-{cc}.csv")
    with_any = own[own[mem.FIELDS].notna().any(axis=1)]
    assert len(members) == len(with_any)
    counted = own[own[[*mem.MEMBER_TYPES, "members_total"]].notna().any(axis=1)]
    for year in (2014, 2019, 2023):
        n = (counted["reference_year"] == year).sum()
        assert facts[f"n_clusters_with_members_{year}"] == n
    name = f"figures/fig-members-{cc}.svg"
    assert (tmp_path / name).stat().st_size > 0, name
