from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from pathlib import Path

from clusters_maghreb.report.passages import write_passages
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_passages(
        snakemake.input.passages, Path(snakemake.input.raw[0]).parent, snakemake.output[0]
    ),
)
