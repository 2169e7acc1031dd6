"""A sixth source flows through extraction, normalisation and into the dataset with no code
change but its extractor: the path docs/contributing.md ("Add a source") describes, tried on a
copy of the project with the synthetic source of tests/fixtures/sixth_source/."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import read_csv
from clusters_maghreb.sources import sha256

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "sixth_source"
# What the in-process pipeline (tests/conftest.py, build_pipeline) reads.
NEEDED = ["src", "data/raw", "data/reference", "workflow/schemas", "tests/__init__.py"]
EXTRACTOR = Path("src/clusters_maghreb/extract/survey_2024.py")
BUILD = (
    "import sys; from pathlib import Path; from tests.conftest import build_pipeline; "
    "build_pipeline(Path(sys.argv[1]))"
)


def append(path: Path, text: str) -> None:
    body = path.read_text(encoding="utf-8")
    path.write_text(body.rstrip("\n") + "\n" + text, encoding="utf-8")


def add_sixth_source(project: Path) -> None:
    """Every step of 'Add a source', and nothing else."""
    raw, ref = project / "data" / "raw", project / "data" / "reference"
    shutil.copy(FIXTURE / "survey-2024.txt", raw / "survey-2024.txt")
    metadata = (FIXTURE / "sources.yaml").read_text(encoding="utf-8")
    append(raw / "sources.yaml", metadata.replace("SHA256", sha256(raw / "survey-2024.txt")))
    shutil.copy(FIXTURE / "survey_2024.py", project / EXTRACTOR)
    append(ref / "tables.yaml", (FIXTURE / "tables.yaml").read_text(encoding="utf-8"))
    for name in ("cluster_aliases.csv", "sector_crosswalk.csv", "places.csv"):
        append(ref / name, (FIXTURE / name).read_text(encoding="utf-8"))


def copy_for_pipeline(dst: Path) -> Path:
    for name in NEEDED:
        src = PROJECT_ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    shutil.copy2(PROJECT_ROOT / "tests" / "conftest.py", dst / "tests" / "conftest.py")
    return dst


def changed_code(project: Path) -> set[Path]:
    """Package files of ``project`` that are new or differ from this checkout's."""
    out = set()
    for path in (project / "src").rglob("*.py"):
        rel = path.relative_to(project)
        if not (PROJECT_ROOT / rel).exists() or not filecmp.cmp(path, PROJECT_ROOT / rel, False):
            out.add(rel)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_for_pipeline(tmp_path_factory.mktemp("sixth") / "project")
    add_sixth_source(project)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(project / "src"), str(project)])}
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(project / "out")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return project


def test_only_the_extractor_is_new_code(built):
    assert changed_code(built) == {EXTRACTOR}


def test_the_table_is_extracted_with_its_lines(built):
    table = read_csv(built / "out" / "extracted" / "survey-2024" / "table-1.csv")
    assert table[["line_start", "cluster", "city"]].values.tolist() == [
        ["10", "CE3M Mohammedia", "Mohammedia"],
        ["11", "Maroc Numeric Cluster (MNC)", "Casablanca"],
    ]
    manifest = read_csv(built / "out" / "extracted" / "survey-2024" / "manifest-part.csv")
    assert manifest[["table_id", "rows", "announced"]].values.tolist() == [["table-1", "2", "2"]]


def test_its_values_reach_the_observations_and_snapshots(built):
    obs = read_csv(built / "out" / "processed" / "observations.csv")
    ours = obs[obs["source_id"] == "survey-2024"]
    got = {(r.cluster_id, r.line_start, r.field, r.value) for r in ours.itertuples()}
    assert {
        ("ma-ce3m", "10", "sector_code", "2"),
        ("ma-ce3m", "10", "city", "Mohammedia"),
        ("ma-ce3m", "10", "founded_year", "2010"),
        ("ma-mnc", "11", "sector_code", "3"),
        ("ma-mnc", "11", "city", "Casablanca"),
    } <= got
    assert set(ours["reference_year"]) == {"2024"}
    snaps = read_csv(built / "out" / "processed" / "snapshots.csv")
    snaps = snaps.set_index(["cluster_id", "reference_year"])
    assert snaps.loc[("ma-ce3m", "2024"), "city"] == "Mohammedia"
    assert snaps.loc[("ma-mnc", "2024"), "sector_code"] == "3"


def test_the_datapackage_knows_the_source_and_its_year(built):
    package = json.loads((built / "out" / "processed" / "datapackage.json").read_text())
    (obs,) = [r for r in package["resources"] if r["name"] == "observations"]
    fields = {f["name"]: f for f in obs["schema"]["fields"]}
    assert "survey-2024" in fields["source_id"]["constraints"]["enum"]
    assert 2024 in fields["reference_year"]["constraints"]["enum"]
