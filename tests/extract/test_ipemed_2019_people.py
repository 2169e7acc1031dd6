"""Annex 1 of ipemed-2019: the people the study met, one row per person, as written."""

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.ipemed_2019_people import extract_people


@pytest.fixture(scope="module")
def people(read_source):
    return extract_people(read_source("ipemed-2019")).table


def test_every_person_of_the_annex_is_a_row_with_its_line(people, read_source):
    src = read_source("ipemed-2019")
    assert len(people) == 43
    assert list(people["line_start"]) == list(range(1025, 1068))
    for row in people.itertuples():
        assert row.raw_text == src.line(row.line_start)
        assert row.name in row.raw_text and row.affiliation in row.raw_text


@pytest.mark.parametrize(
    ("line", "title", "name", "affiliation", "country"),
    [
        (1031, "Mme.", "Leïla Dougguï BEN SALEM", "Pôle de Compétitivité de Bizerte", "TN"),
        # no comma after the name: the capitals end it
        (1059, "M.", "Olivier PRADET", "Directeur, Business France Tunisie", "TN"),
        (1050, "M.", "KEKERKEB", "Président, Bureau Wilaya de Blida", "DZ"),
        (1060, "M.", "Xavier ROY", "Directeur Général, France Clusters", "FR"),
        (1067, "M.", "Ramzi ZAMMALI", "Directeur, Mfcpole", "TN"),  # the last ends with '.'
    ],
)
def test_a_person_is_split_as_the_study_writes_it(people, line, title, name, affiliation, country):
    row = people[people["line_start"] == line].iloc[0]
    assert (row.title, row["name"], row.affiliation, row.country_code) == (
        title,
        name,
        affiliation,
        country,
    )


def test_an_unknown_country_stops_with_the_line(variant):
    def edit(lines):
        lines[1029] = lines[1029].replace("Maroc ;", "Espagne ;")
        return lines

    with pytest.raises(SourceLayoutError, match=r"ipemed-2019.txt:1030: expected a country"):
        extract_people(variant("ipemed-2019", edit))


def test_an_item_of_another_shape_stops_with_the_line(variant):
    def edit(lines):
        lines[1040] = "Voir aussi la liste en ligne"
        return lines

    with pytest.raises(SourceLayoutError, match=r"ipemed-2019.txt:1041: expected '<title>"):
        extract_people(variant("ipemed-2019", edit))
