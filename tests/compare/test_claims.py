"""The claims check: quotes found in their sources, verdicts (and their rules) recomputed from
the tables built from data/raw in the test session, broken claims failing loudly, and the
notebook's facts."""

import json
from pathlib import Path

import pytest
import yaml

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.compare import claims as C
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse
from tests.notebook_run import run_notebook

CLAIMS = PROJECT_ROOT / "data" / "reference" / "claims.yaml"
RAW = PROJECT_ROOT / "data" / "raw"
SIDECAR = PROJECT_ROOT / "notebooks" / "claims.yaml"
SOURCES = [
    "ipemed-2019",
    "ipemed-2020-summary",
    "moroccan-clusters-2020",
    "ecomnews-2020",
    "errajaoui-nokairi-2023",
]

# Every claim the sources' tables contradict, written down by hand after reading the tables.
CONTRADICTED = {
    "en-since-2020-technological",
    "en-private-governance-90",
    "en-in-process-18",
    "en-not-certified-17",
    "mc-total-companies-252",
    "mc-other-three-70",
    "mc-ce3m-40-members",
    "ip-vingt-groupements",
    "ip-solar-three-countries",
    "ip-cards-constituted",
    "ip-card-mnc-members",
    "ip-card-menara-members",
    "ip-card-pharma-in-six",
    "ec-automotive-casablanca-marrakech",
}

# A wrong number repeated: counted once, under the claim that tests it directly (issue 13, 9).
SAME_ROOT_CAUSE = {"mc-average-39-of-252", "mc-sme-share-66-of-252"}
# A breakdown said to be complete whose parts fall short of its total.
INCOMPLETE = {"mc-cise-35-members"}

# A generous sample: verdict and the arithmetic it must show.
EXPECTED = {
    "en-labeled-65": (C.CONSISTENT, "11 of 17 = 64.7%, claimed 65%"),
    "en-private-governance-90": (C.CONTRADICTED, "13 of 17 = 76.5%, claimed > 90%"),
    "en-in-process-18": (C.CONTRADICTED, "4 of 17 = 23.5%, claimed 18%"),
    "en-not-certified-17": (C.CONTRADICTED, "2 of 17 = 11.8%, claimed 17%"),
    "en-17-operational": (C.CONSISTENT, "17 rows of errajaoui-nokairi-2023/table-2"),
    "en-since-2010": (C.CONSISTENT, "2010"),
    "en-mixed-financing-prevails": (C.CONSISTENT, "Mixed: 10 of 17"),
    "en-all-national": (C.CONSISTENT, "17 of 17 = 100.0%"),
    "en-since-2020-technological": (C.CONTRADICTED, "1 of 4 = 25.0%"),
    "en-partners-63-38": (C.CONSISTENT, "63% + 38% = 101%"),
    "en-four-pilot-clusters-1995": (C.CONSISTENT, "4 named"),
    "en-management-team-80": (C.NOT_CHECKABLE, "not checkable: "),
    "mc-total-companies-252": (C.CONTRADICTED, "232"),
    "mc-average-39": (C.CONSISTENT, "232 / 6 = 38.67, claimed 39"),
    "mc-sme-share-66": (C.CONSISTENT, "154 / 232 = 66.379%, claimed 66.37%"),
    "mc-cluster-2-smes": (C.CONSISTENT, "43 / 47 = 91.489%, claimed 91.48%"),
    "mc-half-under-30": (C.CONSISTENT, "3 of 6 = 50.0%"),
    "mc-other-three-70": (C.CONTRADICTED, "162 / 232 = 69.8%, claimed > 70%"),
    "mc-cise-35-members": (C.INCOMPLETE, "6 + 6 + 7 = 19, claimed total 35"),
    "mc-average-39-of-252": (C.SAME_ROOT_CAUSE, "252 / 6 = 42, claimed 39"),
    "mc-solar-25-founders": (C.CONSISTENT, "25 named"),
    "mc-patents-average-4": (C.CONSISTENT, "25 / 6 = 4.17, claimed 4"),
    "ip-contract-11-today": (C.CONSISTENT, "11 rows"),
    "ip-contract-14-ever": (C.CONSISTENT, "11 + 2 = 13, claimed total <= 14"),
    "ip-vingt-groupements": (C.CONTRADICTED, "19 rows of ipemed-2019/prose-creative, claimed 20"),
    "ip-tn-ten-poles": (C.CONSISTENT, "10 rows of ipemed-2019/list-tn-poles, claimed 10"),
    "ip-card-mnc-members": (C.CONTRADICTED, "20 + 10 + 12 = 42, claimed total <= 24"),
    "ip-card-menara-members": (C.CONTRADICTED, "25 + 16 + 16 + 10 = 67, claimed total <= 60"),
    "ip-card-solaire-members": (C.CONSISTENT, "60 + 13 + 5 = 78, claimed total <= 100"),
    "ip-card-ahp-members": (C.CONSISTENT, "= 60, claimed total <= 60"),
    "ip-card-pharma-in-six": (C.CONTRADICTED, "7 named"),
    "ip-ce3m-more-than-80": (C.CONSISTENT, "85 (ipemed-2019/cards), claimed > 80"),
    "ip-solar-three-countries": (C.CONTRADICTED, "0 rows of ipemed-2019/carte-tn"),
    "ip-cards-constituted": (C.CONTRADICTED, "9 of 12 = 75.0%"),
    "ip-adc-80-members": (C.NOT_CHECKABLE, "not checkable: "),
    "ip-mr-five-technopoles": (C.NOT_CHECKABLE, "not checkable: "),
    "ec-panorama-13-existing": (C.CONSISTENT, "13 rows of ipemed-2019/carte-ma, claimed 13"),
    "ec-automotive-casablanca-marrakech": (C.CONTRADICTED, "1 row of ipemed-2019/carte-ma"),
    "ec-two-groupings-29000": (C.CONSISTENT, "22 000 + 7000 = 29 000"),
    "su-five-years": (C.NOT_CHECKABLE, "not checkable: "),
}


