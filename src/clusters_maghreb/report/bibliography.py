"""The raw sources as a CSL-JSON bibliography, cited in the report as ``@<source_id>``."""

from __future__ import annotations

import json
from pathlib import Path

from clusters_maghreb.io import write_atomic
from clusters_maghreb.sources import load_sources


def _author(name: str) -> dict:
    given, _, family = name.rpartition(" ")
    return {"family": family, "given": given}


def csl_item(src: dict) -> dict:
    year, *rest = str(src["date_published"]).split("-")
    item = {
        "id": src["id"],
        "type": "report" if src["publisher"].startswith("IPEMED") else "article",
        "title": src["title"],
        "publisher": src["publisher"],
        "language": src["language"],
        "issued": {"date-parts": [[int(year), *map(int, rest)]]},
        "note": f"sha256 {src['sha256']}",
    }
    if src.get("authors"):
        item["author"] = [_author(a) for a in src["authors"]]
    return item


def write_bibliography(metadata: str | Path, out: str | Path) -> None:
    items = [csl_item(s) for s in load_sources(metadata)]
    write_atomic(out, json.dumps(items, ensure_ascii=False, indent=2) + "\n")
