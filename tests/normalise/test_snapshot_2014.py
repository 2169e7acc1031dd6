"""The reconstructed 2014 snapshot (issue 13 family 7, issue 14 part 1): the CSV checks out,
a stated row rests on a sentence naming the 2014 study, no cluster founded after the study is
inferred into it, stable fields are carried back, the quotes are anchored by content (a shifted
source moves the lines, a vanished quote stops the build naming the row and the closest line),
and bad rows fail."""

from __future__ import annotations

import csv
import re
import shutil

import pandas as pd
import pytest

from clusters_maghreb.anchors import AnchoredText
from clusters_maghreb.extract import ipemed_2019_cards, ipemed_2019_mentions
from clusters_maghreb.extract import moroccan_clusters_2020 as mc2020
from clusters_maghreb.extract.errajaoui_nokairi_2023 import TABLES as EN2023_TABLES
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.snapshot_2014 import (
    OBSERVATION_COLUMNS,
    RAW,
    RULES,
    SNAPSHOT,
    SnapshotError,
    carry_back,
    check_founding,
    confidence_by_cluster,
    load,
    observations_2014,
)

# What each refs-2014 row (by its first line) gives: the clusters it says were there in 2014.
# The others name no cluster: the study itself, its aims, the contract objectives (a policy
# fact), the SPL surveys of 2000, the partnerships of five years ago.
REFS_2014 = {
    147: [],
    151: [],
    159: [],
    165: [],
    167: [],
    169: [],
    179: [],
    352: [],
    367: [],
    384: [],
    392: [],
    410: [],  # two mergers the text does not date: nothing of 2014 (NOT_A_BASIS)
    442: ["ma-amc"],
    499: [],
    598: ["dz-huile-olive-bouira"],
    627: ["dz-automobile-oran", "dz-chimie-oran", "dz-mecanique-constantine"],
    844: ["tn-cmt"],
    940: [],
}
# Creation years before 2014 that the card rule sets aside (the card gives 2014 or later).
SET_ASIDE = {
    ("moroccan-clusters-2020", 1095): "ma-amc",  # 2011; card 2019, and 'attendu' in 2014
    ("errajaoui-nokairi-2023", 204): "ma-emc",  # 2013; card 'octobre 2014'
}


@pytest.fixture(scope="module")
def table():
    return load()


@pytest.fixture(scope="module")
def sources(read_source):
    ids = ("ipemed-2019", "moroccan-clusters-2020", "errajaoui-nokairi-2023")
    return {s: read_source(s) for s in ids}


def rows_of(table, cluster_id):
    return table[table["cluster_id"] == cluster_id]


def test_csv_validates(table):
    assert len(table) == 30
    assert table["confidence"].value_counts().to_dict() == {"inferred": 25, "stated": 5}
    assert set(table["rule"]) == set(RULES)
    assert "line_start" not in read_csv(SNAPSHOT).columns  # resolved at build time


def test_every_quote_is_found_at_its_lines(table, raw_dir):
    texts = {s: AnchoredText.read(raw_dir / f"{s}.txt") for s in set(table["source_id"])}
    for row in table.itertuples(index=False):
        spans = texts[row.source_id].spans(row.evidence)
        assert [(s.line_start, s.line_end) for s in spans] == [(row.line_start, row.line_end)]
    # Quotes across the blank lines of a table cell (moroccan-clusters-2020 Table 2).
    ahp = table[
        (table["cluster_id"] == "ma-ahp") & (table["source_id"] == "moroccan-clusters-2020")
    ]
    assert sorted(zip(ahp["line_start"], ahp["line_end"], strict=True)) == [(635, 637), (861, 865)]


def test_an_undated_merger_is_no_basis_for_2014(table):
    """The MMC and the Océanopole merged by 2019 (ipemed-2019:410-413), at no stated date:
    their 2014 rows rest on their founding year (2010), not on the merger."""
    for cluster_id in ("ma-mmc", "ma-oceanopole-tan-tan"):
        rows = rows_of(table, cluster_id)
        got = rows[["field", "value", "source_id", "confidence", "rule"]].values.tolist()
        assert got == [
            ["exists", "true", "moroccan-clusters-2020", "inferred", "founded-before-2014"]
        ], cluster_id
        assert "does not date the merger" in rows["rationale"].iloc[0]
    assert "merged-later" not in RULES