@pytest.fixture(scope="module")
def claims():
    return C.load(CLAIMS, RAW)


@pytest.fixture(scope="module")
def tables(pipeline_dirs):
    return C.Tables(pipeline_dirs["extracted"], pipeline_dirs["processed"])


@pytest.fixture(scope="module")
def results(claims, tables):
    return C.evaluate_all(claims, tables).set_index("id")


def raw_claims() -> list[dict]:
    return yaml.safe_load(CLAIMS.read_text(encoding="utf-8"))["claims"]


# -- the file --------------------------------------------------------------------------------


def test_every_source_has_claims(claims):
    assert {c.source_id for c in claims} == set(SOURCES)
    assert len(claims) >= 80


@pytest.mark.parametrize("row", raw_claims(), ids=lambda r: r["id"])
def test_every_quote_is_in_its_source_once(row, claims):
    """Recounted here without the module: the quote, placeholders filled with the figures the
    claim read, occurs in its source (whitespace collapsed), and the lines the claim carries hold
    its first and its last piece."""
    lines = (RAW / f"{row['source_id']}.txt").read_text(encoding="utf-8").split("\n")
    claim = next(c for c in claims if c.id == row["id"])
    pieces = collapse(claim.quote).split(" [...] ")
    later = collapse(" ".join(lines[claim.line : claim.line_end]))
    assert pieces[0] not in later, "the span is not tight: its first line is not needed"
    text = collapse(" ".join(lines[claim.line - 1 : claim.line_end]))
    pos = 0
    for piece in pieces:
        assert piece in text[pos:], f"{row['id']}: {piece!r} not at lines {claim.line}"
        pos = text.index(piece, pos) + len(piece)
    assert "line" not in row and "line_end" not in row  # no stored line number
    assert row["statement"].strip()
    assert (row["check"] is None) == bool(row.get("not_checkable_because"))


