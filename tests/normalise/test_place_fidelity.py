"""Places as the sources mean them (issue 13, families 3, 4 and 8), on the real sources (the
pipeline built once per session): a provisional location never beats a firm one; a region is
a region, not a city, and agrees with a city inside it; a city keeps its source's spelling, and
its display names come from places.csv."""

import pandas as pd
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.compare import geography as geo
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise import sectors, snapshot_2014
from clusters_maghreb.normalise.places import consistent, load_places
from clusters_maghreb.normalise.snapshots import build_snapshots, load_precedence
from clusters_maghreb.normalise.text import name_key

REFERENCE = PROJECT_ROOT / "data" / "reference"


@pytest.fixture(scope="module")
def obs(processed):
    return read_csv(processed / "observations.csv")


@pytest.fixture(scope="module")
def snaps(processed):
    return read_csv(processed / "snapshots.csv").set_index(["cluster_id", "reference_year"])


@pytest.fixture(scope="module")
def disc(processed):
    return read_csv(processed / "discrepancies.csv")


@pytest.fixture(scope="module")
def rebuild(obs, pipeline_dirs):
    """build_snapshots on the real observations, with a precedence table or observations of
    one's own: ``rebuild(precedence=..., obs=...) -> (snapshots, discrepancies)``."""
    registry = read_csv(REFERENCE / "cluster_registry.csv")
    labels = sectors.sector_labels(pipeline_dirs["extracted"] / "ipemed-2019" / "carte-legend.csv")
    confidence = snapshot_2014.confidence_by_cluster(
        snapshot_2014.load(REFERENCE / "snapshot_2014.csv")
    )

    def run(precedence=None, observations=None):
        precedence = (
            load_precedence(REFERENCE / "field_precedence.csv")
            if precedence is None
            else precedence
        )
        observations = obs if observations is None else observations
        snaps, disc = build_snapshots(observations, precedence, registry, labels, confidence)
        snaps = snaps.assign(reference_year=snaps["reference_year"].astype(str))
        return snaps.set_index(["cluster_id", "reference_year"]), disc

    return run


def place_obs(obs, cluster_id, table_id, line):
    rows = obs[
        (obs["cluster_id"] == cluster_id)
        & (obs["table_id"] == table_id)
        & (obs["line_start"] == str(line))
        & obs["field"].isin(["place_level", "city", "region", "geonames_id", "lat"])
    ]
    return {r.field: (r.value, r.qualifier, r.raw_value) for r in rows.itertuples()}


# Family 3: provisional places ----------------------------------------------------------------


@pytest.mark.parametrize(
    "cluster_id, line, card_line", [("ma-cise", 516, 1187), ("ma-cluster-solaire", 517, 1200)]
)
def test_a_provisional_carte_location_loses_to_the_card(
    read_source, obs, snaps, disc, cluster_id, line, card_line
):
    src = read_source("ipemed-2019")
    assert src.line(line).endswith("Rabat*")
    assert src.line(530) == "* Localisation provisoire"
    assert src.line(card_line) == "Localisation\tCasablanca (Maroc)."
    # the flag is data: the carte's place is observed, qualified, with its raw text
    carte = place_obs(obs, cluster_id, "carte-ma", line)
    assert carte["city"] == ("Rabat", "provisional", "Rabat*")
    assert carte["place_level"][1] == "provisional"
    # the card's firm place is kept; the provisional one stays as a discrepancy, marked
    snap = snaps.loc[(cluster_id, "2019")]
    assert (snap["city"], snap["geonames_id"], snap["place_provisional"]) == (
        "Casablanca",
        "2553604",
        "false",
    )
    pairs = disc[(disc["cluster_id"] == cluster_id) & (disc["field"] == "place")]
    assert pairs[["value_a", "table_a", "value_b", "table_b"]].values.tolist() == [
        ["Casablanca", "cards", "Rabat (provisional)", "carte-ma"]
    ]


def test_no_kept_place_is_provisional_where_a_firm_one_is_stated(obs, snaps):
    levels = obs[obs["field"] == "place_level"]
    firm = levels[levels["qualifier"] != "provisional"]
    firm = set(firm[["cluster_id", "reference_year"]].itertuples(index=False, name=None))
    provisional = snaps[snaps["place_provisional"] == "true"].index
    assert not [k for k in provisional if k in firm]
    assert (levels["qualifier"] == "provisional").sum() == 2  # Rabat* twice, nothing else