def test_a_row_resting_on_a_merger_fails_saying_why(tmp_path):
    path = broken_copy(tmp_path, 5, rule="merged-later")
    with pytest.raises(SnapshotError, match=r":5: expected a rule in .*'merged-later': a merger"):
        load(path)


def test_stated_rows_quote_a_sentence_naming_the_2014_study(table):
    stated = table[table["confidence"] == "stated"]
    assert set(stated["rule"]) == {"names-2014-study"}
    for row in stated.itertuples(index=False):
        assert re.search(r"étude de 2014", row.evidence), row.cluster_id
    # Read against the text, these two are inferred: the quote does not say 2014 of them.
    relabelled = {
        ("ma-ahp", "event-dated-2014"),
        ("tn-cmt", "product-in-2014-study"),
    }
    got = {(r.cluster_id, r.rule) for r in table.itertuples() if r.rule not in (
        "names-2014-study", "founded-before-2014")}  # fmt: skip
    assert got == relabelled


def test_what_the_study_says_of_2014(table):
    stated = table[table["confidence"] == "stated"]
    got = {(r.cluster_id, r.field, r.value) for r in stated.itertuples()}
    assert got == {
        ("ma-amc", "status", "expected"),
        ("dz-huile-olive-bouira", "exists", "true"),
        ("dz-mecanique-constantine", "exists", "true"),
        ("dz-automobile-oran", "exists", "true"),
        ("dz-chimie-oran", "exists", "true"),
    }
    bouira = stated[stated["cluster_id"] == "dz-huile-olive-bouira"].iloc[0]
    assert (bouira.line_start, bouira.line_end) == (582, 598)
    assert bouira.evidence.endswith("31 - Cluster analysé dans l'étude de 2014.")


def test_a_cluster_created_in_2010_is_inferred_to_exist(table):
    mnc = rows_of(table, "ma-mnc")
    assert set(mnc["field"]) == {"exists"}
    assert set(mnc["confidence"]) == {"inferred"}
    assert sorted(zip(mnc["source_id"], mnc["line_start"], strict=True)) == [
        ("errajaoui-nokairi-2023", 211),
        ("ipemed-2019", 1141),
        ("moroccan-clusters-2020", 727),
    ]
    assert confidence_by_cluster(table)["ma-mnc"] == "inferred"


def test_confidence_by_cluster(table):
    got = confidence_by_cluster(table)
    assert got["ma-amc"] == got["dz-huile-olive-bouira"] == "stated"
    assert got["ma-mmc"] == got["tn-cmt"] == got["ma-ahp"] == "inferred"
    assert got["ma-ce3m"] == got["ma-logipole"] == got["dz-lait"] == "inferred"
    assert "ma-emc" not in got and "ma-mdc" not in got  # created in 2014: nothing inferred


def test_every_refs_2014_row_is_accounted_for(table, sources):
    refs = ipemed_2019_mentions.TABLES["refs-2014"](sources["ipemed-2019"]).table
    assert set(refs["line_start"].astype(int)) == set(REFS_2014)
    read = table[table["rule"] != "founded-before-2014"]  # rows read from what the text says
    for ref in refs.itertuples(index=False):
        start, end = int(ref.line_start), int(ref.line_end)
        hits = read[(read["line_start"] <= end) & (read["line_end"] >= start)]
        assert sorted(set(hits["cluster_id"])) == REFS_2014[start], ref.raw_text


def _years_before_2014(extracted, column):
    for row in extracted.table.itertuples(index=False):
        years = re.findall(r"\b(?:19|20)\d\d\b", getattr(row, column))
        if years and int(years[-1]) < 2014:
            yield int(row.line_start), int(row.line_end)


