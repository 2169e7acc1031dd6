"""The hand-checked sample: facts counted from data/reference/hand_check.csv, and a stop naming
the row when a checked value is no longer what the data hold."""

import csv
import re
from pathlib import Path

import pytest

from clusters_maghreb.io import read_csv
from clusters_maghreb.report import hand_check

CHECKED = Path("data/reference/hand_check.csv")


@pytest.fixture(scope="module")
def data(processed):
    return read_csv(processed / "observations.csv"), read_csv(processed / "partnerships.csv")


def test_the_sample_matches_the_build(data):
    hand_check.check(read_csv(CHECKED), *data, CHECKED)


def test_facts_are_counted_from_the_file():
    with open(CHECKED, encoding="utf-8", newline="") as fh:
        verdicts = [row["verdict"] for row in csv.DictReader(fh)]
    facts = hand_check.facts(read_csv(CHECKED))
    assert facts["n_checked"] == len(verdicts)
    assert facts["n_correct"] == verdicts.count("correct")
    assert facts["n_wrong"] == verdicts.count("wrong")
    assert facts["n_debatable"] == verdicts.count("debatable")
    assert facts["n_correct"] + facts["n_wrong"] + facts["n_debatable"] == len(verdicts)
    assert facts["pct_correct"] == round(100 * verdicts.count("correct") / len(verdicts), 1)


def test_the_seeds_are_written_as_identifiers():
    facts = hand_check.facts(read_csv(CHECKED))
    assert facts["seeds"] == "20261206, 20261207 and 20261208"
    assert facts["seeds_fr"] == "20261206, 20261207 et 20261208"


def test_facts_of_a_small_file():
    rows = read_csv(CHECKED).head(4).copy()
    rows["verdict"] = ["correct", "wrong", "debatable", "correct"]
    facts = hand_check.facts(rows)
    assert (facts["n_correct"], facts["n_wrong"], facts["n_debatable"]) == (2, 1, 1)
    assert facts["pct_correct"] == 50.0


def test_the_sample_covers_every_family_and_source(data):
    observations, partnerships = data
    checked = read_csv(CHECKED)
    obs = observations.set_index("observation_id")
    sampled = obs.loc[checked.loc[checked["field"] != "partner", "observation_id"]].reset_index()
    wanted = observations[~observations["field"].isin(hand_check.NOT_SAMPLED)]
    strata = {(hand_check.family(r), r["source_id"]) for r in wanted.to_dict("records")}
    got = {(hand_check.family(r), r["source_id"]) for r in sampled.to_dict("records")}
    assert strata <= got, f"strata with no checked row: {sorted(strata - got)}"
    assert set(hand_check.FAMILIES) | {"2014"} <= {f for f, _ in got}
    # the first two rounds draw N_PARTNERSHIPS each, the third THIRD_ROUND_SIZES[1]; each
    # leaves out those already checked
    partners = (checked["field"] == "partner").sum()
    most = hand_check.N_PARTNERSHIPS * 2 + hand_check.THIRD_ROUND_SIZES[1]
    assert hand_check.N_PARTNERSHIPS < partners <= most
    assert len(checked) > hand_check.N_OBSERVATIONS + hand_check.N_PARTNERSHIPS


def test_the_draw_is_deterministic(data):
    first = hand_check.draw_sample(*data)
    again = hand_check.draw_sample(*data)
    assert first["observation_id"].tolist() == again["observation_id"].tolist()
    assert len(first) == hand_check.N_OBSERVATIONS + hand_check.N_PARTNERSHIPS
    other = hand_check.draw_sample(*data, seed=hand_check.SEED + 1)
    assert other["observation_id"].tolist() != first["observation_id"].tolist()


def test_the_third_round_is_its_draw(data):
    """The third round (the file's last rows) is what draw_third_round gives on the values the
    first two rounds left: values of the sources they sampled least, 2014 rows, partnerships."""
    checked = read_csv(CHECKED)
    n = sum(hand_check.THIRD_ROUND_SIZES)
    third = hand_check.draw_third_round(*data, checked.head(len(checked) - n))
    assert sorted(third["observation_id"]) == sorted(checked.tail(n)["observation_id"])
    rows = third[third["field"] != hand_check.PARTNERSHIP_FIELD]
    assert len(rows) == hand_check.THIRD_ROUND_SIZES[0]
    kept = rows["source_id"].isin(hand_check.THIRD_ROUND_SOURCES)
    assert kept.sum() > 0 and (~kept).sum() > 0  # the 2014 rows of ipemed-2019 are in it
    assert not set(third["observation_id"]) & set(checked.head(len(checked) - n)["observation_id"])


def test_a_changed_value_is_left_out_naming_the_row(data, capsys):
    """An analyst's correction changes a checked value: the check no longer applies; the
    build goes on without it and the console says which row to read again."""
    observations, partnerships = data
    checked = read_csv(CHECKED)
    oid = checked.loc[checked["field"] == "founded_year", "observation_id"].iloc[0]
    changed = observations.copy()
    changed.loc[changed["observation_id"] == oid, "value"] = "1999"
    now = hand_check.check(checked, changed, partnerships, CHECKED)
    assert len(now) == len(checked) - 1 and oid not in set(now["observation_id"])
    assert re.search(
        rf"hand_check.csv:\d+ \({oid}\): value was .* now '1999'", capsys.readouterr().err
    )


