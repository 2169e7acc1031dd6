"""The lists in the prose of the ipemed-2019 country chapters, on the real file and on broken
copies of it."""

from __future__ import annotations

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract import ipemed_2019, ipemed_2019_lists
from clusters_maghreb.extract.prose_list import (
    bullet_items,
    clean,
    enumeration,
    first_sentence,
    parse_count,
    split_top,
    strip_article,
)
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.registry import Extracted

SOURCE = "ipemed-2019"
TABLES = ipemed_2019_lists.TABLES

ROWS = {
    "list-ma-contract-clusters": 11,
    "list-ma-contract-indicators": 4,
    "list-ma-mergers": 2,
    "list-ma-expected": 3,
    "list-dz-constituted": 5,
    "list-dz-emerging": 7,
    "list-dz-afd-projects": 3,
    "list-tn-poles": 10,
    "list-tn-categories": 3,
    "list-tn-category-members": 10,
    "list-tn-pcb-clusters": 4,
    "list-tn-forming": 2,
    "list-mr-projects": 2,
}
ANNOUNCED = {
    "list-ma-contract-clusters": 11,
    "list-ma-contract-indicators": 4,
    "list-dz-afd-projects": 3,
    "list-tn-poles": 10,
    "list-tn-categories": 3,
}


@pytest.fixture(scope="module")
def src(read_source) -> RawSource:
    return read_source(SOURCE)


@pytest.fixture(scope="module")
def tables(src) -> dict[str, Extracted]:
    return {tid: fn(src) for tid, fn in TABLES.items()}


def records(tables, tid: str) -> list[dict]:
    return tables[tid].table.to_dict("records")