def test_the_rule_is_the_precedence_tables_row(rebuild):
    """Without the row of field_precedence.csv that states it, the Carte's Rabat* wins."""
    precedence = load_precedence(REFERENCE / "field_precedence.csv")
    row = precedence[precedence["qualifier"] == "provisional"]
    assert len(row) == 1 and "ipemed-2019:530" in row.iloc[0]["rationale"]
    without, _ = rebuild(precedence=precedence[precedence["qualifier"] != "provisional"])
    assert without.loc[("ma-cise", "2019"), "city"] == "Rabat"
    assert without.loc[("ma-cise", "2019"), "place_provisional"] == "true"


# Family 4: a region is not a city ------------------------------------------------------------

REGION_CARDS = [
    # cluster, card line, region as written, the Carte's city (line)
    ("dz-huile-olive-bouira", 1319, "Kabylie", "Bouira", 669),
    ("tn-2ts", 1359, "Région du Sahel", "Monastir", 854),
    ("tn-huile-olive-nord-ouest", 1434, "Gouvernorats du Nord-Ouest", "Kef", 860),
    (
        "tn-primeurs-du-sud",
        1421,
        "Gabès El Hamma et les gouvernorats de Kebili, Tozeur et Ta-taouine",
        "Gabes",
        859,
    ),
]


@pytest.mark.parametrize("cluster_id, line, region, city, carte_line", REGION_CARDS)
def test_a_card_naming_a_region_gives_a_region_that_agrees_with_the_cartes_city(
    read_source, obs, snaps, disc, cluster_id, line, region, city, carte_line
):
    src = read_source("ipemed-2019")
    assert src.line(line).startswith("Localisation\t") and region in src.line(line)
    assert src.line(carte_line).rstrip("\t").endswith(city)
    start = _card_start(obs, cluster_id)
    assert start < line  # the card's first line, before its Localisation line
    card = place_obs(obs, cluster_id, "cards", start)
    assert card["place_level"][0] == "region"
    assert card["region"][0] == region
    assert (
        "city" not in card and "geonames_id" not in card and "lat" not in card
    )  # no city invented
    assert snaps.loc[(cluster_id, "2019"), ["place_level", "city"]].tolist() == ["city", city]
    assert disc[(disc["cluster_id"] == cluster_id) & (disc["field"] == "place")].empty


def _card_start(obs, cluster_id):
    starts = obs.loc[(obs["cluster_id"] == cluster_id) & (obs["table_id"] == "cards"), "line_start"]
    assert starts.nunique() == 1
    return int(starts.iloc[0])


def test_no_region_statement_carries_a_city(obs):
    key = ["cluster_id", "source_id", "table_id", "line_start", "raw_value"]
    levels = obs[obs["field"] == "place_level"].set_index(key)["value"]
    cities_ = obs[obs["field"].isin(["city", "geonames_id", "lat", "lon"])].set_index(key)
    assert set(levels.reindex(cities_.index)) == {"city"}
    assert set(levels) == {"city", "region"}


def test_a_city_outside_the_region_is_a_discrepancy(obs, rebuild):
    """A hand-made variant: the card's Kabylie said to span Guelma's wilaya only (23)."""
    moved = obs.copy()
    at = (
        (moved["cluster_id"] == "dz-huile-olive-bouira")
        & (moved["table_id"] == "cards")
        & (moved["field"] == "place_divisions")
    )
    assert moved.loc[at, "value"].tolist() == ["14 18 21"]
    moved.loc[at, "value"] = "23"
    _, disc = rebuild(observations=moved)
    pairs = disc[(disc["cluster_id"] == "dz-huile-olive-bouira") & (disc["field"] == "place")]
    assert pairs[["value_a", "table_a", "value_b", "table_b"]].values.tolist() == [
        ["Bouira", "carte-dz", "Kabylie", "cards"]
    ]


def test_a_finer_city_inside_the_best_region_is_kept(rebuild):
    """With the cards ranked above the Carte, the 2TS card's Sahel comes first; the Carte's
    Monastir lies in it and is finer, so it is the place kept, and nothing disagrees."""
    precedence = load_precedence(REFERENCE / "field_precedence.csv")
    precedence.loc[precedence["table_id"] == "cards", "rank"] = 0
    snaps, disc = rebuild(precedence=precedence)
    assert snaps.loc[("tn-2ts", "2019"), ["place_level", "city"]].tolist() == ["city", "Monastir"]
    assert disc[(disc["cluster_id"] == "tn-2ts") & (disc["field"] == "place")].empty


