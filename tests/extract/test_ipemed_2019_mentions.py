"""ipemed-2019 prose: creative clusters, partnerships, figures, 2014 references, and failures."""

from __future__ import annotations

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract import prose_mentions as pm
from clusters_maghreb.extract.ipemed_2019_mentions import TABLES

SID = "ipemed-2019"
FILE = "ipemed-2019.txt"


@pytest.fixture(scope="module")
def src(read_source):
    return read_source(SID)


@pytest.fixture(scope="module")
def tables(src):
    return {table_id: fn(src) for table_id, fn in TABLES.items()}


def index_of(lines, text):
    """Index of the one line containing ``text`` (tests edit lines by content, not number)."""
    hits = [i for i, ln in enumerate(lines) if text in ln]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def replace(text, old, new):
    """An edit for ``variant``: ``old`` -> ``new`` on the one line holding ``old``."""

    def edit(lines):
        i = index_of(lines, text)
        assert old in lines[i]
        lines[i] = lines[i].replace(old, new)
        return lines

    return edit


def fails(variant, table_id, edit):
    with pytest.raises(SourceLayoutError) as err:
        TABLES[table_id](variant(SID, edit))
    return str(err.value)


# --- the real file ----------------------------------------------------------------------------


def test_table_ids():
    assert list(TABLES) == ["prose-creative", "prose-partnerships", "prose-figures", "refs-2014"]


@pytest.mark.parametrize(
    ("table_id", "rows"),
    [("prose-creative", 64), ("prose-partnerships", 11), ("prose-figures", 74), ("refs-2014", 18)],
)
def test_row_counts(tables, src, table_id, rows):
    got = tables[table_id]
    assert len(got.table) == rows
    assert got.announced is None  # no count of the source covers a whole table
    assert (got.table["table_id"] == table_id).all()
    for r in got.table.itertuples():
        lines = [src.line(n) for n in range(r.line_start, r.line_end + 1)]
        # raw_text is the row's sentence (or line) as written; a sentence cut by a page's
        # footnotes is its two pieces joined by a space.
        pieces = r.raw_text if r.line_start == r.line_end else r.raw_text.split(" ", 1)[0]
        assert pieces in lines[0], (r.line_start, r.raw_text[:60])


def test_creative_lists(tables):
    df = tables["prose-creative"].table
    sizes = df.groupby(["country", "list"], sort=False).size().to_dict()
    assert sizes == {
        ("MA", "selected"): 2,
        ("MA", "potential"): 19,
        ("DZ", "selected"): 2,
        ("DZ", "potential"): 18,
        ("TN", "selected"): 2,
        ("TN", "potential"): 21,
    }
    sel = df[df["list"] == "selected"]
    assert sel[["line_start", "item", "trade", "city", "announced"]].values.tolist() == [
        [
            496,
            "Cluster du Textile de Maison à Casablanca",
            "Textile de Maison",
            "Casablanca",
            "Deux",
        ],
        [
            497,
            "Cluster du Design d'Intérieur à Marrakech",
            "Design d'Intérieur",
            "Marrakech",
            "Deux",
        ],
        [651, "Cluster des Bijoutiers de Batna", "Bijoutiers", "Batna", "deux"],
        [652, "Cluster des Dinandiers de Constantine", "Dinandiers", "Constantine", "deux"],
        [816, "Cluster des Arts de la Table de Nabeul", "Arts de la Table", "Nabeul", "Deux"],
        [817, "Cluster Mosaïque d'El Jem", "Mosaïque", "El Jem", "Deux"],
    ]


