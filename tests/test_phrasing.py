"""The chapters' clauses take their shape from the data: largest counts first, zeros gathered
at the end, singular and plural agreeing with each count, ties named together."""

from clusters_maghreb.report import phrasing


def moves(**counts):
    kinds = ("born", "first_listed", "merged", "advanced")
    return {f"{k}_2014_2019": counts.get(k, 0) for k in kinds}


def test_two_countries_with_other_counts_read_differently():
    tunisia = moves(born=8, first_listed=7)
    algeria = moves(born=4, first_listed=7)
    assert phrasing.moves(tunisia, "2014_2019", "fr") == (
        "8 créations et 7 premières mentions de clusters plus anciens ou d'âge inconnu"
        " ; aucune fusion, aucune progression dans la grille"
    )
    assert phrasing.moves(algeria, "2014_2019", "en") == (
        "7 clusters listed for the first time although older or of unknown age and 4 clusters"
        " founded; none merged into another cluster, none moved up the grid"
    )


def test_each_count_agrees_with_its_noun():
    text = phrasing.moves(moves(born=1, first_listed=1, merged=2, advanced=1), "2014_2019", "fr")
    assert text == (
        "2 fusions dans un autre cluster, 1 création, 1 première mention d'un cluster plus ancien"
        " ou d'âge inconnu et 1 progression dans la grille"
    )
    assert phrasing.moves(moves(), "2014_2019", "en").startswith("none founded, none listed")


def test_statuses_and_a_tie_for_first_place():
    carte = {"n_constituted": 11, "n_emergent": 3, "n_expected": 0}
    assert phrasing.carte_statuses(carte, "fr") == "11 constitués et 3 émergents (aucun attendu)"
    assert phrasing.placement(16, 13, ["Alger", "Constantine"], 3, "fr") == (
        "Alger et Constantine viennent en tête ex æquo : 3 des 13 clusters localisés chacune"
        " ; 3 clusters n'ont pas de lieu connu"
    )
    assert phrasing.placement(16, 16, ["Sfax"], 3, "en") == (
        "Sfax leads: 3 of the 16 placed clusters"
    )


def test_a_census_year_by_status_names_only_what_it_holds():
    facts = {"n_2019_constituted": 7, "n_2019_emergent": 5, "n_2019_expected": 2}
    facts |= {"n_2019_unknown": 2, "n_2019_merged": 0}
    assert phrasing.census_statuses(facts, 2019, "fr") == (
        "7 constitués, 5 émergents, 2 attendus et 2 de statut inconnu (aucune fusion)"
    )
