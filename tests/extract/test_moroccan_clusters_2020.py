"""moroccan-clusters-2020: Table 2 (cells broken over lines and pages) and Table 3."""

from __future__ import annotations

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.moroccan_clusters_2020 import TABLES

SOURCE = "moroccan-clusters-2020"
FILE = f"{SOURCE}.txt"
COLUMNS = ["cluster_year", "sector", "specialisation", "members", "region"]


@pytest.fixture(scope="module")
def table_2(request):
    src = request.getfixturevalue("read_source")(SOURCE)
    return TABLES["table-2"](src)


def row_of(table, start):
    rows = table[table.line_start == start]
    assert len(rows) == 1
    return rows.iloc[0]


def test_tables():
    assert list(TABLES) == ["table-2", "table-3"]


def test_table_2_counts(table_2):
    df = table_2.table
    assert len(df) == 13
    assert table_2.announced is None
    assert "SOURCES.md" in table_2.note
    assert list(df.columns) == [
        "source_id",
        "table_id",
        "line_start",
        "line_end",
        *COLUMNS,
        "raw_text",
    ]
    assert set(df.table_id) == {"table-2"}


def test_table_2_spans(table_2):
    df = table_2.table
    spans = list(zip(df.line_start, df.line_end, strict=True))
    assert spans == [
        (677, 725),
        (727, 763),
        (765, 803),
        (811, 859),
        (861, 885),
        (887, 917),
        (919, 945),
        (947, 971),
        (973, 996),
        (998, 1024),
        (1026, 1052),
        (1054, 1093),
        (1095, 1114),
    ]


def test_table_2_raw_text_is_the_span(read_source, table_2):
    lines = read_source(SOURCE).lines
    for row in table_2.table.itertuples():
        assert row.raw_text == "\n".join(lines[row.line_start - 1 : row.line_end])


# Exact cells: first row, a hyphen glued over a line break, two cells on one line, the
# uncertain Sector/Specialisation split, the row cut by the page break, the last row.
EXPECTED = {
    677: {
        "cluster_year": "Mechanical Mechatronic Electronics of Mohammedia (CE3M) / December 2010",
        "sector": "Electronics and Mechatronics",
        "specialisation": (
            "On-board electronic systems, energy conversion systems, mechatronic systems."
        ),
        "members": (
            "CE3M is the result of the evolution of enterprise group GE3M which was formed in "
            "2006 on the initiative of companies such as A2S Industries, SOFMAG and some other "
            "French companies from the Valley of the Arve, Lyon or Besançon. 40 members: 32 "
            "SMEs; college of multinationals companies: Thales, ST Microelectronics, ADETEL "
            "Marocco, Moroccan Railways, sub-contracting SMEs; research centres; five "
            "engineering schools, a technical canter (CETIM)."
        ),
        "region": "Mohammedia-Casablanca",
    },
    765: {
        "cluster_year": "Morocco Microelectronics Cluster (MMC) 2010",
        "sector": "Microelectronic",
        "specialisation": "Embedded systems, integrated circuit and optoelectronic design",
        "members": (
            "Companies: ST-Ericsson; Mentor Graphics; Nemotek; Mascir-Micro; Mu Electronics; "
            "Valtronic; ADETEL Group; ATC and Lear Corporation; Training and research "
            "organizations: Mascir, INPT, EMI, FSR-UM5A, UIR, EMSI, ENSIAS and USMBA; "
            "Institutions: Technopolis; Ministry of Industry and CNRST."
        ),
        "region": "Technology park, Rabat",
    },
    811: {
        "cluster_year": "Ocean Opole Tan-Tan 2010",
        "sector": "Seafood products",
        "specialisation": (
            "Marine Resource Development: fisheries, aquaculture, renewable energy, shipyard"
        ),
        "members": (
            "Large companies: SOVAPEC – flour, fish, oil; OUCHARRA group – industries: ASAT- "
            "canneries, Moroccan Omnium Fishing Fleet- deep-sea fishing; Moroccan Omnium of "
            "Fishing. Industries: PHIASUD - offshore fishing, African Shipyard. SME: a dozen in "
            "the fish product processing business. Training and research organisations: IBN "
            "ZOHR University, National Institute of Fisheries Research; Institute of Marine "
            "Fishing Technologies. Institutional: local authorities (Guelmim Es-Smara Region and "
            "Tan Tan/El Ouatia Municipalities). Trade unions involved in fishing and port "
            "activities."
        ),
        "region": "Tan-Tan region",
    },
    861: {
        "cluster_year": "Pôle Agadir Haliopôle 2012",
        "sector": "Seafood products",
        "specialisation": "Fishing and seafood processing",
        "members": (
            "37 companies and Study and Research Laboratories, Institutions and Communities and "
            "Professional Associations and Federations."
        ),
        "region": "Agadir region, Souss Massa Drâa region",
    },
    887: {
        "cluster_year": (
            "“Menara” Marrakech Exclusivity Network for Advanced Research in Art’s Living 2012"
        ),
        "sector": "Food-processing and cosmetic",
        "specialisation": "Luxury Products, Food and Cosmetics",
        "members": (
            "Total 32 members: 24 enterprises, more than 1300 researchers represented by "
            "cluster; Marrakech Private University, Centre Traditional Arts."
        ),
        "region": "Marrakech",
    },
    919: {
        "cluster_year": "Construction Materials Energy Efficiency Cluster (EMC) 2014",
        "sector": "Eco - constructions",
        "specialisation": "energy efficiency of building materials",
        "members": (
            "The Board of Directors of the cluster includes public and private operators, "
            "including the Al Omrane group, Hassan I University, Orobrique, Lafarge Calnicor "
            "Maroc, Bureau Veritas and Multicerame etc."
        ),
        "region": "Casablanca",
    },
    998: {
        "cluster_year": "Casablanca Home Textile Cluster (CHTS) 2016",
        "sector": "Textile",
        "specialisation": "House textile",
        "members": (
            "120 companies, accounting for 70% of the national production and employing 22,000 "
            "people. The cluster is supported by the European Union, the Italian Agency for "
            "Development Cooperation, the Union for the Mediterranean and the United Nations "
            "Industrial Development Organisation (UNIDO). On the Moroccan side, the cluster is "
            "supported by powerful corporations, including the AMITH as well as public "
            "institutions (Maroc PME, Maroc Export), and training institutions."
        ),
        "region": "Casablanca",
    },
    1054: {
        "cluster_year": "Solar cluster 2017",
        "sector": "Solar Energy",
        "specialisation": "Industrial activities related to solar energy; solar technologies",
        "members": (
            "25 founding members: MASEN; ONEE; ADEREE; SIE; Mascir; MedZ; FENELEC; FIMME; "
            "FMCI; FMC; FNBTP; Centrelec; Temasol; Cleanergy; Nrj International; AIC "
            "Métallurgie; DLM; Morocco Workshop; LSA Industries; ADI; Cegelec; Ciments du "
            "Maroc; Cadi Ayad University; Rabat International University and CERIMME and "
            "fourteen other members of the Board of Directors including FENELEC and FIMME, five "
            "business colleges and two colleges of educational organizations, higher education, "
            "vocational training and research."
        ),
        "region": "Casablanca",
    },
    1095: {
        "cluster_year": "Aerospace Moroccan Cluster (AMC) 2011",
        "sector": "Aerospace",
        "specialisation": "Aerospace industry",
        "members": (
            "105 international companies: Anchor companies; Safran; EADS; Bombardier & Boeing; "
            "Aerotechnic industries; UTC Aerospace systems; Royal Air Maroc; Air France AIRBUS, "
            "Snecma Morocco Engine services."
        ),
        "region": "Casablanca",
    },
}


