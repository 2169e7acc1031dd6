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
    else:  # cited by its title: the short one, as the figures and tables name it too
        item["title-short"] = title_short(src)
    return item


def title_short(src: dict) -> str:
    """A title as an in-text citation gives it: up to its colon, or its first three words."""
    head = src["title"].split(":")[0].strip()
    words = head.split()
    return head if len(words) <= 5 else " ".join(words[:3])


def write_bibliography(metadata: str | Path, out: str | Path) -> None:
    items = [csl_item(s) for s in load_sources(metadata)]
    write_atomic(out, json.dumps(items, ensure_ascii=False, indent=2) + "\n")


def short_name(src: dict) -> str:
    """How a reader finds a source in the bibliography: 'Pommier (2019)', 'Errajaoui &
    Nokairi (2023)'; a source without authors by its short title, as the prose cites it."""
    year = str(src["date_published"]).split("-")[0]
    families = [a.rpartition(" ")[2] for a in src.get("authors") or []]
    if len(families) > 2:
        who = f"{families[0]} et al."
    elif families:
        who = " & ".join(families)
    else:  # the short title, as the report's in-text citations give it
        who = title_short(src)
    return f"{who} ({year})"


def short_names(metadata: str | Path) -> dict[str, str]:
    """source id -> short name (``short_name``) of every source of ``sources.yaml``, or as
    ``write_short_names`` wrote them (a ``.json`` file)."""
    if Path(metadata).suffix == ".json":
        return json.loads(Path(metadata).read_text(encoding="utf-8"))
    return {s["id"]: short_name(s) for s in load_sources(metadata)}


def write_short_names(metadata: str | Path, out: str | Path) -> None:
    """The short names as JSON: the same bytes as long as no source's authors, date or title
    change (the notebooks read this, not sources.yaml and its hashes)."""
    names = short_names(metadata)
    write_atomic(out, json.dumps(names, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
