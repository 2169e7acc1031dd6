"""Observations of place and sector: every place or sector a source states for a cluster becomes
an observation with its line and raw text, on the real sources (the pipeline built once per
session)."""

import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.extract.ipemed_2019_lists import name_place, tn_pcb_clusters
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.mentions import MENTION_SPECS
from clusters_maghreb.normalise.observations import (
    FIELDS,
    PLACES_READ_ELSEWHERE,
    Field,
    Reader,
    check_places_read,
    check_sectors_read,
    check_statuses_read,
    mention_tables,
)
from clusters_maghreb.normalise.places import PlaceError, cities, load_places
from clusters_maghreb.normalise.sectors import SECTOR_COLUMNS, load_crosswalk
from clusters_maghreb.normalise.text import collapse, name_key

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
            in_name.setdefault(m.cluster_id, set()).update(hit["name_en"])
    # compared by GeoNames id (spellings differ: Béjaïa, Bejaïa), shown by English name
    names = dict(zip(places["geonames_id"], places["name_en"], strict=True))
    stated = obs[(obs["source_id"] == "ipemed-2019") & (obs["field"] == "geonames_id")]
    stated = stated.assign(value=stated["value"].map(names))
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
        "dz-cba": ("Bejaia", ["Bordj Bou Arreridj"], True),  # Béjaïa: the card (1307)
        "dz-dinanderie-constantine": ("Constantine", ["Constantine"], True),
        "dz-huile-olive-bouira": ("Bouira", ["Bouira"], True),
        "ma-menara": ("Marrakesh", ["Marrakesh"], True),
        "tn-arts-de-la-table": ("Nabeul", ["Nabeul"], True),
        "tn-lait-bovin": ("Bizerte", ["Bizerte"], True),
        "tn-lait-ovin-beja": ("Beja", [], False),  # en projet: the name is all there is
        "tn-logistique-sfax": ("Sfax", ["Sfax"], True),
        "tn-produits-mer-bizerte": ("Bizerte", ["Bizerte"], True),
    }