def test_creative_potential_values(tables, src):
    df = tables["prose-creative"].table
    pot = df[df["list"] == "potential"]
    assert pot.groupby("country", sort=False)["line_start"].unique().map(list).to_dict() == {
        "MA": [503],
        "DZ": [656],
        "TN": [842],
    }
    assert pot.groupby("country", sort=False)["footnote"].unique().map(list).to_dict() == {
        "MA": ["26"],
        "DZ": ["36"],
        "TN": ["41"],
    }
    assert (pot["raw_text"] == pot["line_start"].map(src.line)).all()
    rows = {(r.country, r.position): (r.item, r.trade, r.city) for r in pot.itertuples()}
    assert rows[("MA", "1")] == ("Tapiserie à Rabat", "Tapiserie", "Rabat")
    assert rows[("MA", "7")] == (
        "décoration à Casablanca et Kenitra",
        "décoration",
        "Casablanca et Kenitra",
    )
    assert rows[("MA", "19")] == (
        "céramique de type Zellige à Fès",
        "céramique de type Zellige",
        "Fès",
    )
    assert rows[("DZ", "11")] == ("poterie en Kabylie", "poterie", "Kabylie")
    assert rows[("DZ", "17")][1:] == ("joaillerie touareg", "le Grand Sud")
    # The Algerian footnote lists "dinanderie à Constantine" twice: both are kept.
    assert (
        rows[("DZ", "3")]
        == rows[("DZ", "18")]
        == (
            "dinanderie à Constantine",
            "dinanderie",
            "Constantine",
        )
    )
    # A place list with a comma stays one item.
    assert rows[("TN", "4")] == (
        "tapisserie à Kairouan, Kasserine et Sidi Bouzid",
        "tapisserie",
        "Kairouan, Kasserine et Sidi Bouzid",
    )
    assert rows[("TN", "9")][1:] == ("vêtements de mode en jean", "le Sahel")
    assert rows[("TN", "21")] == ("chaussures de cuir à Nabeul", "chaussures de cuir", "Nabeul")
    assert pot.loc[pot["country"] == "MA", "announced"].unique().tolist() == ["Vingt"]
    assert pot.loc[pot["country"] != "MA", "announced"].unique().tolist() == [""]


def test_creative_known_gap_is_noted(tables):
    assert tables["prose-creative"].note == (
        "potential creative clusters of MA: the text announces 20, the source lists 19"
    )


def test_partnerships(tables):
    df = tables["prose-partnerships"].table
    cols = ["line_start", "kind", "cluster_a", "country_a", "partner_b", "country_b"]
    assert df[cols].values.tolist() == [
        [954, "network convention", "France Clusters", "", "Maroc Cluster", ""],
        [960, "mentoring model", "Cluster de l'Huile d'Olive du Nord-Ouest", "Tunisie",
         "celui d'Ombrie", "Italie"],
        [976, "example", "Cluster Textile Technique du Sahel (2TS) de Monastir El Fejja",
         "Tunisie", "Cluster CLUBTEX de Roubaix", "France"],
        [977, "example", "Agadir Haliopôle (AHP)", "Maroc",
         "cluster AQUIMER de Boulogne-sur-Mer", "France"],
        [978, "example", "Maroc Numeric Cluster (MNC)", "", "Systematic", "France"],
        [978, "example", "Maroc Numeric Cluster (MNC)", "", "Images réseaux", "France"],
        [978, "example", "Maroc Numeric Cluster (MNC)", "", "Cap Digital", "France"],
        [979, "example", "Cluster MENARA de Marrakech", "Maroc",
         "pôle agroalimentaire AGRIA, en Lorraine", "France"],
        [979, "example", "Cluster MENARA de Marrakech", "Maroc",
         "parc technologique de la région du Piémont", "Italie"],
        [979, "example", "Cluster MENARA de Marrakech", "Maroc", "Cosmetic Valley", "France"],
        [985, "coproduction", "Mecatronic à Sousse", "Tunisie", "Cambdib en Région Occitanie",
         "France"],
    ]  # fmt: skip
    mnc = df[df["line_start"] == 978]
    assert set(mnc["detail"]) == {"avec qui il a organisé FUTUR.E.S in Africa Event en 2018"}
    assert df.iloc[-1]["raw_text"] == (
        "Cette coproduction a été facilitée par le rapprochement entre deux clusters : "
        "Mecatronic à Sousse en Tunisie et Cambdib en Région Occitanie en France."
    )


