"""Observations of place: every place a source states for a cluster becomes a city observation
with its line and raw text, on the real sources (the pipeline built once per session)."""

import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.extract.ipemed_2019_lists import name_place, tn_pcb_clusters
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.observations import (
    FIELDS,
    PLACES_READ_ELSEWHERE,
    Field,
    Reader,
    check_places_read,
)
from clusters_maghreb.normalise.places import NO_POINT, PlaceError, cities, load_places
from clusters_maghreb.normalise.text import name_key

REFERENCE = PROJECT_ROOT / "data" / "reference"
PROVENANCE = ["source_id", "table_id", "line_start", "line_end", "value", "qualifier", "raw_value"]


@pytest.fixture(scope="module")
def obs(processed):
    return read_csv(processed / "observations.csv")


@pytest.fixture(scope="module")
def snaps(processed):
    return read_csv(processed / "snapshots.csv").set_index(["cluster_id", "reference_year"])


@pytest.fixture(scope="module")
def mentions(pipeline_dirs):
    return read_csv(pipeline_dirs["mentions"])


def cities_of(obs, cluster_id):
    return obs[(obs["cluster_id"] == cluster_id) & (obs["field"] == "city")]


@pytest.mark.parametrize(
    "cluster_id, sector", [("dz-automobile-oran", "l'automobile"), ("dz-chimie-oran", "la chimie")]
)
def test_afd_projects_are_placed_where_note_33_says(read_source, obs, snaps, cluster_id, sector):
    assert f"{sector} à Oran" in read_source("ipemed-2019").line(627)
    got = cities_of(obs, cluster_id)[PROVENANCE].values.tolist()
    assert got == [["ipemed-2019", "list-dz-afd-projects", "627", "627", "Oran", "exact", "Oran"]]
    oran = cities()["2485926"]
    snap = snaps.loc[(cluster_id, "2019")]
    assert (snap["city"], snap["region"]) == ("Oran", "Oran")
    assert (float(snap["lat"]), float(snap["lon"])) == (
        round(oran["latitude"], 4),
        round(oran["longitude"], 4),
    )


def test_lait_ovin_is_placed_by_the_place_in_its_name(read_source, obs, snaps):
    assert read_source("ipemed-2019").line(775) == "- Le Cluster du Lait Ovin de Béja (en projet) ;"
    got = cities_of(obs, "tn-lait-ovin-beja")[PROVENANCE].values.tolist()
    assert got == [["ipemed-2019", "list-tn-pcb-clusters", "775", "775", "Béja", "exact", "Béja"]]
    assert snaps.loc[("tn-lait-ovin-beja", "2019"), ["city", "region"]].tolist() == ["Béja", "Béja"]
    # the judgement is on record: where the string was written, and that it is weaker evidence
    row = load_places().set_index(["location", "country"]).loc[("Béja", "TN")]
    assert (row["geonames_id"], row["rule"]) == ("2472774", "city")
    assert "line 775 (list-tn-pcb-clusters) only inside a cluster's name" in row["rationale"]


def test_the_places_in_names_agree_with_the_places_the_source_states(mentions, obs):
    """The evidence for reading a name's place: in ipemed-2019, every cluster whose name ends
    'de <a place of places.csv>' is placed there by the Carte, or, for the CBA, by its card
    (the Carte says Bordj Bou Arreridj); only the Lait Ovin de Béja has no other place."""
    places = load_places().assign(key=lambda d: d["location"].map(name_key))
    in_name: dict[str, set[str]] = {}
    for m in mentions[mentions["source_id"] == "ipemed-2019"].itertuples():
        key = name_key(name_place(m.name))
        hit = places[(places["country"] == m.country) & (places["key"] == key)]
        if key and len(hit):  # 'de Précision', 'de Maison': no place
            in_name.setdefault(m.cluster_id, set()).update(hit["place"])
    stated = obs[(obs["source_id"] == "ipemed-2019") & (obs["field"] == "city")]
    stated = stated[stated["table_id"] != "list-tn-pcb-clusters"]  # not the names themselves
    carte = stated[stated["table_id"].str.startswith("carte-")]
    got = {
        cid: (
            *sorted(place),
            sorted(set(carte.loc[carte["cluster_id"] == cid, "value"])),
            place <= set(stated.loc[stated["cluster_id"] == cid, "value"]),
        )
        for cid, place in in_name.items()
    }
    assert got == {
        "dz-bijouterie-batna": ("Batna", ["Batna"], True),
        "dz-cba": ("Béjaïa", ["Bordj Bou Arreridj"], True),  # Béjaïa: the card (1307)
        "dz-dinanderie-constantine": ("Constantine", ["Constantine"], True),
        "dz-huile-olive-bouira": ("Bouïra", ["Bouïra"], True),
        "ma-menara": ("Marrakesh", ["Marrakesh"], True),
        "tn-arts-de-la-table": ("Nabeul", ["Nabeul"], True),
        "tn-lait-bovin": ("Bizerte", ["Bizerte"], True),
        "tn-lait-ovin-beja": ("Béja", [], False),  # en projet: the name is all there is
        "tn-logistique-sfax": ("Sfax", ["Sfax"], True),
        "tn-produits-mer-bizerte": ("Bizerte", ["Bizerte"], True),
    }


def test_every_location_of_a_mention_gives_a_city(mentions, obs):
    check_places_read()
    places = load_places().set_index(["location", "country"])
    cities_at = set(
        obs.loc[
            obs["field"] == "city", ["cluster_id", "source_id", "table_id", "line_start"]
        ].itertuples(index=False, name=None)
    )
    elsewhere = [f"{s}:{t}:" for s, t in PLACES_READ_ELSEWHERE]  # the Carte's own reader
    placed = mentions[
        (mentions["location"] != "") & ~mentions["mention_id"].str.startswith(tuple(elsewhere))
    ]
    # cards 28, moroccan-clusters-2020 13, prose-creative 6, list-dz-emerging 5, AFD projects 3,
    # list-tn-pcb-clusters 2, list-ma-contract-clusters 1, list-mr-projects 1
    assert len(placed) == 59
    lost = [
        (m.mention_id, m.location)
        for m in placed.itertuples()
        if places.loc[(" ".join(m.location.split()), m.country), "rule"] not in NO_POINT
        and (m.cluster_id, m.source_id, m.table_id, m.line_start) not in cities_at
    ]
    assert not lost


def test_a_location_left_unread_stops_the_build():
    fields = {k: v for k, v in FIELDS.items() if k != ("ipemed-2019", "list-dz-afd-projects")}
    with pytest.raises(ValueError, match="places stated but not observed") as e:
        check_places_read(fields=fields)
    assert "ipemed-2019/list-dz-afd-projects: its mentions carry a location from ['place']" in str(
        e.value
    )


def test_a_name_ending_in_no_place_stops_the_build(variant):
    broken = variant(
        "ipemed-2019",
        lambda lines: [line.replace("Lait Ovin de Béja", "Lait Ovin de Qualité") for line in lines],
    )
    rows = list(tn_pcb_clusters(broken).table.itertuples(index=False))
    assert rows[2].place == "Qualité"
    with pytest.raises(PlaceError, match=r"ipemed-2019\.txt:775: location 'Qualité' \(TN\)"):
        Reader(REFERENCE).read(Field("city", "place", "place"), rows[2], "TN")
