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