def replace(old: str, new: str, count: int = 1):
    """An edit for ``variant`` that replaces ``old`` (which must occur ``count`` times)."""

    def edit(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times"
        return text.replace(old, new).split("\n")

    return edit


def drop_line(startswith: str):
    """An edit for ``variant`` that deletes the one line starting with ``startswith``."""

    def edit(lines: list[str]) -> list[str]:
        hits = [i for i, ln in enumerate(lines) if ln.startswith(startswith)]
        assert len(hits) == 1, f"{startswith!r} starts {len(hits)} lines"
        return lines[: hits[0]] + lines[hits[0] + 1 :]

    return edit


def raises(broken: RawSource, tid: str, *fragments: str) -> str:
    with pytest.raises(SourceLayoutError) as info:
        TABLES[tid](broken)
    message = str(info.value)
    assert f"{SOURCE}.txt:" in message
    for fragment in fragments:
        assert fragment in message, message
    return message


# --- the real file ---------------------------------------------------------------------------


def test_table_ids_are_prefixed_and_do_not_clash_with_the_carte_tables():
    assert list(TABLES) == list(ROWS)
    assert all(tid.startswith("list-") for tid in TABLES)
    assert not set(TABLES) & set(ipemed_2019.TABLES)


@pytest.mark.parametrize("tid", ROWS)
def test_row_counts_and_announced(tables, tid):
    ex = tables[tid]
    assert len(ex.table) == ROWS[tid]
    assert ex.announced == ANNOUNCED.get(tid)
    if ex.announced is not None:
        assert len(ex.table) == ex.announced
    assert set(ex.table["table_id"]) == {tid}
    assert set(ex.table["source_id"]) == {SOURCE}


@pytest.mark.parametrize("tid", ROWS)
def test_rows_point_back_to_the_text_they_came_from(src, tables, tid):
    table = tables[tid].table
    assert list(table.columns[:4]) == ["source_id", "table_id", "line_start", "line_end"]
    assert table.columns[-1] == "raw_text"
    for r in table.to_dict("records"):
        assert 1 <= r["line_start"] <= r["line_end"] <= len(src)
        assert r["raw_text"] in "\n".join(src.lines[r["line_start"] - 1 : r["line_end"]])
        own = {k: v for k, v in r.items() if k not in ("line_start", "line_end")}
        assert all(isinstance(v, str) for v in own.values()), own


def test_ma_contract_clusters(tables):
    rows = records(tables, "list-ma-contract-clusters")
    assert [r["line_start"] for r in rows] == [417, 418, 419, 420, 421, 422, 423] + [
        429,
        430,
        431,
        432,
    ]
    assert rows[0] == rows[0] | {
        "sector": "La mécanique et la mécatronique",
        "cluster": "Cluster Electronique, Mécatronique et Mécanique du Maroc (CE3M)",
        "place": "",
        "footnotes": "21",
    }
    assert rows[2]["cluster"] == (
        "Cluster MENARA (Marrakech Executivity Network for Advanced Research in Art's living)"
    )
    assert rows[2]["place"] == "Marrakech"
    assert (rows[6]["sector"], rows[6]["cluster"]) == (
        "Les technologies solaires",
        "Cluster Solaire",
    )
    assert rows[9]["cluster"] == "Agripole Innovation Meknès (AGRINOVA)"
    assert rows[10] == rows[10] | {
        "sector": "La sous-traitance aéronautique",
        "cluster": "Aerospace Moroccan Cluster",
        "raw_text": "- La sous-traitance aéronautique, l'Aerospace Moroccan Cluster.",
    }


def test_ma_mergers(tables):
    rows = records(tables, "list-ma-mergers")
    got = [(r["line_start"], r["absorbed"], r["absorbing"]) for r in rows]
    assert got == [
        (
            412,
            "Morocco Microelectronics Cluster (MMC)",
            "Cluster Electronique, Mécatronique et Mécanique du Maroc (CE3M)",
        ),
        (413, "Océanopole de Tan Tan", "Agadir Haliopôle"),
    ]
    assert {r["intro"] for r in rows} == {"Plusieurs de ces clusters ont fusionné :"}


def test_ma_expected(tables):
    rows = records(tables, "list-ma-expected")
    got = [(r["line_start"], r["sector"], r["speciality"], r["count_phrase"]) for r in rows]
    assert got == [
        (485, "tourisme", "", ""),
        (487, "automobile", "la plasturgie", "deux clusters"),
        (487, "automobile", "la production de batteries", "deux clusters"),
    ]
    assert rows[0]["raw_text"].startswith("C'est le cas du **secteur tourisme**")
    assert rows[0]["raw_text"].endswith("dans les prochaines années.")


def test_dz_constituted(tables):
    rows = records(tables, "list-dz-constituted")
    got = [(r["line_start"], r["cluster"], r["name"], r["counted_by"]) for r in rows]
    assert got == [
        (567, "Cluster de la Mécanique de Précision", "", "Ces quatre clusters"),
        (568, "Cluster du digital", "Algeria Digital Cluster", "Ces quatre clusters"),
        (569, "Cluster de l'Énergie Solaire", "", "Ces quatre clusters"),
        (
            570,
            "Cluster de l'industrie des boissons-logistiques de Bejaïa",
            "Cluster Boisson Algérie",
            "Ces quatre clusters",
        ),
        (582, "Cluster de l'huile d'olive de Bouira", "", ""),
    ]
    assert rows[4]["footnotes"] == "31,32"


def test_dz_emerging(tables):
    rows = records(tables, "list-dz-emerging")
    got = [(r["line_start"], r["cluster"], r["name"], r["place"]) for r in rows]
    assert got == [
        (621, "cluster de la pharmacie et des biotechnologies", "", "Constantine"),
        (622, "cluster de la mécanique", "", "Constantine"),
        (623, "cluster de la plasturgie", "", ""),
        (624, "cluster du lait", "", "Béjaïa"),
        (
            625,
            "cluster de la filière « tomate industrielle »",
            "",
            "les régions du Nord-Est (Guelma, Annaba et El Tarf)",
        ),
        (629, "cluster des dattes", "", "Biskra"),
        (630, "cluster du tourisme-hôtellerie", "Algeria Tourism Cluster", ""),
    ]
    assert rows[1]["footnotes"] == "33"


def test_dz_afd_projects(tables):
    rows = records(tables, "list-dz-afd-projects")
    got = [(r["line_start"], r["sector"], r["place"], r["period"]) for r in rows]
    assert got == [
        (627, "la mécanique", "Constantine", "entre 2016 et 2019"),
        (627, "l'automobile", "Oran", "entre 2016 et 2019"),
        (627, "la chimie", "Oran", "entre 2016 et 2019"),
    ]
    assert rows[0]["raw_text"].startswith("33 - L'Agence française de développement (AFD)")
    assert rows[0]["raw_text"].endswith("et la chimie à Oran.")


def test_tn_poles(tables):
    rows = records(tables, "list-tn-poles")
    assert [r["line_start"] for r in rows] == list(range(707, 717))
    assert rows[0] == rows[0] | {
        "pole": "Pôle de Compétitivité de Monastir/El Fejja (Manouba)",
        "place": "Monastir/El Fejja",
        "sector": "textile et habillement",
    }
    assert rows[3]["sector"] == (
        "énergies renouvelables, eau et environnement, et biotechnologie végétale"
    )
    assert (rows[6]["pole"], rows[6]["place"]) == ("Technopole de Sousse (Novation City)", "Sousse")
    assert (rows[8]["pole"], rows[8]["sector"]) == (
        "Pôle de Compétitivité de Gafsa",
        "multisectoriel",
    )
    assert rows[9]["sector"] == "énergies renouvelables, richesses naturelles du Sahara"


def test_tn_categories(tables):
    rows = records(tables, "list-tn-categories")
    assert [(r["line_start"], r["section"]) for r in rows] == [
        (689, "Les pôles de compétitivité, incubateurs de clusters"),
        (690, "Des clusters portés par une mobilisation et une stratégie locales"),
        (691, "Des clusters arrimés aux bailleurs de fonds institutionnels"),
    ]
    assert rows[1]["category"] == "Les clusters, émanations de l'engagement d'acteurs locaux"


def test_tn_category_members(tables, src):
    rows = records(tables, "list-tn-category-members")
    categories = [r["category"] for r in records(tables, "list-tn-categories")]
    assert [categories.index(r["category"]) for r in rows] == [0] * 5 + [1] * 3 + [2] * 2
    got = [(r["line_start"], r["cluster"], r["pole"], r["listed_as"]) for r in rows[:5]]
    assert got == [
        (726, "Cluster Mecatronic", "Technopole de Sousse (Novation City)", ""),
        (
            727,
            "Cluster Textile Technique du Sahel (2TS)",
            "Pôle de Compétitivité de Monastir/El Fejja (Manouba)",
            "",
        ),
        (731, "Cluster du Lait", "Pôle de Compétitivité de Bizerte", "exemple"),
        (
            731,
            "Cluster des Huîtres et Produits de la Mer",
            "Pôle de Compétitivité de Bizerte",
            "exemple",
        ),
        (
            732,
            "Cluster Primeurs du Sud",
            "Pôle Industriel et Technologique de Gabès (Pol.i.tech-Gabès)",
            "",
        ),
    ]
    # Every attachment resolves to a pole of the list of ten.
    poles = {r["pole"] for r in records(tables, "list-tn-poles")}
    assert {r["pole"] for r in rows if r["pole"]} <= poles
    assert rows[4]["attached_to"] == "Pôle Technologique et Industriel de Gabès"
    # The first section's intro (line 724) calls its clusters 'constitués': each carries it.
    assert "Les clusters constitués qui bénéficient" in src.line(724)
    assert [r["status"] for r in rows[:5]] == ["constitués"] * 5
    got = [(r["line_start"], r["cluster"], r["sector"], r["status"]) for r in rows[5:]]
    assert got == [
        (790, "Cluster MecaDev", "la mécanique", ""),
        (791, "Cluster HealthTech", "les technologies liées à la santé", ""),
        (792, "Cluster Logistique de Sfax", "", "émergent"),
        (800, "Cluster des Dattes et Palmiers", "", ""),
        (801, "Cluster de l'Huile d'Olive du Nord-Ouest", "", ""),
    ]


def test_tn_pcb_clusters_and_forming(tables):
    got = [
        (r["line_start"], r["cluster"], r["place"], r["status"])
        for r in records(tables, "list-tn-pcb-clusters")
    ]
    # the place is the one the name ends with ('de Béja'); 'de la Mer' names a product
    assert got == [
        (773, "Cluster du Lait Bovin de Bizerte", "Bizerte", ""),
        (774, "Cluster des Produits de la Mer", "", ""),
        (775, "Cluster du Lait Ovin de Béja", "Béja", "en projet"),
        (776, "Cluster de l'Artichaut", "", "en projet"),
    ]
    got = [
        (r["line_start"], r["cluster"], r["activity"]) for r in records(tables, "list-tn-forming")
    ]
    assert got == [
        (807, "Cluster ELENTICA", "cluster de l'électronique"),
        (808, "Cluster Pharma In", "cluster des industries pharmaceutiques"),
    ]


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Cluster du Lait Ovin de Béja", "Béja"),
        ("Cluster Produits de la Mer de Bizerte", "Bizerte"),  # the last 'de', not 'de la'
        ("Cluster des Dattes de Sidi Bouzid", "Sidi Bouzid"),  # a place of two words
        ("Cluster des Produits de la Mer", ""),  # an article: a product, not a place
        ("Cluster de l'Artichaut", ""),
        ("Cluster du Lait Ovin", ""),
        ("Cluster Textile Technique du Sahel (2TS)", ""),  # 'du': a region, not read
    ],
)
def test_name_place(name, place):
    assert ipemed_2019_lists.name_place(name) == place


