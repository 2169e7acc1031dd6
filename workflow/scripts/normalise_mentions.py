from clusters_maghreb.normalise.dataset import write_mentions
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_mentions(
        "data/interim/extracted",
        snakemake.input.sources,
        "data/reference",
        snakemake.output[0],
    ),
)