def test_figures_sample(tables):
    df = tables["prose-figures"].table
    cols = ["figure", "qualifier", "number", "unit", "implied_unit", "counts", "about"]
    ce3m = df[df["line_start"] == 458]
    assert ce3m[cols].values.tolist() == [
        ["6", "", "6", "", "adhérents", "members", "CE3M"],
        ["20", "", "20", "", "adhérents", "members", "CE3M"],
        ["50", "", "50", "", "adhérents", "members", "CE3M"],
        ["plus de 80 adhérents", "plus de", "80", "adhérents", "", "members", "CE3M"],
        ["une soixantaine de PME/PMI", "une", "soixantaine", "PME/PMI", "", "enterprises", "CE3M"],
        ["8 universités et écoles d'ingénieurs", "", "8", "universités et écoles d'ingénieurs",
         "", "universités et écoles d'ingénieurs", "CE3M"],
        ["5 grandes entreprises", "", "5", "grandes entreprises", "", "enterprises", "CE3M"],
        ["5 associations professionnelles", "", "5", "associations professionnelles", "",
         "associations professionnelles", "CE3M"],
        ["2 centres techniques", "", "2", "centres techniques", "", "centres techniques", "CE3M"],
    ]  # fmt: skip
    assert set(ce3m["section"]) == {
        "LE CLUSTER ELECTRONIQUE, MÉCATRONIQUE ET MECANIQUE DU MAROC (CE3M)*"
    }
    textile = df[df["line_start"] == 496]
    assert textile[["figure", "unit", "counts"]].values.tolist() == [
        ["70%", "%", "share"],
        ["3 milliards de Dirhams", "milliards de Dirhams", "turnover"],
        ["22 000 personnes environ", "personnes", "jobs"],
        ["120 entreprises", "entreprises", "enterprises"],
    ]
    assert set(textile["about"]) == {"Cluster du Textile de Maison à Casablanca"}
    assert set(textile["country"]) == {"MA"}
    # Counts of clusters under contract: written "14 en ont déjà bénéficié. 11 en bénéficient".
    contract = df[df["line_start"] == 398]
    assert contract[["number", "unit", "implied_unit", "counts"]].values.tolist() == [
        ["14", "", "clusters", "clusters"],
        ["11", "", "clusters", "clusters"],
    ]
    objectives = df[df["line_start"] == 382]
    assert objectives[["figure", "implied_unit"]].values.tolist() == [
        ["13*", "objectifs"],
        ["4", "objectifs"],
    ]
    by_figure = {(r.line_start, r.figure): r for r in df.itertuples()}
    assert by_figure[(470, "38 millions de Dirhams")].counts == "funds"
    assert by_figure[(652, "2 millions de dollars")].counts == "turnover"
    assert by_figure[(652, "Plus de 130 artisans")].qualifier == "plus de"
    assert by_figure[(816, "entre 120 et 130 entreprises")].number == "120 et 130"
    assert by_figure[(547, "(50) zones industrielles")].number == "50"
    assert by_figure[(588, "80")].implied_unit == "décideurs"
    assert by_figure[(588, "80")].section.startswith("ALGERIA DIGITAL CLUSTER (ADC) > ")
    fn23 = by_figure[(444, "15.000 emplois")]
    assert (fn23.footnote, fn23.counts, fn23.raw_text) == (
        "23",
        "jobs",
        "En 2017, 15.000 emplois, 120 entreprises.",
    )
    assert set(df.loc[df["line_start"] == 968, "country"]) == {""}
    assert by_figure[(888, "5 technopoles pilotes")].country == "MR+LY"


def test_figure_cut_by_footnotes(tables, src):
    """'Ces quatre clusters ... le soutien du' goes on after three footnotes, on line 580."""
    df = tables["prose-figures"].table
    row = df[df["figure"] == "quatre clusters"].iloc[0]
    assert (row.line_start, row.line_end) == (572, 580)
    assert row.raw_text.endswith("(MPTIC).")
    first, _, second = row.raw_text.partition(" Ministère de la Poste")
    assert first in src.line(572) and ("Ministère de la Poste" + second) in src.line(580)


def test_every_figure_is_in_its_sentence(tables):
    df = tables["prose-figures"].table
    assert all(r.figure in r.raw_text for r in df.itertuples())
    # 16 counts of clusters (14 and 11 under contract, "Vingt groupements"...), 5 of each other.
    counted = df["counts"].value_counts()[["clusters", "share", "jobs", "members"]]
    assert counted.tolist() == [16, 5, 5, 5]


