from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from pathlib import Path

from clusters_maghreb.report.facts import write_build_facts
from clusters_maghreb.rules import folder, run

run(
    snakemake,
    lambda: write_build_facts(
        snakemake.input.manifest,
        snakemake.input.mentions,
        Path(snakemake.input.processed).parent,
        folder(snakemake.input.reference),
        snakemake.output[0],
    ),
)
