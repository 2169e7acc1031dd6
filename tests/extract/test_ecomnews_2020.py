"""ecomnews-2020: the list of 13 clusters, every figure of the article, and how they fail."""

from __future__ import annotations

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.ecomnews_2020 import TABLES

SID = "ecomnews-2020"


@pytest.fixture(scope="module")
def src(read_source):
    return read_source(SID)


def index_of(lines, text):
    """Index of the one line containing ``text`` (tests edit lines by content, not number)."""
    hits = [i for i, ln in enumerate(lines) if text in ln]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def test_table_ids():
    assert list(TABLES) == ["clusters", "figures"]


@pytest.mark.parametrize(("table_id", "rows"), [("clusters", 13), ("figures", 12)])
def test_row_counts(src, table_id, rows):
    got = TABLES[table_id](src)
    assert len(got.table) == rows
    # The article states no count of its own: nothing is "announced".
    assert got.announced is None
    assert (got.table["table_id"] == table_id).all()
    for r in got.table.itertuples():
        assert r.line_start == r.line_end
        assert r.raw_text == src.line(r.line_start)


def test_clusters_values(src):
    df = TABLES["clusters"](src).table
    assert df["line_start"].tolist() == list(range(18, 31))
    assert df[["name", "acronym"]].values.tolist() == [
        ["Cluster Electronique Mécatronique et Mécanique du Maroc", "CE3M"],
        ["Aerospace Moroccan Cluster", ""],
        ["Maroc Numeric Cluster", ""],
        ["Cluster des Textiles Techniques Marocains", "C2TM"],
        ["Moroccan Denim Cluster", ""],
        ["Cluster Industriel pour les Services Environnementaux", "CISE"],
        ["Cluster Solaire", ""],
        ["Cluster Efficacité Energétique des Matériaux de Construction", "EMC"],
        ["Agadir Haliopôle", "AHP"],
        ["Marrakech Executivity Network for Advanced Research in Art’s living", "MENARA"],
        ["Agripole Innovation Meknès", "AGRINOVA"],
        ["Cluster Textile de maison", ""],
        ["Cluster Design d’Intérieur", ""],
    ]
    first = df.iloc[0]
    assert first["item"] == "Cluster Electronique Mécatronique et Mécanique du Maroc ( CE3M )"
    assert (
        first["raw_text"] == "  • Cluster Electronique Mécatronique et Mécanique du Maroc ( CE3M )"
    )


def test_figures_values(src):
    df = TABLES["figures"](src).table
    got = [(r.line_start, r.figure, r.kind, r.unit) for r in df.itertuples()]
    assert got == [
        (4, "lundi 2 mars 2020", "date", "day"),
        (4, "Lundi 2 Mars 2020 à 08:40", "date", "day and time"),
        (32, "deux", "count", "clusters"),
        (34, "2020", "year", "year"),
        (34, "huit", "count", "territoires"),
        (36, "deux", "count", "clusters"),
        (36, "environ 29000", "count", "employés"),
        (38, "2008", "year", "year"),
        (38, "6", "count", "adhérents"),
        (38, "80", "count", "adhérents"),
        (38, "une vingtaine", "count", "startups"),
        (38, "38 millions", "amount", "dirhams"),
    ]
    # Line 36 holds two sentences: each figure keeps its own.
    assert df.iloc[6]["sentence"] == (
        "Au total, ces deux groupements représentent environ 29000 employés."
    )
    assert df.iloc[-1]["sentence"].startswith("Au final, la politique de l’Etat marocain")
    assert df.iloc[-1]["sentence"].endswith("38 millions de dirhams sur les projets mis en oeuvre.")
    for r in df.itertuples():
        assert r.figure in r.sentence and r.sentence in r.raw_text


# --- failures --------------------------------------------------------------------------------


def fails(variant, edit, table_id):
    with pytest.raises(SourceLayoutError) as err:
        TABLES[table_id](variant(SID, edit))
    return str(err.value)


def test_one_item_removed(variant):
    def edit(lines):
        del lines[index_of(lines, "• Cluster Solaire")]
        return lines

    msg = fails(variant, edit, "clusters")
    assert f"{SID}.txt:16: expected 13 bulleted clusters under the list's introduction" in msg
    assert "found 12 (the list ends at line 30" in msg


def test_list_broken_by_a_line(variant):
    # An item that lost its bullet ends the list early: refused, not a 5-row table.
    def edit(lines):
        i = index_of(lines, "• Cluster Solaire")
        lines[i] = lines[i].replace("•", "")
        return lines

    msg = fails(variant, edit, "clusters")
    assert f"{SID}.txt:16: expected 13 bulleted clusters" in msg
    assert "found 6 (the list ends at line 24" in msg


def test_missing_list_introduction(variant):
    def edit(lines):
        i = index_of(lines, "Voici un panorama des clusters existants :")
        lines[i] = "Voici les clusters :"
        return lines

    msg = fails(variant, edit, "clusters")
    assert f"{SID}.txt:1: expected the sentence introducing the list of clusters" in msg


def test_undeclared_figure(variant):
    def edit(lines):
        i = index_of(lines, "Cluster Solaire")
        lines[i] += " (créé en 2011)"
        return lines

    msg = fails(variant, edit, "figures")
    assert f"{SID}.txt:24: expected only the figures declared in FIGURES, found '2011'" in msg


def test_reworded_figure(variant):
    def edit(lines):
        i = index_of(lines, "38 millions de dirhams")
        lines[i] = lines[i].replace("38 millions", "40 millions")
        return lines

    msg = fails(variant, edit, "figures")
    assert f"{SID}.txt:38: expected only the figures declared in FIGURES, found '40'" in msg


def test_number_word_is_a_figure(variant):
    def edit(lines):
        i = index_of(lines, "sur la base de huit territoires")
        lines[i] = lines[i].replace("huit territoires", "neuf territoires")
        return lines

    msg = fails(variant, edit, "figures")
    assert f"{SID}.txt:34: expected only the figures declared in FIGURES, found 'neuf'" in msg
