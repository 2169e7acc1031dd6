"""The policy notebook (MA) against counts made from the extracted tables and the raw text;
unit tests of ``compare.policy`` on hand-made frames."""

import re

import pandas as pd
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.compare import policy
from clusters_maghreb.io import read_csv
from tests.notebook_run import run_notebook

RAW = PROJECT_ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def run(pipeline_dirs, tmp_path_factory):
    out = tmp_path_factory.mktemp("policy")
    processed, extracted = pipeline_dirs["processed"], pipeline_dirs["extracted"]
    ipemed = extracted / "ipemed-2019"
    facts = run_notebook(
        "policy",
        "MA",
        out,
        snapshots=processed / "snapshots.csv",
        observations=processed / "observations.csv",
        clusters=processed / "clusters.csv",
        levers=processed / "levers.csv",
        contract_clusters=ipemed / "list-ma-contract-clusters.csv",
        contract_indicators=ipemed / "list-ma-contract-indicators.csv",
        prose_figures=ipemed / "prose-figures.csv",
    )
    return out, facts, extracted


def test_2019_policy_facts_match_the_source_text(run):
    _, facts, extracted = run
    text = " ".join((RAW / "ipemed-2019.txt").read_text(encoding="utf-8").split())
    ever, now = re.search(r"(\d+) en ont déjà bénéficié\. (\d+) en bénéficient", text).groups()
    initially, reduced = re.search(
        r"au nombre de (\d+)\*, ils ont par la suite été ramenés à (\d+)", text
    ).groups()
    subsidy = re.search(r"subvention \((\d+) millions de Dirhams", text).group(1)
    renewed, of = re.search(r"pour (\d+) des (\d+) clusters sous contrat", text).groups()
    assert facts["n_contract_clusters_ever"] == int(ever) == 14
    assert facts["n_contract_clusters_stated"] == int(now) == 11
    assert facts["n_objectives_initially"] == int(initially) == 13
    assert facts["n_objectives_now"] == int(reduced) == 4
    assert facts["subsidy_mdh"] == int(subsidy) == 2
    assert (facts["n_renewed"], facts["n_renewed_of"]) == (int(renewed), int(of))
    ipemed = extracted / "ipemed-2019"
    contract = read_csv(ipemed / "list-ma-contract-clusters.csv")
    indicators = read_csv(ipemed / "list-ma-contract-indicators.csv")
    assert facts["n_contract_clusters_listed"] == len(contract)
    assert facts["n_indicators_listed"] == len(indicators) == facts["n_objectives_now"]
    assert set(indicators["initially"]) == {str(facts["n_objectives_initially"])}


def test_2023_facts_match_the_survey_tables(run):
    _, facts, extracted = run
    survey = extracted / "errajaoui-nokairi-2023"
    t2 = read_csv(survey / "table-2.csv")
    t3 = read_csv(survey / "table-3.csv")
    creating = read_csv(survey / "clusters-in-creation.csv")
    assert facts["n_clusters_2023"] == len(t2) + len(creating)
    answered = t2[t2["governance_system"] != "-"]
    assert facts["n_governance_answered"] == len(answered)
    for cat in policy.GOVERNANCE_ORDER:
        key = cat.lower()
        assert facts[f"n_governance_{key}"] == (t2["governance_system"] == cat).sum(), cat
        assert facts[f"n_financing_{key}"] == (t2["financing_system"] == cat).sum(), cat
    for cat in policy.LABEL_ORDER:
        key = cat.lower().replace(" ", "_")
        assert facts[f"n_labelling_{key}"] == (t2["labeling"] == cat).sum(), cat
    assert facts["pct_private_governance"] == round(
        100 * (answered["governance_system"] == "Private").mean()
    )
    assert facts["n_table_2"] == len(t2)
    assert facts["pct_private_governance_table_2"] == round(
        100 * (t2["governance_system"] == "Private").sum() / len(t2)
    )
    marks = t3[list(policy.LEVERS)]
    answered3 = marks[~(marks == "-").all(axis=1)]
    assert facts["n_levers_answered"] == len(answered3)
    for lever in policy.LEVERS:
        assert facts[f"n_lever_{lever}"] == (answered3[lever] == "×").sum(), lever
    n = (answered3 == "×").sum(axis=1)
    assert facts["n_levers_all_seven"] == (n == 7).sum()
    assert facts["mean_levers"] == round(n.mean(), 1)
    assert facts["levers_no_answer"] == ", ".join(t3.loc[(marks == "-").all(axis=1), "cluster"])


def test_outputs_are_written(run):
    out, _, extracted = run
    t3 = read_csv(extracted / "errajaoui-nokairi-2023" / "table-3.csv")
    for name in (
        "tables/tbl-policy-2019-ma.md",
        "tables/tbl-governance-ma.csv",
        "tables/tbl-levers-ma.csv",
        "figures/fig-levers-ma.svg",
        "figures/fig-governance-ma.svg",
    ):
        assert (out / name).stat().st_size > 0, name
    levers_md = (out / "tables" / "tbl-levers-ma.md").read_text()
    assert levers_md.count("\n") == len(t3) + 2
    governance = read_csv(out / "tables" / "tbl-governance-ma.csv")
    assert (governance["Under contract (2019)"] == "yes").sum() == 11


