"""The flows notebook runs for every country; its facts match sets of snapshots.csv itself;
the flow kinds and the alluvial layout on small hand-made frames."""

import csv

import pandas as pd
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.compare import flows as fl
from clusters_maghreb.compare.census import UNKNOWN
from tests.notebook_run import run_notebook

COUNTRIES = ["MA", "DZ", "TN"]
EVENT_COLUMNS = ["cluster_id", "event", "other_cluster_id", "year"]


@pytest.fixture
def data():
    rows = [
        # cluster, year, status ('' = unknown)
        ("ma-a", 2014, ""),
        ("ma-a", 2019, "constituted"),
        ("ma-a", 2023, "constituted"),
        ("ma-b", 2014, "expected"),
        ("ma-b", 2019, "constituted"),
        ("ma-c", 2019, "emergent"),  # founded 2016: born
        ("ma-c", 2023, "expected"),  # regressed
        ("ma-d", 2019, "expected"),  # no founding year: first listed; then disappears
        ("ma-e", 2014, ""),
        ("ma-e", 2019, "merged"),  # merged into ma-a
        ("ma-f", 2014, ""),  # not listed in 2019, back in 2023
        ("ma-f", 2023, "constituted"),
        ("ma-g", 2014, "emergent"),  # renamed ma-h
        ("ma-h", 2019, "emergent"),
        ("ma-h", 2023, ""),
        ("dz-a", 2019, "constituted"),
    ]
    snap = pd.DataFrame(rows, columns=["cluster_id", "reference_year", "status"])
    snap["country"] = snap["cluster_id"].str[:2].str.upper()
    snap["status"] = snap["status"].replace("", UNKNOWN)
    ids = sorted(set(snap["cluster_id"]))
    founded = {"ma-c": "2016", "ma-a": "2010", "ma-f": "2012"}
    clusters = pd.DataFrame(
        {
            "cluster_id": ids,
            "country": [i[:2].upper() for i in ids],
            "founded_year": [founded.get(i, "") for i in ids],
            "merged_into": ["ma-a" if i == "ma-e" else "" for i in ids],
        }
    )
    events = pd.DataFrame([("ma-g", "renamed_to", "ma-h", "")], columns=EVENT_COLUMNS)
    return snap, clusters, events


def kinds(flow):
    return dict(zip(flow["cluster_id"], flow["kind"], strict=True))


def test_flow_kinds_2014_2019(data):
    flow = fl.flows(*data, "MA", 2014, 2019)
    assert kinds(flow) == {
        "ma-a": "status_first_known",
        "ma-b": "advanced",
        "ma-c": "born",
        "ma-d": "first_listed",
        "ma-e": "merged",
        "ma-f": "gap",
        "ma-g": "renamed",
    }
    other = dict(zip(flow["cluster_id"], flow["other_cluster_id"], strict=True))
    assert other["ma-e"] == "ma-a" and other["ma-g"] == "ma-h"
    counts = fl.flow_counts(flow)
    assert sum(counts.values()) == len(flow) and counts["continued"] == 0
    assert fl.transition_counts(flow)[("expected", "constituted")] == 1


def test_flow_kinds_2019_2023(data):
    flow = fl.flows(*data, "MA", 2019, 2023)
    assert kinds(flow) == {
        "ma-a": "continued",
        "ma-b": "disappeared",
        "ma-c": "regressed",
        "ma-d": "disappeared",
        "ma-f": "relisted",
        "ma-h": "status_no_longer_known",
    }  # ma-e, merged in 2019, has no flow any more


def test_a_rename_dated_outside_the_pair_is_not_used(data):
    snap, clusters, events = data
    events = events.assign(year="2021")
    flow = fl.flows(snap, clusters, events, "MA", 2014, 2019)
    assert kinds(flow)["ma-g"] == "disappeared"
    assert kinds(flow)["ma-h"] == "first_listed"


def test_a_country_with_one_covered_year_has_no_flow(data):
    snap = data[0]
    assert fl.pairs(snap, "DZ") == []
    assert fl.pairs(snap, "MA") == [(2014, 2019), (2019, 2023)]
    with pytest.raises(ValueError, match="no snapshot row"):
        fl.flows(*data, "DZ", 2019, 2023)


def test_alluvial_layout(data):
    states = fl.states(data[0], "MA")
    nodes, bands = fl.alluvial(states, gap=1.0)
    for _, part in nodes.groupby("year"):
        assert part["n"].sum() == len(states)  # every cluster in one node per column
        assert (part["top"].iloc[1:].to_numpy() == part["bottom"].iloc[:-1].to_numpy() + 1).all()
    for (y0, _), part in bands.groupby(["year0", "year1"]):
        assert part["n"].sum() == len(states)
        for state, n in part.groupby("from_state")["n"].sum().items():
            node = nodes[(nodes["year"] == y0) & (nodes["state"] == state)].iloc[0]
            assert n == node["n"]
            inside = part[part["from_state"] == state]
            assert inside["top0"].min() == node["top"] and inside["bottom0"].max() == node["bottom"]


@pytest.mark.parametrize("country", COUNTRIES)
def test_notebook_facts_match_the_snapshots(country, processed, tmp_path):
    facts = run_notebook(
        "flows",
        country,
        tmp_path,
        snapshots=processed / "snapshots.csv",
        clusters=processed / "clusters.csv",
        events=PROJECT_ROOT / "data" / "reference" / "cluster_events.csv",
    )
    cc = country.lower()
    with open(processed / "snapshots.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["country"] == country]
    status = {(r["cluster_id"], int(r["reference_year"])): r["status"] for r in rows}
    years = sorted({y for _, y in status})
    for y0, y1 in [(2014, 2019), (2019, 2023)]:
        p = f"{y0}_{y1}"
        if y1 not in years:
            assert facts[f"note_{p}"].startswith(f"No source covers {facts['country_name']}")
            assert f"born_{p}" not in facts
            continue
        ids0 = {c for c, y in status if y == y0}
        ids1 = {c for c, y in status if y == y1}
        new = facts[f"born_{p}"] + facts[f"first_listed_{p}"] + facts[f"relisted_{p}"]
        assert new + facts[f"renamed_{p}"] == len(ids1 - ids0)
        gone = {c for c in ids0 - ids1 if status[(c, y0)] != "merged"}
        assert facts[f"disappeared_{p}"] + facts[f"gap_{p}"] == len(gone)
        assert facts[f"merged_{p}"] == sum(
            status[(c, y1)] == "merged" and status[(c, y0)] != "merged" for c in ids0 & ids1
        )
        both = [(status[(c, y0)], status[(c, y1)]) for c in ids0 & ids1]
        assert facts[f"continued_{p}"] == sum(a == b for a, b in both)
        assert facts[f"status_first_known_{p}"] == sum(
            a == "" and b not in ("", "merged") for a, b in both
        )
        for a in ("expected", "emergent", "constituted"):
            for b in ("expected", "emergent", "constituted"):
                if a != b:
                    assert facts[f"transition_{a}_to_{b}_{p}"] == both.count((a, b))
    if country == "MA":  # the two mergers ipemed-2019 reports (lines 410-413)
        assert facts["merged_2014_2019"] == 2
        assert "into Cluster Electronique" in facts["merged_names_2014_2019"]
    md = (tmp_path / "tables" / f"tbl-flows-{cc}.md").read_text()
    assert md.count("\n") == len({c for c, _ in status}) + 2
    name = f"figures/fig-flows-{cc}.svg"
    assert (tmp_path / name).stat().st_size > 0, name