def test_tables_named_exist(claims, tables):
    used = C.tables_used(claims)
    assert used and all(t.split("/")[0] in {"extracted", "processed"} for t in used)
    for name in used:
        assert name in tables, name


def test_sidecar_declares_the_inputs(claims):
    spec = yaml.safe_load(SIDECAR.read_text(encoding="utf-8"))
    assert spec["countries"] == ["ALL"]
    assert spec["inputs"]["claims"] == "data/reference/claims.yaml"
    assert spec["inputs"]["sources"] == "data/raw/sources.yaml"
    stages = {t.split("/")[0] for t in C.tables_used(claims)}
    if "extracted" in stages:
        assert spec["inputs"]["extracted"] == "data/interim/extracted/manifest.csv"
    if "processed" in stages:
        assert spec["inputs"]["processed"] == "data/processed/datapackage.json"


# -- verdicts --------------------------------------------------------------------------------


@pytest.mark.parametrize("cid", sorted(EXPECTED))
def test_verdict_and_arithmetic(results, cid):
    verdict, shown = EXPECTED[cid]
    row = results.loc[cid]
    assert row["verdict"] == verdict, row["arithmetic"]
    assert shown in row["arithmetic"]
    assert row["arithmetic"].endswith(verdict) or verdict == C.NOT_CHECKABLE


def test_the_contradicted_claims_are_exactly_those_listed(results):
    assert set(results.index[results["verdict"] == C.CONTRADICTED]) == CONTRADICTED


def test_not_checkable_means_no_check(results):
    nulls = {r["id"] for r in raw_claims() if r["check"] is None}
    assert set(results.index[results["verdict"] == C.NOT_CHECKABLE]) == nulls
    assert set(results.index[results["rule"] == "no-check"]) == nulls


def test_a_repeated_wrong_number_is_one_root_cause(results):
    """Issue 13, family 9: '252' is contradicted once; the two claims that repeat it are
    'same root cause', naming it, while their own other numbers (39, 66.37) hold against the
    tables (mc-average-39, mc-sme-share-66)."""
    assert set(results.index[results["verdict"] == C.SAME_ROOT_CAUSE]) == SAME_ROOT_CAUSE
    for cid in SAME_ROOT_CAUSE:
        assert results.loc[cid, "root_cause"] == "mc-total-companies-252"
        assert results.loc[cid, "rule"] == "same-root-cause"
    assert results.loc["mc-total-companies-252", "verdict"] == C.CONTRADICTED
    assert results.loc["mc-average-39", "verdict"] == C.CONSISTENT
    assert results.loc["mc-sme-share-66", "verdict"] == C.CONSISTENT


def test_an_incomplete_breakdown_is_incomplete(results):
    assert set(results.index[results["verdict"] == C.INCOMPLETE]) == INCOMPLETE
    assert results.loc["mc-cise-35-members", "rule"] == "breakdown-incomplete"
    # parts beyond the total still contradict it
    assert results.loc["ip-card-mnc-members", "verdict"] == C.CONTRADICTED


def test_every_verdict_names_its_rule(results):
    assert results["rule"].isin(C.RULES).all(), set(results["rule"]) - set(C.RULES)


def test_a_check_whose_data_the_sources_do_not_give_is_not_checkable(tmp_path, tables):
    row = broken(
        check={
            "kind": "value",
            "quantity": {
                "table": "extracted/errajaoui-nokairi-2023/table-2",
                "column": "creation_year",
                "agg": "cell",
                "where": {"name": "Nowhere"},
            },
            "claimed": 2010,
        }
    )
    (claim,) = C.load(write(tmp_path, row), RAW)
    result = C.evaluate(claim, tables)
    assert (result.verdict, result.rule) == (C.NOT_CHECKABLE, "no-data")
    assert "no row" in result.arithmetic