def test_refs_2014(tables):
    df = tables["refs-2014"].table
    assert df[
        ["line_start", "line_end", "kind", "footnote", "called_from_line"]
    ].values.tolist() == [
        [147, 147, "mention", "", ""],
        [151, 151, "mention", "", ""],
        [159, 159, "citation", "2", "147"],
        [165, 165, "time", "", ""],
        [167, 167, "mention", "", ""],
        [169, 169, "time", "", ""],
        [179, 179, "citation", "4", "167"],
        [352, 352, "mention", "", ""],
        [367, 367, "citation", "16", "352"],
        [384, 384, "citation", "*", "382"],
        [392, 392, "mention", "", ""],
        [410, 413, "implicit", "", ""],
        [442, 442, "mention", "22", "434"],
        [499, 499, "citation", "25", "491"],
        [598, 598, "mention", "31", "582"],
        [627, 627, "mention", "33", "622"],
        [844, 844, "citation", "42", "831"],
        [940, 940, "time", "", ""],
    ]
    rows = {r.line_start: r for r in df.itertuples()}
    assert rows[442].says == "Cluster classé dans la catégorie « attendu » dans l'étude de 2014"
    assert rows[442].clusters == "Aerospace Moroccan Cluster"  # "Ce dernier" in the caller
    assert rows[598].clusters == "Cluster de l'huile d'olive de Bouira"
    assert rows[627].clusters == "la mécanique à Constantine; l'automobile à Oran; la chimie à Oran"
    assert rows[844].clusters == "Cluster Mécatronique de Tunisie (CMT)"
    assert rows[410].clusters == (
        "Morocco Microelectronics Cluster (MMC); "
        "Cluster Electronique, Mécatronique et Mécanique du Maroc (CE3M); "
        "Océanopole de Tan Tan; Agadir Haliopôle"
    )
    # A citation says what its calling sentence says where the call is.
    assert rows[384].says == (
        "Si les objectifs sur lesquels s'engage le cluster étaient initialement au nombre de 13*"
    )
    assert rows[844].says.endswith("l'emblématique véhicule WEEZ⁴²")
    assert rows[499].says.endswith("la Direction de l'Aménagement du Territoire²⁵")
    assert rows[384].called_from.startswith("- Si les objectifs sur lesquels s'engage le cluster")
    assert "au nombre de 13*" in rows[384].called_from
    assert rows[940].says == "comme on l'observait il y a cinq ans, au seul espace méditerranéen"
    assert rows[167].says.startswith("Cinq ans après l'étude de 2014⁴")
    assert rows[159].raw_text == (
        "Clusters au Maghreb, Vers un modèle de cluster maghrébin spécifique, "
        "Paulette Pommier, IPEMED, 2014."
    )
    assert rows[151].raw_text.startswith(
        "1. Repérer et analyser les changements survenus depuis 2014"
    )


def test_refs_2014_note_lists_what_is_not_the_study(tables):
    note = tables["refs-2014"].note
    assert note.startswith("footnote 19 called on line 392 is missing; ")
    assert "line 326: the Creative Mediterranean programme was launched in 2014" in note
    assert "line 344: the Stratégie d'Accélération Industrielle 2014-2020" in note
    for card in (1169, 1182, 1196, 1210):
        assert f"line {card}: creation date in an Annex 2 card" in note


def test_every_2014_line_is_accounted_for(tables, src):
    """Each line holding '2014' is a reference row or is named in the note."""
    refs = tables["refs-2014"]
    lines = set(refs.table["line_start"])
    for n, line in src.numbered(145):
        if "2014" in line:
            assert n in lines or f"line {n}:" in refs.note, n


# --- the generic helpers ----------------------------------------------------------------------


def test_split_sentences_keeps_abbreviations_and_enumerators():
    text = "1. Voir M. Bouyaakoub, op. cit. Page 14. Il compte 80 adhérents. Fin"
    assert [s for _, s in pm.split_sentences(text)] == [
        "1. Voir M. Bouyaakoub, op. cit. Page 14.",
        "Il compte 80 adhérents.",
        "Fin",
    ]


def test_find_quantities():
    got = pm.find_quantities(
        "Plus de 130 artisans, 2 millions de dollars, 22 000 personnes environ, "
        "une vingtaine de startups, 60 % et les trois pays."
    )
    assert [(q.qualifier, q.number, q.unit) for q in got] == [
        ("plus de", "130", "artisans"),
        ("", "2", "millions de dollars"),
        ("environ", "22 000", "personnes"),
        ("une", "vingtaine", "startups"),
        ("", "60", "%"),
    ]


