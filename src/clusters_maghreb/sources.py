"""The raw sources' metadata, and the check that every file is the one the metadata names."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml


class SourceHashError(Exception):
    """A raw source is missing or differs from the sha256 recorded in sources.yaml."""


def load_sources(metadata: str | Path) -> list[dict]:
    with open(metadata, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["sources"]


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def verify(metadata: str | Path) -> list[dict]:
    """Check every source listed in ``metadata`` against its sha256; return the listing.

    All problems are collected before raising, so one run names every bad file.
    """
    metadata = Path(metadata)
    problems = []
    for src in load_sources(metadata):
        path = metadata.parent / src["file"]
        if not path.exists():
            problems.append(f"{path}: missing (listed in {metadata} as {src['id']})")
        elif (digest := sha256(path)) != src["sha256"]:
            problems.append(
                f"{path}: sha256 is {digest}, expected {src['sha256']} ({metadata}); "
                f"restore the file byte-for-byte from ../shared/sources/{src['file']}"
            )
    if problems:
        raise SourceHashError("raw sources failed the hash check:\n" + "\n".join(problems))
    return load_sources(metadata)
