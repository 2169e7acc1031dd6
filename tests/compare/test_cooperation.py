"""The cooperation notebook (ALL) against counts made from the partnerships and the extracted
identity cards; unit tests of ``compare.cooperation`` on hand-made frames."""

import pandas as pd
import pytest

from clusters_maghreb.compare import cooperation
from clusters_maghreb.io import read_csv
from tests.notebook_run import run_notebook


@pytest.fixture(scope="module")
def run(pipeline_dirs, tmp_path_factory):
    out = tmp_path_factory.mktemp("cooperation")
    processed = pipeline_dirs["processed"]
    facts = run_notebook(
        "cooperation",
        "ALL",
        out,
        partnerships=processed / "partnerships.csv",
        clusters=processed / "clusters.csv",
    )
    return out, facts, pipeline_dirs


def test_facts_match_the_partnerships(run):
    out, facts, dirs = run
    p = read_csv(dirs["processed"] / "partnerships.csv")
    p["country"] = p["cluster_id"].str[:2]
    assert facts["n_mentions"] == len(p)
    assert facts["n_clusters_with_partners"] == p["cluster_id"].nunique()
    # Merging spellings only ever removes links, never a cluster or a level.
    assert facts["n_links"] <= len(p)
    assert facts["n_partners"] <= facts["n_links"]
    for cc in ("ma", "dz", "tn", "mr", "ly"):
        sub = p[p["country"] == cc]
        assert facts[f"{cc}_n_clusters_with_partners"] == sub["cluster_id"].nunique(), cc
        for level in cooperation.LEVELS:
            key = level.replace("-", "_")
            at = sub[sub["level"] == level]
            assert facts[f"{cc}_n_clusters_{key}"] == at["cluster_id"].nunique(), (cc, level)
            assert 0 < facts[f"{cc}_n_links_{key}"] <= len(at) or len(at) == 0
        assert (f"{cc}_note" in facts) == sub.empty, cc
    assert sum(facts[f"{cc}_n_links"] for cc in ("ma", "dz", "tn", "mr", "ly")) == facts["n_links"]


def test_per_level_clusters_match_the_identity_cards(run):
    out, facts, dirs = run
    cards = read_csv(dirs["extracted"] / "ipemed-2019" / "card-cooperations.csv")
    for (country, level), rows in cards.groupby(["country", "level"]):
        key = f"{country.lower()}_n_clusters_{level.replace('-', '_')}"
        # Every card naming a partner at a level is one cluster with a partner at that level.
        assert facts[key] >= rows["card_title"].nunique(), key


def test_outputs_are_written(run):
    out, facts, _ = run
    for name in (
        "tables/tbl-cooperation-all.csv",
        "tables/tbl-cooperation-all.md",
        "figures/fig-cooperation-all.svg",
        "figures/fig-cooperation-all.png",
    ):
        assert (out / name).stat().st_size > 0, name
    table = read_csv(out / "tables" / "tbl-cooperation-all.csv")
    total = table[table["Country"] == "All"]
    assert total["Links"].astype(int).sum() == facts["n_links"]
    assert total["Partners"].astype(int).sum() == facts["n_partners"]


# Unit tests on hand-made frames ------------------------------------------------------------


REGISTRY = pd.DataFrame(
    [
        {"cluster_id": "ma-a", "country": "MA", "name": "Cluster A", "acronym": "CA",
         "aliases": "Cluster A | Le cluster A"},
        {"cluster_id": "ma-b", "country": "MA", "name": "Cluster B", "acronym": "",
         "aliases": ""},
        {"cluster_id": "tn-c", "country": "TN", "name": "Cluster C", "acronym": "CC",
         "aliases": ""},
    ]
)  # fmt: skip


def partnership(cluster_id, partner, level, line, source="ipemed-2019"):
    return {
        "cluster_id": cluster_id,
        "partner": partner,
        "level": level,
        "source_id": source,
        "line_start": str(line),
    }


PARTNERSHIPS = pd.DataFrame(
    [
        partnership("ma-a", "Cluster AQUIMER (France)", "euro-mediterranean", 10),
        partnership("ma-a", "cluster Aquimer", "euro-mediterranean", 5),
        partnership("ma-a", "Maroc Cluster", "national", 9),
        partnership("ma-b", "Maroc Cluster", "national", 20),
        partnership("ma-b", "CA (pour l'économie circulaire)", "national", 21),
        partnership("tn-c", "Canada", "extra-regional", 30),
    ]
)


def test_partner_key_sets_aside_case_accents_and_a_trailing_place():
    assert cooperation.partner_key("Cluster AQUIMER (France)") == cooperation.partner_key(
        "cluster Aquimer"
    )
    assert cooperation.partner_key("Énergia") == cooperation.partner_key("energia")
    assert cooperation.partner_key("(France)") != ""


def test_links_merge_spellings_and_recognise_clusters():
    links = cooperation.links(PARTNERSHIPS, REGISTRY)
    assert len(links) == 5
    aquimer = links[links["level"] == "euro-mediterranean"].iloc[0]
    assert aquimer["mentions"] == 2 and aquimer["partner"] == "cluster Aquimer"  # line 5 first
    assert links.set_index(["cluster_id", "key"]).loc[("ma-b", "ca"), "partner_cluster_id"] == (
        "ma-a"
    )
    counts = cooperation.counts(links, ["MA", "TN", "MR"]).set_index(["country", "level"])
    assert counts.loc[("MA", "national"), "clusters"] == 2
    assert counts.loc[("MA", "national"), "links"] == 3
    assert counts.loc[("MA", "national"), "partners"] == 2
    assert counts.loc[("MR", "extra-regional")].tolist() == [0, 0, 0]


def test_layout_is_deterministic_and_pools_single_partners():
    links = cooperation.links(PARTNERSHIPS, REGISTRY)
    nodes, edges = cooperation.layout(links)
    again = cooperation.layout(links.sample(frac=1, random_state=1))
    pd.testing.assert_frame_equal(nodes, again[0])
    partners = nodes[nodes["side"] == "partner"].set_index("node")
    assert partners.loc["national:maroc cluster", "weight"] == 2  # shared: its own node
    assert partners.loc["national:*", "label"] == "1 other national partners"
    assert list(nodes[nodes["side"] == "cluster"]["node"]) == ["ma-a", "ma-b", "tn-c"]
    assert nodes["y"].between(0, 1).all() and nodes.iloc[0]["y"] == 1
    assert (
        edges.set_index(["cluster_id", "node"]).loc[("ma-a", "euro-mediterranean:*"), "weight"] == 1
    )
