"""The common dataset built from the real sources: registry, snapshots, discrepancies, package."""

from pathlib import Path

import pandas as pd
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import read_csv, write_csv
from clusters_maghreb.normalise import dataset, validate
from clusters_maghreb.normalise.snapshots import load_precedence

REFERENCE = PROJECT_ROOT / "data" / "reference"
SCHEMA = PROJECT_ROOT / "workflow" / "schemas" / "datapackage.yaml"
TABLES = ["clusters", "snapshots", "discrepancies", "partnerships", "levers", "ecosystems"]


@pytest.fixture(scope="module")
def built(processed) -> Path:
    return processed


def table(built, name):
    return read_csv(built / f"{name}.csv")


def test_clusters_per_country_and_year(built):
    snaps = table(built, "snapshots")
    counts = snaps.groupby(["reference_year", "country"]).size().to_dict()
    assert counts == {
        ("2014", "DZ"): 5,  # the Bouira olive oil cluster, the 3 AFD projects, the milk cluster
        ("2014", "MA"): 10,
        ("2014", "TN"): 1,  # CMT (footnote 42)
        ("2019", "DZ"): 16,  # the Carte's 9 and the clusters the chapter names besides
        ("2019", "MA"): 17,  # the Carte's 15 and the 2 clusters merged since 2014
        ("2019", "MR"): 1,
        ("2019", "TN"): 16,
        ("2023", "MA"): 19,  # Table 2's 17 and the 2 in creation
    }
    status_2019 = snaps[snaps["reference_year"] == "2019"].groupby(["country", "status"]).size()
    assert status_2019.to_dict() == {
        ("DZ", ""): 2,  # the two AFD projects in Oran: named, no status given
        ("DZ", "constituted"): 7,
        ("DZ", "emergent"): 5,
        ("DZ", "expected"): 2,
        ("MA", "constituted"): 13,
        ("MA", "expected"): 2,
        ("MA", "merged"): 2,
        ("MR", ""): 1,
        ("TN", "constituted"): 11,
        ("TN", "emergent"): 3,
        ("TN", "expected"): 2,
    }


def test_snapshot_values_of_ce3m(built):
    snaps = table(built, "snapshots").set_index(["cluster_id", "reference_year"])
    ce3m = snaps.loc[("ma-ce3m", "2019")]
    assert ce3m["status"] == "constituted"
    assert ce3m["sector_code"] == "2"
    assert ce3m["sector_label"] == "Métaux, Electronique"
    assert ce3m["city"] == "Mohammedia"
    assert ce3m["territory"] == "constructed"
    assert ce3m["partner_north"] == "true"
    assert ce3m["members_total"] == "85"
    assert ce3m["jobs"] == "11000"
    assert ce3m["founded_year"] == "2010"
    assert snaps.loc[("ma-ce3m", "2023"), "labeled"] == "yes"


def test_same_name_in_two_cities_stays_two_clusters(built):
    snaps = table(built, "snapshots")
    automobile = snaps[
        (snaps["reference_year"] == "2019") & snaps["cluster_id"].str.startswith("ma-automobile")
    ]
    assert sorted(automobile["city"]) == ["Casablanca", "Tanger"]  # as ipemed-2019:522 spells it
    assert set(automobile["status"]) == {"expected"}


def test_disagreements_are_kept_with_both_provenances(built):
    disc = table(built, "discrepancies")
    cba = disc[(disc["cluster_id"] == "dz-cba") & (disc["field"] == "place")]
    assert cba[
        ["value_a", "table_a", "lines_a", "value_b", "table_b", "lines_b"]
    ].values.tolist() == [
        ["Bordj Bou Arreridj", "carte-dz", "668-668", "Bejaïa", "cards", "1303-1313"]
    ]
    mnc = disc[(disc["cluster_id"] == "ma-mnc") & (disc["kind"] == "parts-exceed-total")]
    assert mnc["value_a"].tolist() == ["24"]
    assert mnc["value_b"].str.startswith("42 = ").all()
    founded = disc[(disc["cluster_id"] == "ma-ahp") & (disc["field"] == "founded_year")]
    assert sorted(founded["value_b"]) == ["2010", "2012"]
    # every conflicting field is counted on its snapshot row
    snaps = table(built, "snapshots").set_index(["cluster_id", "reference_year"])
    assert int(snaps.loc[("dz-cba", "2019"), "conflicts"]) >= 1


