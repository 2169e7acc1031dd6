from clusters_maghreb.normalise.dataset import write_observations
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_observations(
        "data/interim/extracted",
        snakemake.input.mentions,
        "data/reference",
        snakemake.input.sources,
        snakemake.output[0],
    ),
)
