"""Parsing raw cells: every real value of the year, count and flag columns, and the failures."""

from __future__ import annotations

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.run import write_source
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.values import (
    Parsed,
    parse,
    parse_count,
    parse_year,
    split_trailing_year,
)

MEMBERS = [
    "members_total",
    "members_firms",
    "members_smes",
    "members_large_firms",
    "members_startups",
    "members_research_training",
    "members_associations",
    "members_public_bodies",
    "members_other",
    "members_jobs",
]
CARTE_MARKS = ["constitue", "emergent", "attendu", "partenariat_nord", "partenariat_sud"]
LEVERS = [
    "innovation_development_rd",
    "cooperation_synergy_development",
    "skills_development",
    "infrastructure_development",
    "international_development",
    "accessing_subsidies_incentives",
    "governance_integrated_practices",
]
# (source_id, table_id) -> {column: parser kind}
COLUMNS = {
    ("ipemed-2019", "cards"): {
        "creation_date": "year",
        "labelling_date": "year",
        "contract_date": "year",
        **dict.fromkeys(MEMBERS, "counts"),
    },
    **{
        ("ipemed-2019", f"carte-{c}"): dict.fromkeys(CARTE_MARKS, "flag")
        for c in ["ma", "dz", "tn"]
    },
    ("moroccan-clusters-2020", "table-2"): {
        "cluster_year": "trailing_year",
        "members": "member_total",
    },
    ("moroccan-clusters-2020", "table-3"): dict.fromkeys(
        ["smes", "large_companies", "total"], "count"
    ),
    ("errajaoui-nokairi-2023", "table-1"): {
        "origin": "trailing_year",
        "total_number": "counted_items",
    },
    ("errajaoui-nokairi-2023", "table-2"): {"creation_year": "year", "labeling": "labeled"},
    ("errajaoui-nokairi-2023", "table-3"): dict.fromkeys(LEVERS, "flag"),
}
CASES = [(s, t, col, kind) for (s, t), cols in COLUMNS.items() for col, kind in cols.items()]


@pytest.fixture(scope="module")
def tables(raw_dir, tmp_path_factory):
    """The extracted tables, built from data/raw and read back as the pipeline reads them."""
    out = tmp_path_factory.mktemp("extracted")
    for source_id in sorted({s for s, _ in COLUMNS}):
        write_source(
            raw_dir / f"{source_id}.txt", source_id, out / source_id, out / f"{source_id}.csv"
        )
    return {(s, t): read_csv(out / s / f"{t}.csv") for s, t in COLUMNS}


def values(tables, source_id, table_id, column, kind):
    """Distinct cells of a column (empty ones too for flags, where empty means no) with the
    line each is first found on."""
    df = tables[(source_id, table_id)]
    assert column in df.columns, f"{source_id}/{table_id} has no column {column}"
    keep = df if kind == "flag" else df[df[column] != ""]
    first_line = {}
    for text, line in zip(keep[column], keep["line_start"], strict=True):
        first_line.setdefault(text, int(line))
    return first_line


@pytest.mark.parametrize(("source_id", "table_id", "column", "kind"), CASES)
def test_every_real_value_parses(tables, source_id, table_id, column, kind):
    found = values(tables, source_id, table_id, column, kind)
    assert found, f"no value in {source_id}/{table_id}.{column}"
    for text, line in found.items():
        got = parse(kind, text, where=(f"data/raw/{source_id}.txt", line))
        for p in got if isinstance(got, list) else [got]:
            assert isinstance(p, Parsed)
            if kind in ("year", "trailing_year"):
                assert 1950 <= p.value <= 2025
            if kind in ("count", "counts", "counted_items"):
                assert isinstance(p.value, int) and p.value >= 0, (text, p)


