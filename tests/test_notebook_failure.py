"""A failed notebook's cause reaches the console: the notebook rule runs papermill, and on
failure ``clusters_maghreb.notebook_failure`` prints the exception the notebook raised."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.notebook_failure import cause

PAPERMILL = Path(sys.executable).with_name("papermill")


def test_the_notebooks_exception_is_printed_with_its_message(pipeline_dirs, tmp_path):
    """The claims notebook run as the rule runs it, with a claim whose quote is no longer in
    its source: stderr names the notebook, claims.yaml, the claim and the closest line."""
    claims = tmp_path / "claims.yaml"
    text = (PROJECT_ROOT / "data/reference/claims.yaml").read_text(encoding="utf-8")
    old = "the number of labelled cluster companies is {companies} companies"
    assert text.count(old) == 1
    claims.write_text(text.replace(old, old.replace("companies is", "firms is")), "utf-8")
    log = tmp_path / "claims-all.log"
    rule = (
        f"{PAPERMILL} notebooks/claims.ipynb {tmp_path / 'out.ipynb'} -k clusters-maghreb "
        f"--cwd . --engine clusters-maghreb -p country ALL -p claims {claims} "
        f"-p extracted {pipeline_dirs['extracted']} -p processed {pipeline_dirs['processed']} "
        f"-p results_dir {tmp_path / 'results'} > {log} 2>&1 "
        f"|| {{ {sys.executable} -m clusters_maghreb.notebook_failure notebooks/claims.ipynb "
        f"{log}; exit 1; }}"
    )
    done = subprocess.run(
        ["bash", "-c", rule], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert f"ERROR in notebook notebooks/claims.ipynb (full traceback in {log}):" in done.stderr
    assert f"ClaimsError: {claims}: claim mc-total-companies-252: the quote" in done.stderr
    assert "the closest is line 1190" in done.stderr
    assert "\x1b[" not in done.stderr  # no terminal colour codes


def test_cause_is_the_last_exception_and_its_message():
    log = (
        'Executing: 100%\n---------\nException encountered at "In [3]":\n'
        "\x1b[0;31mValueError\x1b[0m  Traceback (most recent call last)\n"
        "Cell In[3], line 14\n---> 14 check.load(...)\n"
        "\x1b[0;31mClaimsError\x1b[0m: claims.yaml: claim x: the quote 'a' is not in b.txt;\n"
        "the closest is line 3\n"
    )
    assert cause(log) == (
        "ClaimsError: claims.yaml: claim x: the quote 'a' is not in b.txt;\nthe closest is line 3"
    )
    assert cause("") == "(the log is empty)"
