"""The census notebook runs for every country; its facts match counts of snapshots.csv itself;
the census functions on small hand-made frames."""

import csv

import pandas as pd
import pytest

from clusters_maghreb.compare import census as cen
from tests.notebook_run import run_notebook

COUNTRIES = ["MA", "DZ", "TN"]


def frame(rows):
    """Snapshot rows ``(cluster_id, year, country, status, confidence, sources)``."""
    cols = ["cluster_id", "reference_year", "country", "status", "confidence", "sources"]
    df = pd.DataFrame(rows, columns=cols)
    df["status"] = df["status"].replace("", cen.UNKNOWN)
    return df


@pytest.fixture
def snap():
    return frame(
        [
            ("ma-a", 2014, "MA", "", "stated", "s1"),
            ("ma-b", 2014, "MA", "expected", "inferred", "s1 s2"),
            ("ma-a", 2019, "MA", "constituted", "", "s2"),
            ("ma-b", 2019, "MA", "merged", "", "s2"),
            ("ma-c", 2019, "MA", "emergent", "", "s3"),
            ("ma-a", 2023, "MA", "constituted", "", "s4"),
            ("dz-a", 2019, "DZ", "", "", "s2"),
        ]
    )


def test_census_counts_by_year_and_status(snap):
    counts = cen.census(snap, "MA").set_index("year")
    assert counts.loc[2014, ["unknown", "expected", "listed", "active"]].tolist() == [1, 1, 2, 2]
    assert counts.loc[2014, ["stated", "inferred"]].tolist() == [1, 1]
    assert counts.loc[2014, "sources"] == "s1 s2"
    assert counts.loc[2019, ["constituted", "emergent", "merged"]].tolist() == [1, 1, 1]
    assert counts.loc[2019, ["listed", "active"]].tolist() == [3, 2]
    assert counts["covered"].all()


def test_a_year_without_data_is_a_sentence_not_a_zero(snap):
    counts = cen.census(snap, "DZ")
    assert counts["covered"].tolist() == [False, True, False]
    facts = cen.census_facts(counts, "DZ")
    assert facts["note_2023"] == "No source covers Algeria in 2023."
    assert facts["note_2014"] == "No source covers Algeria in 2014."
    assert "n_2023" not in facts and "n_2014" not in facts
    assert facts["n_2019_unknown"] == 1 and facts["covered_2023"] is False
    table = cen.census_table(counts)
    assert table["Year"].tolist() == [2019]


def test_the_reconstructed_year_is_marked(snap):
    counts = cen.census(snap, "MA")
    facts = cen.census_facts(counts, "MA")
    assert "reconstructed" in facts["note_2014"] and "1 stated, 1 inferred" in facts["note_2014"]
    table = cen.census_table(counts)
    assert table.loc[0, "Basis"] == "reconstructed (1 stated, 1 inferred)"
    assert table.loc[1, "Basis"] == "s2 s3"


def test_an_unknown_status_fails(snap):
    snap.loc[0, "status"] = "dormant"
    with pytest.raises(ValueError, match="dormant"):
        cen.census(snap, "MA")


@pytest.mark.parametrize("country", COUNTRIES)
def test_notebook_facts_match_the_snapshots(country, processed, tmp_path):
    facts = run_notebook(
        "census",
        country,
        tmp_path,
        snapshots=processed / "snapshots.csv",
    )
    cc = country.lower()
    with open(processed / "snapshots.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["country"] == country]
    for year in (2014, 2019, 2023):
        these = [r for r in rows if r["reference_year"] == str(year)]
        if not these:
            assert facts[f"covered_{year}"] is False
            assert facts[f"note_{year}"].startswith("No source covers")
            continue
        assert facts[f"n_{year}"] == len(these)
        assert facts[f"n_{year}_unknown"] == sum(r["status"] == "" for r in these)
        for status in ("constituted", "emergent", "expected", "merged"):
            assert facts[f"n_{year}_{status}"] == sum(r["status"] == status for r in these)
        assert facts[f"n_{year}_active"] == sum(r["status"] != "merged" for r in these)
    reconstructed = [r for r in rows if r["reference_year"] == "2014"]
    assert facts["n_2014_stated"] == sum(r["confidence"] == "stated" for r in reconstructed)
    assert facts["n_2014_inferred"] == sum(r["confidence"] == "inferred" for r in reconstructed)
    assert facts["covered_2023"] is (country == "MA")  # the 2023 source covers Morocco only
    md = (tmp_path / "tables" / f"tbl-census-{cc}.md").read_text()
    covered = {r["reference_year"] for r in rows}
    assert md.count("\n") == len(covered) + 2
    name = f"figures/fig-census-{cc}.svg"
    assert (tmp_path / name).stat().st_size > 0, name