def test_key_verdicts_recounted_from_the_extracted_tables(pipeline_dirs, results):
    t2 = read_csv(pipeline_dirs["extracted"] / "errajaoui-nokairi-2023" / "table-2.csv")
    assert len(t2) == 17
    assert (t2["labeling"] == "Yes").sum() == 11  # 64.7%: "65%"
    private = (t2["governance_system"] == "Private").sum()
    assert private / len(t2) <= 0.90 and results.loc["en-private-governance-90", "verdict"] == (
        C.CONTRADICTED
    )
    t3 = read_csv(pipeline_dirs["extracted"] / "moroccan-clusters-2020" / "table-3.csv")
    total = t3["total"].astype(int).sum()
    assert total != 252 and round(total / len(t3)) == 39
    cards = read_csv(pipeline_dirs["extracted"] / "ipemed-2019" / "cards.csv").set_index("acronym")
    mnc = cards.loc["MNC"]
    parts = sum(int(mnc[c]) for c in ("members_startups", "members_large_firms"))
    assert parts + int(mnc["members_research_training"]) > int(mnc["members_total"])


# -- tolerance rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("computed", "op", "claimed", "ok"),
    [
        (100 * 11 / 17, "=", 65, True),  # 64.7 rounds to 65
        (100 * 4 / 17, "=", 18, False),
        (100 * 154 / 232, "=", 66.37, True),  # 66.379 truncated
        (100 * 154 / 232, "=", 66.38, True),  # 66.379 rounded
        (100 * 154 / 232, "=", 66.36, False),
        (38.67, "=", 39, True),
        (42, "=", 39, False),
        (17, "=", 17, True),
        (16, "=", 17, False),
        (76.5, ">", 90, False),
        (69.83, ">", 70, False),
        (85, ">", 80, True),
        (78, "~", 100, False),
        (11, "~", 12, True),
        (13, "<=", 14, True),
        (42, "<=", 24, False),
    ],
)
def test_compare(computed, op, claimed, ok):
    assert C.compare(computed, op, claimed) is ok


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12), ("66.37", 66.37), ("22 000", 22000), ("15.000", 15000), ("Huit", 8),
     ("une vingtaine", 20), ("Une centaine", 100), ("(50)", 50), ("Deux", 2)],
)  # fmt: skip
def test_to_number(text, value):
    assert C.to_number(text) == value


def test_to_number_refuses_text():
    with pytest.raises(ValueError):
        C.to_number("-")


# -- broken claims fail loudly ---------------------------------------------------------------

GOOD = {
    "id": "x-labeled",
    "source_id": "errajaoui-nokairi-2023",
    "quote": "{pct}% of the clusters are labeled by the Ministry of Industry and Commerce",
    "statement": "65% are labelled.",
    "check": {
        "kind": "share",
        "table": "extracted/errajaoui-nokairi-2023/table-2",
        "where": {"labeling": "Yes"},
        "claimed": {"quoted": "pct"},
    },
}


def write(tmp_path, *rows) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"claims": list(rows)}, allow_unicode=True), encoding="utf-8")
    return path


def broken(**changes) -> dict:
    row = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        if key.startswith("check_"):
            row["check"][key[6:]] = value
        else:
            row[key] = value
    return row


def test_a_good_claim_passes(tmp_path, tables):
    (claim,) = C.load(write(tmp_path, GOOD), RAW)
    assert C.evaluate(claim, tables).verdict == C.CONSISTENT


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            broken(quote="65% of the clusters are certified"),
            r"is not in .*data/raw.*closest is line 266",
        ),
        (broken(quote="of the clusters"), r"occurs \d+ times .*lengthen it"),
        (broken(near=0), "near is a line number"),
        (broken(line=266), "unknown keys"),
        (broken(source_id="nowhere-2020"), "no such source"),
        (broken(root_cause="en-labeled-65"), "is not another claim's id"),
        (broken(check_kind="median"), "unknown check kind 'median'"),
        (broken(check_op="about"), "unknown op"),
        (broken(check_claimed={"value": 66, "as_written": "66%"}), "as_written '66%'"),
        (broken(check_claimed={"quoted": "share"}), "must name one placeholder of the quote"),
        (broken(check_where={"labeling": {"like": "Y"}}), "unknown filter operators"),
        (broken(check=None), "not_checkable_because"),
        (broken(statement=""), "'statement'"),
        (broken(id="Bad Id"), "expected an id"),
        (broken(colour="red"), "unknown keys"),
    ],
)
def test_a_broken_claim_fails_at_load(tmp_path, row, message):
    with pytest.raises(C.ClaimsError, match=message) as err:
        C.load(write(tmp_path, row), RAW)
    if row["id"] == GOOD["id"]:
        assert "claims.yaml: claim x-labeled: " in str(err.value)


