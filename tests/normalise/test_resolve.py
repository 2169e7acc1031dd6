"""Entity resolution on the real mentions: every one maps, the right ones together, the
others apart; broken reference tables fail loudly, naming the file and line."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from clusters_maghreb.extract.run import extract_source
from clusters_maghreb.io import read_csv, write_csv
from clusters_maghreb.normalise.mentions import build_mentions
from clusters_maghreb.normalise.resolve import (
    ReferenceTableError,
    ResolveError,
    load_events,
    load_registry,
    resolve,
)
from clusters_maghreb.sources import load_sources

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
REGISTRY = REFERENCE / "cluster_registry.csv"
ALIASES = REFERENCE / "cluster_aliases.csv"
EVENTS = REFERENCE / "cluster_events.csv"


@pytest.fixture(scope="module")
def mentions(raw_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("extracted")
    for src in load_sources(raw_dir / "sources.yaml"):
        tables, _ = extract_source(raw_dir / src["file"], src["id"])
        for table_id, df in tables.items():
            write_csv(df, out / src["id"] / f"{table_id}.csv")
    return build_mentions(out, raw_dir / "sources.yaml")


@pytest.fixture(scope="module")
def ids(mentions):
    """mention_id -> cluster_id."""
    resolved = resolve(mentions, REGISTRY, ALIASES)
    return dict(zip(resolved["mention_id"], resolved["cluster_id"], strict=True))


@pytest.fixture
def aliases(tmp_path):
    """An editable copy of the aliases: ``edit(fn)`` rewrites it with ``fn(df)``, returns it."""
    path = tmp_path / "cluster_aliases.csv"
    shutil.copy(ALIASES, path)

    def edit(fn):
        write_csv(fn(read_csv(path)), path)
        return path

    return edit


def test_every_mention_resolves_and_every_cluster_is_mentioned(ids):
    assert all(ids.values())
    assert set(ids.values()) == set(load_registry(REGISTRY)["cluster_id"])


def test_clusters_per_country():
    registry = load_registry(REGISTRY)
    assert registry.groupby("country").size().to_dict() == {"DZ": 16, "MA": 27, "MR": 1, "TN": 16}
    creative = registry[registry["creative"] == "true"]["cluster_id"]
    assert sorted(creative) == [
        "dz-bijouterie-batna",
        "dz-dinanderie-constantine",
        "ma-design-interieur",
        "ma-textile-de-maison",
        "tn-arts-de-la-table",
        "tn-mosaique",
    ]


def mentions_of(ids, cluster_id):
    return {m for m, c in ids.items() if c == cluster_id}


def test_ce3m_across_every_source(ids):
    assert mentions_of(ids, "ma-ce3m") == {
        "ipemed-2019:carte-ma:0:cluster",
        "ipemed-2019:list-ma-contract-clusters:0:cluster",
        "ipemed-2019:list-ma-mergers:0:absorbing",
        "ipemed-2019:annex-list:0:name",  # CE₃M
        "ipemed-2019:cards:0:name",
        "ipemed-2019:prose-figures:3:about.0",
        "ipemed-2019:prose-figures:4:about.0",
        *(f"ipemed-2019:prose-figures:{r}:about.0" for r in range(17, 26)),
        "ipemed-2019:refs-2014:11:clusters.1",
        "moroccan-clusters-2020:table-2:0:cluster_year",  # English name
        "ecomnews-2020:clusters:0:name",
        "errajaoui-nokairi-2023:table-2:0:name",
        "errajaoui-nokairi-2023:table-3:0:cluster",
    }


@pytest.mark.parametrize(
    "cluster_id, some_mentions",
    [
        # spelling variants
        (
            "tn-cmt",
            {
                "ipemed-2019:carte-tn:0:cluster",
                "ipemed-2019:annex-list:16:name",  # Custer Mecatronic Tunisie
                "ipemed-2019:cards:16:name",
                "ipemed-2019:prose-partnerships:10:cluster_a",  # Mecatronic à Sousse
                "ipemed-2019:refs-2014:16:clusters.0",  # Mécatronique
            },
        ),
        (
            "tn-elentica",
            {
                "ipemed-2019:carte-tn:4:cluster",
                "ipemed-2019:annex-list:20:name",  # ELANTICA
                "ipemed-2019:cards:20:name",
                "ipemed-2019:list-tn-forming:0:cluster",
            },
        ),
        (
            "ma-design-interieur",
            {
                "ipemed-2019:carte-ma:14:cluster",  # Cluter
                "ipemed-2019:prose-creative:1:item",
                "ecomnews-2020:clusters:12:name",  # d’Intérieur
            },
        ),
        ("ma-c2tm", {"ipemed-2019:annex-list:3:name", "ipemed-2019:cards:3:name"}),  # C₂TM
        # English names
        (
            "ma-textile-de-maison",
            {
                "ipemed-2019:carte-ma:13:cluster",
                "ipemed-2019:prose-creative:0:item",
                "moroccan-clusters-2020:table-2:9:cluster_year",  # Casablanca Home Textile
            },
        ),
        (
            "ma-menara",
            {
                "ipemed-2019:carte-ma:9:cluster",
                "moroccan-clusters-2020:table-2:5:cluster_year",  # Exclusivity Network
                "errajaoui-nokairi-2023:table-2:9:name",  # Menara Cluster
            },
        ),
        (
            "ma-amc",
            {
                "ipemed-2019:carte-ma:1:cluster",
                "moroccan-clusters-2020:table-2:12:cluster_year",
                "errajaoui-nokairi-2023:table-2:10:name",  # AMC
            },
        ),
        ("ma-cluster-solaire", {"moroccan-clusters-2020:table-2:11:cluster_year"}),
        ("ma-mmc", {"moroccan-clusters-2020:table-2:2:cluster_year"}),
        ("ma-oceanopole-tan-tan", {"moroccan-clusters-2020:table-2:3:cluster_year"}),
        # one cluster under its name and a narrower phrase
        (
            "tn-lait-bovin",
            {
                "ipemed-2019:carte-tn:10:cluster",
                "ipemed-2019:list-tn-pcb-clusters:0:cluster",
                "ipemed-2019:list-tn-category-members:2:cluster",  # Cluster du Lait
            },
        ),
        (
            "dz-mecanique-constantine",
            {
                "ipemed-2019:carte-dz:1:cluster",
                "ipemed-2019:list-dz-emerging:1:cluster",
                "ipemed-2019:list-dz-afd-projects:0:sector",
                "ipemed-2019:refs-2014:15:clusters.0",
            },
        ),
    ],
)
def test_resolved_together(ids, cluster_id, some_mentions):
    assert some_mentions <= mentions_of(ids, cluster_id)


@pytest.mark.parametrize(
    "a, b",
    [
        # one name, two cities
        ("ipemed-2019:carte-ma:11:cluster", "ipemed-2019:carte-ma:12:cluster"),
        # one name, two countries
        ("ipemed-2019:carte-dz:5:cluster", "ipemed-2019:carte-tn:8:cluster"),  # huile d'olive
        ("ipemed-2019:carte-ma:6:cluster", "ipemed-2019:carte-dz:3:cluster"),  # solaire
        # a cluster and a narrower one of the same trade
        ("ipemed-2019:carte-dz:6:cluster", "ipemed-2019:carte-tn:10:cluster"),  # lait / bovin
        (
            "ipemed-2019:list-tn-pcb-clusters:0:cluster",
            "ipemed-2019:list-tn-pcb-clusters:2:cluster",
        ),
        ("ipemed-2019:carte-dz:0:cluster", "ipemed-2019:carte-dz:1:cluster"),  # mécanique
        # textiles: technical, denim, home, fashion (MDFC), Sahel
        ("ipemed-2019:carte-ma:3:cluster", "ipemed-2019:carte-ma:13:cluster"),
        ("ipemed-2019:carte-ma:4:cluster", "errajaoui-nokairi-2023:table-2:1:name"),
        ("ipemed-2019:carte-ma:3:cluster", "ipemed-2019:carte-ma:4:cluster"),
        # a merged cluster and the one it merged into
        ("ipemed-2019:list-ma-mergers:0:absorbed", "ipemed-2019:list-ma-mergers:0:absorbing"),
        # kept apart for want of evidence: ENR (2023) and Cluster Solaire
        ("errajaoui-nokairi-2023:table-2:13:name", "ipemed-2019:carte-ma:6:cluster"),
    ],
)
def test_kept_apart(ids, a, b):
    assert ids[a] != ids[b]


def test_the_two_automobile_clusters(ids):
    assert ids["ipemed-2019:carte-ma:11:cluster"] == "ma-automobile-tanger"
    assert ids["ipemed-2019:carte-ma:12:cluster"] == "ma-automobile-casablanca"


def test_deleted_alias_is_reported_with_proposal_and_row_to_add(mentions, aliases):
    path = aliases(lambda df: df[df["alias"] != "Cluster ELANTICA"])
    with pytest.raises(ResolveError) as err:
        resolve(mentions, REGISTRY, path)
    msg = str(err.value)
    assert msg.startswith("1 mention(s) match no alias:")
    assert "data/raw/ipemed-2019.txt:1103: 'Cluster ELANTICA' (TN" in msg
    assert "'Cluster ELENTICA' -> tn-elentica (score 88)" in msg
    assert f"add this row to {path}" in msg
    assert "tn-elentica,TN,Cluster ELANTICA,,ipemed-2019:1103: <why>" in msg


def test_every_unmapped_mention_is_reported_at_once(mentions, aliases):
    path = aliases(lambda df: df[~df["alias"].isin(["MNC", "Cluster Automobile", "Solar cluster"])])
    with pytest.raises(ResolveError) as err:
        resolve(mentions, REGISTRY, path)
    msg = str(err.value)
    # MNC: Table 2, Table 3, two figures of ipemed-2019; two Cluster Automobile; one Solar cluster
    assert msg.startswith("7 mention(s) match no alias:")
    for where in ("errajaoui-nokairi-2023.txt:211", "ipemed-2019.txt:377", "ipemed-2019.txt:522"):
        assert f"data/raw/{where}:" in msg
    assert "ma-automobile-casablanca,MA,Cluster Automobile,,ipemed-2019:523: <why>" in msg
    assert "ma-cluster-solaire,MA,Solar cluster,,moroccan-clusters-2020:1054: <why>" in msg


def test_deleted_alias_of_a_name_in_two_cities_proposes_the_city(mentions, aliases):
    path = aliases(
        lambda df: df[~((df["alias"] == "Cluster Automobile") & (df["location"] == "Tanger"))]
    )
    with pytest.raises(ResolveError) as err:
        resolve(mentions, REGISTRY, path)
    msg = str(err.value)
    assert msg.startswith("1 mention(s) match no alias:")
    assert "'name Cluster Automobile (Tanger)' -> ma-automobile-tanger (score 91)" in msg
    assert "ma-automobile-tanger,MA,Cluster Automobile,Tanger,ipemed-2019:522: <why>" in msg


def test_mention_in_a_third_city_is_unmapped(mentions):
    moved = mentions.copy()
    moved.loc[moved["mention_id"] == "ipemed-2019:carte-ma:11:cluster", "location"] = "Kenitra"
    with pytest.raises(ResolveError, match=r"ipemed-2019\.txt:522: 'Cluster Automobile'"):
        resolve(moved, REGISTRY, ALIASES)


def test_unknown_cluster_id_in_aliases(mentions, aliases):
    path = aliases(lambda df: df.replace({"cluster_id": {"tn-mosaique": "tn-mosaic"}}))
    with pytest.raises(ReferenceTableError, match=rf"{path}:\d+: unknown cluster_id 'tn-mosaic'"):
        resolve(mentions, REGISTRY, path)


def test_duplicated_alias_for_another_cluster(mentions, aliases):
    def add(df):
        dup = df[df["alias"] == "MNC"].assign(cluster_id="ma-mmc", rationale="a mistake")
        return pd.concat([df, dup])

    path = aliases(add)
    n = len(read_csv(ALIASES))
    with pytest.raises(ReferenceTableError, match=rf"{path}:{n + 2}: alias 'MNC' .* already on"):
        resolve(mentions, REGISTRY, path)


def test_alias_without_location_beside_one_with_it_is_ambiguous(mentions, aliases):
    def add(df):
        row = df[df["alias"] == "Cluster Automobile"].iloc[[0]].assign(location="")
        return pd.concat([df, row])

    path = aliases(add)
    with pytest.raises(ResolveError) as err:
        resolve(mentions, REGISTRY, path)
    msg = str(err.value)
    assert msg.startswith("2 mention(s) are ambiguous:")
    assert "data/raw/ipemed-2019.txt:522: 'Cluster Automobile' (MA at 'Tanger'" in msg
    assert f"{path}:{len(read_csv(ALIASES)) + 2} -> ma-automobile-tanger" in msg


def test_alias_with_empty_rationale(mentions, aliases):
    path = aliases(lambda df: df.assign(rationale=df["rationale"].where(df.index != 3, " ")))
    with pytest.raises(ReferenceTableError, match=rf"{path}:5: empty rationale"):
        resolve(mentions, REGISTRY, path)


@pytest.mark.parametrize(
    "column, value, problem",
    [
        ("cluster_id", "MA-CE3M", "is not <iso2>-<slug>"),
        ("cluster_id", "dz-ce3m", "does not fit cluster_id"),
        ("rationale", "", "empty rationale"),
        ("creative", "yes", "creative is 'yes'"),
    ],
)
def test_broken_registry_row(mentions, tmp_path, column, value, problem):
    df = read_csv(REGISTRY)
    df.loc[0, column] = value
    path = tmp_path / "cluster_registry.csv"
    write_csv(df, path)
    with pytest.raises(ReferenceTableError, match=rf"{path}:2: .*{problem}"):
        resolve(mentions, path, ALIASES)


def test_events():
    events = load_events(load_registry(REGISTRY), EVENTS)
    got = set(zip(events["cluster_id"], events["event"], events["other_cluster_id"], strict=True))
    assert got == {
        ("ma-mmc", "merged_into", "ma-ce3m"),
        ("ma-oceanopole-tan-tan", "merged_into", "ma-ahp"),
    }


def test_event_with_unknown_cluster(tmp_path):
    df = read_csv(EVENTS)
    df.loc[1, "other_cluster_id"] = "ma-agadir"
    path = tmp_path / "cluster_events.csv"
    write_csv(df, path)
    with pytest.raises(ReferenceTableError, match=rf"{path}:3: unknown other_cluster_id"):
        load_events(load_registry(REGISTRY), path)


def test_events_find_their_lines_from_their_quotes(tmp_path):
    """cluster_events.csv stores no line: each event's quote is found where it now is, and a
    quote no longer in the source stops naming the row and the closest line."""
    from clusters_maghreb.normalise.resolve import locate_events

    raw = EVENTS.parents[1] / "raw"
    events = locate_events(read_csv(EVENTS), raw)
    assert list(zip(events["line_start"], events["line_end"], strict=True)) == [
        (410, 412),
        (410, 413),
    ]
    moved = tmp_path / "ipemed-2019.txt"
    moved.write_text("A\nB\nC\n" + (raw / "ipemed-2019.txt").read_text(encoding="utf-8"))
    assert list(locate_events(read_csv(EVENTS), tmp_path)["line_start"]) == [413, 413]
    broken = read_csv(EVENTS).assign(quote="Plusieurs de ces clusters ont fusionné en 2015")
    with pytest.raises(ReferenceTableError, match=r"cluster_events.csv:2 .*closest is line 410"):
        locate_events(broken, raw)
