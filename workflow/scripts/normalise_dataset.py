from clusters_maghreb.normalise.dataset import write_dataset
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_dataset(
        "data/interim/extracted",
        snakemake.input.observations,
        snakemake.input.mentions,
        "data/reference",
        dict(snakemake.output.items()),
    ),
)