def test_mr_projects(tables):
    project, technopoles = records(tables, "list-mr-projects")
    assert project == project | {
        "line_start": 884,
        "kind": "projet de cluster",
        "name": "cluster d'eco-seafood",
        "sector": "la transformation des ressources de la pêche",
        "place": "Nouadhibou",
        "count": "",
    }
    assert project["raw_text"].startswith("C'est dans le secteur le plus significatif")
    assert project["raw_text"].endswith(
        "il vise à développer un management des poissonneries "
        "respectueux de l'environnement et à apporter des "
        "ressources aux populations locales."
    )
    assert technopoles == technopoles | {
        "line_start": 888,
        "kind": "programme de technopoles pilotes",
        "name": "",
        "count": "5",
        "raw_text": "De même, un programme de 5 technopoles pilotes a été approuvé et devrait se "
        "mettre en place.",
    }


# --- broken copies: an item removed (the announced count no longer matches) -------------------


def test_removed_contract_cluster_contradicts_the_announced_eleven(variant):
    broken = variant(SOURCE, drop_line("- Les technologies solaires, le Cluster Solaire ;"))
    raises(
        broken,
        "list-ma-contract-clusters",
        f"{SOURCE}.txt:398:",
        "expected 11 clusters under contract, as announced on line 398",
        "found 10 (lines 417-431",
    )


