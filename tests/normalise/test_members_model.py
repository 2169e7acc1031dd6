"""Issue 13, families 1, 2 and 5 on the real sources: every member count a source gives survives
as a typed value with its qualifier; the 2023 labelling keeps three states; values stated in the
chapters' prose are observations, and a year the prose states against the card's is listed."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise import members, prose_values, values

REFERENCE = PROJECT_ROOT / "data" / "reference"
RAW = PROJECT_ROOT / "data" / "raw"
SCHEMA = PROJECT_ROOT / "workflow" / "schemas" / "datapackage.yaml"

# Every member count and jobs figure of the five sources, checked by hand against the text:
# (source, first line of the card / row / sentence, cluster, type, value, qualifier).
EXPECTED = [
    ("ecomnews-2020", 38, "ma-ce3m", "members_total", "80", "exact"),
    ("ipemed-2019", 1116, "ma-ce3m", "jobs", "11000", "approx"),
    ("ipemed-2019", 1116, "ma-ce3m", "members_total", "85", "exact"),
    ("ipemed-2019", 1141, "ma-mnc", "members_large", "10", "exact"),
    ("ipemed-2019", 1141, "ma-mnc", "members_research_training", "12", "exact"),
    ("ipemed-2019", 1141, "ma-mnc", "members_startups", "20", "exact"),
    ("ipemed-2019", 1141, "ma-mnc", "members_total", "24", "exact"),
    ("ipemed-2019", 1168, "ma-mdc", "members_enterprises", "22", "exact"),
    ("ipemed-2019", 1180, "ma-cise", "members_large", "6", "exact"),
    ("ipemed-2019", 1180, "ma-cise", "members_research_training", "7", "exact"),
    ("ipemed-2019", 1180, "ma-cise", "members_smes", "6", "exact"),
    ("ipemed-2019", 1180, "ma-cise", "members_startups", "5", "exact"),
    ("ipemed-2019", 1195, "ma-cluster-solaire", "members_large", "13", "exact"),
    ("ipemed-2019", 1195, "ma-cluster-solaire", "members_research_training", "5", "exact"),
    ("ipemed-2019", 1195, "ma-cluster-solaire", "members_smes", "60", "exact"),
    ("ipemed-2019", 1195, "ma-cluster-solaire", "members_startups", "10", "exact"),
    ("ipemed-2019", 1195, "ma-cluster-solaire", "members_total", "100", "approx"),
    ("ipemed-2019", 1208, "ma-emc", "members_large", "4", "exact"),
    ("ipemed-2019", 1208, "ma-emc", "members_research_training", "4", "at_least"),
    ("ipemed-2019", 1208, "ma-emc", "members_smes", "26", "exact"),
    ("ipemed-2019", 1208, "ma-emc", "members_startups", "3", "exact"),
    ("ipemed-2019", 1223, "ma-ahp", "members_associations", "3", "exact"),
    ("ipemed-2019", 1223, "ma-ahp", "members_large", "5", "exact"),
    ("ipemed-2019", 1223, "ma-ahp", "members_public_bodies", "14", "exact"),
    ("ipemed-2019", 1223, "ma-ahp", "members_research_training", "3", "exact"),
    ("ipemed-2019", 1223, "ma-ahp", "members_smes", "35", "exact"),
    ("ipemed-2019", 1223, "ma-ahp", "members_total", "60", "exact"),
    ("ipemed-2019", 1236, "ma-menara", "members_large", "16", "exact"),
    ("ipemed-2019", 1236, "ma-menara", "members_other", "16", "exact"),
    ("ipemed-2019", 1236, "ma-menara", "members_research_training", "10", "exact"),
    ("ipemed-2019", 1236, "ma-menara", "members_smes", "25", "exact"),
    ("ipemed-2019", 1236, "ma-menara", "members_total", "60", "exact"),
    ("ipemed-2019", 1265, "dz-cmp", "members_enterprises", "15", "exact"),
    ("ipemed-2019", 1277, "dz-adc", "members_enterprises", "25", "at_least"),
    ("ipemed-2019", 1277, "dz-adc", "members_total", "32", "at_least"),
    ("ipemed-2019", 1291, "dz-ces", "members_public_bodies", "1", "exact"),
    ("ipemed-2019", 1291, "dz-ces", "members_research_training", "2", "exact"),
    ("ipemed-2019", 1291, "dz-ces", "members_total", "28", "exact"),
    ("ipemed-2019", 1303, "dz-cba", "members_enterprises", "30", "approx"),
    ("ipemed-2019", 1315, "dz-huile-olive-bouira", "members_total", "14", "exact"),
    ("ipemed-2019", 1329, "tn-cmt", "jobs", "11700", "exact"),
    ("ipemed-2019", 1329, "tn-cmt", "members_enterprises", "84", "exact"),
    ("ipemed-2019", 1329, "tn-cmt", "members_other", "8", "exact"),
    ("ipemed-2019", 1329, "tn-cmt", "members_research_training", "6", "exact"),
    ("ipemed-2019", 1343, "tn-mecadev", "members_enterprises", "20", "approx"),
    ("ipemed-2019", 1355, "tn-2ts", "jobs", "1373", "exact"),
    ("ipemed-2019", 1378, "tn-elentica", "jobs", "11000", "exact"),
    ("ipemed-2019", 1378, "tn-elentica", "members_enterprises", "39", "exact"),
    ("ipemed-2019", 1378, "tn-elentica", "members_other", "2", "exact"),
    ("ipemed-2019", 1378, "tn-elentica", "members_research_training", "2", "exact"),
    ("ipemed-2019", 1404, "tn-pharma-in", "members_enterprises", "6", "exact"),
    ("ipemed-2019", 1417, "tn-primeurs-du-sud", "members_enterprises", "6", "exact"),
    ("ipemed-2019", 1417, "tn-primeurs-du-sud", "members_other", "7", "exact"),
    ("ipemed-2019", 1429, "tn-huile-olive-nord-ouest", "members_enterprises", "10", "exact"),
    ("ipemed-2019", 1429, "tn-huile-olive-nord-ouest", "members_other", "20", "exact"),
    ("ipemed-2019", 1442, "tn-dattes-palmiers", "members_enterprises", "21", "at_least"),
    ("ipemed-2019", 1442, "tn-dattes-palmiers", "members_other", "9", "at_least"),
    ("ipemed-2019", 1468, "tn-produits-mer-bizerte", "members_enterprises", "6", "exact"),
    ("ipemed-2019", 1468, "tn-produits-mer-bizerte", "members_total", "11", "exact"),
    ("ipemed-2019", 458, "ma-ce3m", "members_associations", "5", "exact"),
    ("ipemed-2019", 458, "ma-ce3m", "members_large", "5", "exact"),
    ("ipemed-2019", 458, "ma-ce3m", "members_other", "2", "exact"),
    ("ipemed-2019", 458, "ma-ce3m", "members_research_training", "8", "exact"),
    ("ipemed-2019", 458, "ma-ce3m", "members_smes", "60", "approx"),
    ("ipemed-2019", 458, "ma-ce3m", "members_total", "80", "at_least"),
    ("ipemed-2019", 496, "ma-textile-de-maison", "jobs", "22000", "approx"),
    ("ipemed-2019", 496, "ma-textile-de-maison", "members_enterprises", "120", "exact"),
    ("ipemed-2019", 588, "dz-adc", "members_total", "80", "exact"),
    ("ipemed-2019", 816, "tn-arts-de-la-table", "members_enterprises", "120-130", "range"),
    ("moroccan-clusters-2020", 1026, "ma-cise", "members_large", "6", "exact"),
    ("moroccan-clusters-2020", 1026, "ma-cise", "members_research_training", "7", "exact"),
    ("moroccan-clusters-2020", 1026, "ma-cise", "members_smes", "6", "exact"),
    ("moroccan-clusters-2020", 1026, "ma-cise", "members_startups", "5", "exact"),
    ("moroccan-clusters-2020", 1026, "ma-cise", "members_total", "35", "exact"),
    ("moroccan-clusters-2020", 1054, "ma-cluster-solaire", "members_total", "25", "at_least"),
    ("moroccan-clusters-2020", 1095, "ma-amc", "members_enterprises", "105", "exact"),
    ("moroccan-clusters-2020", 677, "ma-ce3m", "members_research_training", "5", "at_least"),
    ("moroccan-clusters-2020", 677, "ma-ce3m", "members_smes", "32", "exact"),
    ("moroccan-clusters-2020", 677, "ma-ce3m", "members_total", "40", "exact"),
    ("moroccan-clusters-2020", 811, "ma-oceanopole-tan-tan", "members_smes", "12", "approx"),
    ("moroccan-clusters-2020", 861, "ma-ahp", "members_enterprises", "37", "exact"),
    ("moroccan-clusters-2020", 861, "ma-ahp", "members_total", "37", "at_least"),
    ("moroccan-clusters-2020", 887, "ma-menara", "members_enterprises", "24", "exact"),
    ("moroccan-clusters-2020", 887, "ma-menara", "members_total", "32", "exact"),
    ("moroccan-clusters-2020", 947, "ma-c2tm", "members_total", "12", "approx"),
    ("moroccan-clusters-2020", 973, "ma-mdc", "members_enterprises", "7", "at_least"),
    ("moroccan-clusters-2020", 973, "ma-mdc", "members_total", "7", "at_least"),
    ("moroccan-clusters-2020", 998, "ma-textile-de-maison", "jobs", "22000", "exact"),
    ("moroccan-clusters-2020", 998, "ma-textile-de-maison", "members_enterprises", "120", "exact"),
]


@pytest.fixture(scope="module")
def obs(processed) -> pd.DataFrame:
    return read_csv(processed / "observations.csv")


# --- family 1: counts that are not members_total ---------------------------------------------


def test_every_member_count_of_every_source_is_a_typed_value(obs):
    counted = obs[obs["field"].isin(members.COUNT_FIELDS)]
    found = sorted(
        (r.source_id, int(r.line_start), r.cluster_id, r.field, r.value, r.qualifier)
        for r in counted.itertuples(index=False)
    )
    assert found == sorted(EXPECTED)


def test_counts_keep_the_words_they_were_read_from(obs):
    def one(cluster, field, source="ipemed-2019"):
        hit = obs[(obs["cluster_id"] == cluster) & (obs["field"] == field)]
        hit = hit[hit["source_id"] == source]
        assert len(hit) == 1, (cluster, field, source)
        return hit.iloc[0]

    cmt = one("tn-cmt", "members_enterprises")  # '84 entreprises', line 1336
    assert (cmt["value"], cmt["qualifier"], cmt["raw_value"]) == ("84", "exact", "84")
    assert int(cmt["line_start"]) <= 1336 <= int(cmt["line_end"])
    cba = one("dz-cba", "members_enterprises")  # 'Une trentaine d'entreprises privées'
    assert (cba["value"], cba["qualifier"], cba["raw_value"]) == ("30", "approx", "Une trentaine")
    home = one("ma-textile-de-maison", "jobs")  # prose, line 496
    assert (home["line_start"], home["value"], home["qualifier"]) == ("496", "22000", "approx")
    assert home["raw_value"] == "22 000 personnes environ"
    chts = one("ma-textile-de-maison", "jobs", "moroccan-clusters-2020")
    assert (chts["value"], chts["qualifier"]) == ("22000", "exact")
    # 'Une entreprise d'aliments de bétail' is an article in a list of kinds, not a count
    assert obs[obs["cluster_id"] == "tn-lait-bovin"]["field"].str.startswith("members").sum() == 0


def test_no_subset_is_added_to_its_superset(processed):
    # SMEs and start-ups may overlap; each is within enterprises, all within the total
    assert members.contains("members_enterprises", "members_startups")
    assert members.contains("members_total", "members_smes")
    assert not members.contains("members_smes", "members_startups")
    solar = {"members_smes": 60, "members_startups": 10, "members_large": 13}
    assert members.parts_floor({**solar, "members_research_training": 5})[0] == 78
    assert members.parts_floor({"members_enterprises": 39, "members_smes": 20})[0] == 39
    found = read_csv(processed / "discrepancies.csv")
    over = found[found["kind"] == "parts-exceed-total"].set_index("cluster_id")["value_b"]
    # MNC: 24 members, of which 20 start-ups, 10 large firms, 12 research bodies (line 1148)
    assert over.to_dict() == {
        "ma-menara": "67 = 16 members_large + 25 members_smes + 10 members_research_training"
        " + 16 members_other",
        "ma-mnc": "42 = 10 members_large + 20 members_startups + 12 members_research_training",
    }


def test_a_count_of_companies_is_not_a_member_total(obs):
    """moroccan-clusters-2020 Table 2: '120 companies, accounting for 70% ...' (line 1006) and
    '105 international companies: ...' (line 1106) count enterprises; the cells state no total
    of members (the home-textile cluster is also backed by training institutions)."""
    mc = obs[(obs["source_id"] == "moroccan-clusters-2020") & obs["field"].str.startswith("memb")]
    for cluster_id, companies in (("ma-textile-de-maison", "120"), ("ma-amc", "105")):
        got = mc[mc["cluster_id"] == cluster_id].set_index("field")["value"].to_dict()
        assert got == {"members_enterprises": companies}, cluster_id
    # founders bound the membership from below: '25 founding members' (line 1067) is at least
    # 25, which the card's 'Une centaine de membres' (ipemed-2019 line 1201) satisfies
    solar = mc[mc["cluster_id"] == "ma-cluster-solaire"].set_index("field")
    assert solar.loc["members_total", ["value", "qualifier"]].tolist() == ["25", "at_least"]
    # 'N companies and <others>' still bounds the total from below (AHP, line 863)
    ahp = mc[mc["cluster_id"] == "ma-ahp"].set_index("field")
    assert ahp.loc["members_total", ["value", "qualifier"]].tolist() == ["37", "at_least"]


def test_founders_are_no_disagreement_with_a_later_count(processed):
    """'Une centaine de membres' (card) and '25 founding members' (moroccan-clusters-2020) can
    both be true: not a discrepancy."""
    found = read_csv(processed / "discrepancies.csv")
    solar = found[
        (found["cluster_id"] == "ma-cluster-solaire") & (found["field"] == "members_total")
    ]
    assert solar.empty


def test_counts_of_founders_on_the_cards_bound_the_membership(obs, processed):
    """Third hand-check round: a card that counts its founders ('Parmi les membres fondateurs
    : 21 industriels', line 1448) or its first phase ('Dans une première phase, le cluster
    regroupe 32 entités', line 1284) bounds the membership at the study's date from below, as
    moroccan-clusters-2020's '25 founding members' does; an approximate count stays approx."""
    cards = obs[obs["table_id"] == "cards"].set_index(["cluster_id", "field"])
    assert cards.loc[("tn-dattes-palmiers", "members_enterprises"), "qualifier"] == "at_least"
    assert cards.loc[("dz-adc", "members_total"), ["value", "qualifier"]].tolist() == [
        "32",
        "at_least",
    ]
    assert cards.loc[("tn-mecadev", "members_enterprises"), "qualifier"] == "approx"
    assert cards.loc[("tn-cmt", "members_enterprises"), "qualifier"] == "exact"  # no founders
    # so the chapter's 80 decision makers 'aujourd'hui' (line 588) is no disagreement
    found = read_csv(processed / "discrepancies.csv")
    assert found[found["cluster_id"] == "dz-adc"].empty
    members_line = "Parmi les membres fondateurs : 21 industriels"
    assert members.card_qualifier("members_enterprises", "exact", members_line) == "at_least"
    assert members.card_qualifier("members_enterprises", "approx", members_line) == "approx"
    assert members.card_qualifier("jobs", "exact", members_line) == "exact"
    assert members.card_qualifier("members_enterprises", "exact", "84 entreprises") == "exact"


def test_a_count_beside_uncounted_members_of_its_type_is_a_lower_bound(obs, processed):
    """'research centres; five engineering schools' (moroccan-clusters-2020 line 719) is at
    least 5 research and training bodies, and so is no disagreement with the chapter's '8
    universités et écoles d'ingénieurs' (ipemed-2019 line 458); on a card, 'des centres de
    recherche (4), des universités' (line 1216) is at least 4."""
    got = obs.set_index(["source_id", "cluster_id", "field"])["qualifier"]
    assert got[("moroccan-clusters-2020", "ma-ce3m", "members_research_training")] == "at_least"
    assert got[("moroccan-clusters-2020", "ma-ce3m", "members_smes")] == "exact"
    assert got[("ipemed-2019", "ma-emc", "members_research_training")] == "at_least"
    found = read_csv(processed / "discrepancies.csv")
    research = found[
        (found["cluster_id"] == "ma-ce3m") & (found["field"] == "members_research_training")
    ]
    assert research.empty
    # the same cell without the uncounted item stays exact; a count naming its kinds too
    cell = "40 members: 32 SMEs; research centres; five engineering schools."
    assert values.parse_member_counts(cell)["members_research_training"].qualifier == "at_least"
    cell = "40 members: 32 SMEs; five engineering schools."
    assert values.parse_member_counts(cell)["members_research_training"].qualifier == "exact"
    cell = "35 members: 6 larger companies; 7 research organisations, universities."
    assert values.parse_member_counts(cell)["members_research_training"].qualifier == "exact"


def test_a_trade_described_in_prose_is_not_a_cluster_s_membership(obs):
    """Third hand-check round: 'Le secteur est composé de 5000 artisans qui emploient environ
    7000 personnes' (Marrakech, line 497), the jewellery trade's '3 000 postes' of the Batna
    region (651) and the '130 artisans' registered in Constantine (652) describe a trade, not
    the cluster's members; the home-textile cluster's own 22 000 jobs (496) stay."""
    prose = obs[obs["table_id"] == "prose-figures"]
    counted = prose[prose["field"].isin(members.COUNT_FIELDS)]
    assert not set(counted["line_start"].astype(int)) & {497, 651, 652}
    assert "ma-textile-de-maison" in set(counted.loc[counted["field"] == "jobs", "cluster_id"])
    table = read_csv(REFERENCE / "prose_values.csv")
    dropped = table[table["figure"].isin(["5000 artisans", "plus de 3 000 postes"])]
    assert len(dropped) == 2 and (dropped["cluster_id"] == "").all()


def test_snapshots_keep_the_qualifiers_of_kept_counts(processed):
    snaps = read_csv(processed / "snapshots.csv").set_index(["cluster_id", "reference_year"])
    assert snaps.loc[("dz-cba", "2019"), "members_enterprises"] == "30"
    assert snaps.loc[("dz-cba", "2019"), "qualifiers"] == "members_enterprises:approx"
    nabeul = snaps.loc[("tn-arts-de-la-table", "2019")]
    assert nabeul["members_enterprises"] == "120"
    assert nabeul["qualifiers"] == "members_enterprises:range 120-130"
    assert snaps.loc[("tn-cmt", "2019"), ["members_enterprises", "jobs"]].tolist() == [
        "84",
        "11700",
    ]


# --- family 2: three-state answers --------------------------------------------------------


def test_labelling_keeps_three_states_in_both_languages(obs, processed):
    labelled = obs[(obs["field"] == "labeled") & (obs["source_id"] == "errajaoui-nokairi-2023")]
    assert labelled["value"].value_counts().to_dict() == {"yes": 11, "in_process": 4, "no": 2}
    assert set(labelled.loc[labelled["raw_value"] == "In process", "value"]) == {"in_process"}
    snaps = read_csv(processed / "snapshots.csv").set_index(["cluster_id", "reference_year"])
    assert snaps.loc[("ma-maintenance-4-0", "2023"), "labeled"] == "in_process"
    assert snaps.loc[("ma-cise", "2023"), "labeled"] == "no"
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    (snap_schema,) = [r for r in schema["resources"] if r["name"] == "snapshots"]
    (field,) = [f for f in snap_schema["schema"]["fields"] if f["name"] == "labeled"]
    assert field["constraints"]["enum"] == list(values.LABELLED)
    assert {c["value"]: {"en": c["label"], "fr": c["label_fr"]} for c in field["categories"]} == (
        values.LABELLED
    )
    with pytest.raises(values.Unparsed):
        values.parse_labeled("Pending")


# --- family 5: values and disagreements stated in prose ---------------------------------------


def test_prose_years_and_counts_are_observations_and_disagreements_are_listed(obs, processed):
    prose = obs[obs["table_id"].isin(["prose", "prose-figures", "figures"])]
    founded = prose[prose["field"] == "founded_year"]
    assert sorted(
        zip(founded["cluster_id"], founded["value"], founded["line_start"], strict=True)
    ) == [
        ("dz-cba", "2015", "606"),
        ("dz-ces", "2017", "574"),
        ("dz-huile-olive-bouira", "2004", "582"),
        ("tn-2ts", "2018", "738"),
    ]
    found = read_csv(processed / "discrepancies.csv")
    sahel = found[(found["cluster_id"] == "tn-2ts") & (found["field"] == "founded_year")]
    assert sahel[["value_a", "lines_a", "value_b", "lines_b", "kind"]].values.tolist() == [
        ["2015", "1355-1364", "2018", "738-738", "within-source"]
    ]
    # the card's 32 are the first phase's (line 1284), the prose's 80 today's: no disagreement
    adc = found[(found["cluster_id"] == "dz-adc") & (found["field"] == "members_total")]
    assert adc.empty
    # a bound the kept count satisfies is no disagreement: card 60, 'at least 37' (line 861)
    ahp = found[(found["cluster_id"] == "ma-ahp") & (found["field"] == "members_total")]
    assert ahp.empty


def test_a_prose_value_without_its_decision_stops_the_build(pipeline_dirs, tmp_path):
    table = read_csv(REFERENCE / "prose_values.csv")
    registry = set(read_csv(REFERENCE / "cluster_registry.csv")["cluster_id"])
    years = {s: 2019 for s in table["source_id"]}
    missing = tmp_path / "missing.csv"
    table[table["figure"] != "2018"].to_csv(missing, index=False)
    with pytest.raises(ValueError, match=r"ipemed-2019\.txt:738: the figure '2018'"):
        prose_values.observations(pipeline_dirs["extracted"], RAW, missing, years, registry)
    stale = tmp_path / "stale.csv"
    extra = table.iloc[[0]].assign(figure="12345")
    pd.concat([table, extra]).to_csv(stale, index=False)
    with pytest.raises(ValueError, match="no candidate figure '12345'"):
        prose_values.observations(pipeline_dirs["extracted"], RAW, stale, years, registry)
    wrong = tmp_path / "wrong.csv"
    table.assign(field=table["field"].where(table["figure"] != "2018", "members_total")).to_csv(
        wrong, index=False
    )
    with pytest.raises(ValueError, match="but the rule reads '2018' as founded_year"):
        prose_values.observations(pipeline_dirs["extracted"], RAW, wrong, years, registry)
