"""The steps of the normalise and resolve stages, as the rule scripts call them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb.io import read_csv, write_csv
from clusters_maghreb.normalise import prose_values, resolve, sectors, snapshot_2014, validate
from clusters_maghreb.normalise.clusters import build_clusters
from clusters_maghreb.normalise.mentions import build_mentions
from clusters_maghreb.normalise.observations import (
    build_observations,
    event_observations,
    with_ids,
)
from clusters_maghreb.normalise.partnerships import build_partnerships
from clusters_maghreb.normalise.snapshots import build_snapshots, load_precedence
from clusters_maghreb.normalise.survey_2023 import build_ecosystems, build_levers
from clusters_maghreb.sources import load_sources


def write_mentions(extracted_dir, sources_yaml, reference_dir, out) -> None:
    """Every mention of a cluster, resolved to its cluster_id (or a loud failure)."""
    ref = Path(reference_dir)
    mentions = build_mentions(extracted_dir, sources_yaml, ref / "tables.yaml")
    resolved = resolve.resolve(mentions, ref / "cluster_registry.csv", ref / "cluster_aliases.csv")
    write_csv(resolved, out)


def write_observations(extracted_dir, mentions_csv, reference_dir, sources_yaml, out) -> None:
    mentions = read_csv(mentions_csv)
    ref, raw_dir = Path(reference_dir), Path(sources_yaml).parent
    table_2014 = snapshot_2014.load(
        ref / "snapshot_2014.csv", ref / "cluster_registry.csv", raw_dir
    )
    years = {s["id"]: int(s["reference_year"]) for s in load_sources(sources_yaml)}
    registry = set(read_csv(ref / "cluster_registry.csv")["cluster_id"])
    parts = [
        build_observations(extracted_dir, mentions, reference_dir, sources_yaml),
        event_observations(read_csv(ref / "cluster_events.csv"), sources_yaml),
        snapshot_2014.observations_2014(table_2014),
        # counts and founding years stated in prose (the raw files sit beside sources.yaml)
        prose_values.observations(
            extracted_dir, raw_dir, ref / "prose_values.csv", years, registry
        ),
    ]
    combined = pd.concat([p.drop(columns="observation_id", errors="ignore") for p in parts])
    write_csv(with_ids(combined.astype(str)), out)


def write_dataset(
    extracted_dir, observations_csv, mentions_csv, reference_dir, outputs, raw_dir=None
) -> None:
    """clusters, snapshots, discrepancies, partnerships, levers, ecosystems; ``raw_dir`` holds
    the sources the 2014 snapshot's quotes are found in (the project's data/raw by default)."""
    ref = Path(reference_dir)
    obs = read_csv(observations_csv)
    mentions = read_csv(mentions_csv)
    registry = read_csv(ref / "cluster_registry.csv")
    labels = sectors.sector_labels(Path(extracted_dir) / "ipemed-2019" / "carte-legend.csv")
    table_2014 = snapshot_2014.load(
        ref / "snapshot_2014.csv", ref / "cluster_registry.csv", raw_dir or snapshot_2014.RAW
    )
    confidence = snapshot_2014.confidence_by_cluster(table_2014)
    snaps, discrepancies = build_snapshots(
        obs, load_precedence(ref / "field_precedence.csv"), registry, labels, confidence
    )
    snapshot_2014.check_founding(table_2014, snaps, ref / "snapshot_2014.csv")
    clusters = build_clusters(
        registry,
        read_csv(ref / "cluster_aliases.csv"),
        read_csv(ref / "cluster_events.csv"),
        snaps,
        obs,
    )
    write_csv(clusters, outputs["clusters"])
    carried = snapshot_2014.load_carried(ref / "snapshot_2014_carried.csv")
    write_csv(snapshot_2014.carry_back(snaps, carried), outputs["snapshots"])
    write_csv(discrepancies, outputs["discrepancies"])
    write_csv(build_partnerships(extracted_dir, mentions, ref), outputs["partnerships"])
    write_csv(build_levers(extracted_dir, mentions), outputs["levers"])
    write_csv(build_ecosystems(extracted_dir), outputs["ecosystems"])


def write_datapackage(processed_dir, schema_yaml, out, sources_yaml=None) -> None:
    """Validate every processed table, then (only then) write datapackage.json; the schema's
    source ids and reference years come from ``sources_yaml`` (the project's by default)."""
    schema = validate.load_schema(schema_yaml, sources_yaml)
    validate.validate_package(processed_dir, schema)
    validate.write_datapackage(schema, out)