def test_removed_tunisian_pole_contradicts_the_announced_ten(variant):
    broken = variant(SOURCE, drop_line("- Technopole de Sfax : TIC et multimédia ;"))
    raises(broken, "list-tn-poles", f"{SOURCE}.txt:703:", "expected 10 technopoles", "found 9")
    # The members table resolves attachments against the same list, so it fails the same way.
    raises(broken, "list-tn-category-members", f"{SOURCE}.txt:703:", "expected 10")


def test_removed_algerian_constituted_cluster_contradicts_ces_quatre(variant):
    broken = variant(SOURCE, drop_line("- Le Cluster de l'Énergie Solaire ;"))
    raises(
        broken,
        "list-dz-constituted",
        f"{SOURCE}.txt:571:",
        "expected 4 constituted clusters, as announced on line 571",
        "found 3",
    )


def test_removed_sfax_cluster_contradicts_ces_trois(variant):
    broken = variant(SOURCE, drop_line("- Le Cluster HealthTech pour"))
    raises(
        broken,
        "list-tn-category-members",
        f"{SOURCE}.txt:788:",
        "expected 3 clusters of 'Des clusters portés par une mobilisation",
        "found 2",
    )


def test_removed_category_contradicts_trois_categories(variant):
    broken = variant(SOURCE, drop_line("- Les clusters, émanations de l'engagement"))
    raises(broken, "list-tn-categories", f"{SOURCE}.txt:687:", "expected 3 categories", "found 2")


