"""The Annex 2 identity cards of ipemed-2019: the announced list, the cards, their fields."""

import re

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.ipemed_2019_cards import TABLES, same_cluster


@pytest.fixture(scope="module")
def src(read_source):
    return read_source("ipemed-2019")


@pytest.fixture(scope="module")
def extracted(src):
    return {table_id: fn(src) for table_id, fn in TABLES.items()}


@pytest.fixture(scope="module")
def cards(extracted):
    return extracted["cards"].table


def card(cards, acronym_or_title):
    match = cards[
        (cards["acronym"] == acronym_or_title) | (cards["card_title"] == acronym_or_title)
    ]
    assert len(match) == 1, acronym_or_title
    return match.iloc[0].to_dict()


def test_row_counts_and_announced(extracted):
    assert {t: len(e.table) for t, e in extracted.items()} == {
        "annex-list": 28,
        "cards": 28,
        "card-fields": 350,
        "card-cooperations": 103,
    }
    assert extracted["cards"].announced == 28
    assert extracted["annex-list"].announced == 28


def test_cards_per_country(cards):
    assert cards["country"].value_counts().to_dict() == {"MA": 11, "DZ": 5, "TN": 12}


def test_cards_follow_the_announced_list(extracted):
    listed = extracted["annex-list"].table
    assert list(listed["card_title"]) == list(extracted["cards"].table["card_title"])
    row = listed[listed["line_start"] == 1099].iloc[0]
    assert row["name"] == "Custer Mecatronic Tunisie (CMT)"
    assert row["card_title"] == "CLUSTER MECATRONIC DE TUNISIE (CMT)"
    assert row["card_line"] == "1329"
    assert listed["line_start"].min() == 1077 and listed["line_start"].max() == 1110