def test_every_location_of_a_mention_gives_a_place(mentions, obs):
    check_places_read()
    places = load_places().set_index(["location", "country"])
    places_at = set(
        obs.loc[
            obs["field"] == "place_level", ["cluster_id", "source_id", "table_id", "line_start"]
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
        if places.loc[(" ".join(m.location.split()), m.country), "level"] != "country"
        and (m.cluster_id, m.source_id, m.table_id, m.line_start) not in places_at
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


# Sectors the lists and prose of the sources state for a cluster, read since FIELDS reads every
# declared sector column: (cluster, source, table, line, text as written, IPEMED code).
STATED_SECTORS = [
    ("dz-mecanique-constantine", "ipemed-2019", "list-dz-afd-projects", 627, "la mécanique", 2),
    ("dz-automobile-oran", "ipemed-2019", "list-dz-afd-projects", 627, "l'automobile", 2),
    ("dz-chimie-oran", "ipemed-2019", "list-dz-afd-projects", 627, "la chimie", 6),
    ("tn-mecadev", "ipemed-2019", "list-tn-category-members", 790, "la mécanique", 2),
    (
        "tn-sfax-healthtech",
        "ipemed-2019",
        "list-tn-category-members",
        791,
        "les technologies liées à la santé",
        6,
    ),
    ("tn-elentica", "ipemed-2019", "list-tn-forming", 807, "cluster de l'électronique", 2),
    (
        "tn-pharma-in",
        "ipemed-2019",
        "list-tn-forming",
        808,
        "cluster des industries pharmaceutiques",
        6,
    ),
    (
        "mr-eco-seafood",
        "ipemed-2019",
        "list-mr-projects",
        884,
        "la transformation des ressources de la pêche",
        1,
    ),
    ("ma-textile-de-maison", "ipemed-2019", "prose-creative", 496, "Textile de Maison", 7),
    ("ma-design-interieur", "ipemed-2019", "prose-creative", 497, "Design d'Intérieur", 7),
    ("dz-bijouterie-batna", "ipemed-2019", "prose-creative", 651, "Bijoutiers", 7),
    ("dz-dinanderie-constantine", "ipemed-2019", "prose-creative", 652, "Dinandiers", 7),
    ("tn-arts-de-la-table", "ipemed-2019", "prose-creative", 816, "Arts de la Table", 7),
    ("tn-mosaique", "ipemed-2019", "prose-creative", 817, "Mosaïque", 7),
    (
        "ma-mti",
        "errajaoui-nokairi-2023",
        "clusters-in-creation",
        268,
        "specialized in the railway industry",
        2,
    ),
    (
        "ma-coer",
        "errajaoui-nokairi-2023",
        "clusters-in-creation",
        268,
        "dedicated to the industrial valorization of natural and agricultural resources",
        1,
    ),
]


def sectors_of(obs, cluster_id, table_id):
    hit = obs[
        (obs["cluster_id"] == cluster_id)
        & (obs["table_id"] == table_id)
        & obs["field"].isin(["sector_code", "sector_detail"])
    ]
    return hit.sort_values("field")[["field", *PROVENANCE]].values.tolist()


@pytest.mark.parametrize("cluster_id, source_id, table_id, line, text, code", STATED_SECTORS)
def test_a_sector_stated_in_a_list_is_observed_with_its_line(
    read_source, obs, cluster_id, source_id, table_id, line, text, code
):
    assert text in read_source(source_id).line(line)
    where = [source_id, table_id, str(line), str(line)]
    assert sectors_of(obs, cluster_id, table_id) == [
        ["sector_code", *where, str(code), "exact", text],
        ["sector_detail", *where, text, "exact", text],
    ]


@pytest.mark.parametrize(
    "cluster_id, year, code, label",
    [
        ("dz-automobile-oran", "2019", "2", "Métaux, Electronique"),
        ("dz-chimie-oran", "2019", "6", "Autres"),
        ("mr-eco-seafood", "2019", "1", "IAA"),
        ("ma-mti", "2023", "2", "Métaux, Electronique"),
        ("ma-coer", "2023", "1", "IAA"),
    ],
)
def test_clusters_with_only_a_list_sector_now_have_one(snaps, cluster_id, year, code, label):
    """These clusters are on no Carte and have no card: the list is their only sector."""
    assert snaps.loc[(cluster_id, year), ["sector_code", "sector_label"]].tolist() == [code, label]


def test_a_list_sector_against_the_carte_is_a_discrepancy_the_carte_wins(processed, snaps):
    """ELENTICA: 'cluster de l'électronique' (807) is code 2, the Carte (856) gives 3 (TIC), as
    the crosswalk's rationale says; the Carte ranks first (field_precedence.csv)."""
    disc = read_csv(processed / "discrepancies.csv")
    got = disc[(disc["cluster_id"] == "tn-elentica") & (disc["field"] == "sector_code")]
    assert got[["value_a", "table_a", "value_b", "table_b", "lines_b"]].values.tolist() == [
        ["3", "carte-tn", "2", "cards", "1378-1389"],
        ["3", "carte-tn", "2", "list-tn-forming", "807-807"],
    ]
    assert snaps.loc[("tn-elentica", "2019"), "sector_code"] == "3"


def test_every_sector_cell_of_a_mention_gives_a_sector(pipeline_dirs, mentions, obs):
    check_sectors_read()
    observed = set(
        obs.loc[
            obs["field"] == "sector_code",
            ["cluster_id", "source_id", "table_id", "line_start", "raw_value"],
        ].itertuples(index=False, name=None)
    )
    stated, tables = [], {}
    for m in mentions.itertuples():
        key = (m.source_id, m.table_id)
        if key not in SECTOR_COLUMNS:
            continue
        if key not in tables:
            tables[key] = read_csv(pipeline_dirs["extracted"] / m.source_id / f"{m.table_id}.csv")
        row = tables[key].iloc[int(m.mention_id.split(":")[2])]
        if text := collapse(row[SECTOR_COLUMNS[key]]):
            stated.append((m.cluster_id, m.source_id, m.table_id, m.line_start, text))
    # cards 28, moroccan-clusters-2020 13, errajaoui-nokairi-2023 table-2 17, ma-contract 11,
    # list-dz-emerging 8 (7 items, the tourism one named twice), prose-creative 6,
    # list-tn-pcb-clusters 4, AFD projects 3, and 2 each: tn-category-members, tn-forming, in
    # creation, and list-mr-projects 1
    assert len(stated) == 97
    assert [s for s in stated if s not in observed] == []


def test_crosswalk_rows_no_observation_uses_are_of_rows_naming_no_cluster(pipeline_dirs, obs):
    """What the crosswalk maps but no observation reads: the sectors of tables naming no cluster
    (the expected Moroccan clusters, the Tunisian poles, the 1995 pilot clusters) and the
    'potential' creative trades, which are not clusters (mentions.NO_MENTIONS, MentionSpec.rows)."""
    codes = load_crosswalk(REFERENCE / "sector_crosswalk.csv").codes
    read = obs[obs["field"] == "sector_code"]
    used = {
        (s, t) if (s, t) in codes else ("", t)
        for s, t in read[["source_id", "raw_value"]].itertuples(index=False, name=None)
    }
    unused = {t for _, t in set(codes) - used}
    no_cluster = set()
    for (source_id, table_id), column in SECTOR_COLUMNS.items():
        df = read_csv(pipeline_dirs["extracted"] / source_id / f"{table_id}.csv")
        spec = MENTION_SPECS.get((source_id, table_id))
        if spec is not None:
            for col, allowed in spec.rows.items():
                df = df[~df[col].isin(allowed)]
        no_cluster |= {collapse(t) for t in df[column] if collapse(t)}
    assert unused == no_cluster - set(read["raw_value"])
    assert len(unused) == 56  # 2 expected, 10 poles, 4 pilot sectors, 40 potential trades


@pytest.mark.parametrize(
    "table_id, column",
    [("list-mr-projects", "sector"), ("list-tn-forming", "activity"), ("prose-creative", "trade")],
)
def test_a_sector_left_unread_stops_the_build(table_id, column):
    key = ("ipemed-2019", table_id)
    fields = {**FIELDS, key: [f for f in FIELDS[key] if f.column != column]}
    with pytest.raises(ValueError, match="sectors stated but not observed") as e:
        check_sectors_read(fields=fields)
    assert (
        f"ipemed-2019/{table_id}: its sector column {column!r} ('sector' in the table "
        "registry, data/reference/tables.yaml) is not read by its 'fields'" in str(e.value)
    )
    assert f"{{field: sector_code, column: {column}, kind: sector}}" in str(e.value)


def test_a_sector_code_without_its_text_or_a_table_without_fields_stops_the_build():
    key = ("errajaoui-nokairi-2023", "clusters-in-creation")
    fields = {**FIELDS, key: [f for f in FIELDS[key] if f.field != "sector_detail"]}
    with pytest.raises(
        ValueError, match="add {field: sector_detail, column: activity, kind: text} to"
    ):
        check_sectors_read(fields=fields)
    fields = {k: v for k, v in FIELDS.items() if k != ("ipemed-2019", "list-tn-category-members")}
    with pytest.raises(ValueError, match="ipemed-2019/list-tn-category-members: its sector"):
        check_sectors_read(fields=fields)


def test_a_sector_column_of_a_table_naming_no_cluster_needs_no_field():
    """list-ma-expected, list-tn-poles, pilot-clusters-1995: no mention to give a sector to."""
    no_cluster = {k for k in SECTOR_COLUMNS if k not in MENTION_SPECS}
    assert no_cluster == {
        ("ipemed-2019", "list-ma-expected"),
        ("ipemed-2019", "list-tn-poles"),
        ("errajaoui-nokairi-2023", "pilot-clusters-1995"),
    }
    check_sectors_read(fields={k: v for k, v in FIELDS.items() if k not in no_cluster})


@pytest.mark.parametrize(
    "cluster_id, line, said_at, raw, status",
    [
        ("tn-logistique-sfax", 792, 792, "émergent", "emergent"),  # the item's '(émergent)'
        ("tn-cmt", 726, 724, "constitués", "constituted"),  # 'Les clusters constitués', intro
        ("tn-mecadev", 790, None, None, None),  # states none
    ],
)
def test_statuses_of_the_tunisian_category_lists_are_read(
    read_source, obs, cluster_id, line, said_at, raw, status
):
    """On the item's own line; the word is the item's, or its intro's (docs/schema.md)."""
    text = read_source("ipemed-2019")
    got = obs[
        (obs["cluster_id"] == cluster_id)
        & (obs["table_id"] == "list-tn-category-members")
        & (obs["field"] == "status")
    ]
    if status is None:
        assert got.empty
        assert "(" not in text.line(line)
        return
    assert got[PROVENANCE].values.tolist() == [
        ["ipemed-2019", "list-tn-category-members", str(line), str(line), status, "exact", raw]
    ]
    assert raw in text.line(said_at)


def test_a_status_left_unread_stops_the_build(pipeline_dirs, mentions):
    key = ("ipemed-2019", "list-tn-category-members")
    fields = {**FIELDS, key: [f for f in FIELDS[key] if f.kind != "status"]}
    extracted = pipeline_dirs["extracted"]
    tables = mention_tables(extracted, mentions)
    check_statuses_read(tables, extracted)
    with pytest.raises(ValueError, match="statuses stated but not observed") as e:
        check_statuses_read(tables, extracted, fields=fields)
    assert "list-tn-category-members.csv: line 726 of data/raw/ipemed-2019.txt states the " in str(
        e.value
    )
    assert "add {field: status, column: status, kind: status}" in str(e.value)