def test_removed_afd_project_contradicts_trois_projets(variant):
    broken = variant(SOURCE, replace(", l'automobile à Oran, et la chimie", ", et la chimie"))
    raises(
        broken,
        "list-dz-afd-projects",
        f"{SOURCE}.txt:627:",
        "expected 3 AFD-supported cluster projects",
        "found 2",
    )


def test_automobile_count_word_checked_against_the_specialities(variant):
    broken = variant(
        SOURCE, replace("accueillir deux clusters, l'un", "accueillir trois clusters, l'un")
    )
    raises(
        broken, "list-ma-expected", f"{SOURCE}.txt:487:", "expected 3 expected automobile clusters"
    )


def test_count_that_is_not_a_number(variant):
    broken = variant(SOURCE, replace("formé de 10 technopoles", "formé de plusieurs technopoles"))
    raises(
        broken,
        "list-tn-poles",
        f"{SOURCE}.txt:703:",
        "expected a count in digits or French words",
        "'plusieurs'",
    )


def test_count_in_words_is_read(variant):
    broken = variant(SOURCE, replace("formé de 10 technopoles", "formé de dix technopoles"))
    assert TABLES["list-tn-poles"](broken).announced == 10


# --- broken copies: the anchor heading or sentence changed ------------------------------------


@pytest.mark.parametrize(
    ("tid", "old", "new", "where", "expected"),
    [
        (
            "list-ma-contract-clusters",
            "Les clusters sous contrat de l'administration\n",
            "Les clusters conventionnés\n",
            328,
            'the heading "Les clusters sous contrat de l\'administration"',
        ),
        (
            "list-ma-contract-clusters",
            "Dans chaque secteur prioritaire, on trouve",
            "Pour chaque secteur prioritaire, on trouve",
            396,
            "the sentence introducing the clusters under contract by priority sector",
        ),
        (
            "list-ma-mergers",
            "Plusieurs de ces clusters ont fusionné :",
            "Plusieurs de ces clusters se sont rapprochés :",
            328,
            "the sentence 'Plusieurs de ces clusters ont fusionné :'",
        ),
        (
            "list-ma-expected",
            "\nDes clusters attendus\n",
            "\nDes clusters à venir\n",
            328,
            "the heading 'Des clusters attendus'",
        ),
        (
            "list-dz-emerging",
            "Plusieurs clusters en phase d'émergence\n",
            "Des clusters émergents\n",
            532,
            'the heading "Plusieurs clusters en phase d\'émergence"',
        ),
        (
            "list-dz-afd-projects",
            "trois projets de clusters dans :",
            "trois projets de clusters, à savoir",
            532,
            "the footnote on the cluster projects supported by the AFD",
        ),
        (
            "list-tn-categories",
            "conduit à distinguer trois catégories",
            "conduit à distinguer plusieurs familles",
            685,
            "the sentence 'conduit à distinguer N catégories de clusters :'",
        ),
        (
            "list-tn-pcb-clusters",
            "LE PÔLE DE COMPÉTITIVITÉ DE BIZERTE (PCB) ET SES CLUSTERS",
            "LE PCB ET SES CLUSTERS",
            677,
            "the heading",
        ),
        (
            "list-mr-projects",
            "\nUn projet de cluster\n",
            "\nUn cluster en projet\n",
            870,
            "the heading 'Un projet de cluster'",
        ),
        (
            "list-mr-projects",
            "LES CLUSTERS EN MAURITANIE ET LIBYE\n",
            "MAURITANIE ET LIBYE\n",
            1,
            "the chapter heading",
        ),
    ],
)
def test_changed_anchor_is_named(variant, tid, old, new, where, expected):
    broken = variant(SOURCE, replace(old, new))
    raises(broken, tid, f"{SOURCE}.txt:{where}:", f"expected {expected}")


