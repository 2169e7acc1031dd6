from clusters_maghreb.normalise.dataset import write_datapackage
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_datapackage("data/processed", snakemake.input.schema, snakemake.output[0]),
)
