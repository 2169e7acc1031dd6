from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from pathlib import Path

from clusters_maghreb.compare.claims import check_all
from clusters_maghreb.io import write_csv
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_csv(
        check_all(
            snakemake.input.claims,
            Path(snakemake.input.sources).parent,
            snakemake.input.extracted,
            snakemake.input.processed,
        ),
        snakemake.output[0],
    ),
)