def test_intro_without_bullets(variant):
    broken = variant(
        SOURCE,
        replace(
            "Plusieurs de ces clusters ont fusionné :\n\n- Le Morocco",
            "Plusieurs de ces clusters ont fusionné :\n\nLe Morocco",
        ),
    )
    raises(
        broken,
        "list-ma-mergers",
        f"{SOURCE}.txt:412:",
        "expected '- ' items after the merged clusters (line 410)",
        "'Le Morocco Microelectronics",
    )


# --- broken copies: an item that cannot be parsed ---------------------------------------------


@pytest.mark.parametrize(
    ("tid", "old", "new", "line", "expected"),
    [
        (
            "list-ma-contract-clusters",
            "- Le digital, le Maroc Numeric Cluster (MNC) ;",
            "- Le digital : le Maroc Numeric Cluster (MNC) ;",
            418,
            "an item like '<priority sector>, le <cluster>'",
        ),
        (
            "list-ma-mergers",
            "- L'Océanopole de Tan Tan avec Agadir Haliopôle.",
            "- L'Océanopole de Tan Tan et Agadir Haliopôle.",
            413,
            "an item like '<cluster> avec <cluster>'",
        ),
        (
            "list-dz-constituted",
            "- Le Cluster de la Mécanique de Précision ;",
            "- La Mécanique de Précision ;",
            567,
            "an item like 'Le Cluster ... [, Proper Name]'",
        ),
        (
            "list-dz-emerging",
            "- Un cluster de la plasturgie,",
            "- La plasturgie,",
            623,
            "an item like 'Un cluster de ...'",
        ),
        (
            "list-tn-poles",
            "- Pôle de Compétitivité de Bizerte : industries agro-alimentaires ;",
            "- Pôle de Compétitivité de Bizerte (industries agro-alimentaires) ;",
            711,
            "an item like '<pole> : <sector>'",
        ),
        (
            "list-tn-category-members",
            "- Le Cluster des Dattes et Palmiers ;",
            "- Dattes et Palmiers ;",
            800,
            "an item like 'Le Cluster X[, rattaché au <pôle>][ pour <secteur>]'",
        ),
        (
            "list-tn-category-members",
            "rattaché au Pôle de Compétitivité de Sousse (Novation City)",
            "rattaché au Pôle de Compétitivité de Kairouan",
            726,
            "one of the ten poles in 'Kairouan'",
        ),
        (
            "list-tn-forming",
            "- Le Cluster Pharma In, cluster des industries pharmaceutiques.",
            "- Le Cluster Pharma In.",
            808,
            "an item like 'Le Cluster X, cluster de Y'",
        ),
        (
            "list-tn-categories",
            "- Les clusters appuyés par les agences et bailleurs de fonds institutionnels.",
            "- Les clusters appuyés par les agences internationales.",
            691,
            "a category about /bailleurs de fonds/",
        ),
    ],
)
def test_unparseable_item_is_named(variant, tid, old, new, line, expected):
    broken = variant(SOURCE, replace(old, new))
    raises(broken, tid, f"{SOURCE}.txt:{line}:", f"expected {expected}")


