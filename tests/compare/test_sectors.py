"""The sectors notebook runs for every country; its facts match counts of snapshots.csv itself;
the sector functions on small hand-made frames."""

import csv

import pandas as pd
import pytest

from clusters_maghreb.compare import sectors as sec
from tests.notebook_run import run_notebook

COUNTRIES = ["MA", "DZ", "TN"]


@pytest.fixture
def snap():
    rows = [
        ("ma-a", 2019, "MA", "constituted", "1", "IAA"),
        ("ma-b", 2019, "MA", "constituted", "1", "IAA"),
        ("ma-c", 2019, "MA", "emergent", "3", "TIC"),
        ("ma-d", 2019, "MA", "expected", "", ""),
        ("ma-e", 2019, "MA", "merged", "2", "Métaux, Electronique"),  # not active: not counted
        ("ma-a", 2023, "MA", "constituted", "5", "Environnement"),  # code changed
        ("ma-c", 2023, "MA", "constituted", "3", "TIC"),
        ("dz-a", 2019, "DZ", "unknown", "", ""),
    ]
    cols = ["cluster_id", "reference_year", "country", "status", "sector_code", "sector_label"]
    return pd.DataFrame(rows, columns=cols)


def test_sector_mix_counts_active_clusters(snap):
    mix = sec.sector_mix(snap, "MA")
    got = {(r.year, r.sector): (r.n, r.share) for r in mix.itertuples()}
    assert got == {
        (2019, "1"): (2, 50.0),
        (2019, "3"): (1, 25.0),
        (2019, "unknown"): (1, 25.0),
        (2023, "3"): (1, 50.0),
        (2023, "5"): (1, 50.0),
    }


def test_sector_table_has_a_row_per_sector_and_columns_per_year(snap):
    table = sec.sector_table(sec.sector_mix(snap, "MA"))
    assert table["Sector"].tolist() == ["1 IAA", "3 TIC", "5 Environnement", "sector unknown"]
    assert table.columns.tolist() == ["Sector", "n 2019", "% 2019", "n 2023", "% 2023"]
    assert table["n 2023"].tolist() == [0, 1, 1, 0]


def test_a_country_with_no_sector_and_no_later_year(snap):
    mix = sec.sector_mix(snap, "DZ")
    assert mix[["year", "sector", "n", "share"]].values.tolist() == [[2019, "unknown", 1, 100.0]]
    assert sec.sector_mix(snap, "TN").empty


def test_sector_changes(snap):
    changed = sec.sector_changes(snap, "MA", 2019, 2023)
    assert changed.values.tolist() == [["ma-a", "1", "5"]]
    assert sec.sector_changes(snap, "DZ", 2019, 2023).empty


def test_largest_sectors_name_a_tie_in_both_languages(snap):
    mix = sec.sector_mix(snap, "MA")
    assert sec.largest_sectors(mix, 2019) == {
        "labels": "agri-food",
        "labels_fr": "agroalimentaire",
        "n": 2,
        "share": 50.0,
        "clause": "the largest sector is agri-food (2 clusters, 50.0%)",
        "clause_fr": "le premier secteur est agroalimentaire (2 clusters, 50.0 %)",
    }
    # TIC and Environnement, one cluster each; each edition names them in its language
    tie = sec.largest_sectors(mix, 2023)
    assert tie["labels"] == "information technology and environment"
    assert tie["labels_fr"] == "technologies de l'information et environnement"
    assert tie["clause"] == (
        "the largest sectors are information technology and environment, with 1 cluster each "
        "(50.0% each)"
    )
    assert tie["clause_fr"] == (
        "les premiers secteurs sont technologies de l'information et environnement, avec "
        "1 cluster chacun (50.0 % chacun)"
    )
    assert sec.largest_sectors(sec.sector_mix(snap, "DZ"), 2019) == {}  # no known sector


@pytest.mark.parametrize("country", COUNTRIES)
def test_notebook_facts_match_the_snapshots(country, processed, tmp_path):
    facts = run_notebook(
        "sectors",
        country,
        tmp_path,
        snapshots=processed / "snapshots.csv",
    )
    cc = country.lower()
    with open(processed / "snapshots.csv", encoding="utf-8", newline="") as fh:
        rows = [
            r for r in csv.DictReader(fh) if r["country"] == country and r["status"] != "merged"
        ]
    for year in (2014, 2019, 2023):
        these = [r for r in rows if r["reference_year"] == str(year)]
        if not these:
            assert facts[f"note_{year}"].startswith("No source covers")
            continue
        assert facts[f"n_{year}"] == len(these)
        for code in [*map(str, range(1, 8)), "unknown"]:
            n = sum(r["sector_code"] == ("" if code == "unknown" else code) for r in these)
            assert facts[f"n_{year}_sector_{code}"] == n
            assert facts[f"share_{year}_sector_{code}"] == round(100 * n / len(these), 1)
    # The reconstructed rows give no sector of their own: each is carried from a later year.
    reconstructed = [r for r in rows if r["reference_year"] == "2014"]
    carried = [r for r in reconstructed if "sector_code:" in r["carried"]]
    assert facts["n_2014_sector_carried"] == len(carried) > 0
    assert all(r["sector_code"] for r in carried)
    assert facts["n_2014_sectors"] == len({r["sector_code"] for r in carried})
    assert facts["note_2014"].startswith("The reconstructed rows of 2014 give no sector")
    assert facts["note_2014_fr"].startswith("Les lignes reconstituées de 2014 ne donnent")
    for year in (2019, 2023):
        if f"top_sector_{year}" not in facts:
            continue
        top = [
            int(c)
            for c in range(1, 8)
            if facts[f"n_{year}_sector_{c}"]
            == max(facts[f"n_{year}_sector_{k}"] for k in range(1, 8))
        ]
        assert facts[f"top_sector_n_{year}"] == facts[f"n_{year}_sector_{top[0]}"]
        plural = "the largest sectors are" if len(top) > 1 else "the largest sector is"
        assert facts[f"top_sector_clause_{year}"].startswith(plural)
        plural_fr = "les premiers secteurs sont" if len(top) > 1 else "le premier secteur est"
        assert facts[f"top_sector_clause_{year}_fr"].startswith(plural_fr)
    if country == "MA":
        assert facts["change_2019_2023_sector_5"] == (
            facts["n_2023_sector_5"] - facts["n_2019_sector_5"]
        )
    else:  # 2014 (carried) and 2019 both record sectors
        assert facts["change_2014_2019_sector_1"] == (
            facts["n_2019_sector_1"] - facts["n_2014_sector_1"]
        )
    for name in (
        f"tables/tbl-sectors-{cc}.md",
        f"figures/fig-sectors-{cc}.svg",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
