"""The three 'Carte des clusters' tables of ipemed-2019 and their legend."""

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.ipemed_2019 import TABLES


@pytest.fixture(scope="module")
def tables(read_source):
    src = read_source("ipemed-2019")
    return {table_id: fn(src).table for table_id, fn in TABLES.items()}


def test_row_counts(tables):
    assert {t: len(df) for t, df in tables.items()} == {
        "carte-ma": 15,
        "carte-dz": 9,
        "carte-tn": 14,
        "carte-legend": 37,
    }


def row(df, line):
    (match,) = df.index[df["line_start"] == line]
    return df.loc[match].to_dict()


@pytest.mark.parametrize(
    ("table_id", "line", "cells"),
    [
        (
            "carte-ma",
            511,
            [
                "Cluster Electronique Mécatronique et Mécanique du Maroc (CE3M)",
                "oui",
                "",
                "",
                "2",
                "oui",
                "oui",
                "",
                "Mohammedia-Casablanca",
            ],
        ),
        (
            "carte-ma",
            516,
            [
                "Cluster Industriel pour les Services Environnementaux (CISE)",
                "oui",
                "",
                "",
                "5",
                "",
                "",
                "",
                "Rabat*",
            ],
        ),
        ("carte-ma", 522, ["Cluster Automobile", "", "", "oui", "2", "", "", "", "Tanger"]),
        (
            "carte-ma",
            525,
            ["Cluter Design d'Intérieur", "oui", "", "", "7", "", "", "Marrakech", ""],
        ),
        (
            "carte-dz",
            664,
            ["Cluster de la Mécanique de Précision (CMP)", "oui", "", "", "2", "", "", "", "Alger"],
        ),
        (
            "carte-dz",
            668,
            [
                "Cluster Boissons-Logistique Algérie (CBA)",
                "oui",
                "",
                "",
                "1",
                "",
                "oui",
                "Bordj Bou Arreridj",
                "",
            ],
        ),
        ("carte-dz", 670, ["Cluster Lait", "", "", "oui", "1", "", "", "", "Bouira"]),
        (
            "carte-tn",
            852,
            ["Cluster Mecatronic de Tunisie (CMT)", "oui", "", "", "2", "oui", "oui", "Sousse", ""],
        ),
        ("carte-tn", 858, ["Pharma In", "", "oui", "", "6", "", "", "Sidi Thabet", ""]),
        ("carte-tn", 865, ["Cluster Mosaïque", "oui", "", "", "7", "", "", "El Jem", ""]),
    ],
)
def test_rows_keep_their_raw_cells_and_line(tables, table_id, line, cells):
    got = row(tables[table_id], line)
    columns = [
        "cluster",
        "constitue",
        "emergent",
        "attendu",
        "activite",
        "partenariat_nord",
        "partenariat_sud",
        "territoire_enracine",
        "territoire_construit",
    ]
    assert [got[c] for c in columns] == cells
    assert got["source_id"] == "ipemed-2019"
    assert got["line_end"] == line
    assert got["raw_text"].split("\t")[0] == cells[0]


def test_legend_gives_the_seven_sector_codes_for_each_country(tables):
    legend = tables["carte-legend"]
    sectors = legend[legend["kind"] == "sector"]
    for country in ("MA", "DZ", "TN"):
        got = dict(sectors[sectors["country"] == country][["key", "meaning"]].values)
        assert got == {
            "1": "IAA",
            "2": "Métaux, Electronique",
            "3": "TIC",
            "4": "Textile-Habillement",
            "5": "Environnement",
            "6": "Autres",
            "7": "Créatif et culturel",
        }
    status = legend[(legend["kind"] == "status") & (legend["country"] == "DZ")]
    assert dict(status[["key", "meaning"]].values) == {
        "Constitué": "doté de gouvernance ; souvent reconnu par la puissance publique",
        "Emergent": "en préparation",
        "Attendu": "quelques acteurs se sont mobilisés",
    }
    marker = legend[legend["kind"] == "marker"]
    assert marker[["country", "key", "line_start"]].values.tolist() == [["MA", "*", 530]]


def replace_line(lines, startswith, new):
    (i,) = [i for i, text in enumerate(lines) if text.startswith(startswith)]
    lines[i] = new(lines[i])
    return lines


def test_a_row_with_a_missing_column_fails_with_its_line(variant):
    src = variant(
        "ipemed-2019",
        lambda lines: replace_line(
            lines, "Cluster Lait\t", lambda t: t.replace("\t\t\toui", "\t\toui")
        ),
    )
    with pytest.raises(SourceLayoutError) as err:
        TABLES["carte-dz"](src)
    assert f"{src.path}:670: expected 9 tab-separated cells, found 8" in str(err.value)


def test_a_changed_header_fails_with_its_line(variant):
    def change_subheader(lines):
        i = lines.index("Carte des clusters marocains") + 5  # title, 3 blanks, header
        lines[i] = lines[i].replace("Emergent", "Émergent")
        return lines

    src = variant("ipemed-2019", change_subheader)
    with pytest.raises(SourceLayoutError) as err:
        TABLES["carte-ma"](src)
    assert f"{src.path}:510: expected header cells" in str(err.value)
    assert "'Émergent'" in str(err.value)


def test_a_missing_table_title_fails(variant):
    src = variant(
        "ipemed-2019",
        lambda lines: [
            "Carte des clusters du Maroc" if t == "Carte des clusters marocains" else t
            for t in lines
        ],
    )
    with pytest.raises(
        SourceLayoutError,
        match="expected one title line 'Carte des clusters marocains', found 0 such lines",
    ):
        TABLES["carte-ma"](src)