def test_every_value_traces_back_to_an_observation(built):
    obs = table(built, "observations")
    snaps = table(built, "snapshots")
    seen = set(zip(obs["cluster_id"], obs["field"], obs["value"], strict=True))
    for field in ("status", "sector_code", "city", "members_total", "founded_year"):
        for r in snaps[snaps[field] != ""].itertuples(index=False):
            assert (r.cluster_id, field, getattr(r, field)) in seen, (r.cluster_id, field)
    assert (obs["line_start"].astype(int) >= 1).all()


def test_the_package_validates_with_frictionless(built):
    from frictionless import validate as fl_validate

    report = fl_validate(built / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_a_bad_snapshot_value_stops_validation_showing_the_row(built, tmp_path):
    for name in ["observations", *TABLES]:
        write_csv(table(built, name), tmp_path / f"{name}.csv")
    snaps = table(built, "snapshots")
    snaps.loc[snaps["cluster_id"] == "tn-2ts", "sector_code"] = "9"
    write_csv(snaps, tmp_path / "snapshots.csv")
    with pytest.raises(validate.ValidationError, match=r"snapshots\.csv breaks its Table Schema"):
        dataset.write_datapackage(tmp_path, SCHEMA, tmp_path / "datapackage.json")
    assert not (tmp_path / "datapackage.json").exists()


def test_an_orphan_cluster_id_stops_validation(built, tmp_path):
    for name in ["observations", *TABLES]:
        write_csv(table(built, name), tmp_path / f"{name}.csv")
    levers = table(built, "levers")
    levers.loc[0, "cluster_id"] = "ma-nowhere"
    write_csv(levers, tmp_path / "levers.csv")
    with pytest.raises(validate.ValidationError, match="cluster_id not in clusters.csv") as err:
        dataset.write_datapackage(tmp_path, SCHEMA, tmp_path / "datapackage.json")
    assert "ma-nowhere" in str(err.value)


def test_a_precedence_row_without_rationale_fails(tmp_path):
    rows = read_csv(REFERENCE / "field_precedence.csv")
    rows.loc[2, "rationale"] = ""
    write_csv(rows, tmp_path / "field_precedence.csv")
    with pytest.raises(ValueError, match=r"field_precedence\.csv:4: expected a rationale"):
        load_precedence(tmp_path / "field_precedence.csv")


def test_side_tables(built):
    levers = table(built, "levers")
    assert levers["cluster_id"].nunique() == 17
    assert len(levers) == 17 * 7
    eco = table(built, "ecosystems")
    assert eco[eco["ecosystem_type"] == "Clusters"]["count"].tolist() == ["17"]
    part = table(built, "partnerships")
    assert set(part["level"]) <= {"national", "euro-mediterranean", "extra-regional"}
    assert {"ma-ahp", "tn-2ts"} <= set(part["cluster_id"])
    assert pd.to_numeric(part["line_start"]).min() > 900


def test_choose_ranks_every_observation_as_rank_does(processed):
    """choose() finds each (field, qualifier)'s candidate precedence rows once and matches the
    sources against them: every observation of the real build gets the rank ``rank`` gives."""
    from clusters_maghreb.schema import choose, rank

    obs = read_csv(processed / "observations.csv")
    precedence = load_precedence(REFERENCE / "field_precedence.csv")
    ordered = choose(obs, precedence)
    keys = list(ordered[["field", "source_id", "table_id", "qualifier"]].itertuples(index=False))
    ranks = {k: rank(precedence, *k) for k in set(keys)}  # rank is slow and the keys repeat
    expected = [ranks[k] for k in keys]
    assert list(ordered["_rank"]) == expected
    assert len(set(expected)) > 3  # several tiers and ranks are at play
