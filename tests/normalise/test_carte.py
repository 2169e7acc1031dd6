"""Typing the Carte des clusters: status, sector, partnerships, territory, location."""

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.ipemed_2019 import TABLES
from clusters_maghreb.normalise.carte import normalise_carte


@pytest.fixture(scope="module")
def raw(read_source):
    src = read_source("ipemed-2019")
    return {
        t: fn(src).table.astype({"line_start": str, "line_end": str}) for t, fn in TABLES.items()
    }


def normalised(raw, country):
    return normalise_carte(raw[f"carte-{country.lower()}"], country, raw["carte-legend"])


def test_counts_per_country_and_status(raw):
    got = {c: normalised(raw, c)["status"].value_counts().to_dict() for c in ("MA", "DZ", "TN")}
    assert got == {
        "MA": {"constituted": 13, "expected": 2},
        "DZ": {"constituted": 7, "expected": 2},
        "TN": {"constituted": 11, "emergent": 3},
    }


def test_typed_values_of_sample_rows(raw):
    ma = normalised(raw, "MA").set_index("line_start")
    assert ma.loc[
        511,
        [
            "cluster",
            "acronym",
            "status",
            "sector_code",
            "sector_label",
            "partner_north",
            "partner_south",
            "territory",
            "location",
            "location_provisional",
        ],
    ].tolist() == [
        "Cluster Electronique Mécatronique et Mécanique du Maroc",
        "CE3M",
        "constituted",
        2,
        "Métaux, Electronique",
        True,
        True,
        "constructed",
        "Mohammedia-Casablanca",
        False,
    ]
    assert ma.loc[517, ["cluster", "location", "location_provisional"]].tolist() == [
        "Cluster Solaire",
        "Rabat",
        True,
    ]
    tn = normalised(raw, "TN").set_index("line_start")
    assert tn.loc[
        854, ["acronym", "sector_code", "partner_north", "partner_south", "territory", "location"]
    ].tolist() == ["2TS", 4, True, False, "rooted", "Monastir"]
    dz = normalised(raw, "DZ").set_index("line_start")
    assert dz.loc[665, ["status", "territory", "location"]].tolist() == [
        "expected",
        "constructed",
        "Constantine",
    ]


def test_two_statuses_on_one_row_fail_naming_the_line(raw):
    bad = raw["carte-dz"].copy()
    bad.loc[bad["line_start"] == "670", "constitue"] = "oui"
    with pytest.raises(
        SourceLayoutError,
        match=r"ipemed-2019\.txt:670: expected 'oui' in "
        "exactly one of Constitué/Emergent/Attendu",
    ):
        normalise_carte(bad, "DZ", raw["carte-legend"])


def test_a_sector_code_outside_the_legend_fails(raw):
    bad = raw["carte-tn"].copy()
    bad.loc[bad["line_start"] == "856", "activite"] = "8"
    with pytest.raises(SourceLayoutError, match=r":856: expected a sector code in the legend"):
        normalise_carte(bad, "TN", raw["carte-legend"])
