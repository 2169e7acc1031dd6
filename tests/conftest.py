"""Shared fixtures: the real source files, and hand-made broken variants of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clusters_maghreb.extract.raw_source import RawSource

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PROCESSED_TABLES = [
    "clusters",
    "snapshots",
    "discrepancies",
    "partnerships",
    "levers",
    "ecosystems",
]


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def read_source() -> Callable[[str], RawSource]:
    """``read_source("ipemed-2019")`` reads the real ``data/raw/ipemed-2019.txt``."""
    return lambda source_id: RawSource.read(RAW / f"{source_id}.txt")


@pytest.fixture
def variant(tmp_path) -> Callable[..., RawSource]:
    """A broken copy of a real source, for failure tests.

    ``variant("ipemed-2019", lambda lines: ...)`` passes the real file's lines (a list of str,
    without newlines) to the function, which edits and returns them; the copy keeps the
    source's file name (in a temporary folder) and is read back as a ``RawSource``.
    """

    def make(source_id: str, edit: Callable[[list[str]], list[str]]) -> RawSource:
        lines = (RAW / f"{source_id}.txt").read_text(encoding="utf-8").split("\n")
        path = tmp_path / f"{source_id}.txt"
        path.write_text("\n".join(edit(lines)), encoding="utf-8")
        return RawSource.read(path)

    return make


@pytest.fixture(scope="session")
def pipeline_dirs(tmp_path_factory) -> dict[str, Path]:
    """Every stage up to data/processed, built once per test session from data/raw into a
    temporary folder: ``{"extracted": ..., "mentions": ..., "processed": ...}``."""
    from clusters_maghreb.extract.registry import MODULES
    from clusters_maghreb.extract.run import write_source
    from clusters_maghreb.normalise import dataset

    root = tmp_path_factory.mktemp("pipeline")
    reference = ROOT / "data" / "reference"
    extracted, processed = root / "extracted", root / "processed"
    for source_id in MODULES:
        out = extracted / source_id
        write_source(RAW / f"{source_id}.txt", source_id, out, out / "manifest-part.csv")
    mentions = root / "mentions.csv"
    dataset.write_mentions(extracted, RAW / "sources.yaml", reference, mentions)
    dataset.write_observations(
        extracted, mentions, reference, RAW / "sources.yaml", processed / "observations.csv"
    )
    dataset.write_dataset(
        extracted,
        processed / "observations.csv",
        mentions,
        reference,
        {name: processed / f"{name}.csv" for name in PROCESSED_TABLES},
    )
    schema = ROOT / "workflow" / "schemas" / "datapackage.yaml"
    dataset.write_datapackage(processed, schema, processed / "datapackage.json")
    return {"extracted": extracted, "mentions": mentions, "processed": processed}


@pytest.fixture(scope="session")
def processed(pipeline_dirs) -> Path:
    """data/processed as the build writes it (see ``pipeline_dirs``)."""
    return pipeline_dirs["processed"]


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project built once per session by `snakemake`, as `make report` does."""
    from tests.test_workflow import copy_project, snakemake, why_failed

    project = copy_project(tmp_path_factory.mktemp("project"))
    done = snakemake(project)
    assert done.returncode == 0, why_failed(project, done)
    return project
