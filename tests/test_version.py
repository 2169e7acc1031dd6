"""The commit a build names (clusters_maghreb.version): the last one that changed what the
build reads, so that a commit of the README or the tests rebuilds nothing."""

import subprocess
from pathlib import Path

from clusters_maghreb.version import pipeline_commit


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_a_commit_outside_the_pipeline_does_not_change_the_commit_named(tmp_path):
    (tmp_path / "Snakefile").write_text("rule all:\n    input: []\n")
    (tmp_path / "README.md").write_text("# A project\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    first = git(tmp_path, "rev-parse", "HEAD")
    assert pipeline_commit(tmp_path) == first

    (tmp_path / "README.md").write_text("# A project, better said\n")
    assert pipeline_commit(tmp_path) == first  # a local change outside it
    git(tmp_path, "commit", "-qam", "the README")
    assert pipeline_commit(tmp_path) == first

    (tmp_path / "Snakefile").write_text("rule all:\n    input: ['out.txt']\n")
    assert pipeline_commit(tmp_path) == f"{first} with local changes"
    git(tmp_path, "commit", "-qam", "the workflow")
    assert pipeline_commit(tmp_path) == git(tmp_path, "rev-parse", "HEAD") != first


def test_outside_a_git_checkout_the_commit_is_unknown(tmp_path):
    assert pipeline_commit(tmp_path) == "unknown (not a git checkout)"


def test_the_french_build_annex_says_local_changes_in_french():
    from clusters_maghreb.report.annex import build_info_markdown
    from tests.conftest import RAW

    commit = "0123abc with local changes"
    french = build_info_markdown(RAW / "sources.yaml", [], commit, "fr")
    assert "0123abc avec des modifications locales" in french
    assert commit in build_info_markdown(RAW / "sources.yaml", [], commit, "en")
