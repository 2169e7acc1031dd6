"""Cluster mentions on the real extracted tables, rebuilt from data/raw for each test module."""

import re
import shutil

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.run import extract_source
from clusters_maghreb.io import read_csv, write_csv
from clusters_maghreb.normalise.mentions import (
    COLUMNS,
    MENTION_SPECS,
    NO_MENTIONS,
    build_mentions,
    check_declared,
    extracted_tables,
)
from clusters_maghreb.sources import load_sources


def extract_all(raw_dir, out_dir):
    """Every table of every source, written as the extract rules write them."""
    for src in load_sources(raw_dir / "sources.yaml"):
        tables, _ = extract_source(raw_dir / src["file"], src["id"])
        for table_id, df in tables.items():
            write_csv(df, out_dir / src["id"] / f"{table_id}.csv")
    return out_dir


@pytest.fixture(scope="module")
def extracted(raw_dir, tmp_path_factory):
    return extract_all(raw_dir, tmp_path_factory.mktemp("extracted"))


@pytest.fixture(scope="module")
def mentions(extracted, raw_dir):
    return build_mentions(extracted, raw_dir / "sources.yaml").set_index("mention_id")


@pytest.fixture
def copy(extracted, tmp_path):
    """A scratch copy of the extracted tables, for breaking them."""
    return shutil.copytree(extracted, tmp_path / "extracted")


def test_every_extracted_table_is_declared_once(extracted):
    check_declared(extracted_tables(extracted))
    assert not set(MENTION_SPECS) & set(NO_MENTIONS)
    assert all(reason.strip() for reason in NO_MENTIONS.values())


def test_columns_ids_and_years(mentions):
    assert list(mentions.reset_index().columns) == COLUMNS
    assert mentions.index.is_unique
    assert all(
        re.fullmatch(r"[a-z0-9-]+:[a-z0-9-]+:\d+:[a-z_]+(\.\d+)?", i) for i in mentions.index
    )
    years = mentions.groupby("source_id")["reference_year"].unique().map(list).to_dict()
    assert years == {
        "ecomnews-2020": ["2019"],
        "errajaoui-nokairi-2023": ["2023"],
        "ipemed-2019": ["2019"],
        "moroccan-clusters-2020": ["2019"],
    }


def test_counts_per_table(mentions):
    counts = mentions.groupby(["source_id", "table_id"]).size()
    assert {f"{s}/{t}": n for (s, t), n in counts.items()} == {
        "ecomnews-2020/clusters": 13,
        "errajaoui-nokairi-2023/clusters-in-creation": 2,
        "errajaoui-nokairi-2023/table-2": 17,
        "errajaoui-nokairi-2023/table-3": 17,
        "ipemed-2019/annex-list": 28,
        "ipemed-2019/cards": 28,
        "ipemed-2019/carte-dz": 9,
        "ipemed-2019/carte-ma": 15,
        "ipemed-2019/carte-tn": 14,
        "ipemed-2019/list-dz-afd-projects": 3,
        "ipemed-2019/list-dz-constituted": 7,  # 5 rows, two with a second name
        "ipemed-2019/list-dz-emerging": 8,
        "ipemed-2019/list-ma-contract-clusters": 11,
        "ipemed-2019/list-ma-mergers": 4,
        "ipemed-2019/list-mr-projects": 1,  # the technopole programme names no cluster
        "ipemed-2019/list-tn-category-members": 10,
        "ipemed-2019/list-tn-forming": 2,
        "ipemed-2019/list-tn-pcb-clusters": 4,
        "ipemed-2019/prose-creative": 6,  # the selected two per country, not the potential
        "ipemed-2019/prose-figures": 25,
        "ipemed-2019/prose-partnerships": 7,  # cluster_a of the rows in a Maghreb country
        "ipemed-2019/refs-2014": 10,
        "moroccan-clusters-2020/table-2": 13,
    }
    assert len(mentions) == 254