def test_a_repeated_id_fails(tmp_path):
    with pytest.raises(C.ClaimsError, match="claim x-labeled: the id is used twice"):
        C.load(write(tmp_path, GOOD, GOOD), RAW)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (broken(check_table="extracted/errajaoui-nokairi-2023/table-9"), "unknown table"),
        (broken(check_table="errajaoui-nokairi-2023/table-2"), "unknown table"),
        (broken(check_where={"label": "Yes"}), "has no column 'label'"),
    ],
)
def test_an_unknown_table_or_column_fails_naming_the_claim(tmp_path, tables, row, message):
    claims = C.load(write(tmp_path, row), RAW)
    with pytest.raises(C.ClaimsError, match=f"^x-labeled: .*{message}"):
        C.evaluate_all(claims, tables)


# -- the notebook ----------------------------------------------------------------------------


def test_notebook_executes_and_its_facts_match_an_independent_count(pipeline_dirs, tmp_path):
    facts = run_notebook(
        "claims",
        "ALL",
        tmp_path,
        claims=CLAIMS,
        sources=RAW / "sources.yaml",
        extracted=pipeline_dirs["extracted"],
        processed=pipeline_dirs["processed"],
    )
    rows = raw_claims()
    nulls = [r for r in rows if r["check"] is None]
    assert facts["n_claims"] == len(rows)
    assert facts["n_sources"] == len(SOURCES)
    assert facts["n_not_checkable"] == len(nulls)
    assert facts["n_contradicted"] == len(CONTRADICTED)
    others = len(nulls) + len(CONTRADICTED) + len(SAME_ROOT_CAUSE) + len(INCOMPLETE)
    assert facts["n_consistent"] == len(rows) - others
    assert set(facts["contradicted_ids"].split(", ")) == CONTRADICTED
    for source in SOURCES:
        key = source.replace("-", "_")
        mine = [r for r in rows if r["source_id"] == source]
        assert facts[f"{key}_n_claims"] == len(mine)
        assert facts[f"{key}_n_not_checkable"] == sum(r["check"] is None for r in mine)
        assert facts[f"{key}_n_contradicted"] == sum(r["id"] in CONTRADICTED for r in mine)
    assert facts["en_private_governance_90_verdict"] == C.CONTRADICTED
    assert facts["en_private_governance_90_arithmetic"] == (
        "13 of 17 = 76.5%, claimed > 90%: contradicted"
    )
    assert facts["en_labeled_65_verdict"] == C.CONSISTENT
    assert facts["mc_total_companies_252_line"] == 1190
    assert facts["mc_total_companies_252_rule"] == "equal"
    assert facts["n_same_root_cause"] == len(SAME_ROOT_CAUSE)
    assert facts["n_incomplete"] == len(INCOMPLETE)
    table = read_csv(tmp_path / "tables" / "tbl-claims-all.csv")
    assert sorted(table["Claim"]) == sorted(r["id"] for r in rows)
    assert list(table.columns) == [
        "Claim", "Source", "Lines", "Quote", "Arithmetic", "Verdict", "Rule"
    ]  # fmt: skip
    md = (tmp_path / "tables" / "tbl-claims-all.md").read_text(encoding="utf-8")
    assert md.count("\n") == len(rows) + 2
    name = "figures/fig-claims-all.svg"
    assert (tmp_path / name).stat().st_size > 0, name
