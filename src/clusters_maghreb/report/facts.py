"""Numbers about the build itself that the report's prose cites (methods annex, foreword)."""

from __future__ import annotations

from pathlib import Path

from clusters_maghreb.io import read_csv, write_json

# The facts build_facts writes (report/declared_facts.py: names, or patterns).
FACTS = (
    "n_sources",
    "n_tables",
    "n_records",
    "n_mentions",
    "n_clusters",
    "n_observations",
    "n_discrepancies",
    "n_aliases",
    "n_sector_rows",
    "n_places",
    "n_2014_rows",
    "n_2014_stated",
    "n_2014_inferred",
    "n_2014_clusters",
    "n_cards",
    "n_people",
    "n_survey_2023",
    "n_clusters_{cc}",
)


def _rows(manifest, source_id: str, table_id: str) -> int:
    hit = manifest[(manifest["source_id"] == source_id) & (manifest["table_id"] == table_id)]
    return int(hit["rows"].astype(int).sum())


def build_facts(manifest_csv, mentions_csv, processed_dir, reference_dir) -> dict:
    manifest = read_csv(manifest_csv)
    processed, ref = Path(processed_dir), Path(reference_dir)
    tables = manifest[manifest["table_id"] != ""]
    clusters = read_csv(processed / "clusters.csv")
    snapshot_2014 = read_csv(ref / "snapshot_2014.csv")
    facts = {
        "n_sources": int(manifest["source_id"].nunique()),
        "n_tables": int(len(tables)),
        "n_records": int(tables["rows"].astype(int).sum()),
        "n_mentions": int(len(read_csv(mentions_csv))),
        "n_clusters": int(len(clusters)),
        "n_observations": int(len(read_csv(processed / "observations.csv"))),
        "n_discrepancies": int(len(read_csv(processed / "discrepancies.csv"))),
        "n_aliases": int(len(read_csv(ref / "cluster_aliases.csv"))),
        "n_sector_rows": int(len(read_csv(ref / "sector_crosswalk.csv"))),
        "n_places": int(len(read_csv(ref / "places.csv"))),
        "n_2014_rows": int(len(snapshot_2014)),
        "n_2014_stated": int((snapshot_2014["confidence"] == "stated").sum()),
        "n_2014_inferred": int((snapshot_2014["confidence"] == "inferred").sum()),
        "n_2014_clusters": int(snapshot_2014["cluster_id"].nunique()),
        "n_cards": _rows(tables, "ipemed-2019", "cards"),
        "n_people": _rows(tables, "ipemed-2019", "annex-1-people"),
        "n_survey_2023": _rows(tables, "errajaoui-nokairi-2023", "table-2"),
    }
    for country, n in clusters.groupby("country").size().items():
        facts[f"n_clusters_{country.lower()}"] = int(n)
    return facts


def write_build_facts(manifest_csv, mentions_csv, processed_dir, reference_dir, out) -> None:
    write_json(build_facts(manifest_csv, mentions_csv, processed_dir, reference_dir), out)
