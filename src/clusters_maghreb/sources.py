"""The raw sources' metadata, and the check that every file is the one the metadata names."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml


class SourceHashError(Exception):
    """A raw source is missing or differs from the sha256 recorded in sources.yaml."""


def load_sources(metadata: str | Path) -> list[dict]:
    with open(metadata, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)["sources"]  # libyaml, the faster parser


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def check(path: str | Path, expected: str, metadata: str | Path) -> str | None:
    """None if ``path`` has the sha256 ``expected``, else what is wrong with it."""
    path = Path(path)
    if not path.exists():
        return f"{path}: missing (listed in {metadata})"
    if (digest := sha256(path)) != expected:
        return (
            f"{path}: sha256 is {digest}, expected {expected} ({metadata}); restore the file "
            f"byte-for-byte from ../shared/sources/{path.name}, or, if the change is meant, "
            f"record its new sha256 in {metadata}"
        )
    return None


def verify_one(path: str | Path, expected: str, metadata: str | Path) -> str:
    if problem := check(path, expected, metadata):
        raise SourceHashError(f"raw source failed the hash check:\n{problem}")
    return expected


def verify(metadata: str | Path) -> list[dict]:
    """Check every source listed in ``metadata`` against its sha256; return the listing.

    All problems are collected before raising, so one run names every bad file.
    """
    metadata = Path(metadata)
    sources = load_sources(metadata)
    problems = [check(metadata.parent / s["file"], s["sha256"], metadata) for s in sources]
    problems = [p for p in problems if p]
    if problems:
        raise SourceHashError("raw sources failed the hash check:\n" + "\n".join(problems))
    return sources
