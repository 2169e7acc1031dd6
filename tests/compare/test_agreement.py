"""The agreement notebook (ALL) against counts made from discrepancies.csv; unit tests of
``compare.agreement`` on hand-made frames."""

import pandas as pd
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.compare import agreement
from clusters_maghreb.io import read_csv
from tests.notebook_run import run_notebook

PRECEDENCE = PROJECT_ROOT / "data" / "reference" / "field_precedence.csv"


@pytest.fixture(scope="module")
def run(processed, tmp_path_factory):
    out = tmp_path_factory.mktemp("agreement")
    facts = run_notebook(
        "agreement",
        "ALL",
        out,
        discrepancies=processed / "discrepancies.csv",
        observations=processed / "observations.csv",
        clusters=processed / "clusters.csv",
        precedence=PRECEDENCE,
    )
    return out, facts, read_csv(processed / "discrepancies.csv")


def test_facts_match_the_discrepancies(run):
    out, facts, d = run
    assert facts["n_discrepancies"] == len(d)
    assert facts["n_clusters"] == d["cluster_id"].nunique()
    for kind in agreement.KINDS:
        assert facts[f"n_{kind.replace('-', '_')}"] == (d["kind"] == kind).sum(), kind
    for field, n in d["field"].value_counts().items():
        assert facts[f"n_field_{field}"] == n, field
    for cc in ("ma", "dz", "tn", "mr", "ly"):
        sub = d[d["cluster_id"].str.startswith(f"{cc}-")]
        assert facts[f"{cc}_n_discrepancies"] == len(sub), cc
        assert (f"{cc}_note" in facts) == sub.empty, cc
    assert facts["n_checks"] >= facts["n_discrepancies"]


def test_tables_hold_every_discrepancy(run):
    out, facts, d = run
    summary = read_csv(out / "tables" / "tbl-agreement-all.csv")
    assert summary["Discrepancies"].astype(int).sum() == len(d)
    assert summary["Checks"].astype(int).sum() == facts["n_checks"]
    every = read_csv(out / "tables" / "tbl-discrepancies-all.csv")
    assert len(every) == len(d)
    assert (every["Cluster"] != "").all()
    assert sorted(every["Value kept"]) == sorted(d["value_a"])
    md = (out / "tables" / "tbl-discrepancies-all.md").read_text()
    assert md.count("\n") == len(d) + 2
    name = "figures/fig-agreement-all.svg"
    assert (out / name).stat().st_size > 0, name


def test_a_reader_sees_no_dataset_column_nor_file_path(run):
    """Fields by their names ('SMEs', not 'members_smes'), a sum of member counts by type as
    its total, and no file path in the figure's note, in both editions."""
    out, _, d = run
    shown = {
        name: (out / name).read_text(encoding="utf-8")
        for name in (
            "tables/tbl-agreement-all.md",
            "tables/tbl-discrepancies-all.md",
            "tables/fr/tbl-agreement-all.md",
            "tables/fr/tbl-discrepancies-all.md",
            "figures/fig-agreement-all.svg",
            "figures/fr/fig-agreement-all.svg",
        )
    }
    for name, text in shown.items():
        assert "members_" not in text and "founded_year" not in text, name
        assert "data/processed" not in text and "observations.csv" not in text, name
    assert (d["kind"] == "parts-exceed-total").any()
    assert "(sum of the counts by type)" in shown["tables/tbl-discrepancies-all.md"]
    assert "(somme des décomptes par type)" in shown["tables/fr/tbl-discrepancies-all.md"]


# Unit tests on hand-made frames ------------------------------------------------------------


def test_pairs_are_ordered_and_country_tables_grouped():
    assert agreement.pair("b-src", "t", "a-src", "u") == "a-src vs b-src"
    assert agreement.pair("ipemed-2019", "carte-ma", "ipemed-2019", "cards") == (
        "ipemed-2019 (cards vs carte)"
    )
    assert agreement.table_family("list-dz-emerging") == "list-dz-emerging"


def obs(cluster_id, field, value, source, table, line, year="2019", qualifier="exact"):
    return {
        "cluster_id": cluster_id,
        "field": field,
        "value": value,
        "source_id": source,
        "table_id": table,
        "line_start": str(line),
        "line_end": str(line),
        "reference_year": year,
        "qualifier": qualifier,
    }


def place(cluster_id, city, geonames_id, division, source, table, line):
    """The observations of one stated city (observations.place_values)."""
    values = {"place_level": "city", "city": city, "geonames_id": geonames_id}
    values["place_divisions"] = division
    rows = [obs(cluster_id, f, v, source, table, line) for f, v in values.items()]
    return [{**r, "raw_value": city} for r in rows]


def test_checks_summary_and_readable_table():
    observations = pd.DataFrame(
        [
            *place("ma-a", "Rabat", "2538475", "04", "ipemed-2019", "carte-ma", 1),
            *place("ma-a", "Casablanca", "2553604", "06", "ipemed-2019", "cards", 2),
            *place("ma-a", "Rabat", "2538475", "04", "other-2020", "table-2", 3),
            obs("ma-a", "name", "A", "other-2020", "table-2", 3),  # names are not compared
            obs("ma-a", "members_total", "10", "ipemed-2019", "cards", 2),
            obs("ma-a", "members_smes", "8", "ipemed-2019", "cards", 2),
            obs("ma-a", "members_large", "4", "ipemed-2019", "cards", 2),
        ]
    )
    precedence = pd.DataFrame(
        [
            {"field": "*", "rank": 1, "source_id": "ipemed-2019", "table_id": "carte-*"},
            {"field": "*", "rank": 2, "source_id": "ipemed-2019", "table_id": "cards"},
            {"field": "*", "rank": 3, "source_id": "*", "table_id": "*"},
        ]
    )
    checked = agreement.checks(observations, precedence)
    assert len(checked) == 3
    assert checked["agree"].tolist() == [False, True, False]
    found = pd.DataFrame(
        [
            {"cluster_id": "ma-a", "reference_year": "2019", "field": "place",
             "kind": "within-source", "value_a": "Rabat", "source_a": "ipemed-2019",
             "table_a": "carte-ma", "lines_a": "1-1", "value_b": "Casablanca",
             "source_b": "ipemed-2019", "table_b": "cards", "lines_b": "2-2", "kept": "a"},
            {"cluster_id": "ma-a", "reference_year": "2019", "field": "members_total",
             "kind": "parts-exceed-total", "value_a": "10", "source_a": "ipemed-2019",
             "table_a": "cards", "lines_a": "2-2", "value_b": "12 = ...",
             "source_b": "ipemed-2019", "table_b": "cards", "lines_b": "2-2", "kept": "a"},
        ]
    )  # fmt: skip
    summary = agreement.summary(found, checked).set_index(["field", "kind"])
    assert summary.loc[("place", "within-source"), "checks"] == 1
    assert summary.loc[("place", "within-source"), "pct_disagree"] == 100
    assert summary.loc[("place", "between-sources"), "discrepancies"] == 0
    assert summary.loc[("members_total", "parts-exceed-total"), "pair"] == "ipemed-2019 (cards)"
    registry = pd.DataFrame([{"cluster_id": "ma-a", "country": "MA", "name": "Cluster A"}])
    shown = agreement.readable(found, registry)
    assert shown.loc[0, "Cluster"] == "Cluster A"
    assert "ipemed-2019 carte-ma l. 1" in shown["Kept from"].tolist()
