"""The house rules: ruff, snakefmt and `snakemake --lint` are clean."""

import subprocess
import sys
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow  # `make check` runs `make lint` itself


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["snakefmt", "--check", "Snakefile", "workflow/rules"],
        ["snakemake", "--lint"],
    ],
    ids=["ruff", "ruff-format", "snakefmt", "snakemake-lint"],
)
def test_clean(command):
    done = subprocess.run(
        [str(BIN / command[0]), *command[1:]], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