# (kind, text as in the extracted table) -> expected; every text must occur in its columns.
REAL = {
    ("year", "décembre 2010"): Parsed(2010),
    ("year", "avril 2012"): Parsed(2012),
    ("year", "2004"): Parsed(2004),
    ("year", "2022"): Parsed(2022),
    ("counts", "Une centaine"): [Parsed(100, "approx")],
    ("counts", "Une vingtaine"): [Parsed(20, "approx")],
    ("counts", "Une trentaine"): [Parsed(30, "approx")],
    ("counts", "Un"): [Parsed(1)],
    ("counts", "Deux"): [Parsed(2)],
    ("counts", "24"): [Parsed(24)],
    ("counts", "environ 11 000"): [Parsed(11000, "approx")],
    ("counts", "11.000"): [Parsed(11000)],
    ("counts", "11 700"): [Parsed(11700)],
    ("counts", "1373"): [Parsed(1373)],
    ("counts", "5 ; 1 ; 4"): [Parsed(5), Parsed(1), Parsed(4)],
    ("counts", "17 ; 3"): [Parsed(17), Parsed(3)],
    ("count", "65"): Parsed(65),
    ("trailing_year", "Aerospace Moroccan Cluster (AMC) 2011"): Parsed(2011),
    ("trailing_year", "Morocco Numeric Cluster / November 2010"): Parsed(2010),
    ("trailing_year", "Competitive Morocco Plan (1995)"): Parsed(1995),
    ("trailing_year", "National Industrial Emergence Pact (2009-1015)"): Parsed(
        2009, note="period written '2009-1015': end year 1015 impossible (typo), not used"
    ),
    ("counted_items", "▪ 17 clusters"): [Parsed(17, note="clusters")],
    ("counted_items", "▪ 149 industrial zones ▪ 10 industrial acceleration zones"): [
        Parsed(149, note="industrial zones"),
        Parsed(10, note="industrial acceleration zones"),
    ],
    ("labeled", "Yes"): Parsed("yes"),
    ("labeled", "No"): Parsed("no"),
    ("labeled", "In process"): Parsed("in_process"),
    ("flag", "×"): Parsed(True),
    ("flag", ""): Parsed(False),
    ("flag", "-"): Parsed(None, note="'-': no data"),
    ("flag", "oui"): Parsed(True),
}
# moroccan-clusters-2020 Table 2 'Members' is prose: the total it states, found by its start.
MEMBER_TOTALS = {
    "Total 32 members": Parsed(32, note="32 members"),
    "35 members": Parsed(35, note="35 members"),
    "CE3M is the result": Parsed(40, note="40 members"),
    "A dozen founding": Parsed(12, "approx", note="A dozen founding members"),
    "25 founding": Parsed(25, "at_least", note="25 founding members"),  # the founders: at least
    "37 companies and": Parsed(37, "at_least", note="37 companies, and others uncounted"),
    "Created by seven": Parsed(7, "at_least", note="founded by seven companies"),
    # a count of companies alone is enterprises (parse_member_counts), not all members
    "105 international": Parsed(
        None, note="105 international companies: enterprises, no member total stated"
    ),
    "120 companies": Parsed(None, note="120 companies: enterprises, no member total stated"),
    "Companies: ST-Ericsson": Parsed(None, note="no member total stated"),
    "The Board of Directors": Parsed(None, note="no member total stated"),
}


@pytest.mark.parametrize(("kind", "text"), list(REAL))
def test_sample_of_real_values(tables, kind, text):
    columns = [(s, t, c) for s, t, c, k in CASES if k == kind]
    assert any(text in set(tables[(s, t)][c]) for s, t, c in columns), "not a real value"
    assert parse(kind, text) == REAL[(kind, text)]


def test_member_totals_of_moroccan_table_2(tables):
    cells = tables[("moroccan-clusters-2020", "table-2")]["members"]
    for start, expected in MEMBER_TOTALS.items():
        (text,) = [c for c in cells if c.startswith(start)]
        assert parse("member_total", text) == expected


def test_trailing_year_keeps_the_name():
    assert split_trailing_year(
        "Mechanical Mechatronic Electronics of Mohammedia (CE3M) / December 2010"
    ) == (
        "Mechanical Mechatronic Electronics of Mohammedia (CE3M)",
        Parsed(2010),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mai 2007", Parsed(2007)),
        ("2011", Parsed(2011)),
        ("2009-2015", Parsed(2009, note="period 2009-2015: start year kept")),
    ],
)
def test_year_shapes(text, expected):
    assert parse_year(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plus de 50", Parsed(50, "at_least")),
        ("more than 1300", Parsed(1300, "at_least")),
        ("moins de 10", Parsed(10, "at_most")),
        ("une vingtaine", Parsed(20, "approx")),
        ("a dozen", Parsed(12, "approx")),
        ("de 6 à 20", Parsed(None, "range", low=6, high=20)),
        ("1373 employés", Parsed(1373)),
        ("Une centaine de membres", Parsed(100, "approx")),
        ("22,000", Parsed(22000)),
        ("vingt-trois mille", Parsed(23000)),
        ("quatre-vingt-dix-sept", Parsed(97)),
        ("soixante et onze", Parsed(71)),
        ("seven", Parsed(7)),
        ("one hundred and five", Parsed(105)),
    ],
)
def test_count_shapes(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("count", "vingt-trois mille et quelques"),
        ("count", "20xx"),
        ("count", "trois vingt"),
        ("count", "20 à 6"),
        ("count", "environ une centaine"),
        ("count", "5 ; 1"),  # several counts: 'counts'
        ("counts", "5 ; ; 1"),
        ("counted_items", "vingt-trois mille et quelques"),
        ("year", "1850"),
        ("year", "20xx"),
        ("year", "2030"),
        ("trailing_year", "CE32010"),
        ("flag", "peut-être"),
        ("labeled", "Maybe"),
        ("member_total", "Joined by the 40 members of 2016"),
        ("member_counts", "40 members: 32 SMEs; 3 robots"),  # a figure no kind names
        ("member_counts", "40 members: 32 SMEs; 12 SMEs"),  # one type counted twice
    ],
)
def test_malformed_text_raises_naming_it(kind, text):
    with pytest.raises(ValueError, match="expected") as err:
        parse(kind, text)
    assert repr(text) in str(err.value)


def test_where_gives_the_file_and_line():
    with pytest.raises(SourceLayoutError) as err:
        parse("year", "1850", where=("data/raw/ipemed-2019.txt", 1169))
    assert str(err.value).startswith("data/raw/ipemed-2019.txt:1169: expected a year 1950-2025")
    assert err.value.found == "'1850'"


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind 'date'"):
        parse("date", "2010")
