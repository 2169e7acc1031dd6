"""Incremental builds: an edit reruns what depends on it, and nothing else."""

import re

import pytest
import yaml

from clusters_maghreb.sources import sha256
from tests.test_workflow import snakemake, why_failed

JOB = re.compile(r"^\s*(?:local)?(?:rule|checkpoint) (\w+):$", re.MULTILINE)


@pytest.fixture
def project(copy_built, tmp_path):
    """Each test edits its own copy of the session's build (tests/conftest.py)."""
    return copy_built(tmp_path / "project")


def jobs(project, *args: str) -> list[str]:
    """The rules a real build runs (each once per job), sorted."""
    done = snakemake(project, *args)
    assert done.returncode == 0, why_failed(project, done)
    return sorted(JOB.findall(done.stderr + done.stdout))


def jobs_but_report(project) -> list[str]:
    """The rules a real build runs up to the report, and 'report' if a dry run then finds the
    report due: the render itself (pandoc and Typst, the same work whatever changed) is left
    out of these tests, which ask what an edit reruns, not how the report renders."""
    ran = jobs(project, "--omit-from", "report")
    due = jobs(project, "--dry-run")
    assert set(due) <= {"report", "all"}, due  # nothing but the report is left to do
    return sorted(ran + [r for r in due if r == "report"])


def test_nothing_changed_runs_nothing(project):
    # a second build, in a copy (the shared build is read-only): which also shows the copies
    # the edit tests make start up to date
    done = snakemake(project, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, why_failed(project, done)
    assert JOB.findall(done.stderr + done.stdout) == []
    # and imports no pandas (src/clusters_maghreb/param_hashing.py): Python lists each module
    # it imports (PYTHONPROFILEIMPORTTIME)
    imported = re.findall(r"^import time:.*\|\s*(\S+)$", done.stderr, re.MULTILINE)
    assert "snakemake" in imported
    assert "pandas" not in imported


def test_editing_one_source_reruns_only_its_own_chain(project):
    raw = project / "data/raw/ecomnews-2020.txt"
    raw.write_bytes(raw.read_bytes() + b"\n")
    metadata = project / "data/raw/sources.yaml"
    text = metadata.read_text(encoding="utf-8")
    old = next(s["sha256"] for s in yaml.safe_load(text)["sources"] if s["id"] == "ecomnews-2020")
    metadata.write_text(text.replace(old, sha256(raw)), encoding="utf-8")
    ran = jobs_but_report(project)
    assert ran.count("check_source") == 1
    assert "extract_ecomnews_2020" in ran
    assert not {r for r in ran if r.startswith("extract_") and r != "extract_ecomnews_2020"}
    # A blank line changes no table: the dataset comes out byte-identical and the checkpoint
    # before the notebooks spares them, except the claims check, which reads the source text.
    assert "publish" in ran
    assert {r for r in ran if r.startswith("notebook_")} == {"notebook_claims"}
    assert "report" in ran  # the methods annex shows the new hash
    # what the cutoff spared is up to date: nothing but the report is due (jobs_but_report)


def test_editing_a_notebook_reruns_it_and_the_report(project):
    nb = project / "notebooks/carte_country.ipynb"
    nb.write_text(
        nb.read_text(encoding="utf-8").replace(
            "## Facts for the report's prose", "## Facts for the report's prose (edited)"
        ),
        encoding="utf-8",
    )
    ran = jobs_but_report(project)
    assert ran.count("notebook_carte_country") == 1  # one job runs its three countries
    assert "report" in ran
    assert not [r for r in ran if r.startswith(("extract_", "check_source", "normalise"))]


def test_editing_a_reference_row_reruns_the_dataset_not_the_extraction(project):
    places = project / "data/reference/places.csv"
    text = places.read_text(encoding="utf-8")
    places.write_text(
        text.replace("Names one city.", "Names one city (checked).", 1), encoding="utf-8"
    )
    ran = jobs_but_report(project)
    assert "observations" in ran and "dataset" in ran
    assert not [r for r in ran if r.startswith(("extract_", "check_source", "carte_"))]
    # the rationale is in the methods annex, not in the dataset the notebooks read; only the
    # geography notebook reads places.csv itself (the places' English and French names)
    assert [r for r in ran if r.startswith("notebook_")] == ["notebook_geography"]
    assert "report_annexes" in ran and "report" in ran


def test_editing_a_cluster_name_reruns_the_notebooks_that_read_names_only(project):
    registry = project / "data/reference/cluster_registry.csv"
    text = registry.read_text(encoding="utf-8")
    assert ",Maroc Numeric Cluster," in text
    registry.write_text(
        text.replace(",Maroc Numeric Cluster,", ",Maroc Numeric Cluster (MNC),", 1),
        encoding="utf-8",
    )
    ran = set(jobs_but_report(project))
    # clusters.csv changes; snapshots.csv and the Carte do not
    assert {"notebook_cooperation", "notebook_flows", "notebook_members", "report"} <= ran
    spared = {"notebook_census", "notebook_sectors", "notebook_geography"}
    assert not ran & (spared | {"notebook_carte_country"})
    # the report's tables (what the render puts in the report) show the new name
    tables = (project / "results/tables").glob("*.md")
    assert any("Maroc Numeric Cluster (MNC)" in t.read_text(encoding="utf-8") for t in tables)