def test_every_creation_year_before_2014_gives_a_row_or_is_set_aside(table, sources):
    tables = {
        "ipemed-2019": (ipemed_2019_cards.TABLES["cards"], "creation_date"),
        "moroccan-clusters-2020": (mc2020.TABLES["table-2"], "cluster_year"),
        "errajaoui-nokairi-2023": (EN2023_TABLES["table-2"], "creation_year"),
    }
    for source_id, (extract, column) in tables.items():
        rows = table[table["source_id"] == source_id]
        for start, end in _years_before_2014(extract(sources[source_id]), column):
            inside = rows[(rows["line_start"] >= start) & (rows["line_end"] <= end)]
            if (source_id, start) in SET_ASIDE:
                assert inside.empty, (source_id, start)
            else:
                assert len(inside) == 1 and inside["field"].iloc[0] == "exists", (source_id, start)


def test_observations_2014(table):
    obs = observations_2014(table)
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert len(obs) == len(table)
    assert set(obs["table_id"]) == {"snapshot-2014"}
    assert set(obs["reference_year"]) == {2014}
    assert set(obs["qualifier"]) == {"exact"}
    amc = obs[obs["cluster_id"] == "ma-amc"].iloc[0]
    assert (amc.field, amc.value, amc.line_start, amc.line_end) == ("status", "expected", 434, 442)
    assert amc.raw_value == table[table["cluster_id"] == "ma-amc"]["evidence"].iloc[0]


# --- founding, carrying ---------------------------------------------------------------------


def test_no_cluster_founded_after_the_study_is_a_2014_cluster(table, processed):
    snaps = read_csv(processed / "snapshots.csv")
    check_founding(table, snaps)  # the real table passes
    founded = snaps.drop_duplicates("cluster_id").set_index("cluster_id")["founded_year"]
    in_2014 = set(snaps.loc[snaps["reference_year"] == "2014", "cluster_id"])
    late = {c for c, y in founded.items() if y.isdigit() and int(y) >= 2014}
    # EMC (card: octobre 2014), MDC, CISE, Cluster Solaire, ENR: founded in 2014, after or
    # during the study; only AMC is there, because the study itself listed it as 'attendu'.
    assert {"ma-emc", "ma-mdc", "ma-cise", "ma-cluster-solaire", "ma-enr"} <= late
    assert late & in_2014 == {"ma-amc"}
    assert rows_of(table, "ma-amc")["confidence"].tolist() == ["stated"]


def test_an_inferred_row_for_a_cluster_founded_in_2014_fails(tmp_path, processed):
    path = broken_copy(
        tmp_path,
        21,
        cluster_id="ma-emc",
        evidence="| <b>EMC</b> | 2013 |",
        source_id="errajaoui-nokairi-2023",
    )
    table = load(path)  # the quote is real: errajaoui-nokairi-2023 says 2013 ...
    with pytest.raises(SnapshotError, match=r":21: expected an inferred 2014 row .* ma-emc "):
        check_founding(table, read_csv(processed / "snapshots.csv"), path)  # ... the card 2014


def test_the_sector_is_carried_back_and_flagged(processed):
    snaps = read_csv(processed / "snapshots.csv")
    years = snaps["reference_year"].astype(int)
    s2014 = snaps[years == 2014].set_index("cluster_id")
    assert s2014.loc["dz-lait", ["sector_code", "territory", "carried"]].tolist() == [
        "1",
        "constructed",
        "sector_code:2019 sector_label:2019 territory:2019",
    ]
    assert s2014.loc["ma-logipole", "carried"] == "sector_code:2023 sector_label:2023"
    assert s2014.loc["ma-amc", "status"] == "expected"  # status is never carried
    later = snaps[years > 2014].sort_values("reference_year").drop_duplicates("cluster_id")
    later = later.set_index("cluster_id")
    for cid, row in s2014.iterrows():
        if cid in later.index and later.at[cid, "sector_code"]:
            assert row["sector_code"] == later.at[cid, "sector_code"], cid
            assert "sector_code:" in row["carried"], cid
    assert (snaps.loc[years != 2014, "carried"] == "").all()