@pytest.mark.parametrize(
    "mention_id, name, country, location, line",
    [
        ("ipemed-2019:carte-ma:11:cluster", "Cluster Automobile", "MA", "Tanger", "522"),
        ("ipemed-2019:carte-ma:12:cluster", "Cluster Automobile", "MA", "Casablanca", "523"),
        (
            "ipemed-2019:carte-ma:5:cluster",
            "Cluster Industriel pour les Services Environnementaux (CISE)",
            "MA",
            "Rabat*",
            "516",
        ),
        ("ipemed-2019:annex-list:16:name", "Custer Mecatronic Tunisie (CMT)", "TN", "", "1099"),
        (
            "ipemed-2019:cards:16:name",
            "CLUSTER MECATRONIC DE TUNISIE",
            "TN",
            "Sousse (Tunisie).",
            "1329",
        ),
        ("ipemed-2019:list-dz-constituted:1:name", "Algeria Digital Cluster", "DZ", "", "568"),
        ("ipemed-2019:list-dz-afd-projects:1:sector", "l'automobile", "DZ", "Oran", "627"),
        ("ipemed-2019:list-dz-afd-projects:2:sector", "la chimie", "DZ", "Oran", "627"),
        (
            "ipemed-2019:list-tn-pcb-clusters:2:cluster",
            "Cluster du Lait Ovin de Béja",
            "TN",
            "Béja",  # written only in the name (extract: name_place)
            "775",
        ),
        (
            "ipemed-2019:list-tn-pcb-clusters:1:cluster",
            "Cluster des Produits de la Mer",
            "TN",
            "",
            "774",
        ),
        (
            "ipemed-2019:prose-creative:22:item",
            "Cluster des Dinandiers de Constantine",
            "DZ",
            "Constantine",
            "652",
        ),
        ("ipemed-2019:prose-figures:3:about.1", "MNC", "MA", "", "377"),
        ("ipemed-2019:refs-2014:12:clusters.0", "Aerospace Moroccan Cluster", "MA", "", "442"),
        (
            "ipemed-2019:refs-2014:16:clusters.0",
            "Cluster Mécatronique de Tunisie (CMT)",
            "TN",
            "",
            "844",
        ),
        (
            "moroccan-clusters-2020:table-2:1:cluster_year",
            "Morocco Numeric Cluster",
            "MA",
            "TechnoPark in Casablanca",
            "727",
        ),
        (
            "moroccan-clusters-2020:table-2:11:cluster_year",
            "Solar cluster",
            "MA",
            "Casablanca",
            "1054",
        ),
        ("errajaoui-nokairi-2023:table-2:4:name", "Maintenance 4.0", "MA", "", "201"),
        (
            "errajaoui-nokairi-2023:clusters-in-creation:0:name",
            "Morocco TraIndustry Cluster",
            "MA",
            "",
            "268",
        ),
    ],
)
def test_sample_mentions(mentions, mention_id, name, country, location, line):
    got = mentions.loc[mention_id]
    assert (got["name"], got["country"], got["location"], got["line_start"]) == (
        name,
        country,
        location,
        line,
    )


def test_left_out_rows(mentions):
    # potential creative clusters, the technopole programme, France Clusters / Maroc Cluster
    assert not mentions.index.str.startswith("ipemed-2019:prose-creative:2:").any()
    assert "ipemed-2019:list-mr-projects:1:name" not in mentions.index
    assert not mentions.index.str.startswith("ipemed-2019:prose-partnerships:0:").any()
    assert not mentions.index.str.contains(":partner_b").any()


def test_undeclared_table_fails(copy, raw_dir):
    shutil.copy(copy / "ipemed-2019" / "carte-ma.csv", copy / "ipemed-2019" / "carte-ly.csv")
    with pytest.raises(
        ValueError, match=r"carte-ly\.csv: extracted table not declared in .*tables\.yaml"
    ):
        build_mentions(copy, raw_dir / "sources.yaml")


def test_declared_table_not_extracted_fails(copy, raw_dir):
    (copy / "ecomnews-2020" / "clusters.csv").unlink()
    with pytest.raises(ValueError, match=r"ecomnews-2020/clusters: declared in .* not extracted"):
        build_mentions(copy, raw_dir / "sources.yaml")


def test_empty_name_fails_with_file_and_line(copy, raw_dir):
    path = copy / "ipemed-2019" / "carte-ma.csv"
    df = read_csv(path)
    df.loc[11, "cluster"] = ""
    write_csv(df, path)
    with pytest.raises(SourceLayoutError, match=r"ipemed-2019\.txt:522: expected a cluster name"):
        build_mentions(copy, raw_dir / "sources.yaml")


def test_name_without_year_fails(copy, raw_dir):
    path = copy / "moroccan-clusters-2020" / "table-2.csv"
    df = read_csv(path)
    df.loc[11, "cluster_year"] = "Solar cluster"
    write_csv(df, path)
    with pytest.raises(SourceLayoutError, match=r"moroccan-clusters-2020\.txt:1054: expected /"):
        build_mentions(copy, raw_dir / "sources.yaml")