def test_line_spans_and_raw_text(src, extracted):
    for table_id, e in extracted.items():
        df = e.table
        assert (df["line_start"] <= df["line_end"]).all(), table_id
        for start, end, raw in zip(df["line_start"], df["line_end"], df["raw_text"], strict=True):
            assert raw == "\n".join(src.lines[start - 1 : end]), (table_id, start)
    cards = extracted["cards"].table
    assert list(cards["line_start"][:3]) == [1116, 1129, 1141]
    assert list(cards["line_end"][:3]) == [1127, 1139, 1153]
    assert (cards["line_start"].iloc[-1], cards["line_end"].iloc[-1]) == (1468, 1480)
    # spans do not overlap and stay inside the annex
    assert (cards["line_start"].iloc[1:].to_numpy() > cards["line_end"].iloc[:-1].to_numpy()).all()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "CE3M",
            {
                "country": "MA",
                "line_start": 1116,
                "name": "CLUSTER ELECTRONIQUE MÉCATRONIQUE ET MÉCANIQUE DU MAROC",
                "list_name": "Cluster Electronique Mécatronique et Mécanique du Maroc (CE₃M)",
                "website": "www.ce3m.ma",
                "creation_date": "décembre 2010",
                "president": "Said BENAHAJJOU, DIRECTEUR GÉNÉRAL, AVIARAIL",
                "director_role": "DIRECTEUR GÉNÉRAL",
                "director": "Noureddine BOUYAAKOUB",
                "location": "Mohammedia (Maroc).",
                "members_total": "85",
                "members_jobs": "environ 11 000",
                "coop_extra": "",
            },
        ),
        (
            "MNC",
            {
                "country": "MA",
                "website": "www.mnc.ma",
                "creation_date": "2010",
                "president": "Mehdi KETTANI",
                "director_role": "DIRECTRICE",
                "director": "Ilhem KERDOUDI",
                "other_roles": "VICE-PRÉSIDENT : Mohamed LAKHLIFI",
                "niche": "Innovation digitale.",
                "members_total": "24",
                "members_startups": "20",
                "members_large_firms": "10",
                "members_research_training": "12",
                "members_smes": "",
            },
        ),
        (
            "CISE",
            {
                "website": "www.cisemaroc.org",
                "creation_date": "2014",
                "contract_date": "2016",
                "members_total": "",
                "members_smes": "6",
                "members_large_firms": "6",
                "members_startups": "5",
                "members_research_training": "7",
                "coop_extra": "Islande, Etats-Unis.",
            },
        ),
        (
            "AHP",
            {
                "creation_date": "2011",
                "labelling_date": "2013",
                "other_roles": "CHARGÉE DE MISSION : Touria BENRABAH",
                "members_total": "60",
                "members_smes": "35",
                "members_large_firms": "5",
                "members_research_training": "3",
                "members_associations": "3",
                "members_public_bodies": "14",
            },
        ),
        (
            "EMC",
            {
                "creation_date": "octobre 2014",
                "animator_role": "ANIMATRICE",
                "animator": "Nadia DADA",
                "members_smes": "26",
                "members_startups": "3",
                "members_large_firms": "4",
                "members_research_training": "4",
            },
        ),
        (
            "AEROSPACE MOROCCAN CLUSTER",
            {
                "acronym": "",
                "website": "",
                "creation_date": "2019",
                "president": "",
                "animator": "GIMAS (provisoirement)",
                "niche": "",
                "member_counts": "",
            },
        ),
        (
            "ADC",
            {
                "country": "DZ",
                "website": "",
                "creation_date": "2015",
                "president": "Ahmed Mehdi OMAROUAYACHE, Président, CONNEXT",
                "animator": "Lamine BELBACHIR",
                "other_roles": "PRÉSIDENT PAR INTÉRIM : Lamine BELBACHIR",
                "location": "Cyber Park, Sidi Abdellah (Algérie).",
                "members_total": "32",
                "members_firms": "25",
                "coop_euromed": "Participation à Viva Technology (Paris).",
            },
        ),
        (
            "CBA",
            {
                "country": "DZ",
                "name": "CLUSTER BOISSON ALGERIE",
                "website": "www.clusterboisson.com",
                "creation_date": "2015",
                "president": "Mourad BOUATTOU",
                "members_firms": "Une trentaine",
            },
        ),
        (
            "CLUSTER HUILE D'OLIVE DE BOUIRA",
            {
                "country": "DZ",
                "acronym": "",
                "creation_date": "2004",
                "niche": "Filière oléicole.",
                "members_total": "14",
                "member_counts": "14 membres",
            },
        ),
        (
            "CMT",
            {
                "country": "TN",
                "line_start": 1329,
                "line_end": 1341,
                "list_name": "Custer Mecatronic Tunisie (CMT)",
                "website": "www.mecatronic.tn",
                "creation_date": "mars 2012",
                "creation_note": (
                    "(à partir du Pôle de Compétitivité de Sousse) avec un soutien de l'AFD"
                ),
                "president": "Ahmed KEFI",
                "director": "Anas ROCHDI",
                "members_firms": "84",
                "members_research_training": "3 ; 1 ; 2",
                "members_other": "2 ; 1 ; 5",
                "members_jobs": "11 700",
                "coop_national": "",
            },
        ),
        (
            "CLUSTER ELENTICA",
            {
                "list_name": "Cluster ELANTICA",
                "creation_date": "2017",
                "members_firms": "39",
                "members_jobs": "11.000",
                "coop_extra": "Afrique : Forum Économique Africain.",
            },
        ),
        (
            "CLUSTER LOGISTIQUE DE SFAX",
            {
                "creation_date": "",
                "president": (
                    "Chambre de Commerce de Sfax (en attente de constitution d'une association)"
                ),
                "animator": "Nathalie BEN AYED",
                "member_counts": "",
            },
        ),
        (
            "CLUSTER PRODUITS DE LA MER DE BIZERTE",
            {
                "country": "TN",
                "creation_date": "2018",
                "president": "Sabri BOUKOUM",
                "animator": "Pôle de Compétitivité de Bizerte",
                "members_total": "11",
                "members_firms": "6",
                "location": "Région de Bizerte (Tunisie).",
            },
        ),
    ],
)
def test_card_values(cards, key, expected):
    row = card(cards, key)
    assert {k: row[k] for k in expected} == expected


