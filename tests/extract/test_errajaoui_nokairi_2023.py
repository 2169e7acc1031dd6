"""errajaoui-nokairi-2023: Tables 1-3, the prose lists and figures, and how they fail."""

from __future__ import annotations

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.errajaoui_nokairi_2023 import TABLES
from clusters_maghreb.extract.pipe_table import cell_text, join_br

SID = "errajaoui-nokairi-2023"


@pytest.fixture(scope="module")
def src(read_source):
    return read_source(SID)


def run(src, table_id):
    return TABLES[table_id](src)


def row(df, column, value):
    hits = df[df[column] == value]
    assert len(hits) == 1, f"{column}={value!r}: {len(hits)} rows"
    return hits.iloc[0]


def index_of(lines, text):
    """Index of the one line containing ``text`` (tests edit lines by content, not number)."""
    hits = [i for i, ln in enumerate(lines) if text in ln]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def test_table_ids():
    assert list(TABLES) == [
        "table-1",
        "table-2",
        "table-3",
        "pilot-clusters-1995",
        "clusters-in-creation",
        "prose-figures",
    ]


@pytest.mark.parametrize(
    ("table_id", "rows", "announced"),
    [
        ("table-1", 5, None),
        ("table-2", 17, 17),
        ("table-3", 17, 17),
        ("pilot-clusters-1995", 4, 4),
        ("clusters-in-creation", 2, None),
        ("prose-figures", 19, None),
    ],
)
def test_row_counts(src, table_id, rows, announced):
    got = run(src, table_id)
    assert len(got.table) == rows
    assert got.announced == announced
    assert (got.table["source_id"] == SID).all()
    assert (got.table["table_id"] == table_id).all()


def test_raw_text_is_the_source_lines(src):
    for table_id in TABLES:
        for r in run(src, table_id).table.itertuples():
            lines = "\n".join(src.line(n) for n in range(r.line_start, r.line_end + 1))
            assert r.raw_text == lines


# --- Table 1 ---------------------------------------------------------------------------------


def test_table_1_values(src):
    df = run(src, "table-1").table
    assert list(df.columns) == [
        "source_id",
        "table_id",
        "line_start",
        "line_end",
        "ecosystem_type",
        "origin",
        "definition",
        "benefits",
        "total_number",
        "raw_text",
    ]
    assert df["ecosystem_type"].tolist() == [
        "Industrial zone and Industrial Acceleration Zone",
        "Technopark",
        "Nearshore Sector",
        "industrial technical centers",
        "Clusters",
    ]
    assert df["line_start"].tolist() == [133, 134, 135, 136, 140]
    first = df.iloc[0]
    assert first["origin"] == "Competitive Morocco Plan (1995)"
    assert first["total_number"] == "▪ 149 industrial zones ▪ 10 industrial acceleration zones"
    assert first["benefits"].startswith("▪ Attractively priced land ▪ Geographic concentration")
    assert row(df, "ecosystem_type", "Nearshore Sector")["total_number"] == (
        "▪ 4 hubs (Casablanca, Rabat, Fez, Oujda)"
    )
    assert row(df, "ecosystem_type", "industrial technical centers")["total_number"] == (
        "▪ 8 Technical Centers"
    )


def test_table_1_continues_after_the_page_break(src):
    # The Clusters row sits in a second block whose header row is empty (a page break).
    last = run(src, "table-1").table.iloc[-1]
    assert (last["line_start"], last["line_end"]) == (140, 140)
    # "2009-<br>1015" joins without a space after the hyphen; the rest of <br> are spaces.
    # "1015" is the source's own typo (for 2015), kept as written.
    assert last["origin"] == "National Industrial Emergence Pact (2009-1015)"
    assert "National<br>Industrial<br>Emergence<br>Pact (2009-<br>1015)" in last["raw_text"]
    assert last["total_number"] == "▪ 17 clusters"
    assert "Innovation and R&D" in last["benefits"]  # &amp; decoded
    assert last["definition"].startswith("A cluster is a group formed in accordance with law")


# --- Table 2 ---------------------------------------------------------------------------------

TABLE_2_NAMES = [
    "CE3M",
    "MDFC",
    "AHP",
    "C2TM",
    "Maintenance 4.0",
    "MMI",
    "Valbiom",
    "EMC",
    "CISE Maroc",
    "Menara Cluster",
    "AMC",
    "Green H2 Maroc",
    "Agrinova",
    "ENR",
    "MNC",
    "Logipole",
    "Digipole",
]


