"""The reconstructed 2014 snapshot: the CSV checks out, covers its evidence, and bad rows fail."""

from __future__ import annotations

import csv
import re

import pytest

from clusters_maghreb.extract import ipemed_2019_cards, ipemed_2019_mentions
from clusters_maghreb.extract import moroccan_clusters_2020 as mc2020
from clusters_maghreb.extract.errajaoui_nokairi_2023 import TABLES as EN2023_TABLES
from clusters_maghreb.normalise.snapshot_2014 import (
    OBSERVATION_COLUMNS,
    SNAPSHOT,
    SnapshotError,
    confidence_by_cluster,
    load,
    observations_2014,
    quote_found,
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
    410: ["ma-mmc", "ma-oceanopole-tan-tan"],
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
    assert len(table) == 32
    assert table["confidence"].value_counts().to_dict() == {"inferred": 23, "stated": 9}


def test_every_quote_is_found_at_its_lines(table, sources):
    for row in table.itertuples(index=False):
        lines = sources[row.source_id].lines
        assert quote_found(lines, row.line_start, row.line_end, row.evidence), row


def test_mmc_merged_after_2014_existed_in_2014(table):
    mmc = rows_of(table, "ma-mmc")
    stated = mmc[mmc["confidence"] == "stated"]
    assert stated[["field", "value", "source_id", "line_start", "line_end"]].values.tolist() == [
        ["exists", "true", "ipemed-2019", 398, 412]
    ]
    assert "Morocco Microelectronics Cluster (MMC)" in stated["evidence"].iloc[0]
    assert (mmc["field"] == "status").sum() == 0  # a merger says nothing of its 2014 status


def test_what_the_study_says_of_2014(table):
    stated = table[table["confidence"] == "stated"]
    got = {(r.cluster_id, r.field, r.value) for r in stated.itertuples()}
    assert got == {
        ("ma-amc", "status", "expected"),
        ("ma-mmc", "exists", "true"),
        ("ma-oceanopole-tan-tan", "exists", "true"),
        ("ma-ahp", "exists", "true"),
        ("dz-huile-olive-bouira", "exists", "true"),
        ("dz-mecanique-constantine", "exists", "true"),
        ("dz-automobile-oran", "exists", "true"),
        ("dz-chimie-oran", "exists", "true"),
        ("tn-cmt", "exists", "true"),
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
    assert got["ma-mmc"] == got["ma-amc"] == got["tn-cmt"] == "stated"
    assert got["ma-ce3m"] == got["ma-logipole"] == got["dz-lait"] == "inferred"
    assert "ma-emc" not in got and "ma-mdc" not in got  # created in 2014: nothing inferred


def test_every_refs_2014_row_is_accounted_for(table, sources):
    refs = ipemed_2019_mentions.TABLES["refs-2014"](sources["ipemed-2019"]).table
    assert set(refs["line_start"].astype(int)) == set(REFS_2014)
    stated = table[table["confidence"] == "stated"]
    for ref in refs.itertuples(index=False):
        start, end = int(ref.line_start), int(ref.line_end)
        hits = stated[(stated["line_start"] <= end) & (stated["line_end"] >= start)]
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
        ({"evidence": "Cluster analysé dans l'étude de 2013."}, "expected the evidence quoted"),
        ({"cluster_id": "ma-nowhere"}, "expected a cluster_id of"),
        ({"confidence": "likely"}, "expected a confidence in"),
        ({"field": "founded"}, "expected a field in"),
        ({"value": "merged"}, "expected a exists value in"),
        ({"rationale": " "}, "expected a rationale"),
        ({"line_start": "1", "line_end": "700"}, "expected a tight span"),
    ],
)
def test_a_bad_row_fails_with_file_and_line(tmp_path, cells, message):
    path = broken_copy(tmp_path, 5, **cells)
    with pytest.raises(SnapshotError, match=rf"^{re.escape(str(path))}:5: {message}"):
        load(path)


def test_a_quote_from_other_lines_fails(tmp_path):
    # The footnote 33 quote is real text of the source, but not at lines 1-10.
    path = broken_copy(tmp_path, 3, line_start="1", line_end="10")
    with pytest.raises(SnapshotError, match=rf"{re.escape(str(path))}:3: expected the evidence"):
        load(path)


def test_two_statuses_for_one_cluster_fail(tmp_path):
    path = broken_copy(tmp_path, 14, cluster_id="ma-amc", field="status", value="emergent")
    with pytest.raises(SnapshotError, match=r":14: expected one 2014 status per cluster"):
        load(path)
