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
        snapshots=processed / "snapshots.csv",
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
    p = read_csv(dirs["processed"] / "partnerships.csv")
    from_cards = p[p["kind"] == "identity card"]
    for (country, level), rows in cards.groupby(["country", "level"]):
        key = f"{country.lower()}_n_clusters_{level.replace('-', '_')}"
        named = from_cards[
            (from_cards["cluster_id"].str[:2] == country.lower()) & (from_cards["level"] == level)
        ]
        # A card naming a partner at a level is one cluster with a partner at that level; a
        # card whose pieces name none is not, so there are never more than the cards.
        assert named["cluster_id"].nunique() <= facts[key], key
        assert named["cluster_id"].nunique() <= rows["card_title"].nunique(), key
    # The Algerian cards' national lines name practices ('Interclustering' four times, a
    # project of the cluster's own): no partner.
    dz = cards[(cards["country"] == "DZ") & (cards["level"] == "national")]
    assert (dz["partner"] == "Interclustering").sum() == 4 and len(dz) == 5
    assert facts["dz_n_clusters_national"] == 0


def test_named_partners_and_the_rest(run):
    out, facts, dirs = run
    p = read_csv(dirs["processed"] / "partnerships.csv")
    named = p[~p["partner_kind"].isin(cooperation.UNNAMED_KINDS)]
    assert facts["n_named_partners"] == named["partner_id"].nunique()
    assert facts["n_partners"] == p["partner_id"].nunique()
    assert (
        facts["n_links_named"] + facts["n_links_country"] + facts["n_links_unnamed_group"]
        == facts["n_links"]
    )
    assert facts["most_shared_partner"] == "Association Tunisia Technoparks"
    assert facts["most_shared_partner_clusters"] == 7


def test_the_carte_flags_beside_the_partners_named(run):
    out, facts, dirs = run
    snaps = read_csv(dirs["processed"] / "snapshots.csv")
    carte = snaps[snaps["reference_year"] == "2019"]
    assert facts["n_carte_north"] == (carte["partner_north"] == "true").sum() > 0
    assert facts["n_carte_south"] == (carte["partner_south"] == "true").sum() > 0
    # The C2TM's card names only the 'TEXMED Clusters Project' (a programme) at the
    # Euro-Mediterranean level, where the Carte says 'Nord: oui'.
    assert facts["carte_north_without_named_partner"] == "C2TM"


def test_outputs_are_written(run):
    out, facts, _ = run
    for name in (
        "tables/tbl-cooperation-all.csv",
        "tables/tbl-cooperation-all.md",
        "figures/fig-cooperation-all.svg",
    ):
        assert (out / name).stat().st_size > 0, name
    table = read_csv(out / "tables" / "tbl-cooperation-all.csv")
    total = table[table["Country"] == "All"]
    assert total["Links"].astype(int).sum() == facts["n_links"]
    assert total["Partners"].astype(int).sum() >= facts["n_partners"]  # one may be at 2 levels
    assert (total["Named partners"].astype(int) <= total["Partners"].astype(int)).all()


# Unit tests on hand-made frames ------------------------------------------------------------


def partnership(cluster_id, partner_id, level, line, kind="cluster", stage="current", cid=""):
    return {
        "cluster_id": cluster_id,
        "partner_id": partner_id,
        "partner": partner_id.upper(),
        "partner_kind": kind,
        "partner_cluster_id": cid,
        "stage": stage,
        "level": level,
        "source_id": "ipemed-2019",
        "line_start": str(line),
    }


PARTNERSHIPS = pd.DataFrame(
    [
        partnership("ma-a", "aquimer", "euro-mediterranean", 10),
        partnership("ma-a", "aquimer", "euro-mediterranean", 5, stage="planned"),
        partnership("ma-a", "maroc-cluster", "national", 9, kind="cluster network"),
        partnership("ma-b", "maroc-cluster", "national", 20, kind="cluster network"),
        partnership("ma-b", "a", "national", 21, cid="ma-a"),
        partnership("tn-c", "country-canada", "extra-regional", 30, kind="country"),
    ]
)


def test_links_group_by_partner_id():
    links = cooperation.links(PARTNERSHIPS)
    assert len(links) == 5
    aquimer = links[links["level"] == "euro-mediterranean"].iloc[0]
    assert aquimer["mentions"] == 2 and aquimer["stage"] == "current"  # one mention current
    assert links.set_index(["cluster_id", "key"]).loc[("ma-b", "a"), "partner_cluster_id"] == (
        "ma-a"
    )
    counts = cooperation.counts(links, ["MA", "TN", "MR"]).set_index(["country", "level"])
    assert counts.loc[("MA", "national"), "clusters"] == 2
    assert counts.loc[("MA", "national"), "links"] == 3
    assert counts.loc[("MA", "national"), "partners"] == 2
    assert counts.loc[("TN", "extra-regional"), ["partners", "named"]].tolist() == [1, 0]
    assert counts.loc[("MR", "extra-regional")].tolist() == [0, 0, 0, 0]


def test_layout_is_deterministic_and_pools_single_partners():
    links = cooperation.links(PARTNERSHIPS)
    nodes, edges = cooperation.layout(links)
    again = cooperation.layout(links.sample(frac=1, random_state=1))
    pd.testing.assert_frame_equal(nodes, again[0])
    partners = nodes[nodes["side"] == "partner"].set_index("node")
    assert partners.loc["national:maroc-cluster", "weight"] == 2  # shared: its own node
    assert partners.loc["national:*", "label"] == "1 other national partners"
    assert list(nodes[nodes["side"] == "cluster"]["node"]) == ["ma-a", "ma-b", "tn-c"]
    assert nodes["y"].between(0, 1).all() and nodes.iloc[0]["y"] == 1
    assert (
        edges.set_index(["cluster_id", "node"]).loc[("ma-a", "euro-mediterranean:*"), "weight"] == 1
    )