def test_region_and_city_consistency_rules():
    bouira = {"level": "city", "geonames_id": "2502958", "divisions": "21"}
    batna = {"level": "city", "geonames_id": "2505572", "divisions": "05"}
    kabylie = {"level": "region", "geonames_id": "", "divisions": "14 18 21"}
    tizi = {"level": "region", "geonames_id": "", "divisions": "14"}
    national = {"level": "country", "geonames_id": "", "divisions": ""}
    assert consistent(kabylie, bouira) and consistent(bouira, kabylie)
    assert not consistent(kabylie, batna)
    assert consistent(kabylie, tizi) and not consistent(tizi, bouira)
    assert not consistent(bouira, batna) and consistent(bouira, dict(bouira))
    assert consistent(national, batna)


def test_the_town_near_tunis_is_sidi_thabet(read_source, snaps):
    assert "Sidi Thabet" in read_source("ipemed-2019").line(858)
    snap = snaps.loc[("tn-pharma-in", "2019")]
    assert (snap["city"], snap["geonames_id"], snap["region"]) == (
        "Sidi Thabet",
        "2465146",
        "Ariana",
    )
    assert (float(snap["lat"]), float(snap["lon"])) == (36.9099, 10.0422)


# Family 8: place names -----------------------------------------------------------------------


def test_cities_are_kept_as_their_source_spells_them(obs, snaps):
    cities_ = obs[obs["field"] == "city"]
    assert all(name_key(r.value) in name_key(r.raw_value) for r in cities_.itertuples())
    for cluster_id, city, geonames_id in [
        ("ma-automobile-tanger", "Tanger", "2530335"),
        ("ma-menara", "Marrakech", "2542997"),
        ("ma-agrinova", "Meknès", "2542715"),
        ("dz-adc", "Alger", "2507480"),
    ]:
        assert snaps.loc[(cluster_id, "2019"), ["city", "geonames_id"]].tolist() == [
            city,
            geonames_id,
        ]


def test_display_names_come_from_the_places_table(processed):
    places = load_places()
    snap = pd.read_csv(processed / "snapshots.csv")
    shown = {}
    for language in ("en", "fr"):
        names = geo.place_names(places, language)
        rows = geo.year_rows(snap, "MA", 2019, names).set_index("cluster_id")
        shown[language] = rows.loc[
            ["ma-automobile-tanger", "ma-menara", "ma-agrinova"], "city"
        ].tolist()
        assert rows.loc["ma-automobile-tanger", "city_as_written"] == "Tanger"
        dz = geo.year_rows(snap, "DZ", 2019, names).set_index("cluster_id")
        shown[language].append(dz.loc["dz-adc", "city"])
    assert shown == {
        "en": ["Tangier", "Marrakesh", "Meknes", "Algiers"],
        "fr": ["Tanger", "Marrakech", "Meknès", "Alger"],
    }
    # every city of the snapshots has its names, and one pair per GeoNames id
    ids = set(snap["geonames_id"].dropna().astype(int).astype(str))
    assert ids <= set(geo.place_names(places, "en"))
    pairs = places[places["geonames_id"] != ""].drop_duplicates(
        ["geonames_id", "name_en", "name_fr"]
    )
    assert pairs["geonames_id"].is_unique


def test_a_place_field_without_its_level_stops_the_build(obs, rebuild):
    """A hand-made variant: the 2TS card's place written without its place_level."""
    lost = (obs["cluster_id"] == "tn-2ts") & (obs["table_id"] == "cards")
    with pytest.raises(ValueError, match=r"ipemed-2019\.txt:1355: place fields for tn-2ts"):
        rebuild(observations=obs[~(lost & (obs["field"] == "place_level"))])


# Family 4 (continued): a location naming several towns ---------------------------------------


def test_a_multi_town_string_keeps_every_town_it_names(obs):
    """The Carte's 'Mohammedia-Casablanca' (CE3M, ipemed-2019 line 511): the point is the
    first-named town's, and both towns are kept to compare with."""
    at = (obs["cluster_id"] == "ma-ce3m") & (obs["table_id"] == "carte-ma")
    named = obs.loc[at & (obs["field"] == "place_named"), "value"].tolist()
    assert named == ["2542051 2553604"]  # Mohammedia, Casablanca
    assert obs.loc[at & (obs["field"] == "city"), "value"].tolist() == ["Mohammedia"]
    places = load_places()
    multi = places[places["rule"] == "first-named"]
    assert (multi["named"].str.split().str[0] == multi["geonames_id"]).all()
    assert (places.loc[places["rule"] != "first-named", "named"] == "").all()