def test_a_moved_line_keeps_the_check_at_the_current_line(data):
    """A paragraph inserted above moves the text: the check holds, cited at the new line."""
    observations, partnerships = data
    checked = read_csv(CHECKED)
    oid = checked["observation_id"].iloc[0]
    source, line, *rest = oid.split(":")
    moved = observations.copy()
    at = moved["observation_id"] == oid
    moved.loc[at, "line_start"] = str(int(line) + 3)
    moved.loc[at, "observation_id"] = ":".join([source, str(int(line) + 3), *rest])
    now = hand_check.check(checked, moved, partnerships, CHECKED)
    assert now["line_start"].iloc[0] == str(int(line) + 3)


def test_a_missing_observation_is_left_out_naming_the_row(data, capsys):
    """A table row deleted by an analyst takes a checked value with it: left out, named."""
    observations, partnerships = data
    checked = read_csv(CHECKED)
    oid = checked.loc[checked["field"] == "name", "observation_id"].iloc[-1]
    gone = observations[observations["observation_id"] != oid]
    line = checked.index[checked["observation_id"] == oid][0] + 2
    now = hand_check.check(checked, gone, partnerships, CHECKED)
    assert len(now) == len(checked) - 1
    err = capsys.readouterr().err
    assert re.search(rf"hand_check.csv:{line} \({oid}\): .*no longer", err), err


def test_a_missing_partnership_is_left_out_naming_the_row(data, capsys):
    observations, partnerships = data
    checked = read_csv(CHECKED)
    key = checked.loc[checked["field"] == "partner", "observation_id"].iloc[0]
    keys = partnerships.apply(hand_check.partnership_key, axis=1)
    now = hand_check.check(checked, observations, partnerships[keys != key], CHECKED)
    assert key not in set(now["observation_id"])
    assert re.search(rf"\({key}\): .*no longer", capsys.readouterr().err)


def test_a_verdict_must_be_one_of_three_and_explained(data):
    checked = read_csv(CHECKED)
    bad = checked.copy()
    bad.loc[0, "verdict"] = "ok"
    with pytest.raises(ValueError, match=r"hand_check.csv:2 .*expected a verdict"):
        hand_check.check(bad, *data, CHECKED)
    unexplained = checked.copy()
    unexplained.loc[0, ["verdict", "note_fr"]] = ["wrong", ""]
    with pytest.raises(ValueError, match=r"hand_check.csv:2 .*note_fr"):
        hand_check.check(unexplained, *data, CHECKED)


def test_the_annex_lists_the_rows_not_correct():
    checked = read_csv(CHECKED)
    if (checked["verdict"] == "correct").all():  # a variant with two rows judged otherwise
        checked.loc[:1, ["verdict", "note", "note_fr"]] = [
            ["wrong", "the source says <b>x</b>", "la source dit <b>x</b>"],
            ["debatable", "one reading", "une lecture"],
        ]
    not_correct = checked[checked["verdict"] != "correct"]
    assert len(not_correct) >= 2
    for lang, header, verdicts in (
        ("en", "What the source says", {"wrong": "wrong", "debatable": "debatable"}),
        ("fr", "Ce que dit la source", {"wrong": "faux", "debatable": "discutable"}),
    ):
        table = hand_check.non_correct_markdown(checked, lang)
        body = table.splitlines()[2:]
        assert header in table.splitlines()[0]
        assert len(body) == len(not_correct)
        for row, line in zip(not_correct.to_dict("records"), body, strict=True):
            # the source cited by its line, never by the checked row's internal id
            assert f"{row['line_start']} |" in line and row["observation_id"] not in line
            assert f"| {verdicts[row['verdict']]} |" in line
            # source markup is shown escaped, not read as HTML
            assert not re.search(r"(?<!\\)<", line), line
    all_correct = checked.assign(verdict="correct")
    assert hand_check.non_correct_markdown(all_correct, "fr").startswith("Toutes les valeurs")


def test_the_result_clause_agrees_with_its_counts():
    rows = read_csv(CHECKED).head(3).copy()
    rows["verdict"] = ["correct", "wrong", "debatable"]
    facts = hand_check.facts(rows)
    assert facts["result"] == "1 is correct (33.3%), 1 wrong and 1 debatable"
    assert facts["result_fr"] == "1 est juste (33,3\u202f%), 1 fausse et 1 discutable"
    rows["verdict"] = ["correct", "correct", "correct"]
    facts = hand_check.facts(rows)
    assert facts["result"] == "3 are correct (100%), 0 wrong and 0 debatable"
    assert facts["result_fr"] == "3 sont justes (100\u202f%), 0 fausse et 0 discutable"
