from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from pathlib import Path

from clusters_maghreb.report.hand_check import run_check
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: run_check(
        snakemake.input.checked,
        Path(snakemake.input.processed).parent,
        snakemake.output.facts,
        # results/report/<lang>/annex-hand-check.md
        {Path(out).parent.name: out for out in snakemake.output.annexes},
        snakemake.input.sources,
    ),
)