def test_second_multisectoriel_pole_contradicts_the_intro(variant):
    broken = variant(
        SOURCE,
        replace("Technopole de Sfax : TIC et multimédia", "Technopole de Sfax : multisectoriel"),
    )
    raises(
        broken,
        "list-tn-poles",
        f"{SOURCE}.txt:705:",
        "exactly one 'multisectoriel' pole",
        "found 2",
    )


# --- the reusable helpers ---------------------------------------------------------------------


def test_parse_count():
    assert [parse_count(w) for w in ("11", "Dix", "quatre", "une", "plusieurs")] == [
        11,
        10,
        4,
        1,
        None,
    ]


def test_enumeration_and_split_top():
    assert enumeration("A, B et C") == ["A", "B", "C"]
    assert enumeration("la mécanique à Constantine, l'automobile à Oran, et la chimie à Oran") == [
        "la mécanique à Constantine",
        "l'automobile à Oran",
        "la chimie à Oran",
    ]
    assert enumeration("le Cluster du Lait ou le Cluster des Huîtres et Produits", "ou") == [
        "le Cluster du Lait",
        "le Cluster des Huîtres et Produits",
    ]
    assert split_top("a (b, c), « d, e », f", r",\s+") == ["a (b, c)", "« d, e »", "f"]


def test_clean_strip_article_first_sentence():
    assert clean("le Cluster (CE3M)²¹ ; **tourisme** d'*eco-seafood*") == (
        "le Cluster (CE3M) ; tourisme d'eco-seafood",
        "21",
    )
    assert [strip_article(x) for x in ("le A", "La B", "l'C", "Les D", "Un e", "Lait")] == [
        "A",
        "B",
        "C",
        "D",
        "e",
        "Lait",
    ]
    assert first_sentence("Le Cluster de Bouira. Ce cluster (créé en 2004. X) a. Y") == (
        "Le Cluster de Bouira",
        "Ce cluster (créé en 2004. X) a. Y",
    )


def test_bullet_items_skip_footnotes_between_items_only(tmp_path):
    path = tmp_path / "t.txt"
    lines = [
        "Intro :",
        "",
        "- A ;",
        "",
        "12 - note",
        "",
        "- B²³.",
        "",
        "13 - note",
        "Prose.",
        "- C",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = bullet_items(RawSource.read(path), 1, what="the test list")
    assert [(i.line, i.text, i.footnotes) for i in items] == [(3, "A", ""), (7, "B", "23")]
    # A footnote right after the intro is not skipped: no list follows.
    path.write_text("Intro :\n12 - note\n- A", encoding="utf-8")
    with pytest.raises(SourceLayoutError, match=r"t.txt:2: expected '- ' items after"):
        bullet_items(RawSource.read(path), 1, what="the test list")


def test_contract_indicators_are_the_four_the_text_announces(read_source):
    result = TABLES["list-ma-contract-indicators"](read_source("ipemed-2019"))
    assert result.announced == 4
    assert result.table["indicator"].tolist() == [
        "l'évolution du nombre d'entreprises au sein du cluster",
        "le nombre de projets de R&D collaboratifs",
        "le nombre de startups créées",
        "le taux d'autofinancement du cluster",
    ]
    assert set(result.table["initially"]) == {"13"}
    assert set(result.table["line_start"]) == {382}


def test_contract_indicators_fail_when_one_is_missing(variant):
    src = variant(
        "ipemed-2019",
        lambda lines: [
            t.replace(" ; le nombre de startups créées", "") if t.startswith("- Si les obj") else t
            for t in lines
        ],
    )
    with pytest.raises(SourceLayoutError, match=r"ipemed-2019\.txt:382: expected 4 contract"):
        TABLES["list-ma-contract-indicators"](src)
