from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from clusters_maghreb.normalise.dataset import write_observations
from clusters_maghreb.rules import folder, run

inputs = snakemake.input
run(
    snakemake,
    lambda: write_observations(
        folder(inputs.tables, depth=2),
        inputs.mentions,
        folder([inputs.table_registry, *inputs.reference]),
        inputs.sources,
        snakemake.output[0],
    ),
)