@pytest.mark.parametrize("start", sorted(EXPECTED))
def test_table_2_cells(table_2, start):
    row = row_of(table_2.table, start)
    assert {c: row[c] for c in COLUMNS} == EXPECTED[start]


def test_table_2_other_cells(table_2):
    df = table_2.table.set_index("line_start")
    assert df.loc[727, "cluster_year"] == "Morocco Numeric Cluster / November 2010"
    assert df.loc[727, "sector"] == "ICT"
    assert df.loc[727, "region"] == "TechnoPark in Casablanca"
    assert (df.loc[947, "sector"], df.loc[947, "specialisation"]) == (
        "Textile",
        "Textile technique",
    )
    assert df.loc[973, "specialisation"] == "Textile, jeans, casual wear"
    assert df.loc[1026, "cluster_year"] == (
        "Industrial Cluster for Environmental Services (CISE) 2016"
    )
    assert df.loc[1026, "sector"] == "Industry"
    assert list(df.region).count("Casablanca") == 7


def test_table_2_page_break_row(table_2):
    # Solar cluster: its Region is printed before the page break, the end of its Members after
    # the repeated header, so the span covers the header too.
    row = row_of(table_2.table, 1054)
    assert row.line_end == 1093
    assert "Morocco \n\nCasablanca \n Cluster/ year of " in row.raw_text
    assert row.raw_text.endswith("training and research. ")


def first(lines, text, after=0):
    """Index of the first line after index ``after`` that reads ``text`` once stripped."""
    return next(i for i in range(after, len(lines)) if lines[i].strip() == text)


def set_lines(text, new, *, after=None, through=None):
    """An edit replacing the line ``text`` (the first one after the line ``after``) by ``new``
    and blanking the lines after it through the line ``through``, if given. Lines are
    replaced, never deleted, so that line numbers stay those of the real file."""

    def edit(lines):
        i = first(lines, text, first(lines, after) if after else 0)
        j = first(lines, through, i) if through else i
        for k in range(i, j + 1):
            lines[k] = new if k == i else ""
        return lines

    return edit


def error_of(variant, table_id, edit):
    with pytest.raises(SourceLayoutError) as err:
        TABLES[table_id](variant(SOURCE, edit))
    return str(err.value)


