"""The Snakemake profile declares resources for rules that exist, and Snakemake accepts it."""

import subprocess
import sys
from pathlib import Path

import yaml

from clusters_maghreb import PROJECT_ROOT

PROFILE = PROJECT_ROOT / "workflow" / "profiles" / "default"


def test_the_profile_names_only_rules_of_the_workflow():
    config = yaml.safe_load((PROFILE / "config.yaml").read_text(encoding="utf-8"))
    snakemake = Path(sys.executable).with_name("snakemake")
    done = subprocess.run(
        [str(snakemake), "--list-rules"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    rules = set(done.stdout.split())
    assert set(config["set-resources"]) <= rules, set(config["set-resources"]) - rules
    assert all("mem_mb" in r for r in config["set-resources"].values())