def test_table_2_values(src):
    df = run(src, "table-2").table
    assert df["name"].tolist() == TABLE_2_NAMES
    assert df["line_start"].tolist() == list(range(197, 214))
    assert (df["line_start"] == df["line_end"]).all()
    assert (df["geographic_perimeter"] == "National").all()
    assert row(df, "name", "CE3M")[
        [
            "creation_year",
            "sector",
            "vocation",
            "governance_system",
            "financing_system",
            "labeling",
        ]
    ].tolist() == [
        "2010",
        "Electronics Microelectronics & Mechatronics",
        "Industrial Technological",
        "Private",
        "Mixed",
        "Yes",
    ]
    valbiom = row(df, "name", "Valbiom")
    assert valbiom["sector"] == "Waste recovery & recycling, renewable energies and environment"
    assert valbiom["creation_year"] == "2017"
    cise = row(df, "name", "CISE Maroc")
    assert (cise["governance_system"], cise["financing_system"], cise["labeling"]) == (
        "Mixed",
        "Private",
        "No",
    )
    digipole = df.iloc[-1]
    assert digipole[["creation_year", "sector", "governance_system", "labeling"]].tolist() == [
        "2022",
        "Digital",
        "-",
        "In process",
    ]
    assert df["labeling"].value_counts().to_dict() == {"Yes": 11, "In process": 4, "No": 2}


def test_table_2_br_split_word(src):
    df = run(src, "table-2").table
    maint = row(df, "name", "Maintenance 4.0")
    assert maint["line_start"] == 201
    assert "<b>Maintenan<br/>ce 4.0</b>" in maint["raw_text"]
    assert maint["sector"] == "Maintenance & industrial digitalization"
    assert maint["labeling"] == "In process"
    assert "<b>Green H2<br/>Maroc</b>" in row(df, "name", "Green H2 Maroc")["raw_text"]


def test_table_2_and_3_name_the_same_clusters(src):
    # Table 3 prints the names on one line: it checks the <br/> join rule on Table 2's.
    names_2 = run(src, "table-2").table["name"].tolist()
    assert run(src, "table-3").table["cluster"].tolist() == names_2


# --- Table 3 ---------------------------------------------------------------------------------

LEVERS = [
    "innovation_development_rd",
    "cooperation_synergy_development",
    "skills_development",
    "infrastructure_development",
    "international_development",
    "accessing_subsidies_incentives",
    "governance_integrated_practices",
]


def test_table_3_values(src):
    df = run(src, "table-3").table
    assert list(df.columns[4:-1]) == ["cluster", *LEVERS]
    assert df["line_start"].tolist() == list(range(229, 246))
    marks = {r.cluster: "".join(getattr(r, c) or "." for c in LEVERS) for r in df.itertuples()}
    assert marks["CE3M"] == "××××××."
    assert marks["MDFC"] == "×××.×.."
    assert marks["Maintenance 4.0"] == "×××..××"
    assert marks["Valbiom"] == "××.××.×"
    assert marks["Green H2 Maroc"] == "××..×.."
    assert marks["ENR"] == "××××.××"
    assert marks["Logipole"] == "×××××××"
    assert marks["Digipole"] == "-------"


# --- prose -----------------------------------------------------------------------------------


def test_pilot_clusters(src):
    df = run(src, "pilot-clusters-1995").table
    assert df["sector"].tolist() == ["tourism", "textiles", "seafood", "electronics"]
    assert set(df["line_start"]) == {119}


def test_clusters_in_creation(src):
    df = run(src, "clusters-in-creation").table
    assert df[["acronym", "name", "activity"]].values.tolist() == [
        ["MTI", "Morocco TraIndustry Cluster", "specialized in the railway industry"],
        [
            "COER",
            "Agroindustrial Cluster Oum Er-rbia",
            "dedicated to the industrial valorization of natural and agricultural resources",
        ],
    ]
    assert set(df["line_start"]) == {268}