def test_carry_back_keeps_a_2014_value_and_the_nearest_year():
    snaps = pd.DataFrame(
        {
            "cluster_id": ["a", "a", "a", "b", "c", "c"],
            "reference_year": [2014, 2019, 2023, 2014, 2014, 2023],
            "sector_code": ["", "2", "3", "", "5", "6"],
            "territory": ["", "", "rooted", "", "", ""],
            "confidence": ["stated", "", "", "inferred", "inferred", ""],
        }
    )
    got = carry_back(snaps, ["sector_code", "territory"]).set_index(
        ["cluster_id", "reference_year"]
    )
    assert list(got.columns) == ["sector_code", "territory", "confidence", "carried"]
    assert got.loc[("a", 2014)].tolist() == [
        "2",
        "rooted",
        "stated",
        "sector_code:2019 territory:2023",
    ]
    assert got.loc[("b", 2014), "carried"] == ""  # no later year
    assert got.loc[("c", 2014), ["sector_code", "carried"]].tolist() == ["5", ""]  # its own
    with pytest.raises(SnapshotError, match="expected fields of snapshots.csv"):
        carry_back(snaps, ["city"])


# --- failures ------------------------------------------------------------------------------


def broken_copy(tmp_path, line, **cells):
    """A copy of the CSV with ``cells`` changed on file line ``line`` (the header is line 1)."""
    with open(SNAPSHOT, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[line - 2].update(cells)
    path = tmp_path / "snapshot_2014.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    "cells, message",
    [
        ({"cluster_id": "ma-nowhere"}, "expected a cluster_id of"),
        ({"confidence": "likely"}, "expected a confidence in"),
        ({"field": "founded"}, "expected a field in"),
        ({"value": "merged"}, "expected a exists value in"),
        ({"rationale": " "}, "expected a rationale"),
        ({"rule": "hunch"}, "expected a rule in"),
        ({"rule": "names-2014-study"}, "expected confidence 'stated' for rule"),
    ],
)
def test_a_bad_row_fails_with_file_and_line(tmp_path, cells, message):
    path = broken_copy(tmp_path, 5, **cells)
    with pytest.raises(SnapshotError, match=rf"^{re.escape(str(path))}:5: {message}"):
        load(path)


def test_stated_without_a_sentence_naming_the_2014_study_fails(tmp_path):
    # Line 25: the MMC's founding year, which does not say the MMC was in the 2014 study.
    path = broken_copy(tmp_path, 25, confidence="stated", rule="names-2014-study")
    with pytest.raises(SnapshotError, match=r":25: expected a stated row to quote a sentence"):
        load(path)


def raw_copy(tmp_path, edit):
    """A copy of data/raw with ipemed-2019.txt's lines passed through ``edit``."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "ipemed-2019.txt"
    path.write_text("\n".join(edit(path.read_text(encoding="utf-8").split("\n"))), "utf-8")
    return raw


def test_a_shifted_source_moves_the_lines(tmp_path, table):
    raw = raw_copy(tmp_path, lambda lines: ["Un paragraphe ajouté.", "", "Et un autre.", *lines])
    moved = load(SNAPSHOT, raw_dir=raw)
    ipemed = table["source_id"] == "ipemed-2019"
    assert (moved.loc[ipemed, "line_start"] == table.loc[ipemed, "line_start"] + 3).all()
    assert (moved.loc[~ipemed, "line_start"] == table.loc[~ipemed, "line_start"]).all()


def test_a_vanished_quote_stops_naming_the_row_and_the_closest_line(tmp_path):
    def edit(lines):
        at = lines.index("22 - Cluster classé dans la catégorie « attendu » dans l'étude de 2014.")
        lines[at] = "22 - Cluster classé dans la catégorie « émergent » dans l'étude de 2014."
        return lines

    raw = raw_copy(tmp_path, edit)
    message = r"snapshot_2014\.csv:13 \(ma-amc status\): the quote .* closest is line 442"
    with pytest.raises(SnapshotError, match=message):
        load(SNAPSHOT, raw_dir=raw)


def test_two_statuses_for_one_cluster_fail(tmp_path):
    path = broken_copy(tmp_path, 14, cluster_id="ma-amc", field="status", value="emergent")
    with pytest.raises(SnapshotError, match=r":14: expected one 2014 status per cluster"):
        load(path)
