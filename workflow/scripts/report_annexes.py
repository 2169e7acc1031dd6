from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from pathlib import Path

from clusters_maghreb.report.annex import write_annexes
from clusters_maghreb.rules import folder, run

run(
    snakemake,
    lambda: write_annexes(
        Path(snakemake.input.processed).parent,
        folder(snakemake.input.extracted, depth=2),
        folder(snakemake.input.reference),
        snakemake.input.sources,
        Path(snakemake.output[0]).parent,
        snakemake.wildcards.lang,
        snakemake.params.commit,
    ),
)