def _moved_card_city(obs, cluster_id, city, geonames_id, division):
    """A hand-made variant: the cluster's card placed in another city."""
    moved = obs.copy()
    card = (moved["cluster_id"] == cluster_id) & (moved["table_id"] == "cards")
    for field, value in [
        ("city", city),
        ("geonames_id", geonames_id),
        ("place_divisions", division),
    ]:
        assert (card & (moved["field"] == field)).sum() == 1, field
        moved.loc[card & (moved["field"] == field), "value"] = value
    return moved


def test_a_town_among_those_a_string_names_is_no_disagreement(obs, rebuild):
    """CE3M's card said to place it in Casablanca: the Carte names Mohammedia-Casablanca, so
    the two agree (a multi-town string names each of its towns); Rabat disagrees."""
    moved = _moved_card_city(obs, "ma-ce3m", "Casablanca", "2553604", "06")
    snaps, disc = rebuild(observations=moved)
    assert disc[(disc["cluster_id"] == "ma-ce3m") & (disc["field"] == "place")].empty
    # one town is finer than a string naming two: the card's is the place kept
    assert snaps.loc[("ma-ce3m", "2019"), ["city", "geonames_id"]].tolist() == [
        "Casablanca",
        "2553604",
    ]
    _, disc = rebuild(observations=_moved_card_city(obs, "ma-ce3m", "Rabat", "2538475", "04"))
    pairs = disc[(disc["cluster_id"] == "ma-ce3m") & (disc["field"] == "place")]
    assert pairs[["value_a", "table_a", "value_b", "table_b"]].values.tolist() == [
        ["Mohammedia", "carte-ma", "Rabat", "cards"]
    ]


def test_a_multi_town_region_and_the_cartes_city_agree(read_source, disc):
    """The cards of 2TS (line 1359: 'Sousse-Monastir-Mahdia, Région du Sahel') and of the
    North-West olive-oil cluster (line 1434: 'Béja-Jendouba-Kef-Siliana, Gouvernorats du
    Nord-Ouest') name several towns, the Carte's city among them (Monastir, Kef): no place
    disagreement. The place disagreements left are places no statement of the other names."""
    src = read_source("ipemed-2019")
    assert "Sousse-Monastir-Mahdia" in src.line(1359) and "Kef" in src.line(1434)
    places = disc[disc["field"] == "place"]
    assert not set(places["cluster_id"]) & {"tn-2ts", "tn-huile-olive-nord-ouest"}
    assert sorted(places["cluster_id"]) == [
        "dz-cba",  # Carte Bordj Bou Arreridj; card the Soummam valley and Béjaïa
        "dz-cmp",  # Carte Alger; card Blida
        "dz-lait",  # Carte Bouira; list 'à Béjaïa'
        "ma-cise",  # card Casablanca; Carte 'Rabat*', provisional
        "ma-cluster-solaire",  # card Casablanca; Carte 'Rabat*', provisional
        "ma-emc",  # Carte and card Settat; moroccan-clusters-2020 Casablanca
    ]
    for row in places.itertuples():
        assert name_key(row.value_b.removesuffix(" (provisional)")) not in name_key(row.value_a), (
            row.cluster_id
        )


def test_multi_town_consistency_rules():
    mohammedia_casa = {
        "level": "city",
        "geonames_id": "2542051",
        "divisions": "06",
        "named": "2542051 2553604",
    }
    casablanca = {"level": "city", "geonames_id": "2553604", "divisions": "06", "named": ""}
    rabat = {"level": "city", "geonames_id": "2538475", "divisions": "04", "named": ""}
    rabat_region = {"level": "region", "geonames_id": "", "divisions": "04", "named": ""}
    assert consistent(mohammedia_casa, casablanca) and consistent(casablanca, mohammedia_casa)
    assert not consistent(mohammedia_casa, rabat)
    assert not consistent(mohammedia_casa, rabat_region)
    tetouan_tanger = {"level": "city", "geonames_id": "2528910", "divisions": "01"}
    tetouan_tanger["named"] = "2528910 2530335"
    tanger = {"level": "city", "geonames_id": "2530335", "divisions": "01"}
    assert consistent(tanger, tetouan_tanger)
