from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from clusters_maghreb.normalise.dataset import write_mentions
from clusters_maghreb.rules import folder, run

inputs = snakemake.input
run(
    snakemake,
    lambda: write_mentions(
        folder(inputs.tables, depth=2),
        inputs.sources,
        folder([inputs.table_registry, inputs.registry, inputs.aliases]),
        snakemake.output[0],
    ),
)
