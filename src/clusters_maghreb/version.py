"""Which version of the pipeline a build runs: the commit the build annex names."""

from __future__ import annotations

import subprocess
from pathlib import Path

# What a build reads. A commit that changes none of these (the README, the docs, the tests,
# the benchmark) changes no output: the annex keeps naming the last commit that changed one,
# and the report is not rebuilt for it.
PIPELINE_PATHS = (
    "Snakefile",
    "workflow",
    "src",
    "notebooks",
    "report",
    "data",
    "config",
    "pyproject.toml",
    "requirements.lock",
)
LOCAL_CHANGES = " with local changes"  # after the commit, when those files differ from it


def pipeline_commit(folder: str | Path = ".") -> str:
    """The last commit that changed what the build in ``folder`` reads, noting local changes
    to those tracked files."""

    def git(*args: str) -> str | None:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("log", "-1", "--format=%H", "--", *PIPELINE_PATHS)
    if not commit:
        return "unknown (not a git checkout)"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", *PIPELINE_PATHS)
    return f"{commit}{LOCAL_CHANGES}" if changed else commit