# --- failures ---------------------------------------------------------------------------------


def replace_line(whole, new):
    """An edit for ``variant``: the one line equal to ``whole`` becomes ``new``."""

    def edit(lines):
        hits = [i for i, ln in enumerate(lines) if ln == whole]
        assert len(hits) == 1, (whole, hits)
        lines[hits[0]] = new
        return lines

    return edit


def test_changed_chapter_heading_fails(variant):
    edit = replace_line("LES CLUSTERS EN TUNISIE", "LES CLUSTERS DE TUNISIE")
    msg = fails(variant, "prose-figures", edit)
    assert f"{FILE}:532: expected the chapter heading /^LES CLUSTERS EN TUNISIE" in msg


def test_changed_creative_heading_fails(variant):
    edit = replace_line("Clusters des industries créatives et culturelles", "Clusters créatifs")
    msg = fails(variant, "prose-creative", edit)
    assert f"{FILE}:532: expected a creative-clusters heading in DZ" in msg


def test_emptied_footnote_list_fails(variant):
    def empty(lines):
        lines[index_of(lines, "Tapiserie à Rabat")] = ""
        return lines

    msg = fails(variant, "prose-creative", empty)
    assert f"{FILE}:505: expected the list of potential creative clusters of footnote 26" in msg
    assert "Carte des clusters marocains" in msg


def test_missing_selected_cluster_fails(variant):
    msg = fails(
        variant,
        "prose-creative",
        lambda ls: [ln for ln in ls if not ln.startswith("- Le Cluster Mosaïque d'El Jem")],
    )
    assert (
        f"{FILE}:814: expected 2 bullets of selected creative clusters as announced, found 1" in msg
    )


def test_shorter_potential_list_than_announced_fails(variant):
    msg = fails(variant, "prose-creative", replace("Tapiserie à Rabat", ", poterie à Safi", ""))
    assert f"{FILE}:491: expected 20 potential creative clusters of MA as the text announces" in msg
    assert msg.endswith("found 18")


def test_announced_count_matching_the_list_clears_the_note(variant):
    src = variant(SID, replace("Vingt groupements industriels", "Vingt", "19"))
    got = TABLES["prose-creative"](src)
    assert got.note == ""
    assert len(got.table) == 64


def test_coproduction_count_mismatch_fails(variant):
    msg = fails(
        variant,
        "prose-partnerships",
        replace("La voiture électrique WEEZ", "deux clusters", "trois clusters"),
    )
    assert f"{FILE}:985: expected trois clusters named as announced, found 2" in msg


def test_missing_examples_announcement_fails(variant):
    msg = fails(
        variant,
        "prose-partnerships",
        replace("En voici quelques exemples", "En voici quelques exemples", "Par exemple"),
    )
    assert (
        f"{FILE}:930: expected one sentence of the cooperation chapter announcing examples" in msg
    )


def test_afd_projects_count_mismatch_fails(variant):
    msg = fails(
        variant, "refs-2014", replace("33 - L'Agence française", "trois projets", "quatre projets")
    )
    assert f"{FILE}:627: expected quatre projects listed as announced, found 3" in msg


def test_unexplained_number_fails(variant):
    msg = fails(
        variant,
        "prose-figures",
        replace("ces décideurs sont au nombre de 80", "de 80.", "de 80 ou 42 ?"),
    )
    assert f"{FILE}:588: expected a number with its unit" in msg
    assert "'42'" in msg


def test_vanished_non_reference_fails(variant):
    msg = fails(
        variant,
        "refs-2014",
        replace("Creative Mediterranean* ». Ce programme", "en 2014", "en 2013"),
    )
    assert f"{FILE}:145: expected one sentence where 2014 is the Creative Mediterranean" in msg
    assert msg.endswith("found 0")


def test_2014_in_a_card_other_than_a_creation_date_fails(variant):
    msg = fails(
        variant,
        "refs-2014",
        replace("www.moroccandenimcluster.com", "Date de création : 2014", "Fondé en 2014"),
    )
    assert f"{FILE}:1169: expected 2014 only as a card's 'Date de création'" in msg