def test_card_fields_keep_every_field_with_its_line(extracted):
    fields = extracted["card-fields"].table

    def at(line, label):
        match = fields[(fields["line_start"] == line) & (fields["label"] == label)]
        assert len(match) == 1, (line, label)
        return match.iloc[0]["value"]

    assert at(1117, "") == "www.ce3m.ma"  # the website has no label in the card
    assert at(1117, "Date de création") == "décembre 2010"
    assert at(1121, "Localisation") == "Mohammedia (Maroc)."
    assert at(1143, "VICE-PRÉSIDENT") == "Mohamed LAKHLIFI"
    assert at(1182, "Date de création") == "2014, sous contrat en 2016"
    assert at(1374, "national") == "Association Tunisia Technoparks."
    # a list's items as text, the transcription's markup left in raw_text (the line)
    assert at(1120, "Thématiques d'excellence").startswith(
        "Montages électroniques, tôlerie fine, automatismes. Fonderie sous pression"
    )
    line = fields[fields["line_start"] == 1120]["raw_text"].iloc[0]
    assert '<ul style="list-style-type: none">' in line
    per_card = fields.groupby("card_title").size()
    assert len(per_card) == 28 and per_card.min() >= 10
    # 2TS is the one card without an Extra-régional line
    extra = fields[fields["label"] == "Extra-régional"]["card_title"]
    assert len(extra) == 27
    assert "CLUSTER TEXTILES TECHNIQUES DU SAHEL (2TS)" not in set(extra)


def test_cooperation_partners(extracted):
    coop = extracted["card-cooperations"].table

    def partners(title, level):
        rows = coop[(coop["card_title"] == title) & (coop["level"] == level)]
        return list(rows["partner"]), set(rows["line_start"])

    assert partners("MAROC NUMERIC CLUSTER (MNC)", "euro-mediterranean")[0][:4] == [
        "Cap Digital (France)",
        "Systematic (France)",
        "Image & Réseaux (France)",
        "France Clusters (France)",
    ]
    assert partners("MAROC NUMERIC CLUSTER (MNC)", "euro-mediterranean")[1] == {1152}
    national = coop[coop["card_title"].str.endswith("(CISE)") & (coop["level"] == "national")]
    assert list(national["partner"]) == [
        "CE3M (pour des solutions d'économie circulaire)",
        "C2TM",
        "EMC",
    ]
    assert set(national["context"]) == {"Coopération étroite avec plusieurs clusters marocains"}
    assert partners("CLUSTER SOLAIRE", "euro-mediterranean") == (
        ["Capenergies (France)", "Energia (Espagne)", "Solar Valley"],
        {1205},
    )
    assert partners("CLUSTER ENERGIE SOLAIRE (CES)", "national") == (["Interclustering"], {1299})
    logistique = partners("CLUSTER LOGISTIQUE DE SFAX", "extra-regional")
    assert logistique[0][:5] == ["Gabon", "Mali", "Cameroun", "Niger", "Togo"]
    assert logistique[1] == {1402}
    sfax = coop[(coop["card_title"] == "CLUSTER SFAX HEALTHTECH") & (coop["partner"] == "Mediplus")]
    assert sfax.iloc[0]["context"] == "Projets de coopérations fortes avec : Grenoble"
    # empty levels give no row: CMT has no national partner
    assert partners("CLUSTER MECATRONIC DE TUNISIE (CMT)", "national")[0] == []


def test_same_cluster_is_loose_but_not_blind():
    assert same_cluster("Custer Mecatronic Tunisie (CMT)", "CLUSTER MECATRONIC DE TUNISIE (CMT)")
    assert same_cluster("Cluster ELANTICA", "CLUSTER ELENTICA")
    assert same_cluster("Cluster Sfax Health Tech", "CLUSTER SFAX HEALTHTECH")
    assert not same_cluster("Aerospace Moroccan Cluster", "MAROC NUMERIC CLUSTER (MNC)")
    assert not same_cluster("Cluster Solaire", "CLUSTER EFFICACITÉ ÉNERGÉTIQUE DES MATÉRIAUX")
    assert not same_cluster("Cluster Lait Bovin", "CLUSTER PRODUITS DE LA MER DE BIZERTE")


# --- failures on hand-made broken copies -------------------------------------------------


def index_of(lines, prefix):
    """0-based index of the one line starting with ``prefix`` after the annex list."""
    found = [i for i, ln in enumerate(lines) if ln.startswith(prefix) and i > 1110]
    assert len(found) == 1, prefix
    return found[0]


def blank(lines, first_prefix, next_prefix=None):
    """Blank a line, or the lines up to ``next_prefix``, so that line numbers do not move."""
    a = index_of(lines, first_prefix)
    b = index_of(lines, next_prefix) - 1 if next_prefix else a
    return [("" if a <= i <= b else ln) for i, ln in enumerate(lines)]


def fails(src, table_id, line, expected):
    with pytest.raises(SourceLayoutError) as err:
        TABLES[table_id](src)
    message = str(err.value)
    assert re.match(rf".*ipemed-2019\.txt:{line}: expected ", message), message
    assert expected in message, message
    return message