def test_table_2_missing_region(variant):
    # The Menara row loses its Region: what follows is the next row's Cluster cell.
    edit = set_lines("Marrakech", "", after="University, Centre Traditional Arts.")
    msg = error_of(variant, "table-2", edit)
    assert FILE in msg
    assert ":919: expected a Region cell ending with " in msg
    assert msg.endswith("in Table 2, found 'Construction'")


def test_table_2_missing_year(variant):
    msg = error_of(variant, "table-2", set_lines("(EMC) 2014", "(EMC)"))
    assert FILE in msg
    assert ":919: expected a 'Cluster/ year of creation' cell ending with a year" in msg


def test_table_2_missing_specialisation(variant):
    edit = set_lines("Mobile services,", "", through="packages.")
    msg = error_of(variant, "table-2", edit)
    assert FILE in msg
    assert ":735: expected a Sector cell then a Specialisation cell" in msg
    assert "found 'ICT'" in msg


def test_table_2_missing_members(variant):
    edit = set_lines(
        "The Board of Directors of the cluster includes public and",
        "",
        through="Maroc, Bureau Veritas and Multicerame etc.",
    )
    msg = error_of(variant, "table-2", edit)
    assert FILE in msg
    # The row runs on into the next one until the next year of creation.
    assert ":953: expected a Members cell (a line of at least 30 characters) in Table 2" in msg
    assert msg.endswith("found '2013'")


def test_table_2_page_break_cell_not_continued(variant):
    # The end of the Solar cluster's Members cell, after the page break, is gone.
    edit = set_lines(
        "Workshop; LSA Industries; ADI; Cegelec; Ciments du", "", through="training and research."
    )
    msg = error_of(variant, "table-2", edit)
    assert FILE in msg
    assert ":1095: expected a Members cell" in msg


def test_table_2_row_missing(variant):
    edit = set_lines("Moroccan Denim", "", through="Textiles and Clothing (CTTH) and the AMITH.")
    edit_region = set_lines("Casablanca", "", after="Textiles and Clothing (CTTH) and the AMITH.")
    msg = error_of(variant, "table-2", lambda lines: edit(edit_region(lines)))
    assert FILE in msg
    assert ":668: expected 13 rows in Table 2, found 12" in msg


def test_table_2_header_changed(variant):
    edit = set_lines(
        "Sector Specialisation Members of clusters Region", "Sector Specialisation Members Region"
    )
    msg = error_of(variant, "table-2", edit)
    assert FILE in msg
    assert (
        ":675: expected header line 'Sector Specialisation Members of clusters Region' "
        "of Table 2, found 'Sector Specialisation Members Region'"
    ) in msg


def test_table_2_caption_missing(variant):
    edit = set_lines("Table 2. Grouping different Moroccan clusters", "Grouping Moroccan clusters")
    msg = error_of(variant, "table-2", edit)
    assert FILE in msg
    assert ":1: expected one caption line of Table 2" in msg
    assert msg.endswith("found 0")


# --- Table 3 ---


def test_table_3(read_source):
    got = TABLES["table-3"](read_source(SOURCE))
    assert got.announced == 6
    df = got.table
    assert list(df.columns) == [
        "source_id",
        "table_id",
        "line_start",
        "line_end",
        "cluster",
        "smes",
        "large_companies",
        "total",
        "raw_text",
    ]
    cells = df[["cluster", "smes", "large_companies", "total"]].values.tolist()
    assert cells == [
        ["Cluster 1", "30", "20", "50"],
        ["Cluster 2", "43", "4", "47"],
        ["Cluster 3", "10", "10", "20"],
        ["Cluster 4", "45", "20", "65"],
        ["Cluster 5", "17", "10", "27"],
        ["Cluster 6", "9", "14", "23"],
    ]
    assert set(df.line_start) == {1204}
    assert set(df.line_end) == {1210}
    assert df.raw_text.iloc[0].splitlines()[-1] == "Total companies 50 47 20 65 27 23 "


def test_table_3_missing_cell(variant):
    edit = set_lines("Large companies 20 4 10 20 10 14", "Large companies 20 4 10 20 14")
    msg = error_of(variant, "table-3", edit)
    assert FILE in msg
    assert ":1208: expected a row 'Large companies' with 6 counts in Table 3" in msg


def test_table_3_header_changed(variant):
    old = (
        "Number of companies by cluster Cluster 1 Cluster 2 Cluster 3 Cluster 4 Cluster 5 Cluster 6"
    )
    edit = set_lines(old, old.replace("Cluster 6", "Cluster six"))
    msg = error_of(variant, "table-3", edit)
    assert FILE in msg
    assert ":1204: expected header line 'Number of companies by cluster Cluster 1" in msg


def test_table_3_caption_missing(variant):
    edit = set_lines("Table 3. Number of companies by cluster.", "")
    msg = error_of(variant, "table-3", edit)
    assert FILE in msg
    assert ":1: expected one caption line of Table 3" in msg
