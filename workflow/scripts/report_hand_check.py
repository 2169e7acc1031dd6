from pathlib import Path

from clusters_maghreb.report.hand_check import run_check
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: run_check(
        snakemake.input.checked,
        Path(snakemake.input.processed).parent,
        snakemake.output.facts,
        dict(zip(snakemake.params.languages, snakemake.output.annexes, strict=True)),
    ),
)