@pytest.mark.parametrize("table_id", list(TABLES))
def test_a_card_without_its_title_fails_in_every_table(variant, table_id):
    src = variant("ipemed-2019", lambda lines: blank(lines, "AEROSPACE MOROCCAN CLUSTER"))
    # its header now follows the fields of the card before it
    message = fails(src, table_id, 1130, "a 'label<TAB>value' field line (header lines come")
    assert "Date de création : 2019" in message


def test_the_first_card_of_a_country_without_its_title_fails(variant):
    src = variant("ipemed-2019", lambda lines: blank(lines, "CLUSTER DE LA MÉCANIQUE DE PR"))
    fails(src, "cards", 1266, "a card title in capitals under 'ALGÉRIE'")


def test_a_removed_card_no_longer_matches_the_list(variant):
    src = variant(
        "ipemed-2019",
        lambda lines: blank(lines, "ALGERIA DIGITAL CLUSTER (ADC)", "CLUSTER ENERGIE SOLAIRE"),
    )
    fails(src, "cards", 1291, "the card of 'Algeria Digital Cluster (ADC)' (listed at line 1092)")


def test_a_removed_last_card_fails_at_its_list_line(variant):
    def drop_last(lines):
        start = index_of(lines, "CLUSTER PRODUITS DE LA MER DE BIZERTE")
        footer = index_of(lines, "- INSTITUT DE PROSPECTIVE")
        return lines[:start] + lines[footer:]

    src = variant("ipemed-2019", drop_last)
    fails(src, "annex-list", 1110, "a card for 'Cluster Produits de la Mer de Bizerte' under")


def test_an_extra_card_fails(variant):
    def duplicate_last(lines):
        start = index_of(lines, "CLUSTER PRODUITS DE LA MER DE BIZERTE")
        footer = index_of(lines, "- INSTITUT DE PROSPECTIVE")
        return lines[:footer] + lines[start:footer] + lines[footer:]

    src = variant("ipemed-2019", duplicate_last)
    fails(src, "cards", 1484, "only the 12 cards the annex lists under TUNISIE")


def test_a_field_line_without_its_tab_fails(variant):
    def untab(lines):
        i = index_of(lines, "Localisation\tMohammedia")
        lines[i] = lines[i].replace("\t", " ")
        return lines

    src = variant("ipemed-2019", untab)
    message = fails(src, "card-fields", 1121, "a 'label<TAB>value' field line or a header line")
    assert "Localisation Mohammedia (Maroc)." in message


def test_an_unknown_field_label_fails(variant):
    def relabel(lines):
        i = index_of(lines, "Localisation\tMohammedia")
        lines[i] = lines[i].replace("Localisation", "Lieu")
        return lines

    fails(variant("ipemed-2019", relabel), "card-fields", 1121, "a known field label")


def test_a_missing_field_fails_at_the_card_title(variant):
    src = variant("ipemed-2019", lambda lines: blank(lines, "Localisation\tMohammedia"))
    fails(src, "cards", 1116, "a field /Localisation/ in 'CLUSTER ELECTRONIQUE")


def test_unknown_markup_in_a_value_fails(variant):
    def add_tag(lines):
        i = index_of(lines, 'Membres\t<ul style="list-style-type: none"> • 6 PME')
        lines[i] = lines[i].replace("<ul ", "<ol ")
        return lines

    fails(variant("ipemed-2019", add_tag), "cards", 1188, "only <p>, <i> and <ul> list markup")


def test_a_figure_that_counts_nothing_known_fails(variant):
    def unlabel(lines):
        i = index_of(lines, 'Membres\t<ul style="list-style-type: none"> • 6 PME')
        lines[i] = lines[i].replace("• 5 startups ;", "• 5 ;")
        return lines

    fails(variant("ipemed-2019", unlabel), "cards", 1188, "each figure of Membres to count")


def test_a_creation_date_without_a_year_fails(variant):
    def undate(lines):
        i = index_of(lines, "www.mnc.ma Date de création : 2010")
        lines[i] = lines[i].replace(": 2010", ": bientôt")
        return lines

    fails(variant("ipemed-2019", undate), "cards", 1142, "a creation date '[month] yyyy'")


def test_the_list_ends_at_the_cards_without_its_footnote(variant):
    src = variant("ipemed-2019", lambda lines: blank(lines, "54 - Les informations"))
    assert len(TABLES["cards"](src).table) == 28