# Unit tests on hand-made frames ------------------------------------------------------------


def lever_rows(cluster_id, marks):
    return [
        {"cluster_id": cluster_id, "lever": lever, "present": p}
        for lever, p in zip(policy.LEVERS, marks, strict=True)
    ]


def test_lever_matrix_counts_levers_and_keeps_no_data_apart():
    levers = pd.DataFrame(
        lever_rows("ma-a", ["true"] * 7)
        + lever_rows("ma-b", ["true", "false"] * 3 + ["true"])
        + lever_rows("ma-c", [""] * 7)
    )
    m = policy.lever_matrix(levers, pd.Series({"ma-a": "A", "ma-b": "B"}))
    assert list(m["cluster_id"]) == ["ma-a", "ma-b", "ma-c"]
    assert list(m["n_levers"]) == [7, 4, 0]
    assert list(m["no_data"]) == [False, False, True]
    assert list(m["name"]) == ["A", "B", "ma-c"]  # a cluster without a name shows its id
    assert m.loc[2, list(policy.LEVERS)].isna().all()


def obs_row(cluster_id, table_id, field, value, line, year="2019", raw=None):
    return {
        "cluster_id": cluster_id,
        "table_id": table_id,
        "field": field,
        "value": value,
        "raw_value": value if raw is None else raw,
        "line_start": str(line),
        "reference_year": year,
    }


def test_contract_clusters_and_governance_table():
    obs = pd.DataFrame(
        [
            obs_row("ma-b", policy.CONTRACT_TABLE, "name", "Cluster B", 12),
            obs_row("ma-b", policy.CONTRACT_TABLE, "sector_detail", "Le digital", 12),
            obs_row("ma-a", policy.CONTRACT_TABLE, "name", "Cluster A", 11),
            obs_row("ma-a", "table-2", "labeled", "false", 5, "2023", "In process"),
        ]
    )
    contract = policy.contract_clusters(obs)
    assert list(contract["cluster_id"]) == ["ma-a", "ma-b"]
    assert list(contract["sector_2019"]) == ["", "Le digital"]
    snaps = pd.DataFrame(
        [
            {"cluster_id": "ma-a", "reference_year": "2023", "country": "MA", "status": "x",
             "governance": "Private", "financing": "", "labeled": "false"},
            {"cluster_id": "ma-c", "reference_year": "2023", "country": "MA", "status": "y",
             "governance": "Mixed", "financing": "Public", "labeled": ""},
            {"cluster_id": "dz-d", "reference_year": "2023", "country": "DZ", "status": "y",
             "governance": "Mixed", "financing": "Public", "labeled": ""},
        ]
    )  # fmt: skip
    gov = policy.governance_table(snaps, obs, contract, "MA").set_index("cluster_id")
    assert list(gov.index) == ["ma-a", "ma-b", "ma-c"]
    assert gov.loc["ma-a", "labelling"] == "In process"
    assert gov.loc["ma-a", "financing"] == policy.NO_DATA
    assert gov.loc["ma-b", "governance"] == policy.NOT_SURVEYED
    assert not gov.loc["ma-c", "contract_2019"] and gov.loc["ma-c", "labelling"] == policy.NO_DATA
    counts = policy.category_counts(gov.reset_index(), "governance", policy.GOVERNANCE_ORDER)
    assert counts.set_index("category").loc["Private", "contract"] == 1
    assert counts.set_index("category").loc["Mixed", "other"] == 1
    assert counts.set_index("category").loc["Public", "total"] == 0
    assert counts["total"].sum() == 3


def test_policy_figures_stated_numbers_and_excerpts():
    section = "A > Les clusters sous contrat de l'administration"
    text = "Depuis le lancement, 14 en ont déjà bénéficié. 11 en bénéficient aujourd'hui."
    prose = pd.DataFrame(
        [
            {"country": "MA", "section": section, "figure": f, "number": f, "unit": "",
             "implied_unit": "clusters", "line_start": "398", "raw_text": text}
            for f in ("14", "11", "11")
        ]
        + [{"country": "DZ", "section": section, "figure": "3", "number": "trois",
            "unit": "clusters", "implied_unit": "", "line_start": "9", "raw_text": "x"}]
    )  # fmt: skip
    figs = policy.policy_figures(prose, "MA")
    assert list(figs["figure"]) == ["14", "11"]  # the duplicate on one line is dropped
    assert policy.stated(figs, "Les clusters sous contrat de l'administration", "clusters") == [
        14,
        11,
    ]
    assert policy.number("quatre") == 4 and policy.number("15.000") == 15000
    assert policy.excerpt("a b c d e f g h", "e", width=3) == "… d e f …"
    assert policy.excerpt("short", "missing") == "short"