def test_prose_figures(src):
    df = run(src, "prose-figures").table
    got = {(r.line_start, r.figure) for r in df.itertuples()}
    assert {
        (170, "17"),
        (221, "more than 90%"),
        (254, "approximately 80%"),
        (254, "5 and 30"),
        (254, "63%"),
        (254, "38%"),
        (266, "60%"),
        (266, "30%"),
        (266, "10%"),
        (266, "65%"),
        (266, "one"),
        (266, "18%"),
        (266, "17%"),
    } <= got
    r = row(df, "figure", "65%")
    assert r["unit"] == "% of clusters"
    assert r["sentence"] == (
        "It also appears from this mapping that 65% of the clusters are labeled by the Ministry "
        "of Industry and Commerce, except for one which is labeled by the Ministry of Agriculture "
        "and benefits from a grant contract different from those labeled by the Ministry of "
        "Industry and Commerce."
    )
    assert row(df, "figure", "18%")["sentence"] == (
        "Thus, 18% are in the process of being certified and 17% are not currently certified."
    )
    for r in df.itertuples():
        assert r.figure in r.sentence and r.sentence in r.raw_text


def test_br_join_rule():
    assert join_br("Maintenan", "ce 4.0") == ""
    assert join_br("(2009-", "1015)") == ""
    assert join_br("CISE", "Maroc") == " "
    assert join_br("Green H2", "Maroc") == " "
    assert cell_text("<b>Maintenan<br/>ce 4.0</b>") == "Maintenance 4.0"
    assert cell_text("<b>Menara<br/>Cluster</b>") == "Menara Cluster"


# --- failures --------------------------------------------------------------------------------


def fails(variant, edit, table_id):
    with pytest.raises(SourceLayoutError) as err:
        TABLES[table_id](variant(SID, edit))
    return str(err.value)


def test_row_with_a_missing_cell(variant):
    def edit(lines):
        i = index_of(lines, "| <b>MMI</b>                  | 2020")
        lines[i] = lines[i].replace("| Mixed            ", "", 1)
        return lines

    msg = fails(variant, edit, "table-2")
    assert f"{SID}.txt:202: expected 8 cells in a row of the table under" in msg
    assert "found 7 in" in msg


def test_changed_header(variant):
    def edit(lines):
        i = index_of(lines, "| Name                        | Creation year |")
        lines[i] = lines[i].replace("Labeling  ", "Labelling ")
        return lines

    msg = fails(variant, edit, "table-2")
    assert f"{SID}.txt:195: expected the header cells [" in msg
    assert "'Labeling']" in msg and "'Labelling']" in msg


def test_missing_caption(variant):
    def edit(lines):
        del lines[index_of(lines, "**Table 3 : Moroccan cluster intervention levers**")]
        return lines

    msg = fails(variant, edit, "table-3")
    assert f"{SID}.txt:1: expected one caption line matching /^\\*\\*Table 3" in msg
    assert "found none in the file" in msg


def test_one_cluster_removed(variant):
    def edit(lines):
        del lines[index_of(lines, "| <b>Valbiom</b>              | 2017")]
        return lines

    msg = fails(variant, edit, "table-2")
    assert f"{SID}.txt:193: expected 17 rows, the 17 clusters announced at line 170" in msg
    assert "found 16 rows" in msg


def test_lever_mark_changed(variant):
    def edit(lines):
        i = index_of(lines, "| <b>Digipole</b>        |")
        lines[i] = lines[i].replace("-", "x", 1)
        return lines

    msg = fails(variant, edit, "table-3")
    assert f"{SID}.txt:245: expected a lever mark among" in msg


def test_page_break_block_with_a_header(variant):
    # If the continuation of Table 1 had a real header, it would be another table: refuse
    # rather than return Table 1 without its Clusters row.
    def edit(lines):
        i = index_of(lines, "|                 |   |   |  |               |")
        lines[i] = "| Other | a | b | c | d |"
        return lines

    msg = fails(variant, edit, "table-1")
    assert f"{SID}.txt:138: expected the end of the table under" in msg


def test_pilot_count_mismatch(variant):
    def edit(lines):
        i = index_of(lines, "identified four pilot clusters")
        lines[i] = lines[i].replace("textiles, ", "")
        return lines

    msg = fails(variant, edit, "pilot-clusters-1995")
    assert f"{SID}.txt:119: expected four pilot cluster sectors" in msg


def test_clusters_in_creation_unparsed(variant):
    def edit(lines):
        i = index_of(lines, "These clusters are : MTI")
        lines[i] = lines[i].replace(" and COER", ", COER")
        return lines

    msg = fails(variant, edit, "clusters-in-creation")
    assert f"{SID}.txt:268: expected items" in msg


def test_prose_figure_reworded(variant):
    def edit(lines):
        i = index_of(lines, "Thus, 18% are in the process")
        lines[i] = lines[i].replace("18% are", "18 % are")
        return lines

    msg = fails(variant, edit, "prose-figures")
    assert "expected one line matching /(?P<fig>18%) are in the process" in msg
