from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from pathlib import Path

from clusters_maghreb.normalise.dataset import write_datapackage
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_datapackage(
        Path(snakemake.output[0]).parent,
        snakemake.input.schema,
        snakemake.output[0],
        snakemake.input.sources,
    ),
)
